/** (Son of / Open) Grid Engine: qsub / qstat (qacct once finished) / qdel. */
import type { ExecutorJob } from '../executor.js';
import type { CommandResult } from './run-command.js';
import { type BatchSystem, type NativeStatus, type Phase, classify, hoursMinutesSeconds, hostlessPath, requireSuccess } from './batch-system.js';

/** Every state combination `qstat` documents, fixed. */
export const SGE_STATES: Readonly<Record<string, Phase>> = {
  qw: 'pending', hqw: 'pending', hRwq: 'pending',
  // Error states never leave the queue by themselves; the job waits for an admin.
  Eqw: 'pending', Ehqw: 'pending', EhRqw: 'pending',
  r: 'running', t: 'running', Rr: 'running', Rt: 'running',
  s: 'running', ts: 'running', S: 'running', tS: 'running', T: 'running', tT: 'running',
  Rs: 'running', Rts: 'running', RS: 'running', RtS: 'running', RT: 'running', RtT: 'running',
  // Being deleted: processes may still be running until the execution daemon confirms.
  dr: 'running', dt: 'running', dRr: 'running', dRt: 'running', ds: 'running', dS: 'running', dT: 'running',
  dRs: 'running', dRS: 'running', dRT: 'running',
  // Not a qstat state: what qacct reports for a job that left the queue.
  finished: 'done',
};

/** Site-specific names SGE needs for cpus and memory requests. */
export interface SgeSite {
  /** Parallel environment for multi-slot jobs. */
  parallelEnvironment: string;
  /** Per-slot memory resource (h_vmem, mem_free, ...). */
  memoryResource: string;
}

export const DEFAULT_SGE_SITE: SgeSite = { parallelEnvironment: 'smp', memoryResource: 'h_vmem' };

export function submitArgv(job: ExecutorJob, scriptPath: string, site: SgeSite = DEFAULT_SGE_SITE): string[] {
  const r = job.resources;
  const slots = r.cpus ?? 1;
  return [
    'qsub',
    '-N', job.name,
    '-o', hostlessPath(job.logFile, 'SGE'),
    '-j', 'y', // stderr joined into stdout, in order
    '-r', 'n', // not rerunnable: a rerun would repeat this attempt behind the runner's back
    '-S', '/bin/bash',
    ...(r.partition ? ['-q', r.partition] : []),
    ...(r.account ? ['-A', r.account] : []),
    ...(slots > 1 ? ['-pe', site.parallelEnvironment, String(slots)] : []),
    // SGE memory requests count per slot.
    ...(r.memoryMB ? ['-l', `${site.memoryResource}=${Math.ceil(r.memoryMB / slots)}M`] : []),
    ...(r.timeLimitSeconds ? ['-l', `h_rt=${hoursMinutesSeconds(r.timeLimitSeconds)}`] : []),
    scriptPath,
  ];
}

/** `Your job 42 ("awe-7-1") has been submitted`. */
export function parseSubmitOutput(stdout: string): string {
  const m = /Your job (\d+) /.exec(stdout);
  if (!m?.[1]) throw new Error(`no job id in qsub output: ${JSON.stringify(stdout.trim())}`);
  return m[1];
}

/** qstat has no reliable per-job state query; the table of our own jobs has one row per job, so it answers for all of them at once. */
export function listArgv(): string[] {
  return ['qstat'];
}

/** Rows of the qstat table: `job-ID prior name user state submit/start-date time [queue] slots [task]`. */
export function parseList(result: CommandResult): Map<string, NativeStatus> {
  requireSuccess(result, 'qstat');
  const statuses = new Map<string, NativeStatus>();
  for (const line of result.stdout.split('\n')) {
    const [id = '', , , , state] = line.trim().split(/\s+/);
    if (!/^\d+$/.test(id) || !state) continue;
    statuses.set(id, classify(SGE_STATES, state, state.startsWith('E') ? 'error state (cleared with qmod -cj)' : undefined));
  }
  return statuses;
}

export function accountingArgv(id: string): string[] {
  return ['qacct', '-j', id];
}

/** qacct's record of a finished job; any failure (no accounting, not written yet) reads as "does not know it". */
export function parseAccounting(result: CommandResult): NativeStatus | null {
  if (result.code !== 0) return null;
  const fields = new Map<string, string>();
  for (const line of result.stdout.split('\n')) {
    const m = /^(\w+)\s+(.*?)\s*$/.exec(line);
    if (m?.[1] && m[2] !== undefined) fields.set(m[1], m[2]);
  }
  if (!fields.has('exit_status')) return null;
  const failed = fields.get('failed') ?? '0';
  return classify(SGE_STATES, 'finished', failed !== '0' ? `failed ${failed}` : undefined);
}

/** `qstat -j` takes job names as well as ids. */
export function findByNameArgv(name: string): string[] {
  return ['qstat', '-j', name];
}

export function parseFindByName(result: CommandResult): string[] {
  if (result.code !== 0 && /do not exist/i.test(result.stdout + result.stderr)) return [];
  requireSuccess(result, 'qstat -j');
  return [...result.stdout.matchAll(/^job_number:\s+(\d+)/gm)].map((m) => m[1] ?? '').filter((id) => id !== '');
}

export function sgeSystem(site: SgeSite = DEFAULT_SGE_SITE): BatchSystem {
  return {
    name: 'sge',
    requiredCommands: ['qsub', 'qstat', 'qdel'],
    submitArgv: (job, scriptPath) => submitArgv(job, scriptPath, site),
    parseSubmitOutput,
    statusQueries: (id) => [
      { argv: listArgv(), parse: (result) => parseList(result).get(id) ?? null },
      { argv: accountingArgv(id), parse: parseAccounting },
    ],
    listQuery: { argv: listArgv, parse: parseList },
    cancelArgv: (id) => ['qdel', id],
    findByNameArgv,
    parseFindByName,
  };
}
