/**
 * `GET /v1/held`: the cache's holdings as a Bloom filter, kept up to date as
 * files arrive and leave, answered 304 while unchanged; the agent's view of it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { pino } from 'pino';
import t from 'tap';
import { request } from 'undici';
import { AweClient } from '@awe-dp/sdk';
import { SiteCache } from '../../agent/site-cache.js';
import { BloomFilter } from '../../core/bloom.js';
import { startCache } from '../helpers/cache-process.js';
import { startService } from '../helpers/service.js';

const sha = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

async function held(url: string, etag?: string): Promise<{ status: number; etag: string | undefined; filter: BloomFilter | null }> {
  const response = await request(`${url}/v1/held`, { headers: etag ? { 'if-none-match': etag } : {} });
  const text = await response.body.text();
  const tag = response.headers.etag;
  return {
    status: response.statusCode,
    etag: typeof tag === 'string' ? tag : undefined,
    filter: response.statusCode === 200 ? BloomFilter.fromBase64((JSON.parse(text) as { filter: string }).filter) : null,
  };
}

t.test('the cache answers what it holds as a Bloom filter: new files join it, evicted ones leave it, an unchanged one costs a 304', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  await admin.putRecipe('Noop', { command: ['true'] });
  const blobs = [0, 1, 2].map(() => randomBytes(4000));
  for (const blob of blobs) await admin.uploadBlob(sha(blob), blob);
  const bundle = await admin.createBundle(blobs.map((blob, i) => ({ path: `f${i}`, sha256: sha(blob), size: blob.length, mode: 0o644 })));
  await admin.submitJob({ recipe: 'Noop', bundle: bundle.id });
  const agent = await service.agent('n1');
  const [claimed] = (await agent.client.claim({ maxJobs: 1 })).jobs;
  // 0.00001 GB = 10,737 bytes: two 4,000-byte files fit, a third passes the high watermark.
  const cache = await startCache(t, service.url, join(service.dataDir, 'site-cache'), { AWE_CACHE_MAX_GB: '0.00001' });
  const download = async (blob: Buffer): Promise<void> => {
    const response = await request(`${cache.url}/v1/blobs/${sha(blob)}`, { headers: { authorization: `Bearer ${claimed.jobToken}` } });
    t.equal(response.statusCode, 200);
    await response.body.dump();
  };
  const holds = (filter: BloomFilter | null): boolean[] => blobs.map((blob) => filter?.has(sha(blob)) ?? false);

  const empty = await held(cache.url);
  t.equal(empty.status, 200);
  t.same(holds(empty.filter), [false, false, false], 'an empty cache holds nothing');
  t.ok(empty.etag, 'with an ETag');

  await download(blobs[0]);
  await download(blobs[1]);
  const two = await held(cache.url, empty.etag);
  t.equal(two.status, 200, 'a changed filter is sent again');
  t.same(holds(two.filter), [true, true, false], 'naming the files that arrived');
  t.not(two.etag, empty.etag, 'under a new ETag');
  t.ok(two.filter!.sizeBytes <= 64 * 1024, 'within 64 KiB');
  const same = await held(cache.url, two.etag);
  t.same([same.status, same.filter], [304, null], 'an unchanged filter is a 304 without a body');

  await download(blobs[2]);
  t.equal((await cache.metrics()).awe_cache_evictions_total, 1, 'the third file evicted the least recently used one');
  const after = await held(cache.url, two.etag);
  t.same(holds(after.filter), [false, true, true], 'the evicted file left the filter');

  const site = new SiteCache(new AweClient({ server: cache.url, retries: 0 }), pino({ level: 'silent' }));
  t.teardown(() => site.close());
  const first = await site.held();
  t.same(holds(first), [false, true, true], "the agent reads the cache's filter");
  t.equal(await site.held(), first, 'and keeps its copy while the cache answers 304');
  await cache.stop();
  t.equal(await site.held(), null, 'a cache that does not answer holds nothing for the report');
});
