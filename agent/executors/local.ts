/**
 * The `local` executor: runs the recipe as a child process of the agent.
 *
 * The recipe is started from its argv alone (no shell), with exactly the
 * environment the runner built, in the job directory, as the leader of a new
 * process group so that stopping it reaches everything it started. Its stdout
 * and stderr are the same append-mode descriptor of the job's log file: the
 * output lands in order, never passes through the agent, and keeps landing if
 * the agent dies.
 *
 * The handle is the recipe's pid. Next to it, `.awe-local.json` in the job
 * directory records the pid, the process group and the process start time, so
 * that a later agent can tell the recipe from an unrelated process that got the
 * same pid.
 *
 * A recipe counts as exited when its own process exits; what it left running in
 * the background is stopped by `cleanup`, so nothing outlives the attempt.
 *
 * With a sandbox (`--isolation bwrap`, sandbox.ts) the process started is
 * bwrap, and the recipe runs below it in its own PID namespace. Stopping then
 * asks the recipe's processes to terminate but not bwrap's own two (bwrap
 * dies of SIGTERM and takes the namespace with it at once, which would leave
 * the recipe no grace); SIGKILL reaches them all. When the recipe exits, the
 * namespace ends and nothing it left in the background survives it.
 *
 * Recovery after an agent restart does not resume the attempt: the recipe was
 * the old agent's child, and its exit status went with it (only a parent can
 * wait for a child). Rather than guess an outcome from a half-written log, a
 * recipe still running is stopped (its whole group), and `recover` answers null,
 * so the runner reports the attempt as a system failure and the job is retried.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExecStatus, Executor, ExecutorJob } from './executor.js';
import { bootId, processStartTime, terminateProcessTree, type ProcessIdentity } from './process-group.js';
import { commandFor, probeSandbox, type SandboxOptions } from './sandbox.js';

/** Name of the state file this executor keeps in the job directory. */
export const LOCAL_STATE_FILE = '.awe-local.json';

/** What `start` records on disk about the running recipe. */
export interface LocalState {
  pid: number;
  pgid: number;
  /** From /proc/<pid>/stat (field 22) on Linux; null if it could not be read. */
  startTime: string | null;
  /** The boot the pid belongs to; null where unknown. */
  bootId: string | null;
  jobId: number;
  epoch: number;
  /** The leader is bwrap: it and its child (the namespace's init) get only SIGKILL. Absent in older files: false. */
  sandboxed?: boolean;
}

/**
 * The recipe's command could not be started (not found, not executable). The
 * node is fine: this is the recipe's configuration error, and `code` (the errno
 * name, e.g. ENOENT or EACCES) lets the runner classify it.
 */
export class RecipeStartError extends Error {
  constructor(
    readonly command: string,
    readonly code: string | undefined,
    cause: Error,
  ) {
    super(`cannot start recipe command "${command}": ${cause.message}`, { cause });
    this.name = 'RecipeStartError';
  }
}

export interface LocalExecutorOptions {
  /**
   * Grace between SIGTERM and SIGKILL when the executor stops processes on its
   * own: in `recover`, and in `cleanup` for leftovers of a finished recipe.
   */
  reapGraceMs?: number;
  /** Runs each recipe in a bubblewrap sandbox; null or absent: as the agent's own child. */
  sandbox?: SandboxOptions | null;
}

interface Running {
  child: ChildProcess;
  state: LocalState;
  exit: { code: number | null; signal: NodeJS.Signals | null } | null;
}

function statePath(job: ExecutorJob): string {
  return join(job.dir, LOCAL_STATE_FILE);
}

