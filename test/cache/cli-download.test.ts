/** `awrecipe outputs JOB --download DIR` with AWE_CACHE: the bytes come from the cache, under a content token. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { agentHarness } from '../helpers/agent-harness.js';
import { serviceBytesSent, startCache } from '../helpers/cache-process.js';
import { awrecipe } from '../cli/cli-process.js';

t.test('awrecipe downloads outputs through AWE_CACHE with a content token, and from the service when the cache is gone', async (t) => {
  const h = await agentHarness(t);
  const cache = await startCache(t, h.url, join(h.dir, 'cache'));
  await h.recipe('Make', 'head -c 300000 /dev/urandom > "$AWE_OUTPUT_DIR/flat.fits"');
  await h.agent();
  const job = await h.submit('Make');
  t.equal((await h.waitFor(job.id, ['succeeded', 'failed'])).state, 'succeeded');
  const [output] = (await h.admin.listOutputs(job.id)).outputs;
  const env = { AWE_SERVER: h.url, AWE_TOKEN: h.service.adminToken, AWE_CACHE: cache.url, HOME: h.dir };

  const first = await awrecipe(['outputs', String(job.id), '--download', join(h.dir, 'first')], { env });
  t.equal(first.code, 0, first.stderr);
  const before = await serviceBytesSent(h.url, h.service.adminToken);
  const second = await awrecipe(['outputs', String(job.id), '--download', join(h.dir, 'second')], { env });
  t.equal(second.code, 0, second.stderr);
  t.equal(await serviceBytesSent(h.url, h.service.adminToken), before, 'the second download cost the service no content');
  t.equal(readFileSync(join(h.dir, 'second', 'flat.fits')).length, output.size);
  const metrics = await cache.metrics();
  t.same([metrics.awe_cache_misses_total, metrics.awe_cache_hits_total], [1, 1], 'both went through the cache');

  await cache.stop();
  const third = await awrecipe(['outputs', String(job.id), '--download', join(h.dir, 'third')], { env });
  t.equal(third.code, 0, third.stderr);
  t.same(readFileSync(join(h.dir, 'third', 'flat.fits')), readFileSync(join(h.dir, 'second', 'flat.fits')), 'the service answers when the cache does not');
});
