import t from 'tap';
import type { Sql } from '../../../api/store/postgres/sql.js';
import * as pgAge from '../../../api/store/postgres/jobs/age-priorities.js';
import * as pgAppend from '../../../api/store/postgres/jobs/append-log.js';
import * as pgAttempts from '../../../api/store/postgres/jobs/attempts.js';
import * as pgBatches from '../../../api/store/postgres/jobs/batches.js';
import * as pgCancel from '../../../api/store/postgres/jobs/cancel-job.js';
import * as pgClaim from '../../../api/store/postgres/jobs/claim-jobs.js';
import * as pgExpireJobs from '../../../api/store/postgres/jobs/expire-jobs.js';
import * as pgExpireLeases from '../../../api/store/postgres/jobs/expire-leases.js';
import * as pgFair from '../../../api/store/postgres/jobs/fair-share.js';
import * as pgFinish from '../../../api/store/postgres/jobs/finish-job.js';
import * as pgInsert from '../../../api/store/postgres/jobs/insert-job.js';
import * as pgLineage from '../../../api/store/postgres/jobs/lineage.js';
import * as pgRow from '../../../api/store/postgres/jobs/job-row.js';
import * as pgList from '../../../api/store/postgres/jobs/list-jobs.js';
import * as pgQueue from '../../../api/store/postgres/jobs/route-head.js';
import * as pgReadLog from '../../../api/store/postgres/jobs/read-log.js';
import * as pgRenew from '../../../api/store/postgres/jobs/renew-leases.js';
import * as pgRoutes from '../../../api/store/postgres/jobs/routes.js';
import * as pgSettle from '../../../api/store/postgres/jobs/settle-dependents.js';
import * as pgTransition from '../../../api/store/postgres/jobs/transition.js';
import { openDatabase, type Db } from '../../../api/store/sqlite/db.js';
import * as sqAge from '../../../api/store/sqlite/jobs/age-priorities.js';
import * as sqAppend from '../../../api/store/sqlite/jobs/append-log.js';
import * as sqAttempts from '../../../api/store/sqlite/jobs/attempts.js';
import * as sqBatches from '../../../api/store/sqlite/jobs/batches.js';
import * as sqCancel from '../../../api/store/sqlite/jobs/cancel-job.js';
import * as sqClaim from '../../../api/store/sqlite/jobs/claim-jobs.js';
import * as sqExpireJobs from '../../../api/store/sqlite/jobs/expire-jobs.js';
import * as sqExpireLeases from '../../../api/store/sqlite/jobs/expire-leases.js';
import * as sqFair from '../../../api/store/sqlite/jobs/fair-share.js';
import * as sqFinish from '../../../api/store/sqlite/jobs/finish-job.js';
import * as sqInsert from '../../../api/store/sqlite/jobs/insert-job.js';
import * as sqLineage from '../../../api/store/sqlite/jobs/lineage.js';
import * as sqRow from '../../../api/store/sqlite/jobs/job-row.js';
import * as sqList from '../../../api/store/sqlite/jobs/list-jobs.js';
import * as sqQueue from '../../../api/store/sqlite/jobs/route-head.js';
import * as sqReadLog from '../../../api/store/sqlite/jobs/read-log.js';
import * as sqRenew from '../../../api/store/sqlite/jobs/renew-leases.js';
import * as sqRoutes from '../../../api/store/sqlite/jobs/routes.js';
import * as sqSettle from '../../../api/store/sqlite/jobs/settle-dependents.js';
import * as sqTransition from '../../../api/store/sqlite/jobs/transition.js';
import { AGING_STEP_MS, type NewJob } from '../../../api/store/store.js';
import { testPostgres } from './test-postgres.js';

/**
 * The PostgreSQL jobs modules answer exactly what the SQLite ones answer: one
 * scenario (submit, claim, log, heartbeat, finish, retry, dependencies,
 * cancel, lease expiry, aging, retention, listing, attempts and their outputs,
 * lineage, batches and reruns) is played on both, and every
 * answer, rows included, must be strictly equal (numbers as numbers, JSON as
 * the same text, flags as 0/1).
 */

