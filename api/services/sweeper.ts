import type { Awe } from '../context.js';
import { housekeep } from './housekeeping.js';
import { LOGIN_LIMITS } from './login-limiter.js';

/** The lease row of the one replica that sweeps. */
export const SWEEPER_LEASE = 'sweeper';

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
 * that went silent as lost, age the priorities of jobs that wait long, and
 * drop sign-in failures that left their window. Expiry is judged by the lease
 * alone, so a slow sweeper can only delay a requeue, never cause a double run.
 * Every `housekeeping.intervalMs` it also runs housekeeping (retention and
 * blob collection), never two at once. A sweep still running when the next is
 * due is not overlapped: that one is skipped.
 *
 * Of several replicas only one sweeps: the holder of the `sweeper` lease in
 * the database, renewed at every pass and held for three passes, so another
 * replica takes over within three passes of the holder's death. Two sweepers
 * at once (a holder that stalled past its lease) would do no harm, since every
 * step is conditional on the rows it changes; the lease saves the work.
 */
export function startSweeper(
  awe: Awe,
  intervalMs = Math.max(500, Math.min(5000, (awe.config.leaseSeconds * 1000) / 6)),
  { intervalMs: housekeepingMs, log }: HousekeepingOptions = { intervalMs: 10 * 60_000 },
): () => Promise<void> {
  let housekeeping: Promise<void> | null = null;
  let lastHousekeeping = awe.now();
  let term: number | null = null;
  let sweeping: Promise<void> | null = null;
  const sweep = async (now: number): Promise<void> => {
    const held = await awe.store.takeLease(SWEEPER_LEASE, awe.replica, 3 * intervalMs, now);
    if (held !== term) {
      if (held === null) log?.info({ term, replica: awe.replica }, 'sweeper: another replica took the lease; this one stops sweeping');
      else log?.info({ term: held, replica: awe.replica }, 'sweeper: this replica holds the lease and sweeps');
      term = held;
    }
    if (held === null) return;
    const { queued, expired } = await awe.store.expireLeases(now);
    awe.metrics.leaseExpiries += expired;
    for (const id of queued) awe.notifier.notify(`job:${id}`);
    awe.broker.wake(queued.length);
    await awe.store.markSilentAgentsLost(3 * awe.config.leaseSeconds * 1000, now);
    await awe.store.agePriorities(now);
    await awe.store.pruneSignInFailures(now - LOGIN_LIMITS.windowMs);
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
  };
  const timer = setInterval(() => {
    if (sweeping) return;
    sweeping = sweep(awe.now())
      .catch((error: unknown) => log?.error({ err: error }, 'sweep failed; it runs again after its interval'))
      .finally(() => {
        sweeping = null;
      });
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await sweeping;
    // Handed on at once rather than after its expiry: a clean shutdown leaves no gap in sweeping.
    if (term !== null) await awe.store.releaseLease(SWEEPER_LEASE, awe.replica);
  };
}
