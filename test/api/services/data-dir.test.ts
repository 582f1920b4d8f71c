import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { startService } from '../../helpers/service.js';
import { BACK_END } from '../../helpers/store.js';

const mode = (path: string): number => statSync(path).mode & 0o777;

t.test('a data dir with keys copied in readable by all is made private at start', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'awe-loose-data-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  chmodSync(dataDir, 0o755);
  for (const name of ['jwt.key', 'secret.key', 'csrf.key']) writeFileSync(join(dataDir, name), `${randomBytes(32).toString('base64')}\n`, { mode: 0o644 });
  writeFileSync(join(dataDir, 'notes.txt'), 'an operator\'s file\n', { mode: 0o644 });
  const service = await startService(t, { dataDir });
  t.equal(mode(dataDir), 0o700);
  // The database is a file here only on SQLite.
  const files = ['jwt.key', 'secret.key', 'csrf.key', 'admin.token', ...(BACK_END === 'sqlite' ? ['awe.db'] : [])];
  for (const name of files) t.equal(mode(join(dataDir, name)), 0o600, `${name} 0600`);
  t.equal(mode(join(dataDir, 'notes.txt')), 0o644, 'files not of the service are left as they are');
  t.equal((await service.client().listRecipes()).recipes.length > 0, true, 'and the service runs with the keys it was given');
});

