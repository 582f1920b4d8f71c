/**
 * One attempt from claim to finish: job directory, bundle and inputs, start
 * through the executor, follow it (heartbeat verdicts, timeout, log shipping),
 * then the rest of the log, the outputs and the finish report. The finish is
 * reported from a `finally`, whatever went wrong, except when the lease is
 * gone: then another attempt may already own the job, and this one only stops
 * its process and says nothing more.
 *
 * Each step that matters for a restart is saved in the job directory's state
 * file first, so a new agent can re-attach (batch executors), report the
 * attempt as lost (local executor), or deliver a finish it had decided.
 */
import { join } from 'node:path';
import type { Logger } from 'pino';
import { secretValues } from '../core/secrets.js';
import { describeError, isStaleLease, pause, type AweClient, type ClaimedJob, type FinishReport } from '@awe-dp/sdk';
import type { BundleCache } from './bundle-cache.js';
import type { ContentReport } from './content-report.js';
import type { BatchInfo, BatchResources, ExecStatus, Executor, ExecutorJob } from './executors/executor.js';
import { RecipeStartError } from './executors/local.js';
import type { FinishOutbox } from './finish-outbox.js';
import type { Heartbeats, Verdict } from './heartbeats.js';
import { JobDir, type RunnerState } from './job-dir.js';
import { recipeEnv } from './job-env.js';
import { materializeJobFiles, uploadOutputs } from './job-files.js';
import { LogShipper } from './log-shipper.js';
import type { SiteCache } from './site-cache.js';

export interface RunnerContext {
  client: AweClient;
  executor: Executor;
  /** Pause between executor polls. */
  pollMs: number;
  cache: BundleCache;
  /** What the node holds, reported with claims: told of each job's bundle. */
  content: ContentReport;
  /** The site's awe-cache, when the agent was given one. */
  siteCache: SiteCache | null;
  heartbeats: Heartbeats;
  outbox: FinishOutbox;
  jobsRoot: string;
  baseCode: string | null;
  /** What every finish reports for provenance: the base code's digest (when there is base code) and the agent's version. */
  provenance: { baseDigest?: string; agentVersion: string };
  graceMs: number;
  agentEnv: NodeJS.ProcessEnv;
  /** Aborted when the agent exits at once: waits for the service end there. */
  exiting: AbortSignal;
  log: Logger;
}

/** Why the agent stops a recipe: a user's cancel, a lost lease, the time limit, the agent shutting down. */
export type StopReason = 'cancel' | 'gone' | 'timeout' | 'shutdown';

type Exited = Extract<ExecStatus, { state: 'exited' }>;

/** The finish API takes messages up to 4096 characters. */
const message = (text: string): string => (text.length > 4000 ? `${text.slice(0, 4000)}…` : text);

function batchResources(resources: Record<string, unknown>): BatchResources {
  const pick = <T>(name: string, type: 'string' | 'number'): T | undefined =>
    typeof resources[name] === type ? (resources[name] as T) : undefined;
  return {
    partition: pick('partition', 'string'),
    account: pick('account', 'string'),
    cpus: pick('cpus', 'number'),
    memoryMB: pick('memoryMB', 'number'),
    timeLimitSeconds: pick('timeLimitSeconds', 'number'),
  };
}

export class Runner {
  readonly id: number;
  readonly epoch: number;
  /** The outcome is decided (the finish report exists): the slot takes the next job while the report goes out and the directory is cleaned up. */
  decided = false;
  private readonly log: Logger;
  private readonly job: ClaimedJob;
  private readonly execJob: ExecutorJob;
  private stopReason: StopReason | null = null;
  private stopping: Promise<void> | null = null;
  /** The executor's handle once started or re-attached; an executor finds it again itself after a restart (recover). */
  private handle: string | null = null;
  private batch: BatchInfo | undefined;
  private timer: NodeJS.Timeout | null = null;
  /** Wakes the supervision loop early (a stop was asked). */
  private wake = new AbortController();

