/**
 * The queue's own store functions without HTTP: what SQLite alone allows on this
 * machine, the ceiling for the service's claim path.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { insertAgent } from '../../api/store/sqlite/agents.js';
import { DEFAULTS } from '../../api/config.js';
import { openDatabase, type Db } from '../../api/store/sqlite/db.js';
import { claimJobs, type Claimant } from '../../api/store/sqlite/jobs/claim-jobs.js';
import { finishJob } from '../../api/store/sqlite/jobs/finish-job.js';
import { insertJob } from '../../api/store/sqlite/jobs/insert-job.js';
import type { JobRow } from '../../api/store/sqlite/jobs/job-row.js';
import { NOOP_RECIPE } from './fleet.js';
import { UNBOUNDED } from '../../core/bounds.js';

export const LEASE_MS = 60_000;

export interface TempDb {
  db: Db;
  dir: string;
  close(): void;
}

/** A fresh database with the service's migrations and pragmas, in a temporary directory. */
export function tempDb(): TempDb {
  const dir = mkdtempSync(join(tmpdir(), 'awe-bench-db-'));
  const db = openDatabase(join(dir, 'awe.db'));
  return {
    db,
    dir,
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function addClaimants(db: Db, count: number, slots: number): Claimant[] {
  return Array.from({ length: count }, (_, i) => {
    const name = `ceiling${i}`;
    const offer = { name, labels: {}, site: null, memoryMB: null, isolation: 'none', trustUserCode: false } as const;
    const agentId = insertAgent(db, { ...offer, slots, executor: 'local', secretHash: 'x', bound: UNBOUNDED }, Date.now());
    return { ...offer, agentId };
  });
}

/** One job as a submit stores it: insertJob, its own transaction. */
export function insertNoop(db: Db, i: number): void {
  insertJob(db, {
    owner: 'admin',
    recipe: NOOP_RECIPE,
    args: [String(i)],
    params: null,
    command: ['true'],
    requestedNode: null,
    selector: {},
    routeRule: '',
    minMemoryMB: null,
    resources: {},
    bundle: null,
    env: {},
    settings: {},
    sealedSecrets: null,
    inputs: [],
    priority: 0,
    timeoutSeconds: null,
    maxAttempts: 1,
    after: [],
    idempotencyKey: null,
    now: Date.now(),
  });
}

/** Finishes a claimed job with exit 0, as the claim route does with a finish report. */
export const finishOk = (db: Db, agent: Claimant, row: JobRow): void => {
  finishJob(db, row.id, { agentId: agent.agentId, epoch: row.lease_epoch }, { exitCode: 0 }, Date.now());
};

/**
 * Agents take turns: each reports the jobs it finished last turn and claims up
 * to `slots` more, until `total` jobs were finished. With `oneTransaction` the
 * finishes and the claim of a turn commit together (what a claim request with
 * `finished` could do); without, each finish and the claim commit separately
 * (what the claim route does today). Answers the elapsed milliseconds.
 */
export function drainInProcess(db: Db, agents: Claimant[], slots: number, total: number, oneTransaction: boolean): number {
  const held = agents.map((): JobRow[] => []);
  let finished = 0;
  const start = performance.now();
  const turn = (i: number): JobRow[] => {
    for (const row of held[i]) finishOk(db, agents[i], row);
    finished += held[i].length;
    return claimJobs(db, agents[i], slots, LEASE_MS, DEFAULTS.localityWaitSeconds * 1000, Date.now());
  };
  const wrapped = db.transaction(turn);
  while (finished < total) {
    for (let i = 0; i < agents.length && finished < total; i++) held[i] = oneTransaction ? wrapped.immediate(i) : turn(i);
    if (finished < total && held.every((rows) => rows.length === 0)) throw new Error(`the queue ran dry after ${finished} of ${total} jobs`);
  }
  return performance.now() - start;
}
