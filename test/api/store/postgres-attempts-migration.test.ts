import { randomBytes } from 'node:crypto';
import t from 'tap';
import pg from 'pg';
import { openPostgresStore } from '../../../api/store/postgres/index.js';
import { MIGRATIONS } from '../../../api/store/postgres/migrations/index.js';
import { openPool } from '../../../api/store/postgres/pool.js';
import { testPostgres } from './test-postgres.js';

const postgresServer = await testPostgres(t);

t.test('PostgreSQL jobs from before attempts: their attempts are rebuilt and only succeeded jobs keep outputs children may take', { skip: typeof postgresServer === 'string' && postgresServer }, async (t) => {
  if (typeof postgresServer === 'string') return;
  // A schema as migration 6 left it, with jobs in it: made by hand, since freshUrl() migrates all the way.
  const url = new URL(await postgresServer.freshUrl());
  const schema = `t_${randomBytes(6).toString('hex')}`;
  url.searchParams.set('schema', schema);
  const { pool: old } = openPool(url.toString(), { max: 1 });
  await old.query(`CREATE SCHEMA ${pg.escapeIdentifier(schema)}`);
  await old.query('CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)');
  await old.query(MIGRATIONS.find(({ version }) => version === 6)!.sql);
  await old.query('INSERT INTO schema_migrations (version, applied_at) VALUES (6, 0)');
  const agent = (
    await old.query<{ id: number }>(
      `INSERT INTO agents (name, labels, slots, secret_hash, last_seen_at, created_at) VALUES ('n1', '{"site":"a"}', 1, 'x', 0, 0) RETURNING id`,
    )
  ).rows[0].id;
  const job = async (state: string, exitCode: number, reason: string | null): Promise<number> => {
    const { rows } = await old.query<{ id: number }>(
      `INSERT INTO jobs (owner, recipe, args, command, max_attempts, attempts, state, agent_id, lease_epoch, priority, exit_code, failure_reason, log_size, created_at, started_at, finished_at)
       VALUES ('u', 'R', '[]', '[]', 3, 2, $1, $2, 2, 9, $3, $4, 30, 1000, 2000, 3000) RETURNING id`,
      [state, agent, exitCode, reason],
    );
    const id = rows[0].id;
    await old.query('INSERT INTO log_attempts (job_id, epoch, start) VALUES ($1, 1, 0), ($1, 2, 12)', [id]);
    await old.query(`INSERT INTO outputs (job_id, path, sha256, size) VALUES ($1, 'a.fits', $2, 3)`, [id, 'a'.repeat(64)]);
    return id;
  };
  const done = await job('succeeded', 0, null);
  const failed = await job('failed', 1, 'recipe_failed');
  await old.end();

  const store = await openPostgresStore(url.toString(), { poolSize: 2 });
  t.teardown(() => store.close());
  const attempts = await store.listAttempts(done);
  t.equal(attempts.length, 2, 'the earlier attempt from its log start, the last from the job row');
  t.match(attempts[0], { epoch: 1, node: '', outcome: 'requeued', logStart: 0, logEnd: 12 });
  t.match(attempts[1], { epoch: 2, node: 'n1', labels: { site: 'a' }, outcome: 'succeeded', exitCode: 0, logStart: 12, logEnd: 30 });
  t.same(attempts[1].outputs.map((o) => o.path), ['a.fits']);
  t.same((await store.listOutputs(done)).map((o) => o.path), ['a.fits'], "a succeeded job's outputs stay its outputs");
  t.same(await store.listOutputs(failed), [], "a failed job's outputs move under its attempt");
  t.match((await store.listAttempts(failed))[1], { outcome: 'failed', failureReason: 'recipe_failed', outputs: [{ path: 'a.fits' }] });
  t.equal((await store.getJobRow(done))!.asked_priority, 9, 'the asked priority starts as the present one');
});
