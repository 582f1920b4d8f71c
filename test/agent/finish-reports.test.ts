/**
 * How a real agent reports finished jobs, counted where an operator sees it:
 * the requests that reach the service. A busy agent reports a batch of
 * finishes in the claim that takes their replacements; a finish decided while
 * the agent holds a long poll goes on its own; one whose own request got no
 * answer waits and goes with the next claim.
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { agentHarness, until, type Harness } from '../helpers/agent-harness.js';
import { parseMetrics } from '../../scripts/server-process.js';

const FINISH = /^\/v1\/jobs\/\d+\/finish$/;

/** Counts the claims and finish reports the service receives from now on. */
function countRequests(server: Server) {
  const counts = { claims: 0, finishes: 0 };
  const onRequest = (req: IncomingMessage): void => {
    if (req.method !== 'POST') return;
    if (req.url === '/v1/agents/claim') counts.claims++;
    else if (FINISH.test(req.url ?? '')) counts.finishes++;
  };
  server.on('request', onRequest);
  return { counts, stop: () => server.off('request', onRequest) };
}

const longPolls = async (h: Harness): Promise<number> => parseMetrics(await (await h.admin.raw({ method: 'GET', path: '/metrics' })).body.text()).awe_long_polls;

/** Distinct jobs (identical ones would wait for the first and take its outputs). */
const quickJobs = (count: number) => Array.from({ length: count }, (_, i) => ({ recipe: 'Quick', args: [String(i)] }));

type Verdict = 'pass' | 'drop' | 'refuse';

/**
 * An HTTP proxy in front of the service that decides on each request, with
 * its body: pass it on, drop the connection (no answer), or refuse it as
 * invalid (400), as a service would refuse a claim with a bad report.
 */
async function faultyProxy(t: { teardown(fn: () => unknown): void }, target: string, decide: (method: string, url: string, body: string) => Verdict) {
  const verdicts: Array<{ url: string; verdict: Verdict }> = [];
  const proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const verdict = decide(req.method!, req.url!, body.toString());
      verdicts.push({ url: req.url!, verdict });
      if (verdict === 'drop') return req.socket.destroy();
      if (verdict === 'refuse') {
        res.writeHead(400, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ statusCode: 400, code: 'AWE_ERR_VALIDATION', message: 'refused by the test proxy' }));
      }
      const upstream = request(`${target}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode!, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      res.on('close', () => upstream.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    proxy.closeAllConnections();
    return new Promise((resolve) => proxy.close(resolve));
  });
  return { url: `http://127.0.0.1:${(proxy.address() as { port: number }).port}`, verdicts };
}

t.test('a busy agent reports finished jobs in the claims that take the next ones, not one request each', async (t) => {
  const h = await agentHarness(t);
  await h.recipe('Quick', 'exit 0');
  const slots = 16;
  const jobs = 160;
  await h.agent({ slots });
  await until('the agent polling', async () => (await longPolls(h)) === 1);
  const seen = countRequests(h.service.app.server);
  t.teardown(seen.stop);
  const warnings: string[] = [];
  const onWarning = (warning: Error): void => void warnings.push(warning.message);
  process.on('warning', onWarning);
  t.teardown(() => process.off('warning', onWarning));
  const { ids } = await h.admin.submitJobs(quickJobs(jobs));
  for (const id of ids) t.equal((await h.waitFor(id, ['succeeded', 'failed'])).state, 'succeeded');
  t.same(warnings, [], 'no warning (twice the slots of attempts wait to exit or report at once)');
  const { claims, finishes } = seen.counts;
  t.comment(`${claims} claims and ${finishes} finish reports of their own for ${jobs} jobs`);
  // Only once the queue is empty does the agent long-poll, and what ends meanwhile goes on its own.
  t.ok(finishes < slots, `finish reports of their own only at the end (${finishes})`);
  t.ok(claims <= jobs / 2, `at most one claim per two jobs (${claims})`);
});

t.test('a finish decided while the agent holds a long poll is delivered at once, on its own', async (t) => {
  const h = await agentHarness(t, { maxWaitSeconds: 30 });
  const go = join(h.dir, 'go');
  await h.recipe('Waits', `while [ ! -e "${go}" ]; do sleep 0.05; done`);
  await h.agent({ slots: 2 });
  const job = await h.submit('Waits');
  await h.waitFor(job.id, ['running']);
  // The answer brought one job of the two asked for: nothing more queued, so the free slot waits in a long poll.
  await until('a long poll for the free slot', async () => (await longPolls(h)) === 1);
  const seen = countRequests(h.service.app.server);
  t.teardown(seen.stop);
  writeFileSync(go, '');
  const started = Date.now();
  t.equal((await h.waitFor(job.id, ['succeeded', 'failed'])).state, 'succeeded');
  t.ok(Date.now() - started < 10_000, 'not held until the long poll ends (30 s)');
  t.same(seen.counts, { claims: 0, finishes: 1 }, 'one finish report of its own; the long poll still waits');
  t.equal(await longPolls(h), 1);
});

t.test('a finish whose own report got no answer goes with the next claim', async (t) => {
  const h = await agentHarness(t, { maxWaitSeconds: 2 });
  const proxy = await faultyProxy(t, h.url, (method, url) => (method === 'POST' && FINISH.test(url) ? 'drop' : 'pass'));
  await h.recipe('Quick', 'exit 0');
  await h.agent({ server: proxy.url, slots: 2 });
  await until('the agent polling', async () => (await longPolls(h)) === 1);
  const seen = countRequests(h.service.app.server);
  t.teardown(seen.stop);
  const job = await h.submit('Quick');
  t.equal((await h.waitFor(job.id, ['succeeded', 'failed'])).state, 'succeeded');
  t.equal(proxy.verdicts.filter((v) => v.verdict === 'drop').length, 1, 'the agent sent the finish on its own (it held a long poll), and got no answer');
  t.equal(seen.counts.finishes, 0, 'no finish report of its own reached the service: a claim carried it');
});

t.test('reports in a claim refused as a whole go on their own', async (t) => {
  const h = await agentHarness(t);
  const proxy = await faultyProxy(t, h.url, (_method, url, body) => (url === '/v1/agents/claim' && body.includes('"finished"') ? 'refuse' : 'pass'));
  await h.recipe('Quick', 'exit 0');
  await h.agent({ server: proxy.url, slots: 1 });
  const seen = countRequests(h.service.app.server);
  t.teardown(seen.stop);
  const job = await h.submit('Quick');
  t.equal((await h.waitFor(job.id, ['succeeded', 'failed'])).state, 'succeeded');
  t.ok(proxy.verdicts.some((v) => v.verdict === 'refuse'), 'the claim carrying the report was refused');
  t.equal(seen.counts.finishes, 1, 'the report then went on its own, and was recorded');
});

t.test('a drain while the agent is busy lets every claimed job run and be reported', async (t) => {
  const h = await agentHarness(t);
  await h.recipe('Quick', 'exit 0');
  const agent = await h.agent({ slots: 4 });
  const { ids } = await h.admin.submitJobs(quickJobs(200));
  await until('some jobs done', async () => (await h.admin.listJobs({ state: 'succeeded' })).jobs.length >= 10);
  agent.drain();
  await agent.done;
  const states = await Promise.all(ids.map(async (id) => (await h.admin.getJob(id)).state));
  t.same(
    states.filter((state) => state !== 'succeeded' && state !== 'queued'),
    [],
    'no job is left running on the drained agent (a claim cut short would lease jobs it never ran)',
  );
  t.ok(states.includes('queued'), 'the drain stopped the agent taking more');
});
