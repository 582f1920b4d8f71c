import { randomBytes } from 'node:crypto';
import t from 'tap';
import pg from 'pg';
import { databaseTime } from '../../../api/store/postgres/clock.js';
import { releaseLease, takeLease } from '../../../api/store/postgres/leader-lease.js';
import { replicas } from '../../../api/store/postgres/migrations/009-replicas.js';
import { forgetSignInFailures, pruneSignInFailures, recentSignInFailures, recordSignInFailure } from '../../../api/store/postgres/sign-in-failures.js';
import { NotifyLink } from '../../../api/store/postgres/notify-link.js';
import type { Signal } from '../../../api/store/replica-link.js';
import { DbClock } from '../../../api/services/db-clock.js';
import { until } from '../../helpers/agent-harness.js';

const ADMIN_URL = process.env.AWE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A database of this file's own (its NOTIFY channel is its own too), dropped at the end; null when no PostgreSQL answers. */
async function scratchDatabase(): Promise<string | null> {
  const onAdmin = async (sql: string): Promise<void> => {
    const admin = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
    await admin.connect();
    try {
      await admin.query(sql);
    } finally {
      await admin.end();
    }
  };
  const name = `awe_test_${randomBytes(6).toString('hex')}`;
  try {
    await onAdmin(`CREATE DATABASE ${name}`);
  } catch {
    return null;
  }
  t.teardown(() => onAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

const url = await scratchDatabase();
if (url === null) {
  t.comment('PostgreSQL at 127.0.0.1:5432 does not answer: the PostgreSQL replica tests are skipped');
  t.pass('skipped: no PostgreSQL', { skip: true });
} else {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // The scratch database is dropped WITH (FORCE) when the file ends, which may end an idle connection of this
  // pool before the pool itself is ended: without a listener, the pool's 'error' for it would fail the file.
  pool.on('error', () => {});
  t.teardown(() => pool.end());
  await pool.query(replicas);
  const quiet = { warn: () => {} };

  t.test('a signal published on one replica reaches the others, not itself', async (t) => {
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((name) => NotifyLink.open(url, name, quiet)));
    t.teardown(() => Promise.all([a, b, c].map((link) => link.close())));
    const got: Record<string, Signal[]> = { a: [], b: [], c: [] };
    a.onSignal((s) => got.a.push(s));
    b.onSignal((s) => got.b.push(s));
    c.onSignal((s) => got.c.push(s));
    a.publish({ topics: ['job:1'] });
    a.publish({ topics: ['job:2', 'job:1'], work: 2 });
    a.publish({ work: Number.POSITIVE_INFINITY });
    await until('b and c hear a', () => got.b.length > 0 && got.c.length > 0);
    t.same(got.b, [{ topics: ['job:1', 'job:2'], work: Number.MAX_SAFE_INTEGER }], 'one turn of the event loop, one NOTIFY; "all waiters" survives JSON');
    t.same(got.c, got.b);
    b.publish({ topics: ['job:3'] });
    await until('a hears b', () => got.a.length > 0);
    t.same(got.a, [{ topics: ['job:3'], work: 0 }]);
    t.equal(got.b.length, 1, 'b did not hear itself');
  });

  t.test('many topics at once go in several NOTIFYs under the payload limit', async (t) => {
    const [a, b] = await Promise.all(['a', 'b'].map((name) => NotifyLink.open(url, name, quiet)));
    t.teardown(() => Promise.all([a, b].map((link) => link.close())));
    const heard = new Set<string>();
    let work = 0;
    b.onSignal((s) => {
      for (const topic of s.topics) heard.add(topic);
      work += s.work;
    });
    const warnings: string[] = [];
    const warned = (warning: Error): number => warnings.push(`${warning.name}: ${warning.message}`);
    process.on('warning', warned);
    t.teardown(() => process.off('warning', warned));
    const topics = Array.from({ length: 3000 }, (_, i) => `job:${1_000_000 + i}`);
    a.publish({ topics, work: 3000 });
    // More flushes, each on its own turn of the event loop, while the first is still being sent.
    const more = Array.from({ length: 5 }, (_, i) => `job:${2_000_000 + i}`);
    for (const topic of more) {
      await new Promise((resolve) => setImmediate(resolve));
      a.publish({ topics: [topic], work: 1 });
    }
    await until('every topic arrives', () => heard.size === topics.length + more.length);
    t.equal(work, 3000 + more.length, 'the work count of each flush is sent once');
    // Queries sent on the link's connection while another runs: pg warns now and will refuse them in pg 9.
    t.same(warnings, [], 'one query at a time on the link connection');
  });

  t.test('a link whose connection is cut listens again', async (t) => {
    const [a, b] = await Promise.all(['a', 'b'].map((name) => NotifyLink.open(url, name, quiet)));
    t.teardown(() => Promise.all([a, b].map((link) => link.close())));
    const heard: string[] = [];
    b.onSignal((s) => heard.push(...s.topics));
    await pool.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'awe-dp replica link' AND pid <> pg_backend_pid()`);
    // Until b listens again, what a sends is lost (the waiters' timers cover it): keep sending.
    let n = 0;
    await until('b hears a again', () => {
      a.publish({ topics: [`job:${++n}`] });
      return heard.length > 0;
    });
    t.pass(`heard again after ${n} tries`);
  });

  t.test('the leader lease: one holder, a new term for each new holder, free on release', async (t) => {
    t.equal(await takeLease(pool, 'sweeper', 'a', 60_000), 1, 'a takes it first');
    t.equal(await takeLease(pool, 'sweeper', 'b', 60_000), null, 'b cannot while it lasts');
    t.equal(await takeLease(pool, 'sweeper', 'a', 60_000), 1, 'a renews it in the same term');
    await releaseLease(pool, 'sweeper', 'b');
    t.equal(await takeLease(pool, 'sweeper', 'b', 60_000), null, 'b cannot release what a holds');
    await releaseLease(pool, 'sweeper', 'a');
    t.equal(await takeLease(pool, 'sweeper', 'b', 60_000), 2, 'once released, b takes it in a new term');
    t.equal(await takeLease(pool, 'sweeper', 'a', 60_000), null);
  });

  t.test('sign-in failures: newest first within the window, forgotten per key, pruned by age', async (t) => {
    await recordSignInFailure(pool, ['user:["admin","ip"]', 'address:ip', 'global'], 1000);
    await recordSignInFailure(pool, ['user:["admin","ip"]', 'address:ip', 'global'], 2000);
    t.same(await recentSignInFailures(pool, 'global', 0, 10), [2000, 1000]);
    t.same(await recentSignInFailures(pool, 'global', 1000, 10), [2000], 'only after `since`');
    t.same(await recentSignInFailures(pool, 'global', 0, 1), [2000], 'at most `limit`');
    await forgetSignInFailures(pool, 'user:["admin","ip"]');
    t.same(await recentSignInFailures(pool, 'user:["admin","ip"]', 0, 10), []);
    t.same(await recentSignInFailures(pool, 'address:ip', 0, 10), [2000, 1000], 'other keys stay');
    t.equal(await pruneSignInFailures(pool, 1000), 2, 'the two rows at 1000 go');
  });

  t.test('a lease runs out by the database clock and is taken by one of many at once', async (t) => {
    t.equal(await takeLease(pool, 'race', 'first', 1), 1);
    await until('the 1 ms lease runs out', async () => (await databaseTime(pool)) > Number((await pool.query<{ e: string }>(`SELECT expires_at AS e FROM leader_lease WHERE name = 'race'`)).rows[0]!.e));
    const holders = Array.from({ length: 8 }, (_, i) => `r${i}`);
    const terms = await Promise.all(holders.map((holder) => takeLease(pool, 'race', holder, 60_000)));
    t.same(
      terms.filter((term) => term !== null),
      [2],
      'exactly one of eight replicas trying at once takes it, in term 2',
    );
  });
}

t.test('a replica whose clock is off takes the database time', async (t) => {
  const clock = new DbClock(async () => Date.now() + 90_000);
  await clock.measure();
  t.ok(Math.abs(clock.offset - 90_000) <= 1, `offset ${clock.offset} ms`);
  t.ok(Math.abs(clock.now() - (Date.now() + 90_000)) <= 1);
});
