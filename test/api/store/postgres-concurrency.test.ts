import type pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { appendLog } from '../../../api/store/postgres/jobs/append-log.js';
import { claimJobs } from '../../../api/store/postgres/jobs/claim-jobs.js';
import { expireLeases } from '../../../api/store/postgres/jobs/expire-leases.js';
import { finishJob } from '../../../api/store/postgres/jobs/finish-job.js';
import { insertJob } from '../../../api/store/postgres/jobs/insert-job.js';
import { getJobRow } from '../../../api/store/postgres/jobs/job-row.js';
import { readLog } from '../../../api/store/postgres/jobs/read-log.js';
import { renewLeases } from '../../../api/store/postgres/jobs/renew-leases.js';
import { settleWaiting } from '../../../api/store/postgres/jobs/settle-dependents.js';
import { transition } from '../../../api/store/postgres/jobs/transition.js';
import type { Sql } from '../../../api/store/postgres/sql.js';
import type { Claimant, NewJob } from '../../../api/store/store.js';
import { TransitionError } from '../../../core/states.js';
import { testPostgres, type TestPostgres } from './test-postgres.js';

/**
 * What several service replicas on one PostgreSQL must get right, each race
 * played on two pools (two replicas) with the second transaction started while
 * the first is still open: claims never share a job, stale epochs are refused,
 * one idempotency key makes one job, a compare-and-swap has one winner, log
 * sends are applied in turn, and dependents are settled whatever the order.
 */

const server = await testPostgres(t);
const skip = typeof server === 'string' && server;
/** The service's default AWE_LOCALITY_WAIT_SECONDS: claims read past their free slots, as the service's do. */
const LOCALITY_WAIT_MS = 30_000;

const job = (over: Partial<NewJob> = {}): NewJob => ({
  owner: 'ann',
  recipe: 'Bias',
  args: [],
  params: null,
  command: ['true'],
  requestedNode: null,
  selector: { pool: 'cluster' },
  routeRule: 'recipe',
  minMemoryMB: null,
  resources: {},
  bundle: null,
  env: {},
  settings: {},
  sealedSecrets: null,
  inputs: [],
  priority: 0,
  timeoutSeconds: null,
  maxAttempts: 3,
  after: [],
  idempotencyKey: null,
  now: 1_000,
  ...over,
});