const sqlite = {
  agePriorities: sqAge.agePriorities,
  appendLog: sqAppend.appendLog,
  cancelJob: sqCancel.cancelJob,
  claimJobs: sqClaim.claimJobs,
  hasRunnableQueued: sqClaim.hasRunnableQueued,
  expireFinishedJobs: sqExpireJobs.expireFinishedJobs,
  expireLeases: sqExpireLeases.expireLeases,
  markSilentAgentsLost: sqExpireLeases.markSilentAgentsLost,
  nextFairPosition: sqFair.nextFairPosition,
  finishJob: sqFinish.finishJob,
  insertJob: sqInsert.insertJob,
  getJobRow: sqRow.getJobRow,
  jobState: sqRow.jobState,
  blockingParents: sqRow.blockingParents,
  childrenOf: sqRow.childrenOf,
  parentsOf: sqRow.parentsOf,
  listJobs: sqList.listJobs,
  countJobsByState: sqList.countJobsByState,
  routeHead: sqQueue.routeHead,
  readLog: sqReadLog.readLog,
  renewLeases: sqRenew.renewLeases,
  findRouteId: sqRoutes.findRouteId,
  routeId: sqRoutes.routeId,
  queuedRoutesFor: sqRoutes.queuedRoutesFor,
  routesById: sqRoutes.routesById,
  settleWaiting: sqSettle.settleWaiting,
  transition: sqTransition.transition,
  listAttempts: sqAttempts.listAttempts,
  holdsLease: sqAttempts.holdsLease,
  insertAttemptOutput: sqAttempts.insertAttemptOutput,
  ancestorIds: sqLineage.ancestorIds,
  descendantIds: sqLineage.descendantIds,
  inputFiles: sqLineage.inputFiles,
  contentUses: sqLineage.contentUses,
  jobRefs: sqRow.jobRefs,
  insertBatch: sqBatches.insertBatch,
  getBatch: sqBatches.getBatch,
};

/** Each SQLite function `f(db, ...rest): R` as `(...rest) => Promise<R>`: how the store's callers see both back ends. */
type Jobs = {
  [K in keyof typeof sqlite]: (typeof sqlite)[K] extends (db: Db, ...rest: infer A) => infer R ? (...rest: A) => Promise<R> : never;
};
/** The PostgreSQL functions must take the same arguments after `sql` and answer the same type: checked here by the compiler. */
type PostgresJobs = { [K in keyof Jobs]: (sql: Sql, ...rest: Parameters<Jobs[K]>) => ReturnType<Jobs[K]> };

const postgres: PostgresJobs = {
  agePriorities: pgAge.agePriorities,
  appendLog: pgAppend.appendLog,
  cancelJob: pgCancel.cancelJob,
  claimJobs: pgClaim.claimJobs,
  hasRunnableQueued: pgClaim.hasRunnableQueued,
  expireFinishedJobs: pgExpireJobs.expireFinishedJobs,
  expireLeases: pgExpireLeases.expireLeases,
  markSilentAgentsLost: pgExpireLeases.markSilentAgentsLost,
  nextFairPosition: pgFair.nextFairPosition,
  finishJob: pgFinish.finishJob,
  insertJob: pgInsert.insertJob,
  getJobRow: pgRow.getJobRow,
  jobState: pgRow.jobState,
  blockingParents: pgRow.blockingParents,
  childrenOf: pgRow.childrenOf,
  parentsOf: pgRow.parentsOf,
  listJobs: pgList.listJobs,
  countJobsByState: pgList.countJobsByState,
  routeHead: pgQueue.routeHead,
  readLog: pgReadLog.readLog,
  renewLeases: pgRenew.renewLeases,
  findRouteId: pgRoutes.findRouteId,
  routeId: pgRoutes.routeId,
  queuedRoutesFor: pgRoutes.queuedRoutesFor,
  routesById: pgRoutes.routesById,
  settleWaiting: pgSettle.settleWaiting,
  transition: pgTransition.transition,
  listAttempts: pgAttempts.listAttempts,
  holdsLease: pgAttempts.holdsLease,
  insertAttemptOutput: pgAttempts.insertAttemptOutput,
  ancestorIds: pgLineage.ancestorIds,
  descendantIds: pgLineage.descendantIds,
  inputFiles: pgLineage.inputFiles,
  contentUses: pgLineage.contentUses,
  jobRefs: pgRow.jobRefs,
  insertBatch: pgBatches.insertBatch,
  getBatch: pgBatches.getBatch,
};

