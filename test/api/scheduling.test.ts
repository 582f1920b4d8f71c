import { createHash } from 'node:crypto';
import t from 'tap';
import { AGING_STEP_MS } from '../../api/store/store.js';
import { AweApiError, isRetryable, type AweClient, type ClaimedJob, type Job } from '@awe-dp/sdk';
import { startService, type TestService } from '../helpers/service.js';

const pending = async (client: AweClient, id: number) => (await client.getJob(id)).pendingReason;
const done = (job: ClaimedJob) => ({ id: job.id, epoch: job.epoch, exitCode: 0 });

/** Every job of a recipe, newest first, through as many pages as it takes. */
async function allJobs(client: AweClient, recipe: string): Promise<Job[]> {
  const jobs: Job[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listJobs({ recipe, limit: 500, cursor });
    jobs.push(...page.jobs);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return jobs;
}

async function quotaError(call: Promise<unknown>): Promise<AweApiError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof AweApiError) return error;
    throw error;
  }
  throw new Error('the submit was accepted');
}

t.test('600 Coadd with their pool down do not hold back a Bias on the cluster', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  const big = await service.agent('big1', { pool: 'bigmem' });
  await admin.updateNode(big.agentId, 'draining'); // the big-memory machine is down for the night
  const cluster = await service.agent('c1', { pool: 'cluster' });
  await admin.submitJobs(Array.from({ length: 600 }, (_, i) => ({ recipe: 'Coadd', args: [String(i)] })));
  const bias = await admin.submitJob({ recipe: 'Bias' });

  const [claimed] = (await cluster.client.claim({ maxJobs: 1 })).jobs;
  t.equal(claimed?.id, bias.id, 'the cluster agent gets the Bias at once');
  await cluster.client.finish(done(claimed));
  t.equal((await admin.getJob(bias.id)).state, 'succeeded');

  const coadds = await allJobs(admin, 'Coadd');
  t.equal(coadds.length, 600);
  t.same([...new Set(coadds.map((job) => job.pendingReason))], ['no online node has pool=bigmem'], 'each Coadd says what it waits for');

  await admin.updateNode(big.agentId, 'online');
  t.equal((await big.client.claim({ maxJobs: 1 })).jobs[0]?.id, coadds.at(-1)!.id, 'the oldest Coadd starts when its node is back');
});

t.test('a job for a node that is not enrolled says so, blocks nobody and does not age', async (t) => {
  let clock = Date.UTC(2026, 0, 5, 8, 0, 0);
  const service = await startService(t, { leaseSeconds: 3600 }, () => clock);
  const admin = service.client();
  const sweep = () => new Promise((resolve) => setTimeout(resolve, 600));
  const router = service.client(await service.user('rudi', 'user', true));
  const cluster = await service.agent('c1', { pool: 'cluster' });

  const { ids: pinned } = await router.submitJobs(Array.from({ length: 600 }, () => ({ recipe: 'Reduce', node: 'nope', priority: 10 })));
  const runnable = await admin.submitJob({ recipe: 'Reduce' });
  t.equal(await pending(admin, pinned[0]), 'no node named nope is enrolled');
  t.equal(await pending(admin, runnable.id), 'about to be claimed by a matching node', 'the pinned jobs are not ahead of it');

  clock += 3 * AGING_STEP_MS;
  await sweep();
  t.equal((await admin.getJob(pinned[0])).priority, 10, 'a job no node may run does not age');
  t.equal((await admin.getJob(runnable.id)).priority, 3, 'a job that can run does');
  t.same((await cluster.client.claim({ maxJobs: 1 })).jobs.map((job) => job.id), [runnable.id], '600 higher jobs no node fits are stepped over');

  // Once the node enrolls its jobs run and age, counting from then, not from their submission.
  const nope = await service.agent('nope', {});
  t.equal(await pending(admin, pinned[0]), 'about to be claimed by a matching node');
  await sweep(); // the sweep that sees it online
  clock += AGING_STEP_MS;
  await cluster.client.agentHello({});
  await sweep();
  t.equal((await admin.getJob(pinned[0])).priority, 11);
  t.same((await nope.client.claim({ maxJobs: 1 })).jobs.map((job) => job.id), [pinned[0]]);
});