  private constructor(
    private readonly ctx: RunnerContext,
    private readonly dir: JobDir,
    private readonly state: RunnerState,
    private readonly fresh: boolean,
  ) {
    this.job = state.job;
    this.id = this.job.id;
    this.epoch = this.job.epoch;
    this.log = ctx.log.child({ jobId: this.id, epoch: this.epoch });
    this.execJob = {
      jobId: this.id,
      epoch: this.epoch,
      name: `awe-${this.id}-${this.epoch}`,
      argv: this.job.argv,
      env: recipeEnv(ctx.agentEnv, this.job.env, {
        jobId: this.id,
        homeDir: dir.homeDir,
        outputDir: dir.outputDir,
        codeDir: this.job.bundle ? dir.codeDir : null,
        baseCode: ctx.baseCode,
      }),
      cwd: dir.workDir,
      // The bundle and the inputs are hard links into the node's cache: a write would reach every later job.
      readOnly: [...(this.job.bundle ? [dir.codeDir] : []), ...this.job.inputs.map((input) => join(dir.workDir, input.path))],
      dir: dir.path,
      logFile: dir.logFile,
      timeoutSeconds: this.job.timeoutSeconds,
      resources: batchResources(this.job.resources),
    };
  }

  /** A job just claimed. */
  static claimed(ctx: RunnerContext, job: ClaimedJob): Runner {
    const state = { job, startedAt: null, log: { fileOffset: 0, sentOffset: 0 }, finish: null };
    return new Runner(ctx, new JobDir(ctx.jobsRoot, job.id, job.epoch), state, true);
  }

  /**
   * An attempt a previous agent left. Unless its outcome was already decided,
   * the executor looks for it: a handle to follow (batch job), or null (the
   * local executor stopped what was left), which is reported as a system failure.
   */
  static async resumed(ctx: RunnerContext, dir: JobDir, state: RunnerState): Promise<Runner> {
    const runner = new Runner(ctx, dir, state, false);
    if (state.finish === null) {
      try {
        runner.handle = await ctx.executor.recover(runner.execJob);
      } catch (err) {
        runner.log.warn({ err: describeError(err) }, 'cannot recover the attempt');
      }
      runner.log.info({ reattached: runner.handle !== null }, 'attempt left by the previous agent');
    }
    return runner;
  }

  /** The whole attempt; resolves once it is reported (or dropped). Never rejects. */
  async run(): Promise<void> {
    this.ctx.heartbeats.add({
      id: this.id,
      epoch: this.epoch,
      batch: () => this.batch,
      onVerdict: (verdict) => this.onVerdict(verdict),
    });
    let finish: FinishReport | null = null;
    try {
      finish = this.state.finish ?? (await this.attempt());
    } catch (err) {
      this.log.error({ err: describeError(err) }, 'attempt broke');
      finish = this.report({ exitCode: null, failureReason: 'system_failure', message: `agent error: ${describeError(err)}` });
    } finally {
      if (this.timer) clearTimeout(this.timer);
      // Undelivered (the agent exits): the directory keeps the report for the next start.
      const keep = finish !== null && this.stopReason !== 'gone' && !(await this.deliver(finish));
      this.ctx.heartbeats.remove(this.id, this.epoch);
      if (!keep) await this.cleanup();
    }
  }

  /** Stops the recipe (once; a lost lease overrides a gentler reason and kills at once). */
  stop(reason: StopReason): void {
    if (this.stopReason !== null && (reason !== 'gone' || this.stopReason === 'gone')) return;
    this.log.info({ reason }, 'stopping the recipe');
    this.stopReason = reason;
    this.wake.abort();
    if (this.handle !== null) this.cancelRecipe(this.handle, reason);
  }

  private cancelRecipe(handle: string, reason: StopReason): void {
    const graceMs = reason === 'gone' ? 0 : this.ctx.graceMs;
    this.stopping = this.ctx.executor.cancel(handle, this.execJob, graceMs).catch((err: unknown) => {
      this.log.error({ err: describeError(err) }, 'could not stop the recipe');
    });
  }

  private onVerdict(verdict: Verdict): void {
    if (verdict === 'cancel') this.stop('cancel');
    else if (verdict === 'gone') this.stop('gone');
  }

