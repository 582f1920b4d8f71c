import t from 'tap';
import type { ClaimedJob } from '@awe-dp/sdk';
import { startService } from '../helpers/service.js';

const succeed = (job: ClaimedJob) => ({ id: job.id, epoch: job.epoch, exitCode: 0 });
const byId = (jobs: ClaimedJob[], id: number) => jobs.find((job) => job.id === id)!;

// A claim applies its successes together; every report must still get the verdict it would get alone.
t.test("a claim's finish reports are each answered as if sent alone, in their order", async (t) => {
  const service = await startService(t, { maxActiveJobsPerUser: 6 });
  const admin = service.client();
  await admin.putRecipe('Noop', { command: ['true'], maxAttempts: 1 });
  const parent = await admin.submitJob({ recipe: 'Noop', args: ['parent'] });
  const child = await admin.submitJob({ recipe: 'Noop', args: ['child'], after: [parent.id] });
  const [a, b, c, d] = (await admin.submitJobs(['a', 'b', 'c', 'd'].map((arg) => ({ recipe: 'Noop', args: [arg] })))).ids;
  const agent = await service.agent('n1', {}, 8);
  const held = (await agent.client.claim({ maxJobs: 8 })).jobs;
  t.same(held.map((job) => job.id).sort((x, y) => x - y), [parent.id, a, b, c, d], 'the child waits for its parent');

  const answer = await agent.client.claim({
    maxJobs: 8,
    finished: [
      succeed(byId(held, parent.id)),
      succeed(byId(held, a)),
      succeed(byId(held, a)),
      { ...succeed(byId(held, b)), epoch: byId(held, b).epoch + 1 },
      { id: c, epoch: byId(held, c).epoch, exitCode: 3 },
      { ...succeed(byId(held, d)), message: 'wrote nothing' },
      { id: 999_999, epoch: 1, exitCode: 0 },
    ],
  });
  t.same(
    answer.finished.map(({ id, status, state }) => ({ id, status, state })),
    [
      { id: parent.id, status: 'ok', state: 'succeeded' },
      { id: a, status: 'ok', state: 'succeeded' },
      { id: a, status: 'ok', state: 'succeeded' },
      { id: b, status: 'stale', state: undefined },
      { id: c, status: 'ok', state: 'failed' },
      { id: d, status: 'ok', state: 'succeeded' },
      { id: 999_999, status: 'not_found', state: undefined },
    ],
  );
  t.same(answer.jobs.map((job) => job.id), [child.id], "the parent's success queued its child, which the same claim took");
  t.equal((await admin.getJob(b)).state, 'running', 'a report with a stale epoch changes nothing');
  t.equal((await admin.getJob(d)).message, 'wrote nothing', "a success's message is kept");
  for (const [id, outcome] of [
    [a, 'succeeded'],
    [c, 'failed'],
    [d, 'succeeded'],
  ] as const) {
    const { attempts } = await admin.listAttempts(id);
    t.same(attempts.map((attempt) => attempt.outcome), [outcome], `job ${id}'s one attempt is closed as ${outcome}`);
  }
  // Four jobs ended (parent, a, c, d): the quota counts b and the child, so four more fit and a fifth does not.
  await admin.submitJobs(Array.from({ length: 4 }, (_, i) => ({ recipe: 'Noop', args: [`more${i}`] })));
  await t.rejects(admin.submitJob({ recipe: 'Noop' }), { statusCode: 429, code: 'AWE_ERR_QUOTA' }, "ended jobs left their owner's count once each");
});
