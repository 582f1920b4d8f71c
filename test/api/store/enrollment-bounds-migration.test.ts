import t from 'tap';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../../api/store/sqlite/index.js';
import { MIGRATIONS } from '../../../api/store/sqlite/migrations/index.js';

const BOUNDS = MIGRATIONS.findIndex((sql) => sql.includes('bound_labels'));

t.test('agents enrolled before bounds existed get what they offer now as their bound', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'awe-migrate-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'awe.db');
  // A database as the release before bounds left it, with two enrolled agents.
  const old = new Database(file);
  for (const sql of MIGRATIONS.slice(0, BOUNDS)) old.exec(sql);
  old.pragma(`user_version = ${BOUNDS}`);
  const insert = old.prepare('INSERT INTO agents (name, labels, slots, memory_mb, secret_hash, last_seen_at, created_at) VALUES (?, ?, ?, ?, ?, 0, 0)');
  const big = Number(insert.run('big1', JSON.stringify({ pool: 'cluster|bigmem' }), 8, 256000, 'x').lastInsertRowid);
  const small = Number(insert.run('small1', '{}', 1, null, 'y').lastInsertRowid);
  old.close();

  const store = openSqliteStore(file);
  t.teardown(() => store.close());
  t.same((await store.getAgent(big))!.bound, { labels: { pool: 'cluster|bigmem' }, slots: 8, memoryMB: 256000 });
  t.same((await store.getAgent(small))!.bound, { labels: {}, slots: 1, memoryMB: 0 }, 'an agent that never stated memory is bounded at 0 MB, as jobs saw it');
});
