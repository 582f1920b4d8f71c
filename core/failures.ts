/**
 * The closed list of reasons a job can fail, and what each means for a retry.
 * Decided here once so that the service, the agent and the CLI agree.
 */
export const FAILURE_REASONS = [
  'recipe_failed', // the recipe ran and exited non-zero: the user's to fix
  'system_failure', // the node or executor broke (spawn error, batch system error, lost exit code)
  'bundle_error', // the code bundle or an input could not be fetched or materialized
  'timeout', // the recipe ran past its time limit and was stopped
  'lost', // the lease expired with no attempts left: the agent vanished
  'dependency_failed', // a job named in `after` failed or was cancelled
] as const;

export type FailureReason = (typeof FAILURE_REASONS)[number];

/** Whether a failure for this reason is worth another attempt, if attempts are left. */
const RETRYABLE: Readonly<Record<FailureReason, boolean>> = {
  recipe_failed: false,
  system_failure: true,
  bundle_error: true,
  timeout: false,
  lost: true,
  dependency_failed: false,
};

export function isRetryable(reason: FailureReason): boolean {
  return RETRYABLE[reason];
}

/** Delay before attempt `attempt + 1` after a retryable failure: 5 s, 10 s, 20 s … capped at 5 min. */
export function retryDelaySeconds(attempt: number): number {
  return Math.min(300, 5 * 2 ** Math.max(0, attempt - 1));
}
