import t from 'tap';
import type { Db } from '../../../api/store/sqlite/db.js';
import { openSqliteStore } from '../../../api/store/sqlite/index.js';
import { routeId } from '../../../api/store/sqlite/jobs/routes.js';
import { claimOrder, type Claimant, type Store } from '../../../api/store/store.js';
import { UNBOUNDED } from '../../../core/bounds.js';

const cluster = { selector: { pool: 'cluster' }, requestedNode: null, minMemoryMB: null, shipsCode: false };
const bigmem = { selector: { pool: 'bigmem' }, requestedNode: null, minMemoryMB: null, shipsCode: false };
const nope = { selector: {}, requestedNode: 'nope', minMemoryMB: null, shipsCode: false };

/** `count` queued jobs on a route in one statement, at a priority above anything a claim here may run. */
function flood(db: Db, route: number, count: number): void {
  db.prepare(
    `WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
     INSERT INTO jobs (owner, recipe, args, command, max_attempts, state, priority, created_at, route_id, fair_pos)
     SELECT 'flood', 'Coadd', '[]', '["true"]', 1, 'queued', 90, 0, ?, i FROM n`,
  ).run(count, route);
}

async function claimant(store: Store, name: string, labels: Record<string, string>): Promise<Claimant> {
  const offer = { name, labels, site: null, memoryMB: null, isolation: 'none', trustUserCode: false } as const;
  return { ...offer, agentId: await store.insertAgent({ ...offer, slots: 4, executor: 'local', secretHash: 'x', bound: UNBOUNDED }, 0) };
}

t.test('a claim behind 100,000 queued jobs no agent fits reads only the routes and heads that fit', async (t) => {
  const store = openSqliteStore(':memory:');
  t.teardown(() => store.close());
  const { db } = store;
  flood(db, routeId(db, bigmem, 0), 50_000);
  flood(db, routeId(db, nope, 0), 50_000);
  const fit = routeId(db, cluster, 0);
  db.prepare(`INSERT INTO jobs (owner, recipe, args, command, max_attempts, state, created_at, route_id) VALUES ('u', 'Bias', '[]', '[]', 1, 'queued', 0, ?)`).run(fit);
  const agent = await claimant(store, 'c1', { pool: 'cluster' });

  const bigmemRoute = routeId(db, bigmem, 0);

  // Every statement the claim prepares, planned: none may walk the queued jobs.
  const prepared: string[] = [];
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => (prepared.push(sql), prepare(sql))) as typeof db.prepare;
  t.same(
    (await store.queuedRoutesFor([agent.name])).map((route) => route.id),
    [bigmemRoute, fit],
    'two routes to judge: the one pinned to another node is not even read',
  );
  const claimed = await store.claimJobs(agent, 4, 60_000, 30_000, 1);
  db.prepare = prepare;
  t.same(claimed.map((row) => row.recipe), ['Bias'], 'the one job it may run, behind 100,000 of higher priority');

  const plans = prepared
    .filter((sql) => /FROM jobs/.test(sql) && !/^\s*UPDATE/.test(sql))
    .map((sql) => prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array<number>((sql.match(/\?/g) ?? []).length).fill(0)) as Array<{ detail: string }>);
  t.ok(plans.length >= 2, 'the route list and the head of a route');
  for (const plan of plans) {
    const details = plan.map((step) => step.detail);
    t.notOk(details.some((detail) => /^SCAN (jobs|j)\b/.test(detail)), `no scan of jobs: ${details.join('; ')}`);
    t.notOk(details.some((detail) => /TEMP B-TREE/.test(detail)), 'no sort of what was read');
  }
  const head = plans.flat().map((step) => step.detail).filter((detail) => /jobs_route_queue \(route_id=\?\)/.test(detail));
  t.ok(head.length >= 2, 'queued jobs are reached only through the route index, one route at a time');
});

t.test('claim order: priority, then fair position, then age', async (t) => {
  const keys = [
    { id: 4, priority: 0, fair_pos: 0 },
    { id: 1, priority: 0, fair_pos: 2 },
    { id: 3, priority: 5, fair_pos: 9 },
    { id: 2, priority: 0, fair_pos: 0 },
  ];
  t.same([...keys].sort(claimOrder).map((key) => key.id), [3, 2, 4, 1]);
});

t.test("a finish report is applied by the job's id, not by reading every attempt its agent holds", async (t) => {
  const store = openSqliteStore(':memory:');
  t.teardown(() => store.close());
  const { db } = store;
  flood(db, routeId(db, cluster, 0), 300);
  const agent = await claimant(store, 'c1', { pool: 'cluster' });
  db.prepare('UPDATE agents SET slots = 300 WHERE id = ?').run(agent.agentId);
  const held = await store.claimJobs(agent, 300, 60_000, 0, 1);
  t.equal(held.length, 300);

  const prepared: string[] = [];
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => (prepared.push(sql), prepare(sql))) as typeof db.prepare;
  const [result] = await store.finishJobs([{ id: held[0].id, fence: { agentId: agent.agentId, epoch: held[0].lease_epoch }, outcome: { exitCode: 0 } }], 2);
  db.prepare = prepare;
  t.match(result, { ok: true, row: { state: 'succeeded' } });

  const update = prepared.find((sql) => /^UPDATE jobs SET state/.test(sql));
  t.ok(update, 'the finish changed the job with one UPDATE');
  const params = Object.fromEntries([...update!.matchAll(/@(\w+)/g)].map(([, name]) => [name, name === 'epochs' ? '{}' : null]));
  const plan = (prepare(`EXPLAIN QUERY PLAN ${update!}`).all(params) as Array<{ detail: string }>).map((step) => step.detail);
  t.ok(plan.some((detail) => /SEARCH jobs USING INTEGER PRIMARY KEY/.test(detail)), `by id: ${plan.join('; ')}`);
});
