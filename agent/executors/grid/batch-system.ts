/**
 * What the grid executor needs to know about one batch system (Slurm, PBS,
 * SGE): how to build its command lines and how to read their answers. All
 * functions here are pure, so each system is tested on canned output and the
 * executor logic (grid-executor.ts) exists once for all three.
 */
import type { BatchInfo, ExecutorJob } from '../executor.js';
import type { CommandResult } from './run-command.js';

/** Where a batch job is, as far as the executor cares. */
export type Phase = 'pending' | 'running' | 'done';

/** A batch system's own view of a job: its native state, our phase for it, and why (when it says). */
export interface NativeStatus {
  state: string;
  phase: Phase;
  reason?: string;
}

/**
 * One way to ask about a job. `parse` returns null when this source does not
 * know the job (forgotten, or the source is not available on this host), and
 * throws when it cannot answer (controller down): the executor then tries again later.
 */
export interface StatusQuery {
  argv: string[];
  parse(result: CommandResult): NativeStatus | null;
}

/**
 * Asking about many jobs in one command, where the system can: an agent with
 * hundreds of batch jobs then costs the controller one query per poll round
 * instead of one per job. It stands for the first of statusQueries (the same
 * source, for one job): a job missing from its answer is asked about through
 * the other ones only (the system's accounting).
 */
export interface ListQuery {
  argv(ids: readonly string[]): string[];
  /** Status by id of the jobs the answer lists; throws when the command could not answer. */
  parse(result: CommandResult): Map<string, NativeStatus>;
}

export interface BatchSystem {
  readonly name: BatchInfo['system'];
  /** Commands validate() insists on; the first word of every argv below is one of these or an optional one. */
  readonly requiredCommands: readonly string[];
  submitArgv(job: ExecutorJob, scriptPath: string): string[];
  /** The batch id from the submit command's stdout; throws when there is none. */
  parseSubmitOutput(stdout: string): string;
  /** Sources asked in order; the first that knows the job answers. */
  statusQueries(id: string): StatusQuery[];
  listQuery?: ListQuery;
  /** Asks the job to stop now (the system escalates to SIGKILL on its own). */
  cancelArgv(id: string): string[];
  /** Sends SIGTERM to the job's processes only, leaving time to exit cleanly; absent when the system cannot. */
  terminateArgv?(id: string): string[];
  findByNameArgv(name: string): string[];
  /** Ids of the jobs with that name; throws when the command could not answer. */
  parseFindByName(result: CommandResult): string[];
}

/** Phase of a native state from a system's fixed map; a state missing from the map is never taken for done. */
export function classify(map: Readonly<Record<string, Phase>>, state: string, reason?: string): NativeStatus {
  const phase = map[state];
  if (phase) return { state, phase, ...(reason ? { reason } : {}) };
  return { state, phase: 'running', reason: reason ? `unknown state; ${reason}` : 'unknown state' };
}

/** A duration as `HH:MM:SS` (hours may exceed 24), which sbatch, qsub -l walltime and h_rt all read; at least one second. */
export function hoursMinutesSeconds(totalSeconds: number): string {
  const s = Math.max(1, Math.ceil(totalSeconds));
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(Math.floor(s / 3600))}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
}

/** Throws the command's failure unless it ran and exited 0. */
export function requireSuccess(result: CommandResult, what: string): void {
  if (result.code === 0) return;
  const detail = result.error ?? (result.stderr.trim() || `exit code ${result.code ?? result.signal}`);
  throw new Error(`${what} failed: ${detail}`);
}

/** PBS and SGE read `[host:]path` for their output options; a colon in our path would be taken for a host. */
export function hostlessPath(path: string, system: string): string {
  if (path.includes(':')) throw new Error(`${system} cannot take a path with ':' for job output: ${path}`);
  return path;
}
