import type { Awe } from '../context.js';
import { agePriorities } from '../store/sqlite/jobs/age-priorities.js';
import { expireLeases, markSilentAgentsLost } from '../store/sqlite/jobs/expire-leases.js';
import { housekeep } from './housekeeping.js';

export interface HousekeepingOptions {
  /** Retention and blob collection read the whole blob store: every ten minutes is often enough for days and hours. */
  intervalMs: number;
  log?: {
    info(details: object, message: string): void;
    error(details: object, message: string): void;
  };
}

/**
 * Every few seconds: requeue or fail jobs whose lease ran out, mark agents
 * that went silent as lost, and age the priorities of jobs that wait long.
 * Expiry is judged by the lease alone, so a slow sweeper can only delay a
 * requeue, never cause a double run. Every `housekeeping.intervalMs` it also
 * runs housekeeping (retention and blob collection), never two at once.
 */
export function startSweeper(
  awe: Awe,
  intervalMs = Math.max(500, Math.min(5000, (awe.config.leaseSeconds * 1000) / 6)),
  { intervalMs: housekeepingMs, log }: HousekeepingOptions = { intervalMs: 10 * 60_000 },
): () => void {
  let housekeeping: Promise<void> | null = null;
  let lastHousekeeping = awe.now();
  const timer = setInterval(() => {
    const now = awe.now();
    const { queued, expired } = expireLeases(awe.db, now);
    awe.metrics.leaseExpiries += expired;
    for (const id of queued) awe.notifier.notify(`job:${id}`);
    awe.broker.wake(queued.length);
    markSilentAgentsLost(awe.db, 3 * awe.config.leaseSeconds * 1000, now);
    agePriorities(awe.db, now);
    if (housekeeping === null && now - lastHousekeeping >= housekeepingMs) {
      lastHousekeeping = now;
      housekeeping = housekeep(awe)
        .then((done) => {
          if (done.expiredJobs + done.collectedBlobs > 0) log?.info(done, 'housekeeping: expired job logs and outputs, collected blobs');
        })
        .catch((error: unknown) => log?.error({ err: error }, 'housekeeping failed; it runs again after its interval'))
        .finally(() => {
          housekeeping = null;
        });
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
