import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { parseArgs } from '../../cli/args.js';
import { startService } from '../helpers/service.js';
import { awrecipe } from './cli-process.js';

t.test('rerun, attempts and provenance parse', async (t) => {
  t.same(parseArgs(['rerun', '7']).command, { name: 'rerun', job: 7 });
  t.same(parseArgs(['rerun', '7', '--', '--seed', '4', '-x']).command, { name: 'rerun', job: 7, args: ['--seed', '4', '-x'] }, 'after -- come the new args, options or not');
  t.same(parseArgs(['rerun', '7', '--']).command, { name: 'rerun', job: 7, args: [] }, 'a bare -- empties the args');
  t.same(parseArgs(['attempts', '3']).command, { name: 'attempts', job: 3 });
  t.same(parseArgs(['provenance', '3', '--all', '--ro-crate']).command, { name: 'provenance', job: 3, all: true, crate: true });
});

t.test('awrecipe rerun of a failed job with a changed parameter succeeds and links to the original', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  await admin.putRecipe('Bias', { command: ['bias'], maxAttempts: 1 });
  const home = await mkdtemp(join(tmpdir(), 'awe-home-'));
  t.teardown(() => rm(home, { recursive: true, force: true }));
  const env = { AWE_SERVER: service.url, AWE_TOKEN: await service.user('alice', 'user'), HOME: home };
  const agent = (await service.agent('node')).client;
  // The fake node's recipe: succeeds only with --seed 4.
  const runNext = async (): Promise<void> => {
    const [job] = (await agent.claim({ maxJobs: 1, waitSeconds: 5 })).jobs;
    await agent.finish({ id: job.id, epoch: job.epoch, exitCode: job.argv.join(' ').endsWith('--seed 4') ? 0 : 1 });
  };
  const first = Number((await awrecipe(['-detach', '-task', 'Bias', '--seed', '3'], { env })).stdout.trim());
  await runNext();
  t.equal((await admin.getJob(first)).state, 'failed');

  const rerun = await awrecipe(['rerun', String(first), '--', '--seed', '4'], { env });
  t.equal(rerun.code, 0, rerun.stderr);
  const id = Number(/^job (\d+) reruns job/.exec(rerun.stdout)?.[1]);
  t.match(rerun.stdout, `reruns job ${first} (changed: args)`);
  await runNext();
  t.match(await admin.getJob(id), { state: 'succeeded', rerunOf: first, args: ['--seed', '4'] });

  const listed = await awrecipe(['attempts', String(first)], { env });
  t.match(listed.stdout, /^#1 {2}node .* failed, recipe_failed, exit 1 {2}0 outputs/);
  const record = JSON.parse((await awrecipe(['provenance', String(id)], { env })).stdout) as { job: number; args: string[] };
  t.match(record, { job: id, args: ['--seed', '4'] });
  const crate = JSON.parse((await awrecipe(['provenance', String(id), '--ro-crate'], { env })).stdout) as { '@graph': unknown[] };
  t.ok(crate['@graph'].length > 0, 'the RO-Crate form');
});
