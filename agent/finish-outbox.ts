/**
 * Finish reports on their way to the service. A report waits here for the
 * poller's next claim, which carries it (`finished`) and asks for a job for
 * the slot it freed, so a busy agent reports and takes more in one request.
 * Only while the poller holds a long poll, which may not be answered for up
 * to `maxWaitSeconds`, is a report sent on its own; when that gets no answer,
 * it waits here too. The service applies a finish idempotently, so sending one
 * twice is harmless.
 */
import type { Logger } from 'pino';
import { AweApiError, describeError, isRetryable, isStaleLease, type AweClient, type FinishReport } from '@awe-dp/sdk';

/** `ok`: recorded; `stale`: the attempt had lost its lease; `not_found`: no such job; `rejected`: refused as invalid. */
export type FinishStatus = 'ok' | 'stale' | 'not_found' | 'rejected';

/** The most reports one claim may carry (the claim body's limit). */
const MAX_CARRIED = 256;

interface Entry {
  report: FinishReport;
  settle(status: FinishStatus): void;
}

const key = (id: number, epoch: number): string => `${id}-${epoch}`;

export class FinishOutbox {
  private readonly pending = new Map<string, Entry>();
  /** Called when a report starts waiting, so the poller claims (and delivers it) even without free slots. */
  onPending: () => void = () => undefined;
  /**
   * Set by the poller: whether it holds a long poll now, behind which a report
   * waiting for the next claim would wait. Until a poller is there (the
   * reports a previous run left, delivered at start), reports go on their own.
   */
  longPolling: () => boolean = () => true;

  constructor(
    private readonly client: AweClient,
    private readonly log: Logger,
  ) {}

  /** Resolves once the service has answered the report, however long that takes. */
  deliver(report: FinishReport): Promise<FinishStatus> {
    return new Promise((settle) => {
      const entry = { report, settle };
      if (this.longPolling()) void this.send(entry);
      else this.wait(entry);
    });
  }

  /** The reports the next claim carries. */
  waiting(): FinishReport[] {
    return [...this.pending.values()].slice(0, MAX_CARRIED).map((entry) => entry.report);
  }

  /** The service's answers from a claim. */
  settle(results: ReadonlyArray<{ id: number; epoch: number; status: 'ok' | 'stale' | 'not_found' }>): void {
    for (const result of results) {
      const entry = this.pending.get(key(result.id, result.epoch));
      if (!entry) continue;
      this.pending.delete(key(result.id, result.epoch));
      entry.settle(result.status);
    }
  }

  /**
   * A claim carrying these reports was refused as a whole (one of them
   * invalid, say): each is sent on its own, so only a bad one is rejected and
   * the others do not hold every later claim up.
   */
  refused(reports: readonly FinishReport[]): void {
    for (const report of reports) {
      const entry = this.pending.get(key(report.id, report.epoch));
      if (!entry) continue;
      this.pending.delete(key(report.id, report.epoch));
      void this.send(entry);
    }
  }

  private wait(entry: Entry): void {
    this.pending.set(key(entry.report.id, entry.report.epoch), entry);
    this.onPending();
  }

  private async send(entry: Entry): Promise<void> {
    const { report } = entry;
    try {
      const answer = await this.client.finish(report);
      entry.settle(answer.status);
    } catch (err) {
      if (isStaleLease(err)) entry.settle('stale');
      else if (err instanceof AweApiError && err.statusCode === 404) entry.settle('not_found');
      else if (!isRetryable(err)) {
        this.log.error({ jobId: report.id, err: describeError(err) }, 'the service refused the finish report');
        entry.settle('rejected');
      } else {
        this.log.warn({ jobId: report.id, err: describeError(err) }, 'finish report not delivered; it goes with the next claim');
        this.wait(entry);
      }
    }
  }
}
