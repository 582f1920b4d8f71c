/**
 * The contract every executor implements. The job runner owns the job's life
 * (lease, logs, finish); an executor only knows how to make one prepared command
 * run somewhere, report on it, and stop it.
 *
 * Output convention: an executor makes the recipe's stdout and stderr land, in
 * order, in `job.logFile`. The runner tails that file and streams it to the
 * service, so a local process and a batch job are followed the same way, and the
 * file doubles as the on-disk buffer while the service is unreachable.
 */

/** Batch directives, already merged from recipe defaults, admin routing and the job spec. */
export interface BatchResources {
  partition?: string;
  account?: string;
  cpus?: number;
  memoryMB?: number;
  timeLimitSeconds?: number;
}

export interface ExecutorJob {
  jobId: number;
  /** Lease epoch of this attempt: with jobId it names the attempt uniquely. */
  epoch: number;
  /** Deterministic name of this attempt (`awe-<jobId>-<epoch>`), used to find a batch job again. */
  name: string;
  argv: string[];
  /** The complete environment of the recipe (PYTHONPATH, HOME, AWE_OUTPUT_DIR, the job's env). */
  env: Record<string, string>;
  /** The recipe's working directory (the job's files: bundle, inputs, home, output). */
  cwd: string;
  /** Paths inside `cwd` the recipe may read but must not change (its bundle and inputs, linked from the node's cache). */
  readOnly: string[];
  /** Where the agent and the executor keep their own files of the attempt: beside `cwd`, never shown to a sandboxed recipe. */
  dir: string;
  logFile: string;
  timeoutSeconds: number | null;
  resources: BatchResources;
}

export interface BatchInfo {
  system: 'slurm' | 'pbs' | 'sge';
  id: string;
  state: string;
  reason?: string;
}

export type ExecStatus =
  | { state: 'pending' | 'running'; batch?: BatchInfo }
  | { state: 'exited'; exitCode: number | null; signal?: string | null; batch?: BatchInfo };

export interface Executor {
  readonly name: string;
  /** Fails with a clear message when the executor cannot work on this host (missing commands, bad dirs). */
  validate(): Promise<void>;
  /** Starts the job; resolves to an opaque handle that `poll`, `cancel` and `cleanup` take and that survives an agent restart. */
  start(job: ExecutorJob): Promise<string>;
  poll(handle: string, job: ExecutorJob): Promise<ExecStatus>;
  /** Asks the job to stop (graceful first, forced after `graceMs`); resolves once it is gone. */
  cancel(handle: string, job: ExecutorJob, graceMs: number): Promise<void>;
  /** Releases what `start` left behind (temporary scripts, process groups). Safe to call twice. */
  cleanup(handle: string, job: ExecutorJob): Promise<void>;
  /** After an agent restart: the handle of this attempt if it is still known to the executor, else null. */
  recover(job: ExecutorJob): Promise<string | null>;
}
