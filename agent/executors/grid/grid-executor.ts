/**
 * One Executor for every batch system: submission with crash-safe records,
 * status through the system's queries, exit codes from the wrapper's file,
 * confirmed cancellation and re-attachment after an agent restart. What
 * differs between Slurm, PBS and SGE is all in their BatchSystem.
 */
import { constants } from 'node:fs';
import { access, mkdir, open, rm, writeFile } from 'node:fs/promises';
import { delimiter, isAbsolute, join, relative, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BatchInfo, ExecStatus, Executor, ExecutorJob } from '../executor.js';
import type { SandboxOptions } from '../sandbox.js';
import { batchData, batchScript, commandFile, envFile } from './batch-script.js';
import { type BatchRecord, exitCodePath, readExitCode, readRecord, recordPath, scriptPath, writeRecord } from './batch-files.js';
import type { BatchSystem, NativeStatus } from './batch-system.js';
import { describeFailure, runCommand } from './run-command.js';

export interface GridExecutorOptions {
  /** Directory seen by this host and the compute nodes; job directories and log files must be inside it. */
  sharedDir: string;
  /** How long to wait for the exit-code file once the batch system says the job is over (shared filesystems lag). */
  exitFileTimeoutMs?: number;
  /** Pause between checks while waiting inside poll and cancel. */
  pollIntervalMs?: number;
  /** Limit for each batch command (sbatch, squeue, ...). */
  commandTimeoutMs?: number;
  /** How long cancel waits for the batch system to confirm the job is gone. */
  cancelTimeoutMs?: number;
  /** Paths of batch commands by name (`{ sbatch: '/opt/slurm/bin/sbatch' }`); others are looked up on PATH. */
  commands?: Record<string, string>;
  /** Environment of the batch commands; defaults to the agent's, cleaned by batchEnvironment. */
  env?: NodeJS.ProcessEnv;
  /** Runs each recipe in bubblewrap on the compute node (which needs it installed); null or absent: without. */
  sandbox?: SandboxOptions | null;
}

/** Variables the batch commands need: where they are, whose they are, the locale, and their own settings. */
const BATCH_VARIABLE = /^(PATH|HOME|USER|LOGNAME|LANG|LC_[A-Z]+|TZ|TMPDIR|(SLURM|SBATCH|PBS|SGE|MUNGE)_[A-Z0-9_]+)$/;

/**
 * The agent's environment without what is the agent's alone (its credentials,
 * its own settings): a batch system may pass its submitter's environment on to
 * the job (Slurm does, with --export=ALL), and the recipe gets only the job's.
 */
export function batchEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => BATCH_VARIABLE.test(name)));
}

/** State reported for a job the batch system no longer lists. */
const FORGOTTEN = 'forgotten';

export class GridExecutor implements Executor {
  readonly name: string;
  private readonly sharedDir: string;
  private readonly exitFileTimeoutMs: number;
  private readonly pollIntervalMs: number;
  private readonly commandTimeoutMs: number;
  private readonly cancelTimeoutMs: number;
  private readonly commands: Record<string, string>;
  /** Given by the caller, else the agent's own, cleaned anew for each command. */
  private readonly env: NodeJS.ProcessEnv | undefined;
  private readonly sandbox: SandboxOptions | null;
  /** Jobs this executor cancelled: their wrapper is killed with them, so no exit-code file is coming to wait for. */
  private readonly cancelled = new Set<string>();
  /** Jobs being polled: what one list query asks about. */
  private readonly watched = new Set<string>();
  /** The last list query, shared by the polls that come within one poll interval of it. */
  private round: { at: number; ids: ReadonlySet<string>; answer: Promise<Map<string, NativeStatus> | null> } | null = null;

  constructor(
    private readonly system: BatchSystem,
    options: GridExecutorOptions,
  ) {
    this.name = system.name;
    this.sharedDir = resolve(options.sharedDir);
    this.exitFileTimeoutMs = options.exitFileTimeoutMs ?? 30_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.commandTimeoutMs = options.commandTimeoutMs ?? 30_000;
    this.cancelTimeoutMs = options.cancelTimeoutMs ?? 60_000;
    this.commands = options.commands ?? {};
    this.env = options.env;
    this.sandbox = options.sandbox ?? null;
  }

