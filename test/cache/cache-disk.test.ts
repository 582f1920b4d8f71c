/**
 * What the cache keeps on disk: a file flipped there is caught while served
 * and fetched again (and the job that wanted it still succeeds), a restart
 * keeps what was whole, the high watermark evicts least recently used files,
 * and concurrent misses make one fetch.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { request } from 'undici';
import { agentHarness, until } from '../helpers/agent-harness.js';
import { serviceBytesSent, startCache } from '../helpers/cache-process.js';
import { startService } from '../helpers/service.js';

const sha = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
const cachedFile = (dir: string, hash: string): string => join(dir, 'blobs', hash.slice(0, 2), hash);

async function download(url: string, token: string): Promise<Buffer> {
  const response = await request(url, { headers: { authorization: `Bearer ${token}` } });
  if (response.statusCode !== 200) throw new Error(`${response.statusCode}: ${await response.body.text()}`);
  return Buffer.from(await response.body.arrayBuffer());
}

t.test('a cache file flipped on disk is caught while served, dropped and fetched again; the job still succeeds', async (t) => {
  const h = await agentHarness(t, { leaseSeconds: 10 });
  const dir = join(h.dir, 'cache');
  const cache = await startCache(t, h.url, dir);
  await h.recipe('Make', 'head -c 1000000 /dev/urandom > "$AWE_OUTPUT_DIR/bias.fits"');
  await h.recipe('Use', 'sha256sum bias.fits');
  const producer = await h.submit('Make');
  const first = await h.agent({ cache: cache.url });
  const consumer = await h.submit('Use', { inputs: [{ job: producer.id, path: 'bias.fits' }] });
  t.equal((await h.waitFor(consumer.id, ['succeeded', 'failed'])).state, 'succeeded');
  first.drain();
  await first.done;
  const [input] = (await h.admin.listOutputs(producer.id)).outputs;
  const path = cachedFile(dir, input.sha256);
  t.ok(existsSync(path), 'the cache holds the input');

  const bytes = readFileSync(path);
  bytes[500_000] ^= 0xff;
  writeFileSync(path, bytes);
  // A fresh node (empty bundle cache) asks the cache again and gets the flipped file's stream cut short.
  await h.agent({ cache: cache.url });
  const again = await h.submit('Use', { inputs: [{ job: producer.id, path: 'bias.fits' }] });
  t.equal((await h.waitFor(again.id, ['succeeded', 'failed'])).state, 'succeeded', 'the job succeeds');
  t.equal(await h.log(again.id), `${input.sha256}  bias.fits\n`, 'with the right bytes');
  t.equal((await cache.metrics()).awe_cache_corrupt_total, 1, 'the cache saw the bad file');
  await until('the cache to fetch the file again', () => existsSync(path) && sha(readFileSync(path)) === input.sha256);
});

t.test('a restart keeps what the cache holds; past the high watermark the least recently used file goes; concurrent misses fetch once', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  await admin.putRecipe('Noop', { command: ['true'] });
  const blobs = [0, 1, 2].map(() => randomBytes(4000));
  for (const blob of blobs) await admin.uploadBlob(sha(blob), blob);
  const bundle = await admin.createBundle(blobs.map((blob, i) => ({ path: `f${i}`, sha256: sha(blob), size: blob.length, mode: 0o644 })));
  await admin.submitJob({ recipe: 'Noop', bundle: bundle.id });
  const agent = await service.agent('n1');
  const [claimed] = (await agent.client.claim({ maxJobs: 1 })).jobs;
  const token = claimed.jobToken;
  const dir = join(service.dataDir, 'site-cache');
  // 0.00001 GB = 10,737 bytes: two 4,000-byte files fit, a third passes the high watermark.
  const env = { AWE_CACHE_MAX_GB: '0.00001' };
  let cache = await startCache(t, service.url, dir, env);
  const url = (blob: Buffer): string => `${cache.url}/v1/blobs/${sha(blob)}`;

  const before = await serviceBytesSent(service.url, service.adminToken);
  const answers = await Promise.all(Array.from({ length: 8 }, () => download(url(blobs[0]), token)));
  t.ok(answers.every((answer) => answer.equals(blobs[0])), 'eight concurrent requests get the bytes');
  t.equal((await serviceBytesSent(service.url, service.adminToken)) - before, blobs[0].length, 'from one fetch');
  const counted = await cache.metrics();
  t.same([counted.awe_cache_misses_total, counted.awe_cache_hits_total], [1, 7], 'one miss; the seven that joined its fetch count as hits');
  await download(url(blobs[1]), token);

  await cache.stop();
  cache = await startCache(t, service.url, dir, env);
  const afterRestart = await serviceBytesSent(service.url, service.adminToken);
  t.same(await download(url(blobs[0]), token), blobs[0]);
  t.equal(await serviceBytesSent(service.url, service.adminToken), afterRestart, 'the restarted cache serves what it held');
  t.equal((await cache.metrics()).awe_cache_files, 2, 'it reports both files it kept');

  // blobs[0] was just used, blobs[1] not since before the restart: it is the one to go.
  await download(url(blobs[2]), token);
  const metrics = await cache.metrics();
  t.equal(metrics.awe_cache_evictions_total, 1);
  t.ok(metrics.awe_cache_bytes <= 10_737, 'back under the high watermark');
  t.same(
    blobs.map((blob) => existsSync(cachedFile(dir, sha(blob)))),
    [true, false, true],
    'the least recently used file was evicted',
  );
});