/** One back end as the scenario drives it: the jobs functions, and plain SQL (written with $n) for what they do not cover. */
interface Side {
  jobs: Jobs;
  exec(sql: string, params: unknown[]): Promise<void>;
  rows(sql: string): Promise<unknown[]>;
}

function sqliteSide(db: Db): Side {
  const jobs = Object.fromEntries(
    Object.entries(sqlite).map(([name, fn]) => [name, async (...rest: unknown[]) => (fn as (db: Db, ...rest: unknown[]) => unknown)(db, ...rest)]),
  ) as Jobs;
  return { jobs, exec: async (sql, params) => void db.prepare(sql.replace(/\$\d+/g, '?')).run(...params), rows: async (sql) => db.prepare(sql).all() };
}

/** Each call in a transaction of its own, as the store's methods run outside `store.tx`. */
function postgresSide(pool: { connect(): Promise<Sql & { release(): void }> }): Side {
  const inTx = async <R>(fn: (sql: Sql) => Promise<R>): Promise<R> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  };
  const jobs = Object.fromEntries(
    Object.entries(postgres).map(([name, fn]) => [
      name,
      (...rest: unknown[]) => inTx((sql) => (fn as (sql: Sql, ...rest: unknown[]) => Promise<unknown>)(sql, ...rest)),
    ]),
  ) as Jobs;
  return {
    jobs,
    exec: async (sql, params) => void (await inTx((client) => client.query(sql, params))),
    rows: async (sql) => (await inTx((client) => client.query(sql))).rows,
  };
}

const job = (over: Partial<NewJob>): NewJob => ({
  owner: 'ann',
  recipe: 'Bias',
  args: ['-x', '1'],
  params: null,
  command: ['bias', '--fast'],
  requestedNode: null,
  selector: { pool: 'cluster' },
  routeRule: 'recipe',
  minMemoryMB: null,
  resources: { cpus: 1 },
  bundle: null,
  env: { A: 'b' },
  settings: {},
  sealedSecrets: null,
  inputs: [],
  priority: 0,
  timeoutSeconds: 600,
  maxAttempts: 3,
  after: [],
  idempotencyKey: null,
  now: 1_000,
  ...over,
});