async function readState(job: ExecutorJob): Promise<LocalState | null> {
  let text: string;
  try {
    text = await readFile(statePath(job), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  let state: LocalState;
  try {
    state = JSON.parse(text) as LocalState;
  } catch (err) {
    throw new Error(`job ${job.jobId}: unreadable ${statePath(job)}: ${(err as Error).message}`, { cause: err });
  }
  return Number.isInteger(state.pid) && state.pid > 0 && Number.isInteger(state.pgid) && state.pgid > 0
    ? state
    : null;
}

/**
 * Whether the group recorded in `state` can only be ours, and the leader's
 * identity while it still runs. A state file from an earlier boot is not ours.
 * A process under the recorded pid with another start time is someone else's,
 * and so is any group it leads: the kernel does not hand out a pid that still
 * names a process group, so ours had emptied before the pid was reused. For the
 * same reason a group whose leader is gone (members left in the background)
 * is still ours.
 */
function leaderIdentity(state: LocalState): { ours: boolean; leader: ProcessIdentity | null } {
  const currentBoot = bootId();
  if (state.bootId !== null && currentBoot !== null && state.bootId !== currentBoot) return { ours: false, leader: null };
  const now = processStartTime(state.pid);
  if (now === null) return { ours: true, leader: null };
  if (state.startTime === null || now !== state.startTime) return { ours: false, leader: null };
  return { ours: true, leader: { pid: state.pid, startTime: now } };
}

export class LocalExecutor implements Executor {
  readonly name = 'local';
  private readonly running = new Map<string, Running>();
  private readonly reapGraceMs: number;
  private readonly sandbox: SandboxOptions | null;

  constructor(options: LocalExecutorOptions = {}) {
    this.reapGraceMs = options.reapGraceMs ?? 2_000;
    this.sandbox = options.sandbox ?? null;
  }

  async validate(): Promise<void> {
    // Process groups and /proc (or ps) are what cancel and recover stand on.
    if (process.platform !== 'linux' && process.platform !== 'darwin') {
      throw new Error(`the local executor needs process groups (Linux or macOS), not ${process.platform}`);
    }
    if (this.sandbox) await probeSandbox(this.sandbox);
  }

  async start(job: ExecutorJob): Promise<string> {
    const command = job.argv[0];
    if (command === undefined || command === '') throw new Error(`job ${job.jobId}: empty argv, nothing to run`);

    const { argv: [file, ...args], env } = commandFor(this.sandbox, job);
    const log = await open(job.logFile, 'a');
    let child: ChildProcess;
    try {
      child = spawn(file, args, {
        cwd: job.cwd,
        env,
        detached: true,
        stdio: ['ignore', log.fd, log.fd],
      });
    } catch (err) {
      // Invalid arguments (e.g. a NUL byte) throw instead of emitting 'error'.
      await log.close();
      throw new RecipeStartError(command, (err as NodeJS.ErrnoException).code, err as Error);
    }
    const pid = child.pid;
    if (pid === undefined) {
      const err = await new Promise<NodeJS.ErrnoException>((resolve) => child.once('error', resolve));
      await log.close();
      throw new RecipeStartError(command, err.code, err);
    }

    // Nothing may await before the exit listener is on and the start time is
    // read: the event loop reaps a recipe that exits at once, which loses its
    // exit status and its /proc entry.
    const state: LocalState = {
      pid,
      pgid: pid,
      startTime: processStartTime(pid),
      bootId: bootId(),
      jobId: job.jobId,
      epoch: job.epoch,
      sandboxed: this.sandbox !== null,
    };
    const entry: Running = { child, state, exit: null };
    child.once('exit', (code, signal) => {
      entry.exit = { code, signal };
    });
    // The agent may exit while a recipe runs (the next agent's recover deals with it).
    child.unref();
    const handle = String(pid);
    this.running.set(handle, entry);
    // The child holds its own copies of the descriptor.
    await log.close();

    try {
      const tmp = `${statePath(job)}.tmp`;
      await writeFile(tmp, JSON.stringify(state) + '\n');
      await rename(tmp, statePath(job));
    } catch (err) {
      // Without the state file a restarted agent could not find the recipe again.
      await terminateProcessTree(state.pgid, leaderIdentity(state).leader, 0, state.sandboxed === true);
      this.running.delete(handle);
      throw new Error(`job ${job.jobId}: cannot write ${LOCAL_STATE_FILE}: ${(err as Error).message}`, { cause: err });
    }
    return handle;
  }

  async poll(handle: string): Promise<ExecStatus> {
    const entry = this.running.get(handle);
    // Not started by this agent: its exit status is lost, which the runner
    // counts as a system failure (recover should have been asked instead).
    if (!entry) return { state: 'exited', exitCode: null, signal: null };
    if (!entry.exit) return { state: 'running' };
    return { state: 'exited', exitCode: entry.exit.code, signal: entry.exit.signal };
  }

  async cancel(handle: string, job: ExecutorJob, graceMs: number): Promise<void> {
    await this.stop(handle, job, graceMs);
  }

  async cleanup(handle: string, job: ExecutorJob): Promise<void> {
    // Children the recipe left running in the background end with the attempt.
    await this.stop(handle, job, this.reapGraceMs);
    this.running.delete(handle);
    await rm(statePath(job), { force: true });
  }

  async recover(job: ExecutorJob): Promise<string | null> {
    const state = await readState(job);
    if (!state) return null;
    const { ours, leader } = leaderIdentity(state);
    if (ours) await terminateProcessTree(state.pgid, leader, this.reapGraceMs, state.sandboxed === true);
    await rm(statePath(job), { force: true });
    return null;
  }

  private async stop(handle: string, job: ExecutorJob, graceMs: number): Promise<void> {
    const state = this.running.get(handle)?.state ?? (await readState(job));
    if (!state || String(state.pid) !== handle) return;
    const { ours, leader } = leaderIdentity(state);
    if (ours) await terminateProcessTree(state.pgid, leader, graceMs, state.sandboxed === true);
  }
}
