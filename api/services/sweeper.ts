import type { Awe } from '../context.js';
import { agePriorities } from '../store/jobs/age-priorities.js';
import { expireLeases, markSilentAgentsLost } from '../store/jobs/expire-leases.js';

/**
 * Every few seconds: requeue or fail jobs whose lease ran out, mark agents
 * that went silent as lost, and age the priorities of jobs that wait long.
 * Expiry is judged by the lease alone, so a slow sweeper can only delay a
 * requeue, never cause a double run.
 */
export function startSweeper(awe: Awe, intervalMs = Math.max(500, Math.min(5000, (awe.config.leaseSeconds * 1000) / 6))): () => void {
  const timer = setInterval(() => {
    const now = awe.now();
    const { queued, expired } = expireLeases(awe.db, now);
    awe.metrics.leaseExpiries += expired;
    for (const id of queued) awe.notifier.notify(`job:${id}`);
    awe.broker.wake(queued.length);
    markSilentAgentsLost(awe.db, 3 * awe.config.leaseSeconds * 1000, now);
    agePriorities(awe.db, now);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