/** The scenario: every answer is recorded, in order, with what it was. */
async function scenario(side: Side): Promise<Array<[string, unknown]>> {
  const { jobs, exec, rows } = side;
  const quota = 'SELECT username, active_jobs FROM users ORDER BY username';
  const seen: Array<[string, unknown]> = [];
  const note = <T>(what: string, value: T): T => (seen.push([what, value]), value);
  const agent = async (name: string, labels: Record<string, string>, slots: number) => {
    await exec(
      `INSERT INTO agents (name, labels, slots, memory_mb, executor, isolation, trust_user_code, secret_hash, last_seen_at, created_at)
       VALUES ($1, $2, $3, 4000, 'local', 'none', 0, 'x', 0, 0)`,
      [name, JSON.stringify(labels), slots],
    );
  };
  for (const name of ['ann', 'bob']) await exec(`INSERT INTO users (username, password_hash, role, created_at) VALUES ($1, 'x', 'user', 0)`, [name]);
  await agent('c1', { pool: 'cluster' }, 2);
  await agent('b1', { pool: 'bigmem' }, 1);
  const c1 = { agentId: 1, name: 'c1', labels: { pool: 'cluster' }, site: null, memoryMB: 4000, isolation: 'none', trustUserCode: false } as const;
  const b1 = { ...c1, agentId: 2, name: 'b1', labels: { pool: 'bigmem' } };

  const batch = note('insert batch', await jobs.insertBatch('ann', null, 900)).id;
  const a = note('insert a', await jobs.insertJob(job({ idempotencyKey: 'k1', params: { x: 1 }, submitBatch: batch }))).row;
  note('insert a again', await jobs.insertJob(job({ idempotencyKey: 'k1', now: 2_000 })));
  const b = note('insert b', await jobs.insertJob(job({ owner: 'bob', now: 1_100 }))).row;
  const c = note('insert c', await jobs.insertJob(job({ selector: { pool: 'bigmem' }, priority: 5, now: 1_200, submitBatch: batch }))).row;
  const d = note('insert d', await jobs.insertJob(job({ after: [a.id], inputs: [{ job: a.id, path: 'out.txt' }], now: 1_300 }))).row;
  const e = note('insert e', await jobs.insertJob(job({ after: [a.id, c.id], now: 1_400 }))).row;
  const f = note('insert f', await jobs.insertJob(job({ owner: 'bob', requestedNode: 'nope', selector: {}, now: 1_500 }))).row;
  note('settle d early', await jobs.settleWaiting(d.id, 1_600));
  note('active jobs after the submits', await rows(quota));
  note('blocking parents', [...(await jobs.blockingParents([d.id, e.id, a.id]))]);
  note('state', await jobs.jobState(e.id));
  note('state of nothing', await jobs.jobState(999));
  note('runnable now', await jobs.hasRunnableQueued(1_600));

  const cluster = { selector: { pool: 'cluster' }, requestedNode: null, minMemoryMB: null, shipsCode: false };
  const clusterRoute = note('find route', await jobs.findRouteId(cluster));
  note('route again', await jobs.routeId(cluster, 9_999));
  note('unknown route', await jobs.findRouteId({ ...cluster, minMemoryMB: 7 }));
  note('routes for c1', await jobs.queuedRoutesFor(['c1']));
  note('routes for nope', await jobs.queuedRoutesFor(['nope', 'c1']));
  note('routes by id', [...(await jobs.routesById([clusterRoute!, 99]))]);
  note('head', await jobs.routeHead(clusterRoute!, 2_000, 10));
  note('next position', await jobs.nextFairPosition(clusterRoute, 'ann', 0));
  note('next position, new route', await jobs.nextFairPosition(undefined, 'cy', 0));

  note('claim c1', await jobs.claimJobs(c1, 5, 60_000, 30_000, 3_000));
  note('claim c1, no slot left', await jobs.claimJobs(c1, 5, 60_000, 30_000, 3_000));
  note('claim b1', await jobs.claimJobs(b1, 1, 60_000, 30_000, 3_000));
  note('next position after claims', await jobs.nextFairPosition(clusterRoute, 'cy', 0));

  const fenceA = { agentId: 1, epoch: 1 };
  note('append', await jobs.appendLog(a.id, fenceA, 0, Buffer.from('hello\n'), 30));
  note('resend with more', await jobs.appendLog(a.id, fenceA, 0, Buffer.from('hello\nworld\n'), 30));
  note('gap', await jobs.appendLog(a.id, fenceA, 100, Buffer.from('x'), 30));
  note('stale epoch', await jobs.appendLog(a.id, { agentId: 1, epoch: 2 }, 12, Buffer.from('x'), 30));
  note('other agent', await jobs.appendLog(a.id, { agentId: 2, epoch: 1 }, 12, Buffer.from('x'), 30));
  note('unknown job', await jobs.appendLog(999, fenceA, 0, Buffer.from('x'), 30));
  note('over the cap', await jobs.appendLog(a.id, fenceA, 12, Buffer.from('0123456789abcdefghijklmnopqrstuvwxyz'), 30));
  note('after the cap', await jobs.appendLog(a.id, fenceA, 48, Buffer.from('more'), 30));
  note('log', await jobs.readLog(a.id, 0));
  note('log from 3, 5 bytes', await jobs.readLog(a.id, 3, 5));
  note('log past its end', await jobs.readLog(a.id, 10_000));

  note(
    'heartbeat',
    await jobs.renewLeases(1, [{ id: a.id, epoch: 1 }, { id: b.id, epoch: 1, batch: { jobId: '42' } }, { id: a.id, epoch: 7 }, { id: c.id, epoch: 1 }], 60_000, 4_000),
  );

  const sha = 'ab'.repeat(32);
  note('upload a', await jobs.insertAttemptOutput(a.id, fenceA, { path: 'out.txt', sha256: sha, size: 3 }));
  note('upload a again, replaced', await jobs.insertAttemptOutput(a.id, fenceA, { path: 'out.txt', sha256: sha, size: 3 }));
  note('upload a, stale epoch', await jobs.insertAttemptOutput(a.id, { agentId: 1, epoch: 2 }, { path: 'x', sha256: sha, size: 1 }));
  note('upload b, its first attempt', await jobs.insertAttemptOutput(b.id, { agentId: 1, epoch: 1 }, { path: 'out.txt', sha256: sha, size: 3 }));
  note('lease held', await jobs.holdsLease(a.id, fenceA));
  note('finish a', await jobs.finishJob(a.id, fenceA, { exitCode: 0, batch: { state: 'COMPLETED' } }, 5_000));
  note('finish a again', await jobs.finishJob(a.id, fenceA, { exitCode: 0 }, 5_500));
  note('finish a, stale', await jobs.finishJob(a.id, { agentId: 1, epoch: 0 }, { exitCode: 0 }, 5_500));
  note('finish unknown', await jobs.finishJob(999, fenceA, { exitCode: 0 }, 5_500));
  note('finish b, system failure: retried', await jobs.finishJob(b.id, { agentId: 1, epoch: 1 }, { exitCode: null, failureReason: 'system_failure', message: 'node broke' }, 6_000));
  note('d queued', await jobs.getJobRow(d.id));
  note('runnable during the retry delay', await jobs.hasRunnableQueued(6_000));
  note('blocking parents later', [...(await jobs.blockingParents([d.id, e.id]))]);
  note('e still waits', await jobs.getJobRow(e.id));

  note('upload b after its attempt ended', await jobs.insertAttemptOutput(b.id, { agentId: 1, epoch: 1 }, { path: 'late.txt', sha256: sha, size: 3 }));
  note('lease of a finished job', await jobs.holdsLease(a.id, fenceA));
  note('claim b again', await jobs.claimJobs(c1, 1, 60_000, 30_000, 30_000));
  note('b logs in its second attempt from zero', await jobs.appendLog(b.id, { agentId: 1, epoch: 2 }, 0, Buffer.from('again\n'), 1_000));
  note('finish b, recipe failure: failed', await jobs.finishJob(b.id, { agentId: 1, epoch: 2 }, { exitCode: 3, message: 'bad frame' }, 31_000));
  note('cancel f', await jobs.cancelJob(f.id, 7_000));
  note('cancel c (running)', await jobs.cancelJob(c.id, 7_100));
  note('cancel c again', await jobs.cancelJob(c.id, 7_200));
  note('cancel a (finished)', await jobs.cancelJob(a.id, 7_300));
  note('cancel unknown', await jobs.cancelJob(999, 7_300));
  note('leases expire', await jobs.expireLeases(200_000));
  note('e failed with c', await jobs.getJobRow(e.id));
  note('silent agents', await jobs.markSilentAgentsLost(60_000, 200_000));
  await exec(`UPDATE agents SET state = 'online'`, []);

  note('aging, one step', await jobs.agePriorities(1_000 + AGING_STEP_MS, AGING_STEP_MS, 100));
  note('aging, three more', await jobs.agePriorities(1_000 + 4 * AGING_STEP_MS + 1, AGING_STEP_MS, 100));
  note('aged', await jobs.listJobs({ state: 'queued', limit: 10 }));

  note('transition, lost race', await jobs.transition(f.id, 'queued', 'running'));
  note('transition, fenced', await jobs.transition(d.id, 'queued', 'running', { agent_id: 1, lease_epoch: { expr: 'lease_epoch + 1' } }));
  note('transition, fence refused', await jobs.transition(d.id, 'running', 'succeeded', { finished_at: 9 }, { agentId: 1, epoch: 5 }));
  note('transition, fence held', await jobs.transition(d.id, 'running', 'succeeded', { finished_at: 9 }, { agentId: 1, epoch: 1 }));
  note('transition refused by the table', await jobs.transition(d.id, 'succeeded', 'running').catch((error: Error) => error.message));

  const g = note('insert g, a rerun of b', await jobs.insertJob(job({ owner: 'bob', rerunOf: b.id, rerunChanges: ['args', 'env.A'], submitBatch: (await jobs.insertBatch('bob', batch, 40_000)).id, now: 40_000 }))).row;
  note('attempts of a', await jobs.listAttempts(a.id));
  note('attempts of b', await jobs.listAttempts(b.id));
  note('attempts of c', await jobs.listAttempts(c.id));
  note('attempts of g', await jobs.listAttempts(g.id));
  note('all attempts', await rows('SELECT * FROM job_attempts ORDER BY job_id, epoch'));
  note('outputs of a', await rows('SELECT * FROM outputs ORDER BY job_id, path'));
  note('ancestors of e', await jobs.ancestorIds(e.id));
  note('descendants of a', await jobs.descendantIds(a.id));
  note('descendants of a, one', await jobs.descendantIds(a.id, 1));
  note('inputs of d', await jobs.inputFiles((await jobs.getJobRow(d.id))!));
  note('inputs of e', await jobs.inputFiles((await jobs.getJobRow(e.id))!));
  note('uses of a content', await jobs.contentUses(sha));
  note('uses of unknown content', await jobs.contentUses('cd'.repeat(32)));
  note('refs', await jobs.jobRefs([e.id, a.id, g.id]));
  note('batch', await jobs.getBatch(batch));
  note('rerun batch', await jobs.getBatch(g.submit_batch!));
  note('unknown batch', await jobs.getBatch(999));
  note('keyed batch', await jobs.insertBatch('ann', null, 41_000, 'night-1'));
  note('keyed batch again', await jobs.insertBatch('ann', null, 42_000, 'night-1'));
  note('the same key, another owner', await jobs.insertBatch('bob', null, 42_000, 'night-1'));
  // A batch an earlier release stored keeps its key on its jobs, `KEY#i`.
  note('stored the old way', await jobs.insertJob(job({ idempotencyKey: 'night-0#0', submitBatch: batch, now: 43_000 })));
  note('its key again', await jobs.insertBatch('ann', null, 44_000, 'night-0'));
  note('batches at the end', await rows('SELECT * FROM job_batches ORDER BY id'));

  note('active jobs at the end', await rows(quota));
  note('fair positions', await rows('SELECT route_id, owner, priority, last_pos FROM fair_shares ORDER BY route_id, owner, priority'));
  note('fair clocks', await rows('SELECT priority, vtime FROM fair_clocks ORDER BY priority'));
  note('routes', await rows('SELECT * FROM job_routes ORDER BY id'));
  note('all', await jobs.listJobs({ limit: 100 }));
  note('by owner, before', await jobs.listJobs({ owner: 'ann', before: e.id, limit: 2 }));
  note('by node', await jobs.listJobs({ node: 'c1', limit: 10 }));
  note('by requested node', await jobs.listJobs({ node: 'nope', recipe: 'Bias', limit: 10 }));
  const counts = await jobs.countJobsByState();
  note('counts', counts);
  // Each state is read through its own index on SQLite (running, succeeded and the rest differ): the same jobs as PostgreSQL's.
  for (const state of [...Object.keys(counts), 'cancelled'].sort()) note(`by state ${state}`, await jobs.listJobs({ state, limit: 10 }));
  note('children', await jobs.childrenOf(a.id));
  note('parents', await jobs.parentsOf(e.id));
  note('expire', await jobs.expireFinishedJobs(8_000, 9_000, 2));
  note('expire rest', await jobs.expireFinishedJobs(8_000, 9_000));
  note('log expired', await jobs.readLog(a.id, 0));
  note('uses after expiry', await jobs.contentUses(sha));
  note('missing row', await jobs.getJobRow(999));
  return seen;
}

