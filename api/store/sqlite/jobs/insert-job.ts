import type { Labels } from '../../../../core/labels.js';
import type { Db } from '../db.js';
import { immediate, json, stmt } from '../statements.js';
import { takeFairPosition } from './fair-share.js';
import { INSERTED_COLUMNS, type InsertedJob } from '../../rows/inserted-job.js';
import { routeId } from './routes.js';

export interface NewJob {
  owner: string;
  recipe: string;
  args: string[];
  /** The named values args were made from, when the submit gave them. */
  params: Record<string, unknown> | null;
  command: string[];
  requestedNode: string | null;
  selector: Labels;
  routeRule: string;
  minMemoryMB: number | null;
  resources: Record<string, unknown>;
  bundle: string | null;
  env: Record<string, string>;
  settings: Record<string, string>;
  sealedSecrets: string | null;
  inputs: Array<{ job: number; path: string }>;
  priority: number;
  timeoutSeconds: number | null;
  maxAttempts: number;
  after: number[];
  idempotencyKey: string | null;
  /** The batch it was submitted in, the job it reruns and what it changed. */
  submitBatch?: number | null;
  rerunOf?: number | null;
  rerunChanges?: string[] | null;
  /** Its reuse key, and the identical job whose work it takes (it then starts `waiting`, settled by settleReuse). */
  reuseKey?: string | null;
  reusedFrom?: number | null;
  now: number;
}

/**
 * Inserts a job, `waiting` when it has dependencies and `queued` otherwise, with
 * its dependency edges, its route, its fair-share position when queued, and one
 * more active job on its owner's count, in one transaction. A retried submit
 * with the same idempotency key returns the job the first one created.
 */
export function insertJob(db: Db, job: NewJob): { row: InsertedJob; created: boolean } {
  return immediate(db, () => {
    if (job.idempotencyKey !== null) {
      const existing = stmt<[string, string], InsertedJob>(
        db,
        `SELECT ${INSERTED_COLUMNS} FROM jobs WHERE owner = ? AND idempotency_key = ?`,
      ).get(job.owner, job.idempotencyKey);
      if (existing) return { row: existing, created: false };
    }
    const route = routeId(db, { selector: job.selector, requestedNode: job.requestedNode, minMemoryMB: job.minMemoryMB, shipsCode: job.bundle !== null }, job.now);
    const state = job.after.length > 0 || job.reusedFrom ? 'waiting' : 'queued';
    const row = stmt<[Record<string, unknown>], InsertedJob>(
      db,
      `INSERT INTO jobs (owner, recipe, args, params, command, requested_node, selector, route_rule, min_memory_mb,
         resources, bundle, env, settings, sealed_secrets, inputs, priority, asked_priority, timeout_seconds, max_attempts,
         state, idempotency_key, created_at, route_id, fair_pos, submit_batch, rerun_of, rerun_changes,
         reuse_key, reused_from)
       VALUES (@owner, @recipe, @args, @params, @command, @requestedNode, @selector, @routeRule, @minMemoryMB,
         @resources, @bundle, @env, @settings, @sealedSecrets, @inputs, @priority, @priority, @timeoutSeconds, @maxAttempts,
         @state, @idempotencyKey, @now, @route, @fairPos, @submitBatch, @rerunOf, @rerunChanges,
         @reuseKey, @reusedFrom)
       RETURNING ${INSERTED_COLUMNS}`,
    ).get({
      ...job,
      args: json(job.args),
      params: job.params === null ? null : json(job.params),
      command: json(job.command),
      selector: json(job.selector),
      resources: json(job.resources),
      env: json(job.env),
      settings: json(job.settings),
      inputs: json(job.inputs),
      submitBatch: job.submitBatch ?? null,
      rerunOf: job.rerunOf ?? null,
      rerunChanges: job.rerunChanges ? json(job.rerunChanges) : null,
      reuseKey: job.reuseKey ?? null,
      reusedFrom: job.reusedFrom ?? null,
      state,
      route,
      // A waiting job takes its place in line when its parents let it queue (settle-dependents).
      fairPos: state === 'queued' ? takeFairPosition(db, route, job.owner, job.priority) : 0,
    }) as InsertedJob;
    stmt(db, 'UPDATE users SET active_jobs = active_jobs + 1 WHERE username = ?').run(job.owner);
    const edge = stmt(db, 'INSERT OR IGNORE INTO job_deps (job_id, parent_id) VALUES (?, ?)');
    for (const parent of job.after) edge.run(row.id, parent);
    return { row, created: true };
  });
}
