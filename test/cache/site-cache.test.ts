/**
 * One service, one awe-cache and four awe-agent processes of one site with
 * --cache: forty jobs that take the same 20 MB input cost the service that
 * input once.
 */
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import t from 'tap';
import { agentHarness, until } from '../helpers/agent-harness.js';
import { serviceBytesSent, startCache } from '../helpers/cache-process.js';

const INPUT_BYTES = 20 * 1024 * 1024;
const JOBS = 40;

t.test('forty jobs on four agents read one 20 MB input through the cache: the service sends it once', async (t) => {
  const h = await agentHarness(t, { leaseSeconds: 10 });
  const cache = await startCache(t, h.url, join(h.dir, 'cache'));
  // The producer runs on an agent without the cache; its output is the consumers' input.
  await h.recipe('Make', `head -c ${INPUT_BYTES} /dev/urandom > "$AWE_OUTPUT_DIR/flat.fits"`);
  await h.recipe('Use', 'sha256sum flat.fits');
  const maker = await h.agent();
  const producer = await h.submit('Make');
  t.equal((await h.waitFor(producer.id, ['succeeded', 'failed'], 60_000)).state, 'succeeded');
  maker.drain();
  await maker.done;
  const [input] = (await h.admin.listOutputs(producer.id)).outputs;
  t.equal(input.size, INPUT_BYTES);

  const before = await serviceBytesSent(h.url, h.service.adminToken);
  const agents: ChildProcess[] = [];
  for (let i = 1; i <= 4; i++) {
    agents.push(
      h.agentProcess([
        '--server', h.url, '--enroll', await h.enrollmentToken(), '--work-dir', join(h.dir, `site-agent-${i}`), '--name', `site-${i}`,
        '--isolation', 'none', '--trust-user-code', '--cache', cache.url,
      ]),
    );
  }
  const { ids } = await h.admin.submitJobs(Array.from({ length: JOBS }, () => ({ recipe: 'Use', inputs: [{ job: producer.id, path: 'flat.fits' }] })));
  const nodes = new Set<string | null>();
  for (const id of ids) {
    const done = await h.waitFor(id, ['succeeded', 'failed'], 120_000);
    t.equal(done.state, 'succeeded', `job ${id}`);
    t.equal(await h.log(id), `${input.sha256}  flat.fits\n`, `job ${id} read the input whole`);
    nodes.add(done.node);
  }
  t.ok(nodes.size > 1, `the jobs ran on ${nodes.size} of the four agents`);

  t.equal((await serviceBytesSent(h.url, h.service.adminToken)) - before, INPUT_BYTES, 'the service sent the input once');
  const metrics = await cache.metrics();
  t.equal(metrics.awe_cache_misses_total, 1, 'one fetch from the service');
  t.equal(metrics.awe_cache_bytes_fetched_total, INPUT_BYTES);
  // Each node keeps the input in its own cache after the first job there: one request per node that ran a job.
  t.equal(metrics.awe_cache_hits_total, nodes.size - 1, 'every other node was served from the cache');
  t.equal(metrics.awe_cache_bytes_served_total, nodes.size * INPUT_BYTES);
  for (const agent of agents) agent.kill('SIGTERM');
  await until('the agents to stop', () => agents.every((agent) => agent.exitCode !== null || agent.signalCode !== null), 30_000);
});
