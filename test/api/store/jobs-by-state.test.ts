import t from 'tap';
import { openSqliteStore } from '../../../api/store/sqlite/index.js';
import { JOB_STATES } from '../../../core/states.js';

/**
 * A history of succeeded jobs with a few jobs of every other state among
 * them: what a listing by state and the per-state counts of /metrics read.
 */
t.test('jobs of each state are listed and counted through the indexes, not by walking the history', async (t) => {
  const store = openSqliteStore(':memory:');
  t.teardown(() => store.close());
  const { db } = store;
  const agent = await store.insertAgent(
    { name: 'n1', labels: {}, slots: 4, memoryMB: null, executor: 'local', site: null, isolation: 'none', trustUserCode: false, secretHash: 'x', bound: { labels: null, slots: null, memoryMB: null } },
    0,
  );
  const insert = db.prepare(
    `INSERT INTO jobs (owner, recipe, args, command, max_attempts, state, created_at, agent_id, lease_expires_at, finished_at)
     VALUES ('u', 'Bias', '[]', '[]', 1, @state, 0, @agent, @lease, @finished) RETURNING id`,
  );
  const add = (state: string): number => {
    const held = state === 'running' || state === 'cancelling';
    return (insert.get({ state, agent: held ? agent : null, lease: held ? 60_000 : null, finished: ['succeeded', 'failed', 'cancelled'].includes(state) ? 1 : null }) as { id: number }).id;
  };
  const ids = new Map<string, number[]>(JOB_STATES.map((state) => [state, []]));
  // The rare states first, among the oldest of the history, then 20,000 succeeded, then one more of each.
  for (const round of [0, 1]) {
    for (const state of JOB_STATES) if (state !== 'succeeded') ids.get(state)!.push(add(state));
    if (round === 0) {
      db.prepare(
        `WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
         INSERT INTO jobs (owner, recipe, args, command, max_attempts, state, created_at, finished_at) SELECT 'u', 'Bias', '[]', '[]', 1, 'succeeded', 0, 1 FROM n`,
      ).run();
    }
  }
  ids.get('succeeded')!.push(add('succeeded'));

  // Succeeded jobs, most of any history, are read newest first by id: its statement is prepared before the others are watched.
  t.same((await store.listJobs({ state: 'succeeded', limit: 1 }))[0].id, ids.get('succeeded')![0], 'succeeded: the newest first');
  const prepared: string[] = [];
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => (prepared.push(sql), prepare(sql))) as typeof db.prepare;
  for (const state of JOB_STATES) {
    if (state === 'succeeded') continue;
    const newest = (await store.listJobs({ state, limit: 2 })).map((row) => row.id);
    t.same(newest, [...ids.get(state)!].reverse(), `${state}: both, newest first, the oldest from before the history`);
  }
  const counts = await store.countJobsByState();
  db.prepare = prepare;

  const truth = Object.fromEntries((db.prepare('SELECT state, count(*) AS n FROM jobs GROUP BY state').all() as Array<{ state: string; n: number }>).map((row) => [row.state, row.n]));
  t.same(counts, truth, 'the counts of every state, succeeded among them');
  t.equal(counts.succeeded, 20_001);

  t.equal(prepared.length, 3, 'listings through jobs_state and jobs_leases, and the counts');
  for (const sql of prepared) {
    const plan = (prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ state: 'failed', limit: 2 }) as Array<{ detail: string }>).map((step) => step.detail);
    t.notOk(plan.some((detail) => /^SCAN (jobs|j)$/.test(detail)), `read through an index: ${plan.join('; ')}`);
  }
});