t.test('fair share: one job of a second user starts before the first user\'s backlog', async (t) => {
  const service = await startService(t);
  const alice = service.client(await service.user('alice', 'user'));
  const bob = service.client(await service.user('bob', 'user'));
  const agent = await service.agent('c1', { pool: 'cluster' });
  const { ids: backlog } = await alice.submitJobs(Array.from({ length: 1000 }, (_, i) => ({ recipe: 'Bias', args: [String(i)] })));

  let [held] = (await agent.client.claim({ maxJobs: 1 })).jobs;
  for (let i = 0; i < 3; i++) [held] = (await agent.client.claim({ maxJobs: 1, finished: [done(held)] })).jobs;
  t.equal(held.id, backlog[3], 'alice alone: her jobs in order');

  const single = await bob.submitJob({ recipe: 'Bias' });
  const after: number[] = [];
  while (!after.includes(single.id)) {
    [held] = (await agent.client.claim({ maxJobs: 1, finished: [done(held)] })).jobs;
    after.push(held.id);
  }
  t.ok(after.length < 10, `bob's job started before alice's tenth after it (as number ${after.length})`);
  t.same(after, [single.id], 'in fact at the next turn');

  // Priority still comes first: a more urgent job of alice's goes before a plain one of bob's,
  // without costing bob his turn among the plain ones.
  const plain = await bob.submitJob({ recipe: 'Bias' });
  const urgent = await alice.submitJob({ recipe: 'Bias', priority: 5 });
  const next: number[] = [];
  for (let i = 0; i < 3; i++) {
    [held] = (await agent.client.claim({ maxJobs: 1, finished: [done(held)] })).jobs;
    next.push(held.id);
  }
  t.same(next, [urgent.id, backlog[4], plain.id], 'the urgent one, then one each in turn');
});

t.test('jobs ahead are counted in claim order, fair share included, for the same nodes only', async (t) => {
  const service = await startService(t);
  const alice = service.client(await service.user('alice', 'user'));
  const bob = service.client(await service.user('bob', 'user'));
  await service.agent('c1', { pool: 'cluster' });
  const { ids: hers } = await alice.submitJobs(Array.from({ length: 5 }, () => ({ recipe: 'Bias' })));
  const his = await bob.submitJob({ recipe: 'Bias' });
  t.equal(await pending(bob, his.id), '1 job ahead in the queue', "only alice's first goes before bob's one");
  t.equal(await pending(alice, hers[1]), '2 jobs ahead in the queue');
  t.equal(await pending(alice, hers[4]), '5 jobs ahead in the queue');
  const listed = (await alice.listJobs({ recipe: 'Bias' })).jobs;
  t.same(
    listed.map((job) => job.pendingReason),
    ['1 job ahead in the queue', '5 jobs ahead in the queue', '4 jobs ahead in the queue', '3 jobs ahead in the queue', '2 jobs ahead in the queue', 'about to be claimed by a matching node'],
    'a page answers the same as one job at a time',
  );
  t.equal((await alice.explain({ recipe: 'Bias' })).summary, '6 jobs ahead in the queue; then it would run on c1', 'explain places a new job of alice after her own');
  t.equal((await service.client().explain({ recipe: 'Bias' })).summary, '2 jobs ahead in the queue; then it would run on c1', "a third user's job would follow the first of each");
});

