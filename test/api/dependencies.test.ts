import { createHash } from 'node:crypto';
import t from 'tap';
import { AweApiError, type AweClient, type ClaimedJob } from '@awe-dp/sdk';
import { AGING_STEP_MS } from '../../api/store/store.js';
import { startService } from '../helpers/service.js';

const state = async (client: AweClient, id: number) => (await client.getJob(id)).state;
const ids = (jobs: ClaimedJob[]) => jobs.map((job) => job.id);
const succeed = (job: ClaimedJob) => ({ id: job.id, epoch: job.epoch, exitCode: 0 });

/** The status of a call; a download's body is drained so that its connection is free again. */
async function statusOf(call: Promise<unknown>): Promise<number> {
  try {
    const answer = await call;
    if (answer !== null && typeof answer === 'object' && 'dump' in answer) await (answer as { dump(): Promise<void> }).dump();
    return 200;
  } catch (error) {
    if (error instanceof AweApiError) return error.statusCode;
    throw error;
  }
}

t.test('an after-chain A → B → C runs in order, each only after its parent succeeded', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  const a = await admin.submitJob({ recipe: 'Bias' });
  const b = await admin.submitJob({ recipe: 'MasterFlat', after: [a.id] });
  const c = await admin.submitJob({ recipe: 'Reduce', after: [b.id] });
  t.same([a.state, b.state, c.state], ['queued', 'waiting', 'waiting']);
  t.same(c.after, [b.id]);
  t.equal(c.pendingReason, `waiting for job ${b.id} (waiting)`);

  const agent = await service.agent('c1', { pool: 'cluster' }, 4);
  const first = (await agent.client.claim({ maxJobs: 4 })).jobs;
  t.same(ids(first), [a.id], 'only the head of the chain may start');
  t.equal((await admin.getJob(b.id)).pendingReason, `waiting for job ${a.id} (running)`);
  const second = (await agent.client.claim({ maxJobs: 4, finished: [succeed(first[0])] })).jobs;
  t.same(ids(second), [b.id], 'B starts once A succeeded');
  t.equal(await state(admin, c.id), 'waiting', 'C still waits for B');
  const third = (await agent.client.claim({ maxJobs: 4, finished: [succeed(second[0])] })).jobs;
  t.same(ids(third), [c.id]);
  await agent.client.finish(succeed(third[0]));
  t.equal(await state(admin, c.id), 'succeeded');

  // A long poll already waiting is handed the child the moment its parent succeeds.
  const d = await admin.submitJob({ recipe: 'Bias' });
  const e = await admin.submitJob({ recipe: 'Bias', after: [d.id] });
  const [dRun] = (await agent.client.claim({ maxJobs: 1 })).jobs;
  const poll = agent.client.claim({ maxJobs: 1, waitSeconds: 20 });
  await new Promise((resolve) => setTimeout(resolve, 200));
  await agent.client.finish(succeed(dRun));
  t.same(ids((await poll).jobs), [e.id]);
});

t.test('a failed parent fails its waiting descendants as dependency_failed', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  const a = await admin.submitJob({ recipe: 'Bias' });
  const b = await admin.submitJob({ recipe: 'MasterFlat', after: [a.id] });
  const c = await admin.submitJob({ recipe: 'Reduce', after: [b.id] });
  const other = await admin.submitJob({ recipe: 'Bias' });
  const d = await admin.submitJob({ recipe: 'Reduce', after: [other.id, b.id] });
  const agent = await service.agent('c1', { pool: 'cluster' });
  const [attempt] = (await agent.client.claim({ maxJobs: 1 })).jobs;
  t.equal(attempt.id, a.id);
  await agent.client.finish({ id: a.id, epoch: attempt.epoch, exitCode: 2 });

  for (const [child, parent] of [[b, a], [c, b], [d, b]] as const) {
    const view = await admin.getJob(child.id);
    t.equal(view.state, 'failed', `job ${child.id} failed`);
    t.equal(view.failureReason, 'dependency_failed');
    t.equal(view.message, `job ${parent.id} failed`, 'the message names the parent that failed');
    t.equal(view.pendingReason, null);
  }
  t.equal(await state(admin, other.id), 'queued', 'an unrelated parent is left alone');
});

t.test('cancelling a parent fails the children that wait for it', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  const queued = await admin.submitJob({ recipe: 'Coadd' });
  const child = await admin.submitJob({ recipe: 'SourceList', after: [queued.id] });
  await admin.cancelJob(queued.id);
  t.match(await admin.getJob(child.id), { state: 'failed', failureReason: 'dependency_failed', message: `job ${queued.id} cancelled` });

  // A running parent is cancelled only when its agent confirms; until then the child waits.
  const running = await admin.submitJob({ recipe: 'Bias' });
  const grandchild = await admin.submitJob({ recipe: 'Reduce', after: [running.id] });
  const agent = await service.agent('c1', { pool: 'cluster' });
  const [attempt] = (await agent.client.claim({ maxJobs: 1 })).jobs;
  await admin.cancelJob(running.id);
  t.equal((await admin.getJob(grandchild.id)).pendingReason, `waiting for job ${running.id} (cancelling)`);
  await agent.client.finish({ id: attempt.id, epoch: attempt.epoch, exitCode: null, signal: 'SIGTERM', cancelled: true });
  t.match(await admin.getJob(grandchild.id), { state: 'failed', failureReason: 'dependency_failed', message: `job ${running.id} cancelled` });
});

