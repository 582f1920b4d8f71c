import type { Claimant } from '../store/sqlite/jobs/claim-jobs.js';
import type { JobRow } from '../store/sqlite/jobs/job-row.js';
import { IN_PROCESS, type ReplicaLink } from '../store/replica-link.js';

interface Waiter {
  claimant: Claimant;
  max: number;
  finish: (rows: JobRow[]) => void;
}

export type TryClaim = (claimant: Claimant, max: number) => JobRow[];

/**
 * Long-poll claims. An agent that finds nothing waits here; new work is offered
 * to waiting agents oldest first, the moment it is queued, so a submitted job
 * starts without waiting for the next poll. Each waiter also gets its answer
 * (possibly empty) when its wait runs out. New work is announced to the other
 * replicas through the link, and theirs arrives the same way; every few
 * seconds all waiters re-check, which covers retry delays running out and
 * announcements the link lost (or, without a link, all other replicas' work).
 */
export class ClaimBroker {
  private readonly waiters = new Set<Waiter>();
  private pendingWake = 0;
  private wakeScheduled = false;
  private readonly recheck: NodeJS.Timeout;

  constructor(
    private readonly tryClaim: TryClaim,
    private readonly anythingClaimable: () => boolean,
    private readonly link: ReplicaLink = IN_PROCESS,
    recheckMs = 5000,
  ) {
    this.recheck = setInterval(() => {
      if (this.waiters.size > 0 && this.anythingClaimable()) this.offer(Number.POSITIVE_INFINITY);
    }, recheckMs);
    this.recheck.unref();
  }

  get waiting(): number {
    return this.waiters.size;
  }

  async claim(claimant: Claimant, max: number, waitMs: number, signal?: AbortSignal): Promise<JobRow[]> {
    const rows = this.tryClaim(claimant, max);
    if (rows.length > 0 || waitMs <= 0 || signal?.aborted) return rows;
    return new Promise((resolve) => {
      const waiter: Waiter = {
        claimant,
        max,
        finish: (claimed) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          this.waiters.delete(waiter);
          resolve(claimed);
        },
      };
      const onAbort = (): void => waiter.finish([]);
      const timer = setTimeout(onAbort, waitMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(waiter);
    });
  }

  /** `count` jobs became claimable here (after the commit): offered to the waiters of every replica. */
  wake(count: number): void {
    if (count <= 0) return;
    this.link.publish({ work: count });
    this.offer(count);
  }

  /**
   * `count` jobs became claimable (here or on another replica): offer them to
   * this replica's waiters in arrival order. Offers are gathered until the next
   * turn of the event loop, so a burst of submissions costs one pass over the waiters.
   */
  offer(count: number): void {
    if (count <= 0 || this.waiters.size === 0) return;
    this.pendingWake += count;
    if (this.wakeScheduled) return;
    this.wakeScheduled = true;
    setImmediate(() => {
      this.wakeScheduled = false;
      let left = this.pendingWake;
      this.pendingWake = 0;
      for (const waiter of [...this.waiters]) {
        if (left <= 0) break;
        const rows = this.tryClaim(waiter.claimant, waiter.max);
        if (rows.length === 0) continue;
        left -= rows.length;
        waiter.finish(rows);
      }
    });
  }

  /** Answers every waiter now (empty) and stops the timer: for shutdown. */
  close(): void {
    clearInterval(this.recheck);
    for (const waiter of [...this.waiters]) waiter.finish([]);
  }
}
