/** The service's side of site caches: the access check and read-only content tokens. */
import { createHash } from 'node:crypto';
import t from 'tap';
import { request } from 'undici';
import { startService } from '../helpers/service.js';

const sha = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

async function status(url: string, token?: string, method: 'GET' | 'POST' = 'GET'): Promise<number> {
  const response = await request(url, { method, headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
  await response.body.dump();
  return response.statusCode;
}

t.test('GET /v1/blobs/{sha}/access answers what GET /v1/blobs/{sha} would, without the bytes', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  await admin.putRecipe('Noop', { command: ['true'] });
  const data = Buffer.from('a file of the bundle\n');
  await admin.uploadBlob(sha(data), data);
  const bundle = await admin.createBundle([{ path: 'x.py', sha256: sha(data), size: data.length, mode: 0o644 }]);
  // The other job has a bundle too (an empty one), so that its claim carries a job token.
  const job = await admin.submitJob({ recipe: 'Noop', bundle: (await admin.createBundle([])).id });
  const withBundle = await admin.submitJob({ recipe: 'Noop', bundle: bundle.id });
  const agent = await service.agent('n2', {}, 2);
  const [claimed, mine] = (await agent.client.claim({ maxJobs: 2 })).jobs;
  t.same([claimed.id, mine.id], [job.id, withBundle.id]);
  const access = (hash: string): string => `${service.url}/v1/blobs/${hash}/access`;

  t.equal(await status(access(sha(data)), mine.jobToken), 204, 'the job token of a job whose bundle holds it');
  t.equal(await status(access(sha(data)), claimed.jobToken), 403, `the job token of job ${job.id}, whose bundle does not`);
  t.equal(await status(access(sha(data)), service.adminToken), 204, 'an admin');
  t.equal(await status(access(sha(Buffer.from('never stored'))), service.adminToken), 404, 'content the service does not hold');
  t.equal(await status(access(sha(data)), 'garbage'), 401);
  t.equal(await status(access(sha(data))), 401, 'no token');
  t.equal(await status(access(sha(data)), 'awa_1_x'), 403, 'an agent credential');
});

t.test('content tokens: minted for signed-in users, read what their user may, and nothing else', async (t) => {
  const service = await startService(t);
  const dev = service.client(await service.user('dana', 'developer'));
  const data = Buffer.from('dana brought this\n');
  await dev.uploadBlob(sha(data), data);
  t.equal(await status(`${service.url}/v1/content-tokens`, undefined, 'POST'), 401, 'not for anonymous callers');
  const minted = await dev.createContentToken();
  t.ok(Date.parse(minted.expiresAt) - Date.now() <= 10 * 60_000, 'it lives minutes');
  const blob = `${service.url}/v1/blobs/${sha(data)}`;
  t.equal(await status(blob, minted.token), 200, 'it reads what its user uploaded');
  t.equal(await status(`${blob}/access`, minted.token), 204);
  const erik = await service.client(await service.user('erik', 'developer')).createContentToken();
  t.equal(await status(blob, erik.token), 403, "another user's does not");
  t.equal(await status(`${service.url}/v1/jobs`, minted.token), 401, 'it is no user token');
  t.equal(await status(`${service.url}/v1/content-tokens`, minted.token, 'POST'), 401, 'and mints no tokens');
  t.equal(await status(blob, await service.user('vera', 'visitor')), 403, "a user token still reads no blob but an admin's");

  const metrics = async (): Promise<number> => {
    const text = await (await request(`${service.url}/metrics`, { headers: { authorization: `Bearer ${service.adminToken}` } })).body.text();
    return Number(/^awe_blob_bytes_sent_total (\d+)$/m.exec(text)?.[1]);
  };
  const before = await metrics();
  await (await request(blob, { headers: { authorization: `Bearer ${minted.token}` } })).body.arrayBuffer();
  t.equal((await metrics()) - before, data.length, 'awe_blob_bytes_sent_total counts the bytes sent');
});