  /** Returns the finish report, or null when the lease is gone. */
  private async attempt(): Promise<FinishReport | null> {
    if (this.fresh) {
      await this.dir.create(this.state);
      try {
        await this.dir.prepare(this.job.settings);
        const bundleShas = await materializeJobFiles(this.ctx.client, this.ctx.cache, this.job, this.dir, this.ctx.siteCache);
        // A job without bundle and inputs brought no files: the node's content filter stays as it is.
        if (this.job.bundle !== null || this.job.inputs.length > 0) this.ctx.content.noteBundle(this.job.bundle, bundleShas);
      } catch (err) {
        if (isStaleLease(err) || this.stopReason === 'gone') return null;
        return this.report({ exitCode: null, failureReason: 'bundle_error', message: `cannot lay out the job's files: ${describeError(err)}` });
      }
      const early = this.stoppedBeforeStart();
      if (early !== undefined) return early;
      try {
        this.handle = await this.ctx.executor.start(this.execJob);
      } catch (err) {
        if (err instanceof RecipeStartError) {
          // A command that does not exist or is not executable is the recipe's configuration.
          return this.report({ exitCode: null, failureReason: 'recipe_failed', message: `${err.message}; check the recipe's command` });
        }
        return this.report({ exitCode: null, failureReason: 'system_failure', message: `the ${this.ctx.executor.name} executor could not start the job: ${describeError(err)}` });
      }
      this.log.info({ argv0: this.job.argv[0] }, 'recipe started');
      // A stop that arrived while starting had no handle to act on (stop() would not act twice).
      if (this.stopReason !== null) this.cancelRecipe(this.handle, this.stopReason);
    }

    const shipper = new LogShipper({
      client: this.ctx.client,
      jobId: this.id,
      epoch: this.epoch,
      file: this.dir.logFile,
      secrets: secretValues(this.job.env, this.job.settings),
      from: this.state.log,
      onProgress: (position) => {
        this.state.log = position;
        void this.dir.save(this.state).catch(() => undefined);
      },
      onFatal: (err) => {
        if (isStaleLease(err) || (err as { statusCode?: number }).statusCode === 404) this.stop('gone');
        else this.log.error({ err: describeError(err) }, 'log shipping stopped');
      },
      log: this.log,
    });
    let status: Exited;
    try {
      shipper.start();
      status = this.handle === null ? { state: 'exited', exitCode: null, signal: null } : await this.supervise(this.handle);
    } finally {
      shipper.stop();
    }
    if (this.lost()) return null;

    const notes: string[] = [];
    try {
      await shipper.finish(this.ctx.exiting);
    } catch (err) {
      if (isStaleLease(err)) return null;
      notes.push(`log incomplete: ${describeError(err)}`);
    }
    let uploadError: string | null = null;
    if (this.handle !== null) {
      try {
        const count = await uploadOutputs(this.ctx.client, this.job, this.dir.outputDir, this.log, this.ctx.exiting);
        if (count > 0) this.log.info({ count }, 'outputs uploaded');
      } catch (err) {
        if (isStaleLease(err)) return null;
        uploadError = `cannot upload outputs: ${describeError(err)}`;
      }
    }
    if (this.lost()) return null;
    return this.outcome(status, uploadError, notes);
  }

  /** The lease is gone (a verdict may arrive during any await). */
  private lost(): boolean {
    return this.stopReason === 'gone';
  }

  /** A stop asked for before the recipe started: nothing to stop, only to report. */
  private stoppedBeforeStart(): FinishReport | null | undefined {
    switch (this.stopReason) {
      case null:
        return undefined;
      case 'gone':
        return null;
      case 'cancel':
        return this.report({ exitCode: null, cancelled: true, message: 'cancelled before the recipe started' });
      default:
        return this.report({ exitCode: null, failureReason: 'system_failure', message: 'the agent shut down before the recipe started' });
    }
  }

  /**
   * The recipe runs: its time limit counts from the first time the executor
   * said so (kept across restarts), so a batch job's queue wait does not count.
   */
  private running(): void {
    if (this.state.startedAt === null) {
      this.state.startedAt = Date.now();
      void this.dir.save(this.state).catch(() => undefined);
    }
    const limit = this.job.timeoutSeconds;
    if (limit === null || this.timer) return;
    const left = limit * 1000 - (Date.now() - this.state.startedAt);
    this.timer = setTimeout(() => this.stop('timeout'), Math.max(0, left));
  }

