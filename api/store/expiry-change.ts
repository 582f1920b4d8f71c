import type { JobState } from '../../core/states.js';
import type { SetValue } from './sqlite/jobs/transition.js';
import type { JobRow } from './store.js';

/**
 * What an expired lease makes of the job: its attempt is `lost`, the job queued
 * again if attempts are left, else failed; a job whose cancel was pending is cancelled.
 */
export function expiryChange(row: JobRow, now: number): { to: JobState; set: Record<string, SetValue> } {
  const message = `lease expired on agent ${row.agent_id} (attempt ${row.attempts})`;
  const [to, set]: [JobState, Record<string, SetValue>] =
    row.state === 'cancelling'
      ? ['cancelled', { finished_at: now, message }]
      : row.attempts < row.max_attempts
        ? ['queued', { failure_reason: 'lost', message: `${message}; requeued` }]
        : ['failed', { failure_reason: 'lost', message, finished_at: now }];
  return { to, set: { ...set, lease_expires_at: null } };
}
