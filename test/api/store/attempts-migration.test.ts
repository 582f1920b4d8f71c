import t from 'tap';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../../api/store/sqlite/index.js';
import { MIGRATIONS } from '../../../api/store/sqlite/migrations/index.js';

const ATTEMPTS = MIGRATIONS.findIndex((sql) => sql.includes('CREATE TABLE job_attempts'));

t.test('jobs from before attempts were kept: their attempts are rebuilt and only succeeded jobs keep outputs children may take', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'awe-migrate-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'awe.db');
  const old = new Database(file);
  for (const sql of MIGRATIONS.slice(0, ATTEMPTS)) old.exec(sql);
  old.pragma(`user_version = ${ATTEMPTS}`);
  const agent = Number(
    old.prepare(`INSERT INTO agents (name, labels, slots, secret_hash, last_seen_at, created_at) VALUES ('n1', '{"site":"a"}', 1, 'x', 0, 0)`).run().lastInsertRowid,
  );
  const job = old.prepare(
    `INSERT INTO jobs (owner, recipe, args, command, max_attempts, attempts, state, agent_id, lease_epoch, priority, exit_code, failure_reason, log_size, created_at, started_at, finished_at)
     VALUES ('u', 'R', '[]', '[]', 3, 2, ?, ?, 2, 9, ?, ?, 30, 1000, 2000, ?)`,
  );
  const done = Number(job.run('succeeded', agent, 0, null, 3000).lastInsertRowid);
  const failed = Number(job.run('failed', agent, 1, 'recipe_failed', 3000).lastInsertRowid);
  for (const id of [done, failed]) {
    old.prepare('INSERT INTO log_attempts (job_id, epoch, start) VALUES (?, 1, 0), (?, 2, 12)').run(id, id);
    old.prepare(`INSERT INTO outputs (job_id, path, sha256, size) VALUES (?, 'a.fits', ?, 3)`).run(id, 'a'.repeat(64));
  }
  old.close();

  const store = openSqliteStore(file);
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