  /** Polls the executor until the recipe has exited. */
  private async supervise(handle: string): Promise<Exited> {
    for (;;) {
      try {
        const status = await this.ctx.executor.poll(handle, this.execJob);
        const reported = this.reportBatch(status.batch);
        if (status.state === 'running') this.running();
        if (status.state === 'exited') {
          await this.stopping;
          // The job shows how its batch job ended before it shows the job's own end.
          await reported;
          return status;
        }
      } catch (err) {
        // A batch system that does not answer now may answer later; the lease keeps running meanwhile.
        this.log.warn({ err: describeError(err) }, 'cannot ask the executor about the job');
      }
      await pause(this.ctx.pollMs, this.wake.signal);
      if (this.wake.signal.aborted) this.wake = new AbortController();
    }
  }

  /** Keeps what the batch system says; a change goes out in a heartbeat at once instead of at the next tick. */
  private reportBatch(batch: BatchInfo | undefined): Promise<void> {
    const changed = batch !== undefined && JSON.stringify(batch) !== JSON.stringify(this.batch);
    this.batch = batch;
    return changed ? this.ctx.heartbeats.flush() : Promise.resolve();
  }

  /** The finish report for how the recipe ended and why. */
  private outcome(status: Exited, uploadError: string | null, notes: string[]): FinishReport {
    const ended = { exitCode: status.exitCode, signal: status.signal ?? null };
    const note = (text: string): string => [text, ...notes, ...(uploadError ? [uploadError] : [])].join('; ');
    switch (this.stopReason) {
      case 'cancel':
        return this.report({ ...ended, cancelled: true, message: note('cancelled by request') });
      case 'timeout':
        return this.report({ ...ended, failureReason: 'timeout', message: note(`stopped at its time limit of ${this.job.timeoutSeconds} s`) });
      case 'shutdown':
        return this.report({ ...ended, failureReason: 'system_failure', message: note('the agent shut down while the recipe ran') });
    }
    if (this.handle === null) {
      return this.report({ ...ended, failureReason: 'system_failure', message: note('agent restarted; the attempt was stopped') });
    }
    if (status.exitCode === null && !status.signal) {
      return this.report({ ...ended, failureReason: 'system_failure', message: note('the exit status of the recipe was lost') });
    }
    if (uploadError && status.exitCode === 0) return this.report({ ...ended, failureReason: 'system_failure', message: note('the recipe succeeded') });
    return this.report({ ...ended, ...(notes.length || uploadError ? { message: note(`exit ${status.exitCode ?? status.signal}`) } : {}) });
  }

  private report(fields: Omit<FinishReport, 'id' | 'epoch'>): FinishReport {
    return {
      id: this.id,
      epoch: this.epoch,
      ...fields,
      ...(fields.message ? { message: message(fields.message) } : {}),
      ...(this.batch ? { batch: this.batch } : {}),
      ...this.ctx.provenance,
    };
  }

  /** Saves the decided outcome (a restarted agent delivers it) unless it came from the file, then delivers it; false if the agent exits first. */
  private async deliver(finish: FinishReport): Promise<boolean> {
    if (this.state.finish !== finish) {
      try {
        this.state.finish = finish;
        await this.dir.save(this.state);
      } catch {
        // The directory may be gone (never created); delivery does not depend on it.
      }
    }
    this.decided = true;
    // The signal lives as long as the agent: the listener goes again once the report is answered (deliver never rejects).
    const { exiting } = this.ctx;
    let onExit = (): void => undefined;
    const exited = new Promise<'exiting'>((resolve) => {
      onExit = () => resolve('exiting');
      if (exiting.aborted) onExit();
      else exiting.addEventListener('abort', onExit, { once: true });
    });
    const status = await Promise.race([this.ctx.outbox.deliver(finish), exited]);
    exiting.removeEventListener('abort', onExit);
    const level = status === 'ok' ? 'info' : 'warn';
    this.log[level]({ status, exitCode: finish.exitCode, failureReason: finish.failureReason, cancelled: finish.cancelled }, 'finish reported');
    return status !== 'exiting';
  }

  private async cleanup(): Promise<void> {
    try {
      if (this.handle !== null) await this.ctx.executor.cleanup(this.handle, this.execJob);
      await this.dir.remove();
    } catch (err) {
      this.log.warn({ err: describeError(err) }, 'cleanup incomplete');
    }
  }
}
