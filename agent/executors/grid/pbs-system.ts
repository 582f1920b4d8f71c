/**
 * PBS Professional / OpenPBS: qsub / `qstat -x -f -F json` / qdel, qsig for a
 * graceful stop, qselect to find a job by name. (Torque's qstat has no JSON
 * output and its -x means XML: it is not supported.)
 */
import type { ExecutorJob } from '../executor.js';
import type { CommandResult } from './run-command.js';
import { type BatchSystem, type NativeStatus, type Phase, classify, hoursMinutesSeconds, hostlessPath, requireSuccess } from './batch-system.js';

/** Every `job_state` letter of PBS, fixed. */
export const PBS_STATES: Readonly<Record<string, Phase>> = {
  Q: 'pending', // queued
  H: 'pending', // held
  W: 'pending', // waiting for its start time
  T: 'pending', // in transit to another server
  M: 'pending', // moved to another server
  R: 'running',
  E: 'running', // exiting: still releasing its resources
  B: 'running', // array job begun
  S: 'running', // suspended
  U: 'running', // suspended while the workstation is busy
  X: 'done', // finished subjob
  F: 'done', // finished (history)
};

export function submitArgv(job: ExecutorJob, scriptPath: string): string[] {
  const r = job.resources;
  const select = [`select=1:ncpus=${r.cpus ?? 1}`, ...(r.memoryMB ? [`mem=${r.memoryMB}mb`] : [])].join(':');
  return [
    'qsub',
    '-N', job.name,
    '-o', hostlessPath(job.logFile, 'PBS'),
    '-j', 'oe', // stderr joined into stdout, in order
    // Keep the output where -o says and write it there directly instead of
    // spooling it on the execution host and copying it at the end: the runner tails it live.
    '-k', 'oed',
    '-r', 'n', // not rerunnable: a rerun would repeat this attempt behind the runner's back
    '-S', '/bin/bash',
    '-l', select,
    ...(r.partition ? ['-q', r.partition] : []),
    ...(r.account ? ['-A', r.account] : []),
    ...(r.timeLimitSeconds ? ['-l', `walltime=${hoursMinutesSeconds(r.timeLimitSeconds)}`] : []),
    scriptPath,
  ];
}

/** qsub prints the full job id, `1234.server`; later commands need all of it. */
export function parseSubmitOutput(stdout: string): string {
  for (const line of stdout.split('\n')) {
    const m = /^(\d+(?:\[\d*\])?\.\S+)$/.exec(line.trim());
    if (m?.[1]) return m[1];
  }
  throw new Error(`no job id in qsub output: ${JSON.stringify(stdout.trim())}`);
}

/** -x: include finished jobs while the server keeps their history. */
export function statusArgv(id: string): string[] {
  return ['qstat', '-x', '-f', '-F', 'json', id];
}

interface PbsJob {
  job_state?: string;
  comment?: string;
}

export function parseStatus(result: CommandResult): NativeStatus | null {
  // Without job history, a finished job is "Unknown" (or "has finished" without -x).
  if (result.code !== 0 && /Unknown Job Id|Job has finished/i.test(result.stderr)) return null;
  requireSuccess(result, 'qstat');
  const parsed = JSON.parse(result.stdout) as { Jobs?: Record<string, PbsJob> };
  const job = Object.values(parsed.Jobs ?? {})[0];
  if (!job?.job_state) return null;
  return classify(PBS_STATES, job.job_state, job.comment);
}

/** qselect prints the ids of the jobs matching; -x includes finished ones. */
export function findByNameArgv(name: string): string[] {
  return ['qselect', '-x', '-N', name];
}

export function parseFindByName(result: CommandResult): string[] {
  requireSuccess(result, 'qselect');
  return result.stdout.split('\n').map((l) => l.trim()).filter((l) => l !== '');
}

export const pbsSystem: BatchSystem = {
  name: 'pbs',
  requiredCommands: ['qsub', 'qstat', 'qdel', 'qsig', 'qselect'],
  submitArgv,
  parseSubmitOutput,
  statusQueries: (id) => [{ argv: statusArgv(id), parse: parseStatus }],
  cancelArgv: (id) => ['qdel', id],
  terminateArgv: (id) => ['qsig', '-s', 'TERM', id],
  findByNameArgv,
  parseFindByName,
};