t.test('a parent that already finished settles the new job at once', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  const agent = await service.agent('c1', { pool: 'cluster' });
  const good = await admin.submitJob({ recipe: 'Bias' });
  const [goodRun] = (await agent.client.claim({ maxJobs: 1 })).jobs;
  await agent.client.finish(succeed(goodRun));
  const bad = await admin.submitJob({ recipe: 'Bias' });
  const [badRun] = (await agent.client.claim({ maxJobs: 1 })).jobs;
  await agent.client.finish({ id: badRun.id, epoch: badRun.epoch, exitCode: 1 });

  const afterGood = await admin.submitJob({ recipe: 'Reduce', after: [good.id] });
  t.equal(afterGood.state, 'queued', 'a succeeded parent: queued at once');
  t.same(ids((await agent.client.claim({ maxJobs: 1 })).jobs), [afterGood.id]);
  const afterBad = await admin.submitJob({ recipe: 'Reduce', after: [bad.id, good.id] });
  t.match(afterBad, { state: 'failed', failureReason: 'dependency_failed', message: `job ${bad.id} failed` }, 'a failed parent: failed at once');
  t.equal(await statusOf(admin.submitJob({ recipe: 'Reduce', after: [99999] })), 400, 'an unknown parent is refused');
});

t.test("inputs: a child receives its parent's output, hash-checked, through its own job token only", async (t) => {
  const service = await startService(t);
  const user = service.client(await service.user('ulla', 'user'));
  const agent = await service.agent('c1', { pool: 'cluster' }, 4);
  const bias = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7) % 256));
  const sha256 = createHash('sha256').update(bias).digest('hex');

  const parent = await user.submitJob({ recipe: 'Bias' });
  const child = await user.submitJob({ recipe: 'Reduce', inputs: [{ job: parent.id, path: 'calib/bias.fits' }] });
  const missing = await user.submitJob({ recipe: 'Reduce', inputs: [{ job: parent.id, path: 'calib/flat.fits' }] });
  // Another job that holds a job token: one with a bundle (an empty one), as a job with neither bundle nor inputs is sent none.
  const admin = service.client();
  const bystander = await admin.submitJob({ recipe: 'Gain', bundle: (await admin.createBundle([])).id });
  t.same(child.after, [parent.id], 'an input implies after');
  t.equal(child.state, 'waiting');

  const claimed = (await agent.client.claim({ maxJobs: 4 })).jobs;
  t.same(ids(claimed), [parent.id, bystander.id]);
  const [parentRun, bystanderRun] = claimed;
  const uploaded = await agent.client.uploadOutput(parent.id, parentRun.epoch, 'calib/bias.fits', bias);
  t.same(uploaded, { path: 'calib/bias.fits', sha256, size: bias.length });
  t.equal(
    await statusOf(agent.client.uploadOutput(parent.id, parentRun.epoch + 1, 'calib/other.fits', Buffer.from('x'))),
    409,
    'an upload with a stale epoch is refused',
  );
  await agent.client.finish(succeed(parentRun));
  t.same((await user.listOutputs(parent.id)).outputs, [{ path: 'calib/bias.fits', sha256, size: bias.length }]);

  t.match(
    await user.getJob(missing.id),
    { state: 'failed', failureReason: 'bundle_error', message: `input calib/flat.fits of job ${parent.id} does not exist` },
    'an input the parent never produced fails the child at once, without retries',
  );
  const [childRun] = (await agent.client.claim({ maxJobs: 4 })).jobs;
  t.equal(childRun.id, child.id);
  t.same(childRun.inputs, [{ job: parent.id, path: 'calib/bias.fits', sha256, size: bias.length }]);

  const body = await user.downloadOutput(parent.id, 'calib/bias.fits', childRun.jobToken);
  const bytes = Buffer.from(await body.arrayBuffer());
  t.equal(createHash('sha256').update(bytes).digest('hex'), childRun.inputs[0].sha256, "the child's token downloads the bytes intact");
  t.equal(bytes.length, childRun.inputs[0].size);
  t.equal(await statusOf(user.downloadOutput(parent.id, 'calib/bias.fits', bystanderRun.jobToken)), 403, "another job's token may not read it");
  t.equal(await statusOf(user.downloadOutput(parent.id, 'calib/bias.fits')), 200, 'the owner may');
  const stranger = service.client(await service.user('otto', 'user'));
  t.equal(await statusOf(stranger.downloadOutput(parent.id, 'calib/bias.fits')), 403, 'another user may not');
  t.equal(await statusOf(stranger.submitJob({ recipe: 'Reduce', inputs: [{ job: parent.id, path: 'calib/bias.fits' }] })), 403, "nor take another's output as input");

  await agent.client.finish(succeed(childRun));
  t.equal(await statusOf(user.downloadOutput(parent.id, 'calib/bias.fits', childRun.jobToken)), 403, 'the token dies with its attempt');
});

