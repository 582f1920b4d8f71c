import type { Awe } from '../context.js';
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
 * runs housekeeping (retention and blob collection), never two at once. A
 * sweep still running when the next is due is not overlapped: that one is skipped.
 */
export function startSweeper(
  awe: Awe,
  intervalMs = Math.max(500, Math.min(5000, (awe.config.leaseSeconds * 1000) / 6)),
  { intervalMs: housekeepingMs, log }: HousekeepingOptions = { intervalMs: 10 * 60_000 },
): () => void {
  let housekeeping: Promise<void> | null = null;
  let lastHousekeeping = awe.now();
  let sweeping = false;
  const sweep = async (now: number): Promise<void> => {
    const { queued, expired } = await awe.store.expireLeases(now);
    awe.metrics.leaseExpiries += expired;
    for (const id of queued) awe.notifier.notify(`job:${id}`);
    awe.broker.wake(queued.length);
    await awe.store.markSilentAgentsLost(3 * awe.config.leaseSeconds * 1000, now);
    await awe.store.agePriorities(now);
  };
  const timer = setInterval(() => {
    const now = awe.now();
    if (!sweeping) {
      sweeping = true;
      sweep(now)
        .catch((error: unknown) => log?.error({ err: error }, 'sweep failed; it runs again after its interval'))
        .finally(() => {
          sweeping = false;
        });
    }
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