  async validate(): Promise<void> {
    const missing: string[] = [];
    for (const command of this.system.requiredCommands) {
      if (!(await this.findCommand(command))) missing.push(command);
    }
    if (missing.length > 0) {
      throw new Error(
        `${this.name} executor: command${missing.length > 1 ? 's' : ''} not found: ${missing.join(', ')} ` +
          `(install the ${this.name} client tools on this host, or add them to PATH)`,
      );
    }
    // Creating a file proves more than access(): read-only mounts and root-squashed NFS pass access checks.
    const probe = join(this.sharedDir, `.awe-write-test-${process.pid}`);
    try {
      await mkdir(this.sharedDir, { recursive: true, mode: 0o700 });
      await writeFile(probe, '');
      await rm(probe, { force: true });
    } catch (err) {
      throw new Error(`${this.name} executor: shared dir ${this.sharedDir} is not writable: ${(err as Error).message}`);
    }
  }

  async start(job: ExecutorJob): Promise<string> {
    this.requireShared(job.cwd, 'job directory');
    this.requireShared(job.logFile, 'log file');
    const existing = await readRecord(job);
    if (existing) {
      throw new Error(`${job.name} was already submitted to ${existing.system} (${existing.id ?? 'id unknown'}); recover() re-attaches to it`);
    }
    await rm(exitCodePath(job), { force: true });
    const data = batchData(job, this.sandbox);
    await writeFile(commandFile(job), data.command, { mode: 0o600 });
    await writeFile(envFile(job), data.env, { mode: 0o600 });
    await writeFile(scriptPath(job), batchScript(job, exitCodePath(job)), { mode: 0o700 });
    // Made here, so the batch system appends to a file only the agent's user reads (it would create it with the job's umask).
    await (await open(job.logFile, 'a', 0o600)).close();
    const record: BatchRecord = { system: this.system.name, name: job.name, submittedAt: new Date().toISOString() };
    await writeRecord(job, record);

    const argv = this.system.submitArgv(job, scriptPath(job));
    const result = await this.run(argv);
    if (result.code !== 0) {
      const maybe = result.code === null ? ' (it may have been submitted; recover() finds it by name)' : '';
      throw new Error(`${this.name}: submitting ${job.name} failed: ${describeFailure(argv, result)}${maybe}`);
    }
    const id = this.system.parseSubmitOutput(result.stdout);
    await writeRecord(job, { ...record, id });
    return id;
  }

  async poll(handle: string, job: ExecutorJob): Promise<ExecStatus> {
    this.watched.add(handle);
    let status: NativeStatus | null;
    try {
      status = await this.currentStatus(handle);
    } catch (err) {
      // The batch system cannot answer now; a recipe that finished has still finished.
      const exitCode = await readExitCode(job);
      if (exitCode === null) throw err;
      return { state: 'exited', exitCode, batch: this.info(handle, { state: 'unknown', phase: 'done', reason: (err as Error).message }) };
    }
    if (status && status.phase !== 'done') return { state: status.phase, batch: this.info(handle, status) };
    const exitCode = this.cancelled.has(handle) ? await readExitCode(job) : await this.waitForExitCode(job);
    const over = status ?? { state: FORGOTTEN, phase: 'done', reason: `no longer listed by ${this.name}` };
    return { state: 'exited', exitCode, batch: this.info(handle, over) };
  }

  async cancel(handle: string, job: ExecutorJob, graceMs: number): Promise<void> {
    this.cancelled.add(handle);
    // What the last list query said is about to be wrong.
    this.round = null;
    const terminate = this.system.terminateArgv?.(handle);
    if (terminate && graceMs > 0) {
      // Fails for a job that is not running yet: then there is nothing to be graceful with.
      const result = await this.run(terminate);
      if (result.code === 0 && (await this.waitUntilGone(handle, Date.now() + graceMs))) return;
    }
    const argv = this.system.cancelArgv(handle);
    const result = await this.run(argv);
    if (await this.waitUntilGone(handle, Date.now() + this.cancelTimeoutMs)) return;
    throw new Error(
      `${this.name}: ${job.name} (${handle}) still not stopped ${this.cancelTimeoutMs} ms after cancelling` +
        (result.code === 0 ? '' : `: ${describeFailure(argv, result)}`),
    );
  }

