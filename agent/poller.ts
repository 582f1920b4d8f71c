/**
 * The claim loop. It asks for as many jobs as there are free slots, holding
 * the request open (long poll) so the service answers the moment work
 * arrives; finish reports that could not be sent on their own ride along in
 * the same request. It never runs a job itself: claimed jobs go to `onJobs`.
 *
 * Errors back off with full jitter (0.5 s doubling up to 30 s) and the backoff
 * resets after an answer. Draining, whether asked for here (a signal) or by the
 * service (an admin), means no new jobs; reports are still delivered.
 */
import type { Logger } from 'pino';
import { Backoff, describeError, pause, type AweClient, type ClaimedJob } from '@awe-dp/sdk';
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
  log: Logger;
}

/** Idle with nothing to ask for: sleep until woken (a slot frees up, a report waits, a stop). */
const IDLE_MS = 3_600_000;

export class Poller {
  private draining = false;
  private serviceDraining = false;
  private stopped = false;
  private claim: AbortController | null = null;
  private wakeup = new AbortController();
  private readonly backoff = new Backoff(500, 30_000);
  private failures = 0;

  constructor(private readonly options: PollerOptions) {
    options.outbox.onPending = () => this.wake();
  }

  /** Something changed (a slot freed, a report waits): look again now. */
  wake(): void {
    this.wakeup.abort();
  }

  /** No more new jobs; an open claim is given up so the agent can stop without waiting for it. */
  drain(): void {
    this.draining = true;
    this.claim?.abort();
    this.wake();
  }

  /** Ends the loop. */
  stop(): void {
    this.stopped = true;
    this.drain();
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
      const finished = outbox.waiting();
      const take = this.draining ? 0 : this.options.freeSlots();
      if (take === 0 && finished.length === 0) {
        await this.sleep(IDLE_MS);
        continue;
      }
      this.claim = new AbortController();
      try {
        // Only a claim that takes jobs is placed by it. A service of the previous release refuses the field: upgrade services first.
        const contentFilter = take > 0 ? await this.options.content.next() : undefined;
        const answer = await client.claim(
          {
            maxJobs: take,
            waitSeconds: take > 0 && !this.serviceDraining ? this.options.maxWaitSeconds : 0,
            ...(finished.length ? { finished } : {}),
            ...(contentFilter !== undefined ? { contentFilter } : {}),
          },
          this.claim.signal,
        );
        if (contentFilter !== undefined) this.options.content.taken(contentFilter);
        if (this.failures > 0) log.info('the service answers again');
        this.failures = 0;
        this.backoff.reset();
        outbox.settle(answer.finished);
        // Jobs that come back are leased to us even if we started draining meanwhile: run them.
        if (answer.jobs.length > 0) this.options.onJobs(answer.jobs);
        this.setServiceDraining(answer.draining);
        // Asked again after a while: an admin may take the agent back.
        if (answer.draining) await this.sleep(this.options.maxWaitSeconds * 1000);
      } catch (err) {
        if (this.claim.signal.aborted) continue;
        this.failures++;
        const wait = this.backoff.next();
        const fields = { err: describeError(err), retryInMs: Math.round(wait), failures: this.failures };
        if (this.failures === 1 || this.failures % 10 === 0) log.warn(fields, 'claim failed');
        else log.debug(fields, 'claim failed');
        await this.sleep(wait);
      } finally {
        this.claim = null;
      }
    }
  }

  private async sleep(ms: number): Promise<void> {
    await pause(ms, this.wakeup.signal);
    if (this.wakeup.signal.aborted) this.wakeup = new AbortController();
  }
}
