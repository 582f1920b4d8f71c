import t from 'tap';
import type { ClaimedJob } from '@awe-dp/sdk';
import { startService } from '../helpers/service.js';

const done = (job: ClaimedJob) => ({ id: job.id, epoch: job.epoch, exitCode: 0 });

// A batch stores its plain jobs together; what it stores must be what submitting them one by one, in order, would.
t.test('a batch stores its jobs as one by one would: reuse within it, waiting jobs, fair turns, a retry', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  await admin.putRecipe('Noop', { command: ['true'], reuse: true });
  await admin.putRecipe('Plain', { command: ['true'] });
  const parent = await admin.submitJob({ recipe: 'Noop', args: ['parent'] });
  const specs = [
    { recipe: 'Noop', args: ['x'] },
    { recipe: 'Noop', args: ['same'] },
    { recipe: 'Noop', args: ['same'] },
    { recipe: 'Noop', args: ['y'], after: [parent.id] },
    { recipe: 'Noop', args: ['z'] },
  ];
  const batch = await admin.submitJobs(specs, 'night-7');
  t.same(batch.states, ['queued', 'queued', 'waiting', 'waiting', 'queued']);
  t.match(await admin.getJob(batch.ids[2]), { reusedFrom: batch.ids[1] }, 'a job identical to one earlier in its batch reuses it');
  t.same(batch.ids, [...batch.ids].sort((a, b) => a - b), 'ids in the order of the batch');

  const retried = await admin.submitJobs(specs, 'night-7');
  t.same([retried.batchId, retried.ids], [batch.batchId, batch.ids], 'a retried batch answers the jobs of the first');

  // Fair turns: alice's three jobs take consecutive places, so bob's one job, submitted after, goes second.
  const alice = service.client(await service.user('alice', 'user'));
  const bob = service.client(await service.user('bob', 'user'));
  const agent = await service.agent('n1');
  // The admin's jobs go first: parent, x, same, z, then y once its parent succeeded (the second 'same' takes the first's work).
  let [held] = (await agent.client.claim({ maxJobs: 1 })).jobs;
  while (held) [held] = (await agent.client.claim({ maxJobs: 1, finished: [done(held)] })).jobs;
  const { ids: theirs } = await alice.submitJobs([0, 1, 2].map((i) => ({ recipe: 'Plain', args: [`a${i}`] })));
  const single = await bob.submitJob({ recipe: 'Plain', args: ['b'] });
  const claimed: number[] = [];
  for (let i = 0; i < 4; i++) {
    [held] = (await agent.client.claim({ maxJobs: 1, finished: held ? [done(held)] : [] })).jobs;
    claimed.push(held.id);
  }
  t.same(claimed, [theirs[0], single.id, theirs[1], theirs[2]]);
});
