import type { JobRow } from '../sqlite/jobs/job-row.js';

/**
 * What a claim answers of each job it leased: what the agent is sent
 * (services/claimed-job.ts), the claim order's keys and the owner, rather
 * than all 40 columns of the row, each made into a JavaScript value.
 */
export type ClaimedRow = Pick<
  JobRow,
  | 'id'
  | 'owner'
  | 'recipe'
  | 'args'
  | 'command'
  | 'env'
  | 'settings'
  | 'sealed_secrets'
  | 'bundle'
  | 'inputs'
  | 'resources'
  | 'timeout_seconds'
  | 'agent_id'
  | 'lease_epoch'
  | 'lease_expires_at'
  | 'priority'
  | 'fair_pos'
>;

/** The columns of a `ClaimedRow`, for the claim's RETURNING. */
export const CLAIMED_COLUMNS =
  'id, owner, recipe, args, command, env, settings, sealed_secrets, bundle, inputs, resources, timeout_seconds, agent_id, lease_epoch, lease_expires_at, priority, fair_pos';
