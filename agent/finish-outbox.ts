/**
 * Finish reports on their way to the service. A report is first sent on its
 * own; when that gets no answer it waits here and rides along with every claim
 * the poller makes (the claim body carries `finished`) until one is answered.
 * The service applies a finish idempotently, so sending one twice is harmless.
 */
import type { Logger } from 'pino';
import { AweApiError, describeError, isRetryable, isStaleLease, type AweClient, type FinishReport } from '@awe-dp/sdk';

/** `ok`: recorded; `stale`: the attempt had lost its lease; `not_found`: no such job; `rejected`: refused as invalid. */
export type FinishStatus = 'ok' | 'stale' | 'not_found' | 'rejected';

const key = (id: number, epoch: number): string => `${id}-${epoch}`;

export class FinishOutbox {
  private readonly pending = new Map<string, { report: FinishReport; settle(status: FinishStatus): void }>();
  /** Called when a report starts waiting, so the poller claims (and delivers it) even without free slots. */
  onPending: () => void = () => undefined;

  constructor(
    private readonly client: AweClient,
    private readonly log: Logger,
  ) {}

  /** Resolves once the service has answered the report, however long that takes. */
  async deliver(report: FinishReport): Promise<FinishStatus> {
    try {
      const answer = await this.client.finish(report);
      return answer.status;
    } catch (err) {
      if (isStaleLease(err)) return 'stale';
      if (err instanceof AweApiError && err.statusCode === 404) return 'not_found';
      if (!isRetryable(err)) {
        this.log.error({ jobId: report.id, err: describeError(err) }, 'the service refused the finish report');
        return 'rejected';
      }
      this.log.warn({ jobId: report.id, err: describeError(err) }, 'finish report not delivered; it goes with the next claim');
    }
    return new Promise((settle) => {
      this.pending.set(key(report.id, report.epoch), { report, settle });
      this.onPending();
    });
  }

  /** The reports still waiting for an answer. */
  waiting(): FinishReport[] {
    return [...this.pending.values()].map((entry) => entry.report);
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
}