t.test('priorities: higher first, oldest first within one, capped per role, recipe default', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  const user = service.client(await service.user('ulla', 'user'));
  const developer = service.client(await service.user('dirk', 'developer'));
  await admin.putRecipe('Urgent', { command: ['true'], placement: 'cluster', priority: 7 });

  const low1 = await user.submitJob({ recipe: 'Reduce' });
  const high = await user.submitJob({ recipe: 'Reduce', priority: 10 });
  const low2 = await user.submitJob({ recipe: 'Reduce' });
  const lowest = await user.submitJob({ recipe: 'Reduce', priority: -5 });
  const byDefault = await user.submitJob({ recipe: 'Urgent' });
  t.equal(byDefault.priority, 7, "the recipe's default priority");
  const agent = await service.agent('c1', { pool: 'cluster' });
  const order: number[] = [];
  for (let i = 0; i < 5; i++) {
    const [job] = (await agent.client.claim({ maxJobs: 1 })).jobs;
    order.push(job.id);
    await agent.client.finish(succeed(job));
  }
  t.same(order, [high.id, byDefault.id, low1.id, low2.id, lowest.id]);

  t.equal(await statusOf(user.submitJob({ recipe: 'Reduce', priority: 11 })), 403, 'a user may ask for up to 10');
  t.equal(await statusOf(developer.submitJob({ recipe: 'Reduce', priority: 50 })), 200, 'a developer up to 50');
  t.equal(await statusOf(developer.submitJob({ recipe: 'Reduce', priority: 51 })), 403);
  t.equal(await statusOf(admin.submitJob({ recipe: 'Reduce', priority: 100 })), 200, 'an admin up to 100');
  await admin.putRecipe('TooUrgent', { command: ['true'], priority: 20 });
  t.equal(await statusOf(user.submitJob({ recipe: 'TooUrgent' })), 403, "a recipe's default counts against the role's limit too");
  t.equal(await statusOf(user.submitJob({ recipe: 'TooUrgent', priority: 0 })), 200, 'unless the user lowers it');
});

t.test('aging: an old low-priority job overtakes newer higher-priority work', async (t) => {
  let clock = Date.UTC(2026, 0, 5, 8, 0, 0);
  // Leases outlast the clock's jumps, so the running parent below is not requeued meanwhile.
  const service = await startService(t, { leaseSeconds: 3600 }, () => clock);
  const admin = service.client();
  const sweep = () => new Promise((resolve) => setTimeout(resolve, 600));

  // Jobs age only while a node that may run them is online.
  const agent = await service.agent('c1', { pool: 'cluster' });
  const old = await admin.submitJob({ recipe: 'Reduce', priority: -2 });
  clock += AGING_STEP_MS - 1000;
  await sweep();
  t.equal((await admin.getJob(old.id)).priority, -2, 'not before a full step');
  clock += 1000;
  await sweep();
  t.equal((await admin.getJob(old.id)).priority, -1, 'one step: one more');
  clock += AGING_STEP_MS / 2;
  await sweep();
  t.equal((await admin.getJob(old.id)).priority, -1, 'the next step counts from the last one');
  clock += 8 * AGING_STEP_MS;
  await sweep();
  const aged = await admin.getJob(old.id);
  t.equal(aged.priority, 7, 'a late sweep catches up all steps at once');
  t.equal(aged.askedPriority, -2, 'the priority asked for is kept apart from the aged one');

  const fresh = await admin.submitJob({ recipe: 'Reduce', priority: 5 });
  const [oldRun] = (await agent.client.claim({ maxJobs: 1 })).jobs;
  t.same(oldRun.id, old.id, 'the aged job goes before the newer, higher one');
  t.equal((await admin.getJob(fresh.id)).priority, 5, 'a fresh job has not aged');

  // Time spent waiting for a parent is not time starved in the queue.
  const child = await admin.submitJob({ recipe: 'Reduce', after: [old.id] });
  clock += 3 * AGING_STEP_MS;
  await agent.client.finish(succeed(oldRun));
  await sweep();
  t.match(await admin.getJob(child.id), { state: 'queued', priority: 0 }, 'a child just released by its parent starts at its own priority');
  t.equal((await admin.getJob(fresh.id)).priority, 8, 'while the queued job kept aging');

  const ancient = await admin.submitJob({ recipe: 'Reduce' });
  clock += 1000 * AGING_STEP_MS;
  await agent.client.agentHello({}); // still online after the long jump
  await sweep();
  t.equal((await admin.getJob(ancient.id)).priority, 100, 'aging stops at the cap');
  t.equal((await admin.getJob(fresh.id)).priority, 100);
  t.equal((await admin.getJob(child.id)).priority, 100);
});
