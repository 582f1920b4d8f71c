import t from 'tap';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadServerConfig } from '../../api/config.js';
import { startService } from '../helpers/service.js';

t.test('AWE_KEYS_DIR, AWE_BLOB_DIR and AWE_PG_NOTIFY are read, and bad values named', async (t) => {
  const base = { AWE_DATA_DIR: '/srv/awe/a' };
  t.match(loadServerConfig([], base), { keysDir: null, blobDir: null, pgNotify: 'on' }, 'by default the data dir holds keys and blobs');
  t.match(loadServerConfig(['--keys-dir', '/shared/keys'], { ...base, AWE_BLOB_DIR: '/lustre/awe/blobs', AWE_PG_NOTIFY: 'off' }), {
    keysDir: '/shared/keys',
    blobDir: '/lustre/awe/blobs',
    pgNotify: 'off',
  });
  t.equal(loadServerConfig([], { ...base, AWE_PG_NOTIFY: 'postgres://db:5432/awe' }).pgNotify, 'postgres://db:5432/awe', 'a direct URL for the link');
  t.throws(() => loadServerConfig([], { ...base, AWE_PG_NOTIFY: 'yes' }), /AWE_PG_NOTIFY must be on, off or a postgres:\/\/ URL/);
});

t.test('a service keeps its keys in the keys dir and its blobs in the blob dir', async (t) => {
  const shared = mkdtempSync(join(tmpdir(), 'awe-shared-'));
  t.teardown(() => rmSync(shared, { recursive: true, force: true }));
  const [keysDir, blobDir] = [join(shared, 'keys'), join(shared, 'blobs')];
  const service = await startService(t, { keysDir, blobDir });
  for (const key of ['secret.key', 'csrf.key']) {
    t.ok(existsSync(join(keysDir, key)), `${key} is in the keys dir`);
    t.notOk(existsSync(join(service.dataDir, key)), `and not in the data dir`);
  }
  const content = Buffer.from('shared by every replica\n');
  const sha = createHash('sha256').update(content).digest('hex');
  await service.client().uploadBlob(sha, content);
  t.ok(existsSync(join(blobDir, sha.slice(0, 2), sha)), 'an uploaded blob lands in the blob dir');
});
