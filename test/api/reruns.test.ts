import t from 'tap';
import type { AweClient } from '@awe-dp/sdk';
import { startService } from '../helpers/service.js';

const failure = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => null,
    (error: unknown) => error,
  );

/** Claims and finishes the next `count` jobs, each with the exit code `exitOf` gives for its args. */
async function runAll(agent: AweClient, count: number, exitOf: (args: string[]) => number) {
  const seen = [];
  while (seen.length < count) {
    const { jobs } = await agent.claim({ maxJobs: 8 });
    for (const job of jobs) {
      await agent.finish({ id: job.id, epoch: job.epoch, exitCode: exitOf(job.argv.slice(1)) });
      seen.push(job);
    }
  }
  return seen;
}

t.test('a rerun with edits links to the original, says what changed, and keeps what was not edited (secret values too)', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  await admin.putRecipe('Bias', { command: ['bias'], maxAttempts: 1 });
  const alice = service.client(await service.user('alice', 'user'));
  const original = await alice.submitJob({
    recipe: 'Bias',
    args: ['--count', '3'],
    priority: 4,
    settings: { instrument: 'OmegaCAM', filter: 'r', DB_PASSWORD: 'kept-secret' },
    env: { API_TOKEN: 'kept-token' },
  });
  const agent = (await service.agent('node')).client;
  await runAll(agent, 1, () => 1);
  t.equal((await alice.getJob(original.id)).state, 'failed');

  const rerun = await alice.rerunJob(original.id, { args: ['--count', '5'], settings: { filter: null, chip: '7' } });
  t.match(rerun, { rerunOf: original.id, recipe: 'Bias', args: ['--count', '5'], askedPriority: 4, state: 'queued' });
  t.same(rerun.rerunChanges, ['settings.filter', 'settings.chip', 'args']);
  t.same(rerun.settings, { instrument: 'OmegaCAM', chip: '7' }, 'settings merged by key');
  t.same((await alice.getJob(rerun.id)).rerunChanges, rerun.rerunChanges, 'the job view shows the changes too');
  const [claimed] = (await agent.claim({ maxJobs: 1 })).jobs;
  t.equal(claimed.id, rerun.id);
  t.match(claimed.settings, { DB_PASSWORD: 'kept-secret' }, 'secret values carry over to the run');
  t.match(claimed.env, { API_TOKEN: 'kept-token' });

  const same = await alice.rerunJob(original.id);
  t.same(same.rerunChanges, [], 'a plain rerun changes nothing');
  t.match(await failure(admin.rerunJob(original.id)), { statusCode: 403 }, 'only the owner reruns (the secrets are theirs)');
  t.match(await failure(alice.rerunJob(original.id, { args: ['a'], params: {} } as never)), { statusCode: 400 }, 'args and params together are refused');
});

t.test('a batch of 20 with 5 failures reruns exactly those 5', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  await admin.putRecipe('Science', { command: ['science'], maxAttempts: 1 });
  const agent = (await service.agent('node', {}, 8)).client;
  const batch = await admin.submitJobs(Array.from({ length: 20 }, (_, i) => ({ recipe: 'Science', args: [`frame-${i}`] })));
  const failing = new Set(['frame-2', 'frame-5', 'frame-11', 'frame-17', 'frame-19']);
  await runAll(agent, 20, ([frame]) => (failing.has(frame) ? 1 : 0));
  const view = await admin.getJobBatch(batch.batchId);
  t.same(view.jobs, batch.ids);
  t.same(view.counts, { succeeded: 15, failed: 5 });

  const rerun = await admin.rerunJobBatch(batch.batchId);
  t.equal(rerun.ids.length, 5, 'five reruns');
  const reruns = await Promise.all(rerun.ids.map((id) => admin.getJob(id)));
  t.same(new Set(reruns.map((job) => job.args[0])), failing, 'exactly the failed frames');
  t.ok(reruns.every((job) => job.rerunOf !== null && batch.ids.includes(job.rerunOf)), 'each links to its original');
  t.match(await admin.getJobBatch(rerun.batchId), { rerunOf: batch.batchId, counts: { queued: 5 } });
  await runAll(agent, 5, () => 0);
  t.match(await failure(admin.rerunJobBatch(rerun.batchId)), { statusCode: 409, code: 'AWE_ERR_BAD_STATE' }, 'nothing left to rerun');
});
