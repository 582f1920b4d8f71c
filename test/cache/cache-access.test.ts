/**
 * The cache serves nothing the service would refuse: a job token opens its own
 * job's files only, user tokens are refused, and a revoked credential opens
 * nothing once AWE_CACHE_AUTH_TTL_SECONDS has passed.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import t, { type Test } from 'tap';
import { request } from 'undici';
import { serviceBytesSent, startCache } from '../helpers/cache-process.js';
import { startService, type TestService } from '../helpers/service.js';

const sha = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

async function get(url: string, token: string): Promise<{ status: number; body: Buffer; code?: string; message?: string }> {
  const response = await request(url, { headers: { authorization: `Bearer ${token}` } });
  const body = Buffer.from(await response.body.arrayBuffer());
  if (response.statusCode === 200) return { status: 200, body };
  const error = JSON.parse(body.toString()) as { code: string; message: string };
  return { status: response.statusCode, body, ...error };
}

/** Two running jobs of a developer, each with a bundle of one file of its own. */
async function twoJobs(t: Test, service: TestService) {
  const dev = await service.user('dana', 'developer');
  const dana = service.client(dev);
  await service.client().putRecipe('Noop', { command: ['true'] });
  const files = [Buffer.from('file of job A\n'), Buffer.from('file of job B\n')];
  for (const data of files) {
    await dana.uploadBlob(sha(data), data);
    const bundle = await dana.createBundle([{ path: 'x.py', sha256: sha(data), size: data.length, mode: 0o644 }]);
    await dana.submitJob({ recipe: 'Noop', bundle: bundle.id });
  }
  const agent = await service.agent('n1', {}, 2);
  const claimed = (await agent.client.claim({ maxJobs: 2 })).jobs.sort((a, b) => a.id - b.id);
  t.equal(claimed.length, 2);
  return { dev, dana, files, claimed, agent: agent.client };
}

function scratch(t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'awe-cache-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

t.test("a job token reads its own job's files through the cache, not another job's (403)", async (t) => {
  const service = await startService(t);
  const { files, claimed } = await twoJobs(t, service);
  const cache = await startCache(t, service.url, scratch(t));
  const [a, b] = files.map(sha);
  const own = await get(`${cache.url}/v1/blobs/${a}`, claimed[0].jobToken);
  t.equal(own.status, 200);
  t.same(own.body, files[0], 'the bytes of its bundle');
  const before = await serviceBytesSent(service.url, service.adminToken);
  const other = await get(`${cache.url}/v1/blobs/${b}`, claimed[0].jobToken);
  t.equal(other.status, 403);
  t.equal(other.code, 'AWE_ERR_FORBIDDEN');
  // Now B's file is in the cache (through B's token): A's token still may not have it.
  t.equal((await get(`${cache.url}/v1/blobs/${b}`, claimed[1].jobToken)).status, 200);
  t.equal((await get(`${cache.url}/v1/blobs/${b}`, claimed[0].jobToken)).status, 403, 'nor once the cache holds it');
  t.equal((await serviceBytesSent(service.url, service.adminToken)) - before, files[1].length, 'the refused requests cost the service no content');
});

t.test('user tokens and agent credentials are refused by the cache; content tokens read what their user may', async (t) => {
  const service = await startService(t);
  const { dev, dana, files } = await twoJobs(t, service);
  const cache = await startCache(t, service.url, scratch(t));
  const [a] = files.map(sha);
  for (const [who, token] of [['a developer', dev], ['an admin', service.adminToken]] as const) {
    const refused = await get(`${cache.url}/v1/blobs/${a}`, token);
    t.equal(refused.status, 403, `${who}'s user token`);
    t.match(refused.message, /content token/, 'which says what to send instead');
  }
  t.equal((await get(`${cache.url}/v1/blobs/${a}`, 'awa_1_abc')).status, 403, 'an agent credential');
  t.equal((await get(`${cache.url}/v1/blobs/${a}`, 'not-a-token')).status, 401, 'garbage');
  t.equal((await request(`${cache.url}/v1/blobs/${a}`)).statusCode, 401, 'no token');

  const content = (await dana.createContentToken()).token;
  const read = await get(`${cache.url}/v1/blobs/${a}`, content);
  t.equal(read.status, 200, "dana's content token reads the file she uploaded");
  t.same(read.body, files[0]);
  const erik = service.client(await service.user('erik', 'developer'));
  t.equal((await get(`${cache.url}/v1/blobs/${a}`, (await erik.createContentToken()).token)).status, 403, "erik's does not");
  t.equal((await request(`${service.url}/v1/jobs`, { headers: { authorization: `Bearer ${content}` } })).statusCode, 401, 'a content token is no user token at the service');
});

t.test('a revoked credential reads nothing through the cache once AWE_CACHE_AUTH_TTL_SECONDS has passed', async (t) => {
  const service = await startService(t);
  const { dana, files, claimed, agent } = await twoJobs(t, service);
  const cache = await startCache(t, service.url, scratch(t), { AWE_CACHE_AUTH_TTL_SECONDS: '1' });
  const [a] = files.map(sha);
  const content = (await dana.createContentToken()).token;
  t.equal((await get(`${cache.url}/v1/blobs/${a}`, claimed[0].jobToken)).status, 200, 'the job token, while its attempt runs');
  t.equal((await get(`${cache.url}/v1/blobs/${a}`, content)).status, 200, 'the content token, while its user is enabled');

  await agent.finish({ id: claimed[0].id, epoch: claimed[0].epoch, exitCode: 0 });
  await service.client().updateUser('dana', { disabled: true });
  await sleep(1100);
  const job = await get(`${cache.url}/v1/blobs/${a}`, claimed[0].jobToken);
  t.equal(job.status, 403, 'the job token of a finished attempt');
  t.match(job.message, /no longer runs/);
  t.equal((await get(`${cache.url}/v1/blobs/${a}`, content)).status, 401, 'the content token of a disabled user');
});