const postgresServer = await testPostgres(t);

t.test('the PostgreSQL jobs modules answer what the SQLite ones answer', { skip: typeof postgresServer === 'string' && postgresServer }, async (t) => {
  if (typeof postgresServer === 'string') return;
  const db = openDatabase(':memory:');
  t.teardown(() => db.close());
  const expected = await scenario(sqliteSide(db));
  // The scenario reaches what it is meant to cover.
  const answer = (what: string) => expected.find(([name]) => name === what)?.[1];
  t.match(answer('claim c1'), [{ id: 1, agent_id: 1, lease_epoch: 1 }, { id: 2, agent_id: 1, lease_epoch: 1 }]);
  t.match(answer('finish b, system failure: retried'), { ok: true, row: { state: 'queued', not_before: 11_000 } });
  t.match(answer('d queued'), { state: 'queued' });
  t.match(answer('e failed with c'), { state: 'failed', failure_reason: 'dependency_failed' });
  t.match(answer('over the cap'), { ok: true, truncated: true });
  t.equal(answer('aging, three more'), 1);
  t.equal(answer('upload a'), true);
  t.equal(answer('upload a, stale epoch'), false);
  t.equal(answer('upload b after its attempt ended'), false, 'an attempt that lost its lease cannot upload');
  t.match(answer('attempts of b'), [
    { epoch: 1, node: 'c1', outcome: 'requeued', failureReason: 'system_failure', outputs: [{ path: 'out.txt' }] },
    { epoch: 2, node: 'c1', outcome: 'failed', failureReason: 'recipe_failed', outputs: [] },
  ]);
  t.match(answer('attempts of c'), [{ epoch: 1, node: 'b1', outcome: 'cancelled' }]);
  t.same(answer('attempts of g'), []);
  t.match(answer('outputs of a'), [{ job_id: 1, path: 'out.txt' }], 'only the succeeded attempt\'s outputs are a job\'s');
  t.match(answer('uses of a content'), { produced: [{ job: 1, promoted: true }, { job: 2, promoted: false }], used: [{ job: 4, from: 1, path: 'out.txt' }] });
  t.match(answer('batch'), { owner: 'ann', jobs: [{ id: 1 }, { id: 3 }] });
  t.same(answer('keyed batch again'), { id: (answer('keyed batch') as { id: number }).id, created: false }, 'a key answers the batch stored under it');
  t.match(answer('the same key, another owner'), { created: true }, "keys are each owner's own");
  t.same(answer('its key again'), { id: 1, created: false }, 'a batch stored with per-job keys is found by its first job');
  t.match(answer('batches at the end'), [{ owner: 'ann', idempotency_key: null }, { owner: 'bob' }, { owner: 'ann', idempotency_key: 'night-1' }, { owner: 'bob', idempotency_key: 'night-1' }]);
  const actual = await scenario(postgresSide(postgresServer.pool(t, await postgresServer.freshUrl())));
  t.equal(actual.length, expected.length);
  for (const [index, [what, value]] of expected.entries()) t.strictSame(actual[index], [what, value], what);
});

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Cond'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  Plans?: PlanNode[];
}
const planNodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(planNodes)];

