import t from 'tap';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { agentHarness, until } from '../helpers/agent-harness.js';
import { startCache } from '../helpers/cache-process.js';

const BOUND_SECONDS = 3;

t.test('two sites: a job runs where its inputs are, and elsewhere once that site is busy past the bound', async (t) => {
  const h = await agentHarness(t, { localityWaitSeconds: BOUND_SECONDS });
  // Site b comes from its enrollment token's bound, site a from --site.
  const { token } = await h.admin.createEnrollmentToken({ uses: 1, bound: { labels: { site: 'b' } } });
  await h.agent({ name: 'a1', site: 'a', labels: { site: 'a' } });
  await h.agent({ name: 'b1', enroll: token });
  const nodes = (await h.admin.listNodes()).nodes;
  t.same(
    nodes.map((node) => [node.name, node.site, node.labels.site]),
    [
      ['a1', 'a', 'a'],
      ['b1', 'b', 'b'],
    ],
    'each node shows its site, which is also its label',
  );

  const release = join(h.dir, 'release');
  await h.recipe('Make', 'head -c 300000 /dev/urandom > "$AWE_OUTPUT_DIR/frame.bin"');
  await h.recipe('Use', 'test -s frame.bin && echo used');
  await h.recipe('Hold', `while [ ! -e ${release} ]; do sleep 0.05; done`);
  await h.recipe('Plain', 'echo plain');
  t.teardown(() => writeFileSync(release, ''));

  // The frame is made at b and read there once: b's cache holds it from then on.
  const made = await h.submit('Make', { node: 'b1' });
  const input = [{ job: made.id, path: 'frame.bin' }];
  const warm = await h.submit('Use', { node: 'b1', inputs: input });
  t.equal((await h.waitFor(warm.id, ['succeeded', 'failed'])).state, 'succeeded');
  const explained = await until('b to report what it holds', async () => {
    const answer = await h.admin.explain({ recipe: 'Use', inputs: input });
    return answer.data?.startsWith('inputs at b:') && answer;
  });
  t.equal(explained.data, 'inputs at b: 300.0 of 300.0 kB', 'explain says where the inputs are');

  // Both sites idle: the job goes to b, whichever node asks first.
  const near = await h.submit('Use', { inputs: input });
  const ran = await h.waitFor(near.id, ['succeeded', 'failed']);
  t.equal(ran.node, 'b1', 'the job ran at the site holding its input');

  // b busy: a leaves the job to b for the bound, then takes it.
  const blocker = await h.submit('Hold', { node: 'b1' });
  await h.waitFor(blocker.id, ['running']);
  const far = await h.submit('Use', { inputs: input });
  const pending = await h.admin.getJob(far.id);
  t.match(pending.pendingReason, /inputs at b: 300\.0 of 300\.0 kB/, 'pendingReason says where the inputs are');
  // a has a free slot meanwhile: it takes the job queued behind the one it leaves to b.
  const behind = await h.submit('Plain');
  const done = await h.waitFor(far.id, ['succeeded', 'failed'], 30_000);
  t.equal(done.node, 'a1', 'with b busy it ran at a');
  t.equal(done.state, 'succeeded');
  t.ok(Date.parse(done.startedAt!) - Date.parse(done.createdAt) >= BOUND_SECONDS * 1000, 'but only after the locality bound');
  const filled = await h.waitFor(behind.id, ['succeeded', 'failed']);
  t.equal(filled.node, 'a1', 'meanwhile a ran the job queued behind it');
  t.ok(Date.parse(filled.startedAt!) < Date.parse(done.startedAt!), 'before the job it left to b');
  t.notOk(existsSync(release), 'b was busy all along');
  writeFileSync(release, '');
  t.equal((await h.waitFor(blocker.id, ['succeeded', 'failed'])).state, 'succeeded');
});

t.test("a node reports what its site's awe-cache holds, not only its own cache", async (t) => {
  const h = await agentHarness(t, { localityWaitSeconds: 60 });
  // The frame the job will read, put into b's site cache by someone else (a user's download).
  const frame = Buffer.from('frame\n'.repeat(50_000));
  const sha = createHash('sha256').update(frame).digest('hex');
  await h.admin.uploadBlob(sha, frame);
  const cacheDir = join(h.dir, 'site-cache');
  mkdirSync(cacheDir);
  const cache = await startCache(t, h.url, cacheDir);
  const { token } = await h.admin.createContentToken();
  const warmed = await request(`${cache.url}/v1/blobs/${sha}`, { headers: { authorization: `Bearer ${token}` } });
  await warmed.body.arrayBuffer();
  t.equal(warmed.statusCode, 200, 'the site cache holds the frame');

  await h.agent({ name: 'a1', site: 'a', labels: { site: 'a' } });
  await h.recipe('Make', `yes frame | head -c ${frame.length} > "$AWE_OUTPUT_DIR/frame.bin"`);
  await h.recipe('Use', 'test -s frame.bin && echo used');
  const made = await h.submit('Make', { node: 'a1' });
  await h.waitFor(made.id, ['succeeded']);
  t.equal((await h.admin.listOutputs(made.id)).outputs[0].sha256, sha, 'the output is that frame');

  // b1 starts with an empty cache of its own and reads through the site cache.
  await h.agent({ name: 'b1', site: 'b', labels: { site: 'b' }, cache: cache.url });
  const input = [{ job: made.id, path: 'frame.bin' }];
  const explained = await until('b to report its site cache', async () => {
    const answer = await h.admin.explain({ recipe: 'Use', inputs: input });
    return answer.data?.startsWith('inputs at b:') && answer;
  });
  t.equal(explained.data, 'inputs at b: 300.0 of 300.0 kB');
  const job = await h.submit('Use', { inputs: input });
  t.equal((await h.waitFor(job.id, ['succeeded', 'failed'])).node, 'b1', 'the job ran at the site whose cache holds its input');
});
