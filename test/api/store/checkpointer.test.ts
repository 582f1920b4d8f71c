import t from 'tap';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../../api/store/sqlite/index.js';
import { setTimeout as sleep } from 'node:timers/promises';

const PAGE = 4096;

t.test('the WAL is copied into the database file while the service runs, off its thread, and all of it at close', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'awe-checkpoint-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'awe.db');
  const store = openSqliteStore(file);
  const { db } = store;
  t.ok((db.pragma('wal_autocheckpoint', { simple: true }) as number) > 3000, "the service's own checkpoint waits far longer than this test writes");
  db.exec('CREATE TABLE filler (b BLOB)');
  db.transaction(() => {
    for (let i = 0; i < 3000; i++) db.prepare('INSERT INTO filler (b) VALUES (randomblob(4000))').run();
  })();
  const written = 3000 * PAGE;
  t.ok(statSync(`${file}-wal`).size > written, 'the commit went to the WAL');
  // Nothing else runs here: only the worker can copy the pages back.
  for (const end = Date.now() + 15_000; statSync(file).size < written && Date.now() < end; ) await sleep(50);
  t.ok(statSync(file).size >= written, 'the pages reached the database file');
  await store.close();
  t.notOk(existsSync(`${file}-wal`), "closing ends the worker's connection too: the service's, the last, checkpoints the rest and removes the WAL");
});
