/** Slurm: sbatch / squeue (sacct when accounting is on) / scancel. */
import type { ExecutorJob } from '../executor.js';
import type { CommandResult } from './run-command.js';
import { type BatchSystem, type NativeStatus, type Phase, classify, hoursMinutesSeconds, requireSuccess } from './batch-system.js';

/** Every job state of Slurm (squeue %T, sacct State), fixed. */
export const SLURM_STATES: Readonly<Record<string, Phase>> = {
  PENDING: 'pending',
  CONFIGURING: 'pending', // nodes allocated but still booting: nothing runs yet
  REQUEUED: 'pending',
  REQUEUE_HOLD: 'pending',
  REQUEUE_FED: 'pending',
  RESV_DEL_HOLD: 'pending',
  RUNNING: 'running',
  COMPLETING: 'running', // processes may still be being killed; the job is not gone yet
  SUSPENDED: 'running',
  STOPPED: 'running',
  SIGNALING: 'running',
  STAGE_OUT: 'running',
  RESIZING: 'running',
  COMPLETED: 'done',
  FAILED: 'done',
  CANCELLED: 'done',
  TIMEOUT: 'done',
  NODE_FAIL: 'done',
  PREEMPTED: 'done',
  OUT_OF_MEMORY: 'done',
  BOOT_FAIL: 'done',
  DEADLINE: 'done',
  SPECIAL_EXIT: 'done',
  REVOKED: 'done',
};

/** Slurm expands %j, %u... in --output; %% is a literal percent sign. */
function literalOutputPath(path: string): string {
  return path.replace(/%/g, '%%');
}

export function submitArgv(job: ExecutorJob, scriptPath: string): string[] {
  const r = job.resources;
  return [
    'sbatch',
    '--parsable',
    `--job-name=${job.name}`,
    // No --error: stderr then goes to the same file as stdout, in order.
    `--output=${literalOutputPath(job.logFile)}`,
    '--open-mode=append',
    // A requeued job would run the same attempt a second time behind the runner's back.
    '--no-requeue',
    // The submitter's environment, which the executor has cleaned of the agent's own
    // variables (batchEnvironment); the script then sets the job's. NONE or NIL would
    // make slurmd build an environment itself, which doubles the time per job here.
    '--export=ALL',
    ...(r.partition ? [`--partition=${r.partition}`] : []),
    ...(r.account ? [`--account=${r.account}`] : []),
    ...(r.cpus ? ['--ntasks=1', `--cpus-per-task=${r.cpus}`] : []),
    ...(r.memoryMB ? [`--mem=${r.memoryMB}M`] : []),
    ...(r.timeLimitSeconds ? [`--time=${hoursMinutesSeconds(r.timeLimitSeconds)}`] : []),
    scriptPath,
  ];
}

/** `sbatch --parsable` prints `<id>` or `<id>;<cluster>`. */
export function parseSubmitOutput(stdout: string): string {
  for (const line of stdout.split('\n')) {
    const m = /^(\d+)(?:;\S+)?$/.exec(line.trim());
    if (m?.[1]) return m[1];
  }
  throw new Error(`no job id in sbatch output: ${JSON.stringify(stdout.trim())}`);
}

/** Slurm's reason, unless it says there is none. */
function reasonOf(reason: string): string | undefined {
  return reason && reason !== 'None' ? reason : undefined;
}

/** `--states=all`: without it squeue hides jobs that already finished but are still in the controller's memory. */
export function listArgv(ids: readonly string[]): string[] {
  return ['squeue', '--noheader', '--states=all', `--jobs=${ids.join(',')}`, '--format=%i|%T|%r'];
}

/**
 * `4711|RUNNING|None` per job squeue still knows. squeue answers an empty list
 * for several ids it does not know, but fails for a single one: that is an
 * empty answer too.
 */
export function parseList(result: CommandResult): Map<string, NativeStatus> {
  const statuses = new Map<string, NativeStatus>();
  if (result.code !== 0 && /Invalid job id/i.test(result.stderr)) return statuses;
  requireSuccess(result, 'squeue');
  for (const line of result.stdout.split('\n')) {
    const [id = '', state = '', reason = ''] = line.trim().split('|');
    if (id === '' || state === '') continue;
    statuses.set(id, classify(SLURM_STATES, state, reasonOf(reason)));
  }
  return statuses;
}

export function accountingArgv(id: string): string[] {
  return ['sacct', '--noheader', '--parsable2', '--allocations', `--jobs=${id}`, '--format=State,Reason'];
}

/**
 * `CANCELLED by 0|None`. Accounting is a fallback for jobs squeue forgot: when
 * it is off or broken the executor relies on the exit-code file instead, so any
 * failure reads as "does not know the job".
 */
export function parseAccounting(result: CommandResult): NativeStatus | null {
  if (result.code !== 0) return null;
  const line = result.stdout.split('\n').find((l) => l.trim() !== '');
  if (!line) return null;
  const [stateField = '', reason = ''] = line.trim().split('|');
  const state = stateField.split(' ')[0] ?? '';
  return classify(SLURM_STATES, state, reasonOf(reason));
}

export function findByNameArgv(name: string): string[] {
  return ['squeue', '--noheader', '--states=all', `--name=${name}`, '--format=%i'];
}

export function parseFindByName(result: CommandResult): string[] {
  requireSuccess(result, 'squeue');
  return result.stdout.split('\n').map((l) => l.trim()).filter((l) => /^\d+$/.test(l));
}

export const slurmSystem: BatchSystem = {
  name: 'slurm',
  requiredCommands: ['sbatch', 'squeue', 'scancel'],
  submitArgv,
  parseSubmitOutput,
  statusQueries: (id) => [
    { argv: listArgv([id]), parse: (result) => parseList(result).get(id) ?? null },
    { argv: accountingArgv(id), parse: parseAccounting },
  ],
  // scancel is graceful by itself (SIGTERM to every process of the job, SIGKILL after the cluster's KillWait)
  // and leaves the job CANCELLED in squeue and sacct. No terminateArgv: a SIGTERM of our own
  // (`scancel --full --signal=TERM`) ends the batch shell first, and Slurm records a cancelled job as FAILED.
  listQuery: { argv: listArgv, parse: parseList },
  cancelArgv: (id) => ['scancel', id],
  findByNameArgv,
  parseFindByName,
};