t.test('shipped code runs only where the node boxes it or trusts it', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  const source = Buffer.from('print("mine")\n');
  const sha = createHash('sha256').update(source).digest('hex');
  await admin.uploadBlob(sha, source);
  const bundle = await admin.createBundle([{ path: 'pkg/mod.py', sha256: sha, size: source.length, mode: 0o644 }]);
  const { token } = await admin.createEnrollmentToken({ uses: 1 });
  const plain = await service.client(undefined).registerAgent({ token, name: 'plain', labels: { pool: 'cluster' }, slots: 2 });
  const plainClient = service.client(plain.credential);

  const mine = await admin.submitJob({ recipe: 'Bias', bundle: bundle.id });
  const theirs = await admin.submitJob({ recipe: 'Bias' });
  t.same((await plainClient.claim({ maxJobs: 2 })).jobs.map((job) => job.id), [theirs.id], 'an agent that reports no isolation gets no shipped code');
  t.equal(await pending(admin, mine.id), 'no online node may run shipped code: nodes without isolation need --trust-user-code');
  const node = (await admin.listNodes()).nodes.find((n) => n.name === 'plain')!;
  t.match(node, { isolation: 'none', trustUserCode: false });
  const explained = await admin.explain({ recipe: 'Bias', bundle: bundle.id });
  t.equal(explained.nodes[0].reason, 'may not run shipped code (nodes without isolation need --trust-user-code)');

  await plainClient.agentHello({ isolation: 'none', trustUserCode: true });
  t.match((await admin.listNodes()).nodes.find((n) => n.name === 'plain'), { isolation: 'none', trustUserCode: true });
  t.same((await plainClient.claim({ maxJobs: 1 })).jobs.map((job) => job.id), [mine.id], 'its admin trusts user code');

  const boxed = await service.agent('boxed', { pool: 'cluster' });
  const again = await admin.submitJob({ recipe: 'Bias', bundle: bundle.id });
  t.same((await boxed.client.claim({ maxJobs: 1 })).jobs.map((job) => job.id), [again.id], 'a node that boxes it (bwrap)');
  await plainClient.agentHello({});
  t.match((await admin.listNodes()).nodes.find((n) => n.name === 'plain'), { isolation: 'none', trustUserCode: false }, 'a hello that says nothing trusts nothing');
});

t.test('quotas: active jobs per user, 429 AWE_ERR_QUOTA naming the limit', async (t) => {
  const service: TestService = await startService(t, { maxActiveJobsPerUser: 4 });
  const admin = service.client();
  await admin.createUser({ username: 'quinn', password: 'quinn-password', role: 'user', maxActiveJobs: 2 });
  const quinn = service.client((await admin.login('quinn', 'quinn-password')).token);
  const una = service.client(await service.user('una', 'user'));

  const first = await quinn.submitJob({ recipe: 'Bias' });
  const waiting = await quinn.submitJob({ recipe: 'Bias', after: [first.id] });
  t.equal(waiting.state, 'waiting', 'waiting jobs count too');
  const over = await quotaError(quinn.submitJob({ recipe: 'Bias' }));
  t.equal(over.statusCode, 429);
  t.equal(over.code, 'AWE_ERR_QUOTA');
  t.equal(over.message, "user quinn may have at most 2 active jobs (waiting, queued or running; the user's maxActiveJobs): 2 are active and this submit adds 1");
  t.notOk(isRetryable(over), 'clients do not retry a full quota');
  t.match((await admin.call('listUsers', 'GET', '/v1/users')).users.find((user) => user.username === 'quinn'), { maxActiveJobs: 2, activeJobs: 2 });

  // A job that ends frees its place; running ones still count.
  await quinn.cancelJob(waiting.id);
  const agent = await service.agent('c1', { pool: 'cluster' });
  const [running] = (await agent.client.claim({ maxJobs: 1 })).jobs;
  t.equal(running.id, first.id);
  await quinn.submitJob({ recipe: 'Bias' });
  t.equal((await quotaError(quinn.submitJob({ recipe: 'Bias' }))).code, 'AWE_ERR_QUOTA');
  await agent.client.finish(done(running));
  await quinn.submitJob({ recipe: 'Bias' });

  // The service's default, and a batch counts all its jobs, all or none.
  await una.submitJobs([{ recipe: 'Bias' }, { recipe: 'Bias' }]);
  const batch = await quotaError(una.submitJobs([{ recipe: 'Bias' }, { recipe: 'Bias' }, { recipe: 'Bias' }]));
  t.equal(batch.message, 'user una may have at most 4 active jobs (waiting, queued or running; the service limit AWE_MAX_ACTIVE_JOBS_PER_USER): 2 are active and this submit adds 3');
  t.equal((await una.listJobs({ owner: 'una' })).jobs.length, 2, 'nothing of the refused batch was stored');
  await una.submitJobs([{ recipe: 'Bias' }, { recipe: 'Bias' }]);
  t.equal((await quotaError(una.submitJob({ recipe: 'Bias' }))).statusCode, 429);
});
