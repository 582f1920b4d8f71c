import t from 'tap';
import type { FinishReport } from '@awe-dp/sdk';
import { until } from '../helpers/agent-harness.js';
import { startService } from '../helpers/service.js';

t.test('20 agents claiming concurrently over 2,000 jobs: every job runs exactly once', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  await admin.putRecipe('Noop', { command: ['true'] });
  const total = 2000;
  const submitted = new Set<number>();
  // Twenty submits at a time, as several users would: each waits for its commit, which on PostgreSQL is a round trip.
  for (let i = 0; i < total; i += 20) {
    const batch = await Promise.all(Array.from({ length: 20 }, (_, j) => admin.submitJob({ recipe: 'Noop', args: [String(i + j)] })));
    for (const job of batch) submitted.add(job.id);
  }

  const agents = await Promise.all(Array.from({ length: 20 }, (_, i) => service.agent(`node${i}`, {}, 4)));
  const claimedBy = new Map<number, string>();
  const duplicates: number[] = [];
  await Promise.all(
    agents.map(async ({ client }, i) => {
      let finished: FinishReport[] = [];
      for (;;) {
        const answer = await client.claim({ maxJobs: 4, waitSeconds: 0.3, finished });
        finished = [];
        for (const job of answer.jobs) {
          if (claimedBy.has(job.id)) duplicates.push(job.id);
          claimedBy.set(job.id, `node${i}`);
          finished.push({ id: job.id, epoch: job.epoch, exitCode: 0 });
        }
        if (answer.jobs.length === 0 && claimedBy.size >= total) break;
      }
    }),
  );
  t.same(duplicates, [], 'no job was handed out twice');
  t.equal(claimedBy.size, total, 'every job was claimed');
  t.same([...claimedBy.keys()].sort((a, b) => a - b), [...submitted].sort((a, b) => a - b));
  const nodes = new Set(claimedBy.values());
  t.ok(nodes.size > 1, `work spread over ${nodes.size} agents`);
  const states = await admin.listJobs({ state: 'succeeded', limit: 500 });
  t.equal(states.jobs.length, 500, 'finished jobs are kept and listed as succeeded');
});

t.test('a waiting long poll gets a job the moment it is submitted', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  await admin.putRecipe('Noop', { command: ['true'] });
  const { client } = await service.agent('idle');
  const started = Date.now();
  const claim = client.claim({ maxJobs: 1, waitSeconds: 20 });
  await new Promise((resolve) => setTimeout(resolve, 200));
  const job = await admin.submitJob({ recipe: 'Noop' });
  const answer = await claim;
  t.equal(answer.jobs[0]?.id, job.id);
  t.ok(Date.now() - started < 5000, 'answered long before the wait ran out');
  t.equal((await admin.getJob(job.id)).state, 'running');
});

t.test('an empty long poll is answered when its wait runs out', async (t) => {
  const service = await startService(t);
  const { client } = await service.agent('idle');
  const started = Date.now();
  const answer = await client.claim({ maxJobs: 1, waitSeconds: 0.5 });
  t.same(answer.jobs, []);
  t.ok(Date.now() - started >= 450, 'held for the wait');
});

t.test('an agent that hangs up ends its long poll: it takes no job, and the next job goes to an agent still there', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  await admin.putRecipe('Noop', { command: ['true'] });
  const { client: gone } = await service.agent('gone');
  const hangUp = new AbortController();
  const held = gone.claim({ maxJobs: 1, waitSeconds: 20 }, hangUp.signal).then(
    () => 'answered',
    () => 'hung up',
  );
  // awe_long_polls counts the polls waiting.
  await until('the poll waits', () => service.app.awe.broker.waiting === 1);
  hangUp.abort();
  t.equal(await held, 'hung up');
  await until('the service sees the hang-up', () => service.app.awe.broker.waiting === 0);
  const job = await admin.submitJob({ recipe: 'Noop' });
  const { client: live } = await service.agent('live');
  t.equal((await live.claim({ maxJobs: 1, waitSeconds: 5 })).jobs[0]?.id, job.id);
});
