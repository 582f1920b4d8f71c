import type { NewJob } from './sqlite/jobs/insert-job.js';

const json = (value: unknown): string => JSON.stringify(value);

/** The columns a new job's row fills, both back ends, in the order of `jobValues`. */
export const JOB_COLUMNS = `owner, recipe, args, params, command, requested_node, selector, route_rule, min_memory_mb,
  resources, bundle, env, settings, sealed_secrets, inputs, priority, asked_priority, timeout_seconds, max_attempts,
  state, idempotency_key, created_at, route_id, fair_pos, submit_batch, rerun_of, rerun_changes, reuse_key, reused_from`;

/** The state a new job starts in: `waiting` for its parents or for the work it reuses, else `queued`. */
export const initialState = (job: NewJob): 'queued' | 'waiting' => (job.after.length > 0 || job.reusedFrom != null ? 'waiting' : 'queued');

/** A new job's row, JSON columns written out, with what the insert decided: its state, route and fair position. */
export function jobValues(job: NewJob, state: 'queued' | 'waiting', routeId: number, fairPos: number): unknown[] {
  return [
    job.owner,
    job.recipe,
    json(job.args),
    job.params === null ? null : json(job.params),
    json(job.command),
    job.requestedNode,
    json(job.selector),
    job.routeRule,
    job.minMemoryMB,
    json(job.resources),
    job.bundle,
    json(job.env),
    json(job.settings),
    job.sealedSecrets,
    json(job.inputs),
    job.priority,
    job.priority,
    job.timeoutSeconds,
    job.maxAttempts,
    state,
    job.idempotencyKey,
    job.now,
    routeId,
    fairPos,
    job.submitBatch ?? null,
    job.rerunOf ?? null,
    job.rerunChanges ? json(job.rerunChanges) : null,
    job.reuseKey ?? null,
    job.reusedFrom ?? null,
  ];
}
