import t from 'tap';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getAgent } from '../../../api/store/sqlite/agents.js';
import { openDatabase } from '../../../api/store/sqlite/db.js';
import { MIGRATIONS } from '../../../api/store/sqlite/migrations/index.js';

const SITES = MIGRATIONS.findIndex((sql) => sql.includes('agent_content_filters'));

t.test('agents enrolled before sites existed take the one site their label names', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'awe-migrate-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'awe.db');
  const old = new Database(file);
  for (const sql of MIGRATIONS.slice(0, SITES)) old.exec(sql);
  old.pragma(`user_version = ${SITES}`);
  const insert = old.prepare('INSERT INTO agents (name, labels, slots, secret_hash, last_seen_at, created_at) VALUES (?, ?, 1, ?, 0, 0)');
  const [one, two, none] = [{ site: 'munich', pool: 'cluster' }, { site: 'munich|naples' }, { pool: 'cluster' }].map((labels, i) =>
    Number(insert.run(`n${i}`, JSON.stringify(labels), 'x').lastInsertRowid),
  );
  old.close();

  const db = openDatabase(file);
  t.teardown(() => db.close());
  t.equal(getAgent(db, one)!.site, 'munich');
  t.equal(getAgent(db, two)!.site, null, 'a label naming two sites names none');
  t.equal(getAgent(db, none)!.site, null);
});