  async cleanup(handle: string, job: ExecutorJob): Promise<void> {
    this.cancelled.delete(handle);
    this.watched.delete(handle);
    // The record and the exit-code file stay: they are small and tell what happened to the attempt.
    await rm(scriptPath(job), { force: true });
    await rm(commandFile(job), { force: true });
    await rm(envFile(job), { force: true });
    await rm(`${recordPath(job)}.tmp`, { force: true });
    await rm(`${exitCodePath(job)}.tmp`, { force: true });
  }

  async recover(job: ExecutorJob): Promise<string | null> {
    const record = await readRecord(job);
    if (!record || record.system !== this.system.name) return null;
    if (record.id) return record.id;
    // Recorded but the id never written: the agent stopped while the submit command ran.
    // The job may exist; find it by its unique name rather than submitting it again.
    const argv = this.system.findByNameArgv(job.name);
    const [id] = this.system.parseFindByName(await this.run(argv));
    if (!id) return null;
    await writeRecord(job, { ...record, id });
    return id;
  }

  private info(id: string, status: NativeStatus): BatchInfo {
    return { system: this.system.name, id, state: status.state, ...(status.reason ? { reason: status.reason } : {}) };
  }

  /**
   * The job's status from a list query about every watched job, made at most
   * once per poll interval (and again for a job the last one did not ask
   * about). The list query stands for the first of statusQueries: a job
   * missing from its answer is asked about from the other sources only.
   * Without a list query, or when it failed, every source is asked.
   */
  private async currentStatus(id: string): Promise<NativeStatus | null> {
    const list = this.system.listQuery;
    if (!list) return this.queryStatus(id);
    if (!this.round || Date.now() - this.round.at >= this.pollIntervalMs || !this.round.ids.has(id)) {
      const ids = new Set(this.watched);
      // A failed or unreadable answer only means asking job by job this time.
      this.round = { at: Date.now(), ids, answer: this.run(list.argv([...ids])).then((result) => list.parse(result)).catch(() => null) };
    }
    const answer = await this.round.answer;
    if (!answer) return this.queryStatus(id);
    return answer.get(id) ?? this.queryStatus(id, 1);
  }

  /** The first source that knows the job answers, from the `from`th on; null when none does. */
  private async queryStatus(id: string, from = 0): Promise<NativeStatus | null> {
    for (const query of this.system.statusQueries(id).slice(from)) {
      const status = query.parse(await this.run(query.argv));
      if (status) return status;
    }
    return null;
  }

  private async waitForExitCode(job: ExecutorJob): Promise<number | null> {
    const deadline = Date.now() + this.exitFileTimeoutMs;
    for (;;) {
      const code = await readExitCode(job);
      if (code !== null) return code;
      const left = deadline - Date.now();
      if (left <= 0) return null;
      await sleep(Math.min(this.pollIntervalMs, left));
    }
  }

  /** True once the job is over or forgotten; false at the deadline. Query errors count as "not yet". */
  private async waitUntilGone(id: string, deadline: number): Promise<boolean> {
    for (;;) {
      try {
        const status = await this.queryStatus(id);
        if (!status || status.phase === 'done') return true;
      } catch {
        // Asked again until the deadline.
      }
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await sleep(Math.min(this.pollIntervalMs, left));
    }
  }

  private commandEnv(): NodeJS.ProcessEnv {
    return this.env ?? batchEnvironment(process.env);
  }

  private run(argv: string[]) {
    const [name = '', ...args] = argv;
    return runCommand([this.commands[name] ?? name, ...args], { timeoutMs: this.commandTimeoutMs, env: this.commandEnv() });
  }

  private async findCommand(name: string): Promise<string | null> {
    const given = this.commands[name] ?? name;
    const candidates = given.includes('/') ? [given] : (this.commandEnv().PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, given));
    for (const path of candidates) {
      try {
        await access(path, constants.X_OK);
        return path;
      } catch {
        // Not in this directory.
      }
    }
    return null;
  }

  private requireShared(path: string, what: string): void {
    const rel = relative(this.sharedDir, resolve(path));
    if (rel.startsWith('..') || isAbsolute(rel)) {
      throw new Error(`${this.name}: ${what} ${path} is outside the shared dir ${this.sharedDir}, so compute nodes may not see it`);
    }
  }
}
