/**
 * The claim loop. It asks for as many jobs as there are free slots (a slot is
 * free once its attempt's outcome is decided) and carries the finish reports
 * waiting in the outbox, so a busy agent reports a batch of finished jobs and
 * takes their replacements in one request. A claim that carries reports, or
 * follows an answer that brought every job asked for (more are likely queued),
 * does not wait; otherwise it is held open (long poll) so the service answers
 * the moment work arrives, and reports decided meanwhile go on their own.
 * It never runs a job itself: claimed jobs go to `onJobs`.
 *
 * Errors back off with full jitter (0.5 s doubling up to 30 s) and the backoff
 * resets after an answer. Draining, whether asked for here (a signal) or by the
 * service (an admin), means no new jobs; reports are still delivered.
 */
import type { Logger } from 'pino';
import { Backoff, describeError, isRetryable, pause, type AweClient, type ClaimedJob, type FinishReport } from '@awe-dp/sdk';
import type { ContentReport } from './content-report.js';
import type { FinishOutbox } from './finish-outbox.js';

export interface PollerOptions {
  client: AweClient;
  outbox: FinishOutbox;
  /** What the node holds, sent with a claim when it changed (locality). */
  content: Pick<ContentReport, 'next' | 'taken'>;
  maxWaitSeconds: number;
  freeSlots(): number;
  onJobs(jobs: ClaimedJob[]): void;
  /** A claim ended (answered or not). */
  onClaimEnd(): void;
  log: Logger;
}

/** Idle with nothing to ask for: sleep until woken (a slot frees up, a report waits, a stop). */
const IDLE_MS = 3_600_000;

export class Poller {
  private draining = false;
  private serviceDraining = false;
  private stopped = false;
  private claim: AbortController | null = null;
  /** The claim on its way waits for work (waitSeconds > 0). */
  private longPoll = false;
  /** The last answer brought every job asked for: the next claim does not wait. */
  private more = false;
  private wakeup = new AbortController();
  private readonly backoff = new Backoff(500, 30_000);
  private failures = 0;

  constructor(private readonly options: PollerOptions) {
    options.outbox.onPending = () => this.wake();
    options.outbox.longPolling = () => this.longPoll;
  }

  /** A claim is on its way: its answer may still bring jobs. */
  get claiming(): boolean {
    return this.claim !== null;
  }

  /** Something changed (a slot freed, a report waits): look again now. */
  wake(): void {
    this.wakeup.abort();
  }

  /**
   * No more new jobs. A long poll is given up so the agent can stop without
   * waiting for it; a claim that does not wait is answered soon, and the jobs
   * it brings are leased to this agent, so it is not cut off.
   */
  drain(): void {
    this.draining = true;
    if (this.longPoll) this.claim?.abort();
    this.wake();
  }

  /** Ends the loop at once, giving up any claim on its way. */
  stop(): void {
    this.stopped = true;
    this.drain();
    this.claim?.abort();
  }

  /** The service's word (also from heartbeats): an admin drains this agent. */
  setServiceDraining(draining: boolean): void {
    if (draining === this.serviceDraining) return;
    this.serviceDraining = draining;
    this.options.log.info(draining ? 'the service drains this agent: no new jobs' : 'the service takes this agent back: claiming again');
    if (!draining) this.wake();
  }

  async run(): Promise<void> {
    const { client, outbox, log } = this.options;
    while (!this.stopped) {
      const take = this.draining ? 0 : this.options.freeSlots();
      if (take === 0 && outbox.waiting().length === 0) {
        await this.sleep(IDLE_MS);
        continue;
      }
      this.claim = new AbortController();
      let finished: FinishReport[] = [];
      let pauseMs = 0;
      try {
        // Only a claim that takes jobs is placed by it. A service of the previous release refuses the field: upgrade services first.
        const contentFilter = take > 0 ? await this.options.content.next() : undefined;
        // Read after the await and marked before the next: a report decided in between goes with this claim or on its own, never behind a long poll.
        finished = outbox.waiting();
        const maxJobs = this.draining ? 0 : take;
        const waitSeconds = maxJobs > 0 && finished.length === 0 && !this.more && !this.serviceDraining ? this.options.maxWaitSeconds : 0;
        this.longPoll = waitSeconds > 0;
        const answer = await client.claim(
          {
            maxJobs,
            waitSeconds,
            ...(finished.length ? { finished } : {}),
            ...(contentFilter !== undefined ? { contentFilter } : {}),
          },
          this.claim.signal,
        );
        if (contentFilter !== undefined) this.options.content.taken(contentFilter);
        if (this.failures > 0) log.info('the service answers again');
        this.failures = 0;
        this.backoff.reset();
        this.more = maxJobs > 0 && answer.jobs.length >= maxJobs;
        outbox.settle(answer.finished);
        // Jobs that come back are leased to us even if we started draining meanwhile: run them.
        if (answer.jobs.length > 0) this.options.onJobs(answer.jobs);
        this.setServiceDraining(answer.draining);
        // Asked again after a while: an admin may take the agent back.
        if (answer.draining) pauseMs = this.options.maxWaitSeconds * 1000;
      } catch (err) {
        this.more = false;
        if (!this.claim.signal.aborted) {
          // Refused as a whole, not unanswered: the reports it carried go on their own, so only a bad one is rejected.
          if (finished.length > 0 && !isRetryable(err)) outbox.refused(finished);
          this.failures++;
          pauseMs = this.backoff.next();
          const fields = { err: describeError(err), retryInMs: Math.round(pauseMs), failures: this.failures };
          if (this.failures === 1 || this.failures % 10 === 0) log.warn(fields, 'claim failed');
          else log.debug(fields, 'claim failed');
        }
      } finally {
        this.claim = null;
        this.longPoll = false;
        this.options.onClaimEnd();
      }
      if (pauseMs > 0) await this.sleep(pauseMs);
    }
  }

  private async sleep(ms: number): Promise<void> {
    await pause(ms, this.wakeup.signal);
    if (this.wakeup.signal.aborted) this.wakeup = new AbortController();
  }
}
