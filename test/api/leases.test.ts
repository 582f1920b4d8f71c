import t from 'tap';
import { AweApiError } from '@awe-dp/sdk';
import { startService } from '../helpers/service.js';

async function rejects(t: { ok(value: unknown, message: string): unknown; match(found: unknown, pattern: unknown, message: string): unknown }, promise: Promise<unknown>, status: number, code: string, what: string): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  t.ok(error instanceof AweApiError, `${what}: an API error`);
  t.match(error, { statusCode: status, code }, what);
}

t.test('a lease that expires requeues the job; the stale agent is refused with 409', async (t) => {
  let clock = Date.now();
  const service = await startService(t, { leaseSeconds: 10 }, () => clock);
  const admin = service.client();
  await admin.putRecipe('Noop', { command: ['true'] });
  const job = await admin.submitJob({ recipe: 'Noop' });
  const first = await service.agent('first');
  const [attempt1] = (await first.client.claim({ maxJobs: 1 })).jobs;
  t.equal(attempt1.epoch, 1);
  await first.client.appendLog(job.id, 1, 0, Buffer.from('first attempt\n'));

  clock += 11_000; // the first agent went silent past its lease
  await new Promise((resolve) => setTimeout(resolve, 500)); // the sweeper runs every 200 ms in tests
  const requeued = await admin.getJob(job.id);
  t.equal(requeued.state, 'queued', 'requeued after the lease expired');
  t.match(requeued.message, /lease expired/);

  const second = await service.agent('second');
  const [attempt2] = (await second.client.claim({ maxJobs: 1 })).jobs;
  t.equal(attempt2.id, job.id);
  t.equal(attempt2.epoch, 2, 'the new attempt has a new epoch');

  const beat = await first.client.heartbeat({ jobs: [{ id: job.id, epoch: 1 }] });
  t.equal(beat.jobs[0].verdict, 'gone', 'the heartbeat tells the stale agent to stop');
  await rejects(t, first.client.finish({ id: job.id, epoch: 1, exitCode: 0 }), 409, 'AWE_ERR_STALE_LEASE', 'stale finish');
  await rejects(t, first.client.appendLog(job.id, 1, 14, Buffer.from('late\n')), 409, 'AWE_ERR_STALE_LEASE', 'stale log append');

  await second.client.appendLog(job.id, 2, 0, Buffer.from('second attempt\n'));
  const done = await second.client.finish({ id: job.id, epoch: 2, exitCode: 0 });
  t.equal(done.state, 'succeeded');
  const again = await second.client.finish({ id: job.id, epoch: 2, exitCode: 0 });
  t.equal(again.state, 'succeeded', 'repeating a finish is harmless');
  const final = await admin.getJob(job.id);
  t.equal(final.attempts, 2);
  t.equal(final.node, 'second');
  const log = await (await admin.log(job.id)).text();
  t.equal(log, 'first attempt\nsecond attempt\n', 'both attempts are in the log, nothing from the stale agent');
});

t.test('a lease that expires on the last attempt fails the job as lost', async (t) => {
  let clock = Date.now();
  const service = await startService(t, { leaseSeconds: 10 }, () => clock);
  const admin = service.client();
  await admin.putRecipe('Once', { command: ['true'], maxAttempts: 1 });
  const job = await admin.submitJob({ recipe: 'Once' });
  const agent = await service.agent('vanishing');
  await agent.client.claim({ maxJobs: 1 });
  clock += 11_000;
  await new Promise((resolve) => setTimeout(resolve, 500));
  const failed = await admin.getJob(job.id);
  t.equal(failed.state, 'failed');
  t.equal(failed.failureReason, 'lost');
});

t.test('heartbeats keep a lease alive and carry cancel requests', async (t) => {
  let clock = Date.now();
  const service = await startService(t, { leaseSeconds: 10 }, () => clock);
  const admin = service.client();
  await admin.putRecipe('Noop', { command: ['true'] });
  const job = await admin.submitJob({ recipe: 'Noop' });
  const agent = await service.agent('worker');
  const [claimed] = (await agent.client.claim({ maxJobs: 1 })).jobs;
  for (let i = 0; i < 3; i++) {
    clock += 6000;
    t.equal((await agent.client.heartbeat({ jobs: [{ id: job.id, epoch: claimed.epoch }] })).jobs[0].verdict, 'ok');
  }
  await new Promise((resolve) => setTimeout(resolve, 400));
  t.equal((await admin.getJob(job.id)).state, 'running', '18 s of heartbeats kept a 10 s lease');
  t.equal((await admin.cancelJob(job.id)).state, 'cancelling');
  t.equal((await agent.client.heartbeat({ jobs: [{ id: job.id, epoch: claimed.epoch }] })).jobs[0].verdict, 'cancel');
  const done = await agent.client.finish({ id: job.id, epoch: claimed.epoch, exitCode: null, signal: 'SIGTERM', cancelled: true });
  t.equal(done.state, 'cancelled');
});

t.test('a batch attempt shows its batch state from heartbeats, and how it ended from the finish', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  await admin.putRecipe('Noop', { command: ['true'] });
  const job = await admin.submitJob({ recipe: 'Noop' });
  const agent = await service.agent('frontend');
  const [claimed] = (await agent.client.claim({ maxJobs: 1 })).jobs;
  const pending = { system: 'slurm', id: '4711', state: 'PENDING', reason: 'Priority' };
  await agent.client.heartbeat({ jobs: [{ id: job.id, epoch: claimed.epoch, batch: pending }] });
  t.same((await admin.getJob(job.id)).batch, pending, 'the queue state and its reason are visible while waiting');
  const completed = { system: 'slurm', id: '4711', state: 'COMPLETED' };
  await agent.client.finish({ id: job.id, epoch: claimed.epoch, exitCode: 0, batch: completed });
  const done = await admin.getJob(job.id);
  t.equal(done.state, 'succeeded');
  t.same(done.batch, completed, 'the final batch state arrives with the result');
});

t.test('a retryable failure is retried; a recipe failure is not', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  await admin.putRecipe('Noop', { command: ['true'] });
  const agent = await service.agent('worker');
  const flaky = await admin.submitJob({ recipe: 'Noop' });
  const [a] = (await agent.client.claim({ maxJobs: 1 })).jobs;
  const retried = await agent.client.finish({ id: a.id, epoch: a.epoch, exitCode: null, failureReason: 'system_failure', message: 'disk full' });
  t.equal(retried.state, 'queued', 'system failures go back to the queue');
  t.match((await admin.getJob(flaky.id)).pendingReason, /retrying after a failure/);
  const broken = await admin.submitJob({ recipe: 'Noop' });
  const [b] = (await agent.client.claim({ maxJobs: 1 })).jobs;
  t.equal(b.id, broken.id, 'the retry waits out its delay; the next job goes first');
  const failed = await agent.client.finish({ id: b.id, epoch: b.epoch, exitCode: 3 });
  t.equal(failed.state, 'failed');
  const view = await admin.getJob(broken.id);
  t.equal(view.exitCode, 3);
  t.equal(view.failureReason, 'recipe_failed');
});