/** A transaction held open, as one replica's store holds it while it works; `pid` is its backend. */
interface OpenTx {
  sql: Sql;
  pid: number;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

async function begin(pool: pg.Pool): Promise<OpenTx> {
  const client = await pool.connect();
  const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  await client.query('BEGIN');
  const end = (how: string) => async () => {
    await client.query(how);
    client.release();
  };
  return { sql: client, pid: rows[0].pid, commit: end('COMMIT'), rollback: end('ROLLBACK') };
}

async function inTx<R>(pool: pg.Pool, fn: (sql: Sql) => Promise<R>): Promise<R> {
  const open = await begin(pool);
  try {
    const result = await fn(open.sql);
    await open.commit();
    return result;
  } catch (error) {
    await open.rollback();
    throw error;
  }
}

/** Resolves once `work` has settled or its backend waits for a lock another transaction holds. */
async function settledOrBlocked(observer: pg.Pool, pid: number, work: Promise<unknown>): Promise<'settled' | 'blocked'> {
  let settled = false;
  void work.then(
    () => (settled = true),
    () => (settled = true),
  );
  while (!settled) {
    const { rows } = await observer.query<{ waiting: string | null }>('SELECT wait_event_type AS waiting FROM pg_stat_activity WHERE pid = $1', [pid]);
    if (rows[0]?.waiting === 'Lock') return 'blocked';
    await sleep(5);
  }
  return 'settled';
}

interface Tap {
  teardown(fn: () => unknown): void;
}

interface Replicas {
  a: pg.Pool;
  b: pg.Pool;
  agents: Claimant[];
}

/** A fresh schema with users ann and bob and `agents` cluster nodes, seen through two pools. */
async function replicas(t: Tap, pg: TestPostgres, agents = 2): Promise<Replicas> {
  const url = await pg.freshUrl();
  const a = pg.pool(t, url);
  const b = pg.pool(t, url);
  await a.query(`INSERT INTO users (username, password_hash, role, created_at) VALUES ('ann', 'x', 'user', 0), ('bob', 'x', 'user', 0)`);
  const claimants: Claimant[] = [];
  for (let n = 1; n <= agents; n++) {
    const offer = { name: `c${n}`, labels: { pool: 'cluster' }, site: null, memoryMB: null, isolation: 'none', trustUserCode: false } as const;
    const { rows } = await a.query<{ id: number }>(
      `INSERT INTO agents (name, labels, slots, executor, secret_hash, last_seen_at, created_at) VALUES ($1, $2, 1000, 'local', 'x', 0, 0) RETURNING id`,
      [offer.name, JSON.stringify(offer.labels)],
    );
    claimants.push({ ...offer, agentId: rows[0].id });
  }
  return { a, b, agents: claimants };
}

t.test('claims at once on two replicas never take the same job', { skip }, async (t) => {
  const pg = server as TestPostgres;
  const { a, b, agents } = await replicas(t, pg, 4);
  await inTx(a, async (sql) => {
    for (let n = 0; n < 200; n++) await insertJob(sql, job({ owner: n % 2 ? 'ann' : 'bob', now: n }));
  });

  // Replica A holds its claim open; replica B's claim steps over A's jobs instead of waiting for them or taking them.
  const first = await begin(a);
  const mine = await claimJobs(first.sql, agents[0], 5, 60_000, LOCALITY_WAIT_MS, 1_000);
  const second = await begin(b);
  const theirs = claimJobs(second.sql, agents[1], 5, 60_000, LOCALITY_WAIT_MS, 1_000);
  await settledOrBlocked(a, second.pid, theirs);
  await first.commit();
  const taken = await theirs;
  await second.commit();
  t.equal(mine.length, 5);
  t.equal(taken.length, 5);
  t.same(
    mine.filter((row) => taken.some((other) => other.id === row.id)),
    [],
    'no job claimed by both',
  );

  // Four agents, two on each replica, claim and finish until the queue is empty.
  const claims = new Map<number, number>();
  const worker = async (pool: pg.Pool, agent: Claimant) => {
    for (let idle = 0; idle < 3; ) {
      const rows = await inTx(pool, (sql) => claimJobs(sql, agent, 3, 60_000, LOCALITY_WAIT_MS, 2_000));
      idle = rows.length === 0 ? idle + 1 : 0;
      for (const row of rows) {
        claims.set(row.id, (claims.get(row.id) ?? 0) + 1);
        await inTx(pool, (sql) => finishJob(sql, row.id, { agentId: agent.agentId, epoch: row.lease_epoch }, { exitCode: 0 }, 3_000));
      }
    }
  };
  await Promise.all([worker(a, agents[0]), worker(b, agents[1]), worker(a, agents[2]), worker(b, agents[3])]);
  t.equal(claims.size, 190, 'every job left was claimed');
  t.same([...claims.values()].filter((count) => count !== 1), [], 'each exactly once');
  const { rows } = await a.query<{ state: string; attempts: number; n: number }>('SELECT state, attempts, count(*) AS n FROM jobs GROUP BY state, attempts');
  t.same(
    rows.sort((x, y) => x.state.localeCompare(y.state)),
    [
      { state: 'running', attempts: 1, n: 10 },
      { state: 'succeeded', attempts: 1, n: 190 },
    ],
    'one attempt each: nothing ran twice',
  );
});

t.test('a claim for one agent on two replicas at once never exceeds its slots', { skip }, async (t) => {
  const pg = server as TestPostgres;
  const { a, b, agents } = await replicas(t, pg, 1);
  await a.query('UPDATE agents SET slots = 3');
  for (let n = 0; n < 10; n++) await inTx(a, (sql) => insertJob(sql, job({ now: n })));
  const first = await begin(a);
  const second = await begin(b);
  const mine = await claimJobs(first.sql, agents[0], 3, 60_000, LOCALITY_WAIT_MS, 1_000);
  const theirs = claimJobs(second.sql, agents[0], 3, 60_000, LOCALITY_WAIT_MS, 1_000);
  t.equal(await settledOrBlocked(a, second.pid, theirs), 'blocked', 'the second claim waits for the agent the first one is filling');
  await first.commit();
  t.same(await theirs, [], 'and then finds its slots taken');
  await second.commit();
  t.equal(mine.length, 3);
});

t.test('a stale epoch is refused everywhere once the job was claimed again', { skip }, async (t) => {
  const pg = server as TestPostgres;
  const { a, b, agents } = await replicas(t, pg);
  const { row } = await inTx(a, (sql) => insertJob(sql, job()));
  const [first] = await inTx(a, (sql) => claimJobs(sql, agents[0], 1, 10_000, LOCALITY_WAIT_MS, 1_000));
  t.equal(first.lease_epoch, 1);
  const old = { agentId: agents[0].agentId, epoch: 1 };
  await inTx(a, (sql) => appendLog(sql, row.id, old, 0, Buffer.from('first try\n'), 1 << 20));

  t.same(await inTx(b, (sql) => expireLeases(sql, 20_000)), { queued: [row.id], expired: 1 }, 'the silent agent loses its lease');
  const [again] = await inTx(b, (sql) => claimJobs(sql, agents[1], 1, 10_000, LOCALITY_WAIT_MS, 21_000));
  t.equal(again.lease_epoch, 2, 'the new attempt has a new epoch');

  t.same(await inTx(a, (sql) => appendLog(sql, row.id, old, 10, Buffer.from('late\n'), 1 << 20)), { ok: false, why: 'stale' }, 'log refused');
  t.match(await inTx(a, (sql) => finishJob(sql, row.id, old, { exitCode: 0 }, 22_000)), { ok: false, why: 'stale' }, 'finish refused');
  t.match(await inTx(a, (sql) => renewLeases(sql, old.agentId, [{ id: row.id, epoch: 1 }], 10_000, 22_000)), [{ verdict: 'gone' }], 'heartbeat: gone');
  t.equal(await inTx(a, (sql) => transition(sql, row.id, 'running', 'failed', {}, old)), null, 'a fenced transition refused');

  const fresh = { agentId: agents[1].agentId, epoch: 2 };
  t.same(await inTx(b, (sql) => appendLog(sql, row.id, fresh, 0, Buffer.from('second\n'), 1 << 20)), { ok: true, next: 7, truncated: false });
  t.match(await inTx(b, (sql) => finishJob(sql, row.id, fresh, { exitCode: 0 }, 23_000)), { ok: true, row: { state: 'succeeded', attempts: 2 } });
  t.equal((await inTx(a, (sql) => readLog(sql, row.id, 0))).toString(), 'first try\nsecond\n', 'the stale agent wrote nothing after it lost the lease');
});

t.test("the sweeper steps over a job whose agent is finishing it, and the finish wins", { skip }, async (t) => {
  const pg = server as TestPostgres;
  const { a, b, agents } = await replicas(t, pg);
  const { row } = await inTx(a, (sql) => insertJob(sql, job()));
  await inTx(a, (sql) => claimJobs(sql, agents[0], 1, 10_000, LOCALITY_WAIT_MS, 1_000));
  const finishing = await begin(a);
  t.match(await finishJob(finishing.sql, row.id, { agentId: agents[0].agentId, epoch: 1 }, { exitCode: 0 }, 30_000), { ok: true });
  t.same(await inTx(b, (sql) => expireLeases(sql, 30_000)), { queued: [], expired: 0 }, 'the sweeper does not wait for the held row');
  await finishing.commit();
  t.match(await inTx(b, (sql) => getJobRow(sql, row.id)), { state: 'succeeded', attempts: 1 });
  t.same(await inTx(b, (sql) => expireLeases(sql, 30_000)), { queued: [], expired: 0 }, 'and the finished job has no lease to expire');
});

t.test('log sends: overlap dropped, a gap answered with the offset expected, the cap marked once, and two sends at once applied in turn', { skip }, async (t) => {
  const pg = server as TestPostgres;
  const { a, b, agents } = await replicas(t, pg);
  const { row } = await inTx(a, (sql) => insertJob(sql, job({ maxAttempts: 2 })));
  await inTx(a, (sql) => claimJobs(sql, agents[0], 1, 10_000, LOCALITY_WAIT_MS, 1_000));
  const fence = { agentId: agents[0].agentId, epoch: 1 };
  const send = (pool: pg.Pool, offset: number, text: string, cap = 40) => inTx(pool, (sql) => appendLog(sql, row.id, fence, offset, Buffer.from(text), cap));

  // Two replicas get the same bytes at once (a resend after a lost answer): the second waits, then stores only what is new.
  const first = await begin(a);
  t.same(await appendLog(first.sql, row.id, fence, 0, Buffer.from('abc'), 40), { ok: true, next: 3, truncated: false });
  const second = await begin(b);
  const resend = appendLog(second.sql, row.id, fence, 0, Buffer.from('abcdef'), 40);
  t.equal(await settledOrBlocked(a, second.pid, resend), 'blocked', 'the second send waits for the first');
  await first.commit();
  t.same(await resend, { ok: true, next: 6, truncated: false }, 'then adds only what the first did not store');
  await second.commit();

  t.same(await send(b, 9, 'xyz'), { ok: false, why: 'gap', next: 6 }, 'a gap is refused with the offset expected');
  t.same(await send(a, 6, 'ghi\n'), { ok: true, next: 10, truncated: false });
  t.same(await send(b, 10, '0123456789'.repeat(4)), { ok: true, next: 50, truncated: true }, 'past the cap: accepted, marked truncated');
  t.same(await send(a, 50, 'more'), { ok: true, next: 54, truncated: true }, 'and later output is dropped');
  const log = (await inTx(a, (sql) => readLog(sql, row.id, 0))).toString();
  t.equal(log, 'abcdefghi\n012345678901234567890123456789\n[awe-dp: log truncated at 40 bytes; later output was dropped]\n');
  t.equal((await inTx(b, (sql) => readLog(sql, row.id, 4, 6))).toString(), 'efghi\n', 'a page from an offset');
  t.match(await inTx(a, (sql) => getJobRow(sql, row.id)), { log_size: Buffer.byteLength(log), log_truncated: 1 });
});

t.test('a second attempt counts its log offsets from zero after the first attempt’s output', { skip }, async (t) => {
  const pg = server as TestPostgres;
  const { a, agents } = await replicas(t, pg);
  const { row } = await inTx(a, (sql) => insertJob(sql, job({ maxAttempts: 2 })));
  await inTx(a, (sql) => claimJobs(sql, agents[0], 1, 10_000, LOCALITY_WAIT_MS, 1_000));
  await inTx(a, (sql) => appendLog(sql, row.id, { agentId: agents[0].agentId, epoch: 1 }, 0, Buffer.from('one\n'), 1 << 20));
  await inTx(a, (sql) => finishJob(sql, row.id, { agentId: agents[0].agentId, epoch: 1 }, { exitCode: null, failureReason: 'system_failure' }, 2_000));
  await inTx(a, (sql) => claimJobs(sql, agents[1], 1, 10_000, LOCALITY_WAIT_MS, 100_000));
  const fence = { agentId: agents[1].agentId, epoch: 2 };
  t.same(await inTx(a, (sql) => appendLog(sql, row.id, fence, 0, Buffer.from('two\n'), 1 << 20)), { ok: true, next: 4, truncated: false });
  t.same(await inTx(a, (sql) => appendLog(sql, row.id, fence, 6, Buffer.from('x'), 1 << 20)), { ok: false, why: 'gap', next: 4 });
  t.equal((await inTx(a, (sql) => readLog(sql, row.id, 0))).toString(), 'one\ntwo\n');
});

t.test('one idempotency key submitted on two replicas at once makes one job', { skip }, async (t) => {
  const pg = server as TestPostgres;
  const { a, b } = await replicas(t, pg);
  const first = await begin(a);
  const made = await insertJob(first.sql, job({ idempotencyKey: 'night-42' }));
  t.equal(made.created, true);
  const second = await begin(b);
  const retried = insertJob(second.sql, job({ idempotencyKey: 'night-42', now: 2_000 }));
  t.equal(await settledOrBlocked(a, second.pid, retried), 'blocked', 'the second insert waits on the key');
  await first.commit();
  const answer = await retried;
  await second.commit();
  t.same(answer, { row: made.row, created: false }, 'and answers the job the first one made');
  const { rows } = await a.query<{ jobs: number; active: number }>(
    `SELECT (SELECT count(*) FROM jobs) AS jobs, (SELECT active_jobs FROM users WHERE username = 'ann') AS active`,
  );
  t.same(rows, [{ jobs: 1, active: 1 }], 'one job, counted once against the quota');
});

t.test('a transition is a compare-and-swap: of two at once, the second sees the first’s result and loses', { skip }, async (t) => {
  const pg = server as TestPostgres;
  const { a, b, agents } = await replicas(t, pg);
  const { row } = await inTx(a, (sql) => insertJob(sql, job()));
  const first = await begin(a);
  t.match(await transition(first.sql, row.id, 'queued', 'running', { agent_id: agents[0].agentId, lease_epoch: { expr: 'lease_epoch + 1' } }), {
    state: 'running',
    lease_epoch: 1,
  });
  const second = await begin(b);
  const cancel = transition(second.sql, row.id, ['queued', 'waiting'], 'cancelled', { finished_at: 5 });
  t.equal(await settledOrBlocked(a, second.pid, cancel), 'blocked');
  await first.commit();
  t.equal(await cancel, null, 'the cancel of a queued job finds it running');
  await second.commit();
  t.match(await inTx(a, (sql) => getJobRow(sql, row.id)), { state: 'running', finished_at: null });
  await t.rejects(inTx(a, (sql) => transition(sql, row.id, 'running', 'waiting')), TransitionError, 'a move the table forbids throws');
  const { rows } = await a.query<{ active: number }>(`SELECT active_jobs AS active FROM users WHERE username = 'ann'`);
  t.same(rows, [{ active: 1 }], 'the job is still active for the quota');
});

t.test('two parents finishing at once on two replicas queue their child', { skip }, async (t) => {
  const pg = server as TestPostgres;
  const { a, b, agents } = await replicas(t, pg);
  const p1 = (await inTx(a, (sql) => insertJob(sql, job()))).row;
  // Parents of two owners: each finish then holds only its own owner's quota counter, not the other's.
  const p2 = (await inTx(a, (sql) => insertJob(sql, job({ owner: 'bob', now: 1_001 })))).row;
  const child = (await inTx(a, (sql) => insertJob(sql, job({ after: [p1.id, p2.id], now: 1_002 })))).row;
  await inTx(a, (sql) => claimJobs(sql, agents[0], 2, 60_000, LOCALITY_WAIT_MS, 2_000));
  const fence = { agentId: agents[0].agentId, epoch: 1 };

  const first = await begin(a);
  t.match(await finishJob(first.sql, p1.id, fence, { exitCode: 0 }, 3_000), { ok: true, queued: [] }, 'the first sees the other parent running');
  const second = await begin(b);
  const finish = finishJob(second.sql, p2.id, fence, { exitCode: 0 }, 3_000);
  t.equal(await settledOrBlocked(a, second.pid, finish), 'blocked', 'the second waits for the child the first holds');
  await first.commit();
  t.match(await finish, { ok: true, queued: [child.id] }, 'then sees both parents done and queues the child');
  await second.commit();
  t.match(await inTx(a, (sql) => getJobRow(sql, child.id)), { state: 'queued' });
});

t.test('a job submitted while its parent finishes on another replica is settled', { skip }, async (t) => {
  const pg = server as TestPostgres;
  const { a, b, agents } = await replicas(t, pg);
  const parent = (await inTx(a, (sql) => insertJob(sql, job()))).row;
  await inTx(a, (sql) => claimJobs(sql, agents[0], 1, 60_000, LOCALITY_WAIT_MS, 2_000));

  const finishing = await begin(a);
  t.match(await finishJob(finishing.sql, parent.id, { agentId: agents[0].agentId, epoch: 1 }, { exitCode: 0 }, 3_000), { ok: true, queued: [] });
  const submit = await begin(b);
  // Another owner's submit, so that it does not wait on the quota counter the finish holds.
  const inserted = insertJob(submit.sql, job({ owner: 'bob', after: [parent.id], now: 3_000 }));
  t.equal(await settledOrBlocked(a, submit.pid, inserted), 'blocked', 'the submit waits for the finish under way');
  await finishing.commit();
  const { row } = await inserted;
  t.same(await settleWaiting(submit.sql, row.id, 3_000), [row.id], 'and then sees the parent succeeded');
  await submit.commit();
  t.match(await inTx(a, (sql) => getJobRow(sql, row.id)), { state: 'queued' });
});