t.test('a claim behind 100,000 queued jobs no agent fits reads only the heads of the routes that fit', { skip: typeof postgresServer === 'string' && postgresServer }, async (t) => {
  if (typeof postgresServer === 'string') return;
  const pool = postgresServer.pool(t, await postgresServer.freshUrl());
  const client = await pool.connect();
  t.teardown(() => client.release());
  const route = (selector: Record<string, string>, requestedNode: string | null) =>
    pgRoutes.routeId(client, { selector, requestedNode, minMemoryMB: null, shipsCode: false }, 0);
  const flood = async (routeId: number, recipe: string, priority: number) =>
    client.query(
      `INSERT INTO jobs (owner, recipe, args, command, max_attempts, state, priority, created_at, route_id, fair_pos)
       SELECT 'flood', $2, '[]', '["true"]', 1, 'queued', $3, 0, $1, i FROM generate_series(1, 50000) AS i`,
      [routeId, recipe, priority],
    );
  await flood(await route({ pool: 'bigmem' }, null), 'Coadd', 90);
  await flood(await route({}, 'nope'), 'Coadd', 90);
  // The route that fits is deep too: its head is read in claim order, not the whole route.
  const fit = await route({ pool: 'cluster' }, null);
  await flood(fit, 'Flat', -1);
  await client.query(`INSERT INTO jobs (owner, recipe, args, command, max_attempts, state, created_at, route_id) VALUES ('u', 'Bias', '[]', '[]', 1, 'queued', 0, $1)`, [fit]);
  const { rows } = await client.query<{ id: number }>(
    `INSERT INTO agents (name, labels, slots, executor, secret_hash, last_seen_at, created_at) VALUES ('c1', '{"pool":"cluster"}', 4, 'local', 'x', 0, 0) RETURNING id`,
  );
  await client.query('ANALYZE');

  // Every statement the claim runs is recorded; those that read jobs are then run again under EXPLAIN ANALYZE.
  const statements: Array<{ text: string; values: unknown[] }> = [];
  const recording = { query: (text: string, values: unknown[]) => (statements.push({ text, values }), client.query(text, values)) } as unknown as Sql;
  const agent = { agentId: rows[0].id, name: 'c1', labels: { pool: 'cluster' }, site: null, memoryMB: null, isolation: 'none', trustUserCode: false } as const;
  await client.query('BEGIN');
  const claimed = await pgClaim.claimJobs(recording, agent, 4, 60_000, 30_000, 1);
  await client.query('ROLLBACK');
  t.same(claimed.map((row) => row.recipe), ['Bias', 'Flat', 'Flat', 'Flat'], 'the jobs it may run, behind 100,000 of higher priority');

  const reads = statements.filter(({ text }) => /FROM jobs/.test(text) && !/^\s*UPDATE/.test(text));
  t.ok(reads.length >= 3, 'the free slots, the route list and the head of a route');
  await client.query('BEGIN');
  for (const { text, values } of reads) {
    const explained = await client.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${text}`, values);
    const jobs = planNodes(explained.rows[0]['QUERY PLAN'][0].Plan).filter((node) => node['Relation Name'] === 'jobs');
    const read = jobs.reduce((sum, node) => sum + node['Actual Rows'] * node['Actual Loops'], 0);
    t.notOk(jobs.some((node) => node['Node Type'] === 'Seq Scan'), `no scan of jobs: ${text}`);
    // Its 4 free slots and the few it looks past in case locality leaves some to nodes nearer their data.
    t.ok(read <= 8, `${read} rows of jobs read: ${text}`);
    if (/state = 'queued'/.test(text)) t.ok(jobs.every((node) => /route_id/.test(node['Index Cond'] ?? '')), 'queued jobs are reached by route');
  }
  await client.query('ROLLBACK');
});
