import type { Labels } from '../../../../core/labels.js';
import type { Db } from '../db.js';
import { immediate, json, stmt } from '../statements.js';
import { FairPositions } from './fair-share.js';
import { INSERTED_COLUMNS, type InsertedJob } from '../../rows/inserted-job.js';
import { JOB_COLUMNS, jobValues } from '../../job-values.js';
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

export type Inserted = { row: InsertedJob; created: boolean };

const ROW = `(${JOB_COLUMNS.split(',').map(() => '?').join(', ')})`;
/**
 * Rows per INSERT statement. Binding each row's thirty values one statement at
 * a time cost more than the insert itself, and reading them out of one JSON
 * document per batch (json_each) about as much; a few dozen rows of plain
 * parameters per statement cost SQLite little more than the rows themselves.
 */
const ROWS_PER_INSERT = 32;

/** Inserts rows of values in statements of up to ROWS_PER_INSERT rows; answers them in the same order. */
function insertRows(db: Db, values: unknown[][]): InsertedJob[] {
  const rows: InsertedJob[] = [];
  for (let start = 0; start < values.length; start += ROWS_PER_INSERT) {
    const chunk = values.slice(start, start + ROWS_PER_INSERT);
    const sql = `INSERT INTO jobs (${JOB_COLUMNS}) VALUES ${Array(chunk.length).fill(ROW).join(', ')} RETURNING ${INSERTED_COLUMNS}`;
    // Ids are handed out in the order of the VALUES rows.
    rows.push(...stmt<unknown[], InsertedJob>(db, sql).all(chunk.flat()).sort((a, b) => a.id - b.id));
  }
  return rows;
}

/** The jobs earlier submits stored under these jobs' idempotency keys, by owner and key. */
function storedByKey(db: Db, jobs: readonly NewJob[]): Map<string, InsertedJob> {
  const keys = new Map<string, string[]>();
  for (const job of jobs) {
    if (job.idempotencyKey === null) continue;
    const list = keys.get(job.owner) ?? [];
    list.push(job.idempotencyKey);
    keys.set(job.owner, list);
  }
  const found = new Map<string, InsertedJob>();
  for (const [owner, list] of keys) {
    const rows = stmt<[string, string], InsertedJob & { idempotency_key: string }>(
      db,
      `SELECT ${INSERTED_COLUMNS}, idempotency_key FROM jobs WHERE owner = ? AND idempotency_key IN (SELECT value FROM json_each(?))`,
    ).all(owner, json(list));
    for (const { idempotency_key: key, ...row } of rows) found.set(JSON.stringify([owner, key]), row);
  }
  return found;
}

/**
 * Inserts jobs in one transaction, each `waiting` when it has dependencies (or
 * reuses another's work) and `queued` otherwise, with its dependency edges, its
 * route, its fair-share position when queued, and one more active job on its
 * owner's count. A job whose idempotency key an earlier submit (or an earlier
 * job of this call) used answers that job instead. The new rows go in a few
 * multi-row statements (insertRows). Answers in the order of `jobs`.
 */
export function insertJobs(db: Db, jobs: readonly NewJob[]): Inserted[] {
  return immediate(db, () => {
    const stored = storedByKey(db, jobs);
    const positions = new FairPositions(db);
    const results: Inserted[] = new Array(jobs.length);
    /** The index in `jobs` of each new row, in insert order, and the index of the new job a repeated key answers. */
    const fresh: number[] = [];
    const repeats = new Map<number, number>();
    const firstWithKey = new Map<string, number>();
    const values: unknown[][] = [];
    const added = new Map<string, number>();
    for (const [index, job] of jobs.entries()) {
      const keyed = job.idempotencyKey === null ? null : JSON.stringify([job.owner, job.idempotencyKey]);
      const before = keyed === null ? undefined : stored.get(keyed);
      if (before) {
        results[index] = { row: before, created: false };
        continue;
      }
      if (keyed !== null) {
        const first = firstWithKey.get(keyed);
        if (first !== undefined) {
          repeats.set(index, first);
          continue;
        }
        firstWithKey.set(keyed, index);
      }
      const route = routeId(db, { selector: job.selector, requestedNode: job.requestedNode, minMemoryMB: job.minMemoryMB, shipsCode: job.bundle !== null }, job.now);
      const state = job.after.length > 0 || job.reusedFrom ? 'waiting' : 'queued';
      fresh.push(index);
      added.set(job.owner, (added.get(job.owner) ?? 0) + 1);
      // A waiting job takes its place in line when its parents let it queue (settle-dependents).
      values.push(jobValues(job, state, route, state === 'queued' ? positions.take(route, job.owner, job.priority) : 0));
    }
    if (fresh.length > 0) {
      const rows = insertRows(db, values);
      const edge = stmt(db, 'INSERT OR IGNORE INTO job_deps (job_id, parent_id) VALUES (?, ?)');
      for (const [n, index] of fresh.entries()) {
        results[index] = { row: rows[n], created: true };
        for (const parent of jobs[index].after) edge.run(rows[n].id, parent);
      }
    }
    for (const [index, first] of repeats) results[index] = { row: results[first].row, created: false };
    positions.record();
    const count = stmt<[number, string]>(db, 'UPDATE users SET active_jobs = active_jobs + ? WHERE username = ?');
    for (const [owner, n] of added) count.run(n, owner);
    return results;
  });
}

/** One job: `insertJobs` of one. */
export function insertJob(db: Db, job: NewJob): Inserted {
  return insertJobs(db, [job])[0];
}
