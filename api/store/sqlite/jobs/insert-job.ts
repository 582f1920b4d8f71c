import type { Labels } from '../../../../core/labels.js';
import type { Db } from '../db.js';
import { allRows, immediate, stmt } from '../statements.js';
import { FairPositions } from './fair-share.js';
import { INSERTED_COLUMNS, type Inserted, type InsertedJob } from '../../rows/inserted-job.js';
import { initialState, JOB_COLUMNS, jobValues } from '../../job-values.js';
import { routeKey } from '../../route-key.js';
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

const ROW = `(${JOB_COLUMNS.split(',').map(() => '?').join(', ')})`;
/**
 * Rows per INSERT statement: one statement per row pays its call and binding
 * per row, and the 32 × 29 parameters stay far below SQLite's limit of 32,766.
 */
const ROWS_PER_INSERT = 32;

/** The INSERT of `count` rows, built once per count (a batch uses two: full chunks and the rest). */
const insertSql = new Map<number, string>();
function insertOf(count: number): string {
  let sql = insertSql.get(count);
  if (sql === undefined) {
    sql = `INSERT INTO jobs (${JOB_COLUMNS}) VALUES ${Array(count).fill(ROW).join(', ')} RETURNING ${INSERTED_COLUMNS}`;
    insertSql.set(count, sql);
  }
  return sql;
}

/** Inserts rows of values in statements of up to ROWS_PER_INSERT rows; answers them in the same order. */
function insertRows(db: Db, values: unknown[][]): InsertedJob[] {
  const rows: InsertedJob[] = [];
  for (let start = 0; start < values.length; start += ROWS_PER_INSERT) {
    const chunk = values.slice(start, start + ROWS_PER_INSERT);
    const params: unknown[] = [];
    for (const row of chunk) for (const value of row) params.push(value);
    // Ids are handed out in the order of the VALUES rows.
    for (const row of allRows<InsertedJob>(db, insertOf(chunk.length), params).sort((a, b) => a.id - b.id)) rows.push(row);
  }
  return rows;
}

/** The job an earlier submit of this job's owner stored under its idempotency key (single submits carry one; batches key their batch). */
function storedUnderKey(db: Db, job: NewJob): InsertedJob | undefined {
  if (job.idempotencyKey === null) return undefined;
  return stmt<[string, string], InsertedJob>(db, `SELECT ${INSERTED_COLUMNS} FROM jobs WHERE owner = ? AND idempotency_key = ?`).get(job.owner, job.idempotencyKey);
}

/** The routes of one insert's jobs, each looked up once: a batch's jobs mostly share one. */
class BatchRoutes {
  private readonly ids = new Map<string, number>();

  constructor(private readonly db: Db) {}

  of(job: NewJob): number {
    const route = { selector: job.selector, requestedNode: job.requestedNode, minMemoryMB: job.minMemoryMB, shipsCode: job.bundle !== null };
    const { key } = routeKey(route);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = routeId(this.db, route, job.now);
      this.ids.set(key, id);
    }
    return id;
  }
}

/**
 * Inserts jobs in one transaction, each `waiting` when it has dependencies (or
 * reuses another's work) and `queued` otherwise, with its dependency edges, its
 * route, its fair-share position when queued, and one more active job on its
 * owner's count. A job whose idempotency key an earlier submit used answers
 * that job instead; the keys of one call are distinct.
 * The new rows go in a few multi-row statements (insertRows). Answers in the
 * order of `jobs`.
 */
export function insertJobs(db: Db, jobs: readonly NewJob[]): Inserted[] {
  return immediate(db, () => {
    const positions = new FairPositions(db);
    const routes = new BatchRoutes(db);
    const results: Inserted[] = new Array(jobs.length);
    /** The index in `jobs` of each new row, in insert order. */
    const fresh: number[] = [];
    const values: unknown[][] = [];
    const added = new Map<string, number>();
    for (const [index, job] of jobs.entries()) {
      const before = storedUnderKey(db, job);
      if (before) {
        results[index] = { row: before, created: false };
        continue;
      }
      const route = routes.of(job);
      const state = initialState(job);
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
