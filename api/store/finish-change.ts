import { isRetryable, retryDelaySeconds, type FailureReason } from '../../core/failures.js';
import type { JobState } from '../../core/states.js';
import type { SetValue } from './sqlite/jobs/transition.js';
import type { JobRow, Outcome } from './store.js';

/** What an attempt's outcome makes of the job: final, or queued again for a retry, and what the attempt leaves on the row. */
export function finishChange(row: JobRow, outcome: Outcome, now: number): { to: JobState; set: Record<string, SetValue> } {
  const { to, reason } = decide(row, outcome);
  return { to, set: attemptLeaves(to, reason, outcome, row.attempts, now) };
}

/**
 * The change a success makes, which nothing on the row decides (a success ends
 * a running and a cancelling job alike): a finish can apply it at once, fenced,
 * without reading the row first. Null for any other outcome.
 */
export function successChange(outcome: Outcome, now: number): { to: 'succeeded'; set: Record<string, SetValue> } | null {
  if (outcome.cancelled || outcome.failureReason || outcome.exitCode !== 0) return null;
  return { to: 'succeeded', set: attemptLeaves('succeeded', null, outcome, 0, now) };
}

function attemptLeaves(to: JobState, reason: FailureReason | null, outcome: Outcome, attempts: number, now: number): Record<string, SetValue> {
  return {
    exit_code: outcome.exitCode,
    signal: outcome.signal ?? null,
    failure_reason: reason,
    message: outcome.message ?? null,
    lease_expires_at: null,
    ...(outcome.batch ? { batch: JSON.stringify(outcome.batch) } : {}),
    ...(to === 'queued' ? { not_before: now + retryDelaySeconds(attempts) * 1000 } : { finished_at: now }),
  };
}

function decide(row: JobRow, outcome: Outcome): { to: JobState; reason: FailureReason | null } {
  if (outcome.cancelled || (row.state === 'cancelling' && outcome.failureReason)) return { to: 'cancelled', reason: null };
  const reason = outcome.failureReason ?? (outcome.exitCode === 0 ? null : 'recipe_failed');
  if (reason === null) return { to: 'succeeded', reason: null };
  const retry = row.state === 'running' && isRetryable(reason) && row.attempts < row.max_attempts;
  return { to: retry ? 'queued' : 'failed', reason };
}
