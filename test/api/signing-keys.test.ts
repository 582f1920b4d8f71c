import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import t, { type Test } from 'tap';
import { buildServer } from '../../api/build.js';
import { DEFAULTS } from '../../api/config.js';
import { bootstrap } from '../../api/services/bootstrap.js';
import { startService } from '../helpers/service.js';

const SERVER = fileURLToPath(new URL('../../api/server.js', import.meta.url));
const run = promisify(execFile);
const kidOf = (token: string): unknown => (JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()) as { kid?: unknown }).kid;

/** A second server (a replica, or the same one restarted) on a data dir, answering through inject(). */
async function replica(t: Test, dataDir: string) {
  const app = await buildServer({ config: { ...DEFAULTS, dataDir } });
  t.teardown(() => app.close());
  return {
    app,
    me: async (token: string) => (await app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${token}` } })).statusCode,
  };
}

t.test('a rotated key signs tokens after a restart; tokens signed before stay valid; every replica accepts both', async (t) => {
  const service = await startService(t);
  const before = service.adminToken;
  t.equal(kidOf(before), 'initial', 'tokens name their key');

  const rotated = await run(process.execPath, [SERVER, '--rotate-jwt-key', '--data-dir', service.dataDir]);
  const kid = /new token signing key (\S+):/.exec(rotated.stdout)?.[1];
  t.ok(kid, rotated.stdout);
  t.equal(kidOf((await service.app.signUserToken('admin')).token), 'initial', 'a running server keeps signing with its key until restarted');

  const restarted = await replica(t, service.dataDir);
  const after = (await restarted.app.signUserToken('admin')).token;
  t.equal(kidOf(after), kid, 'after a restart new tokens name the new key');
  t.equal(await restarted.me(before), 200, 'a token signed with the old key stays valid');
  t.equal(await restarted.me(after), 200);
  t.equal((await service.client(after).me()).username, 'admin', 'the replica that was not restarted accepts the new key too');

  const [header, payload, signature] = after.split('.');
  const renamed = Buffer.from(JSON.stringify({ ...(JSON.parse(Buffer.from(header, 'base64url').toString()) as object), kid: 'initial' })).toString('base64url');
  t.equal(await restarted.me(`${renamed}.${payload}.${signature}`), 401, 'a token that names another key than the one that signed it is refused');
  const unknown = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: 'nobody-issued-this' })).toString('base64url');
  t.equal(await restarted.me(`${unknown}.${payload}.${signature}`), 401, 'so is one that names an unknown key');

  const audit = (await service.client().listAudit()).entries;
  t.match(audit[0], { action: 'key.rotate', target: kid, actor: 'awe-server --rotate-jwt-key' }, 'the rotation is in the audit trail');
});

t.test("tokens from before key ids were signed with the data dir's jwt.key and keep working", async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'awe-test-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const legacyKey = Buffer.alloc(32, 7);
  writeFileSync(join(dataDir, 'jwt.key'), legacyKey.toString('base64') + '\n', { mode: 0o600 });
  const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ sub: 'admin', aud: 'awe-dp:user', iss: 'awe-dp', exp: Math.floor(Date.now() / 1000) + 600 })}`;
  const oldToken = `${unsigned}.${createHmac('sha256', legacyKey).update(unsigned).digest('base64url')}`;

  const server = await replica(t, dataDir);
  await bootstrap(server.app.awe, server.app.signUserToken);
  t.equal(await server.me(oldToken), 200, 'a token without a key id is checked against the imported key');
  const forged = `${unsigned}.${createHmac('sha256', Buffer.alloc(32, 8)).update(unsigned).digest('base64url')}`;
  t.equal(await server.me(forged), 401, 'and only against it');
});
