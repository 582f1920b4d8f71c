import t from 'tap';
import { AweApiError, type AweClient, type JobSpec } from '../../sdk/index.js';
import { startService } from '../helpers/service.js';

const pending = async (client: AweClient, id: number) => (await client.getJob(id)).pendingReason;

t.test('pendingReason: no node, pinned node away, dependency, retry delay', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  await admin.putRecipe('BigCoadd', { command: ['true'], placement: 'bigmem', minMemoryMB: 64000 });

  const coadd = await admin.submitJob({ recipe: 'Coadd' });
  t.equal(await pending(admin, coadd.id), 'no enrolled node has pool=bigmem');
  const big = await admin.submitJob({ recipe: 'BigCoadd' });
  t.equal(await pending(admin, big.id), 'no enrolled node has pool=bigmem with 64000 MB');

  const pinned = await admin.submitJob({ recipe: 'BigCoadd', node: 'n2' });
  t.equal(await pending(admin, pinned.id), 'no node named n2 is enrolled');
  const n2 = await service.agent('n2', {});
  await n2.client.agentHello({ memoryMB: 1000 });
  t.equal(await pending(admin, pinned.id), 'node n2 has 1000 MB, needs 64000 MB', 'the pinned node is there but too small');
  await admin.updateNode(n2.agentId, 'draining');
  t.equal(await pending(admin, pinned.id), 'node n2 is not online (draining)');

  const child = await admin.submitJob({ recipe: 'Bias', after: [coadd.id] });
  t.equal(child.state, 'waiting');
  t.equal(child.pendingReason, `waiting for job ${coadd.id} (queued)`);

  const c1 = await service.agent('c1', { pool: 'cluster' });
  const flaky = await admin.submitJob({ recipe: 'Reduce' });
  const [attempt] = (await c1.client.claim({ maxJobs: 1 })).jobs;
  t.equal(attempt.id, flaky.id);
  await c1.client.finish({ id: attempt.id, epoch: attempt.epoch, exitCode: null, failureReason: 'system_failure', message: 'NFS hiccup' });
  const retried = await admin.getJob(flaky.id);
  t.match(retried.pendingReason, /^retrying after a failure; eligible at \d{4}-\d\d-\d\dT/);
  t.equal(retried.message, 'NFS hiccup', 'the failure that caused the retry stays visible');
});

t.test('pendingReason: busy nodes and jobs ahead for the same nodes', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  const agents = await Promise.all(['c1', 'c2', 'c3'].map((name) => service.agent(name, { pool: 'cluster' })));
  const first = [];
  for (let i = 0; i < 3; i++) first.push(await admin.submitJob({ recipe: 'Reduce', args: [String(i)] }));
  const queued = [];
  for (let i = 0; i < 3; i++) queued.push(await admin.submitJob({ recipe: 'Science', args: [String(i)] }));
  t.equal(await pending(admin, first[0].id), 'about to be claimed by a matching node', 'first in line with free nodes');
  t.equal(await pending(admin, queued[2].id), '5 jobs ahead in the queue');

  // A Coadd does not wait behind cluster work.
  const big = await service.agent('big1', { pool: 'bigmem' });
  const coadd = await admin.submitJob({ recipe: 'Coadd' });
  t.equal(await pending(admin, coadd.id), 'about to be claimed by a matching node', 'cluster jobs ahead do not count for a bigmem job');
  t.same((await big.client.claim({ maxJobs: 1 })).jobs.map((job) => job.id), [coadd.id]);

  // Higher priority submitted later is ahead; then all three nodes fill up.
  const urgent = await admin.submitJob({ recipe: 'Reduce', priority: 5 });
  t.equal(await pending(admin, first[0].id), '1 job ahead in the queue');
  for (const agent of agents) t.equal((await agent.client.claim({ maxJobs: 1 })).jobs.length, 1);
  t.equal((await admin.getJob(urgent.id)).state, 'running', 'the urgent job went first');
  t.equal(await pending(admin, queued[0].id), 'all 3 matching nodes are busy');
  t.equal((await admin.listNodes()).nodes.filter((node) => node.running === 1).length, 4);
});

t.test('explain: matching nodes, the rule, and what rules out the others', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  await admin.putRecipe('BigCoadd', { command: ['true'], placement: 'bigmem', labels: { scratch: 'ssd' }, minMemoryMB: 64000 });
  const big = await service.agent('big1', { pool: 'bigmem', scratch: 'ssd' });
  await big.client.agentHello({ memoryMB: 128000 });
  const small = await service.agent('big2', { pool: 'bigmem', scratch: 'ssd' });
  await small.client.agentHello({ memoryMB: 32000 });
  const drained = await service.agent('big3', { pool: 'bigmem', scratch: 'ssd' });
  await admin.updateNode(drained.agentId, 'draining');
  await service.agent('c1', { pool: 'cluster' });
  const jobsBefore = (await admin.listJobs()).jobs.length;

  const answer = await admin.explain({ recipe: 'BigCoadd' });
  t.equal(answer.rule, 'routing: placement bigmem → pool=bigmem; recipe BigCoadd requires scratch=ssd; recipe BigCoadd needs 64000 MB of memory');
  t.same(answer.selector, { pool: 'bigmem', scratch: 'ssd' });
  t.equal(answer.minMemoryMB, 64000);
  const reasons = Object.fromEntries(answer.nodes.map((node) => [node.name, node.reason]));
  t.same(reasons, { big1: null, big2: 'has 32000 MB, needs 64000 MB', big3: 'draining', c1: 'lacks pool=bigmem, scratch=ssd' });
  t.same(answer.nodes.filter((node) => node.matches).map((node) => node.name), ['big1']);
  t.equal(answer.summary, 'would run now on big1');

  // The same question while a job holds big1's only slot, then with one more waiting ahead.
  await admin.submitJob({ recipe: 'BigCoadd' });
  t.equal((await big.client.claim({ maxJobs: 1 })).jobs.length, 1);
  const busy = await admin.explain({ recipe: 'BigCoadd' });
  t.equal(busy.summary, 'the only matching node is busy; the job would wait in the queue (routing: placement bigmem → pool=bigmem; recipe BigCoadd requires scratch=ssd; recipe BigCoadd needs 64000 MB of memory)');
  t.equal(busy.nodes.find((node) => node.name === 'big1')?.freeSlots, 0);
  await big.client.agentHello({ slots: 2 });
  await admin.submitJob({ recipe: 'BigCoadd' });
  t.equal((await admin.explain({ recipe: 'BigCoadd' })).summary, '1 job ahead in the queue; then it would run on big1');
  t.equal((await admin.explain({ recipe: 'BigCoadd', priority: 1 })).summary, 'would run now on big1', 'a higher priority goes before it');

  const nowhere = await admin.explain({ recipe: 'SourceList' });
  t.equal(nowhere.summary, 'no enrolled node has pool=dbnear; the job would wait in the queue (routing: placement dbnear → pool=dbnear)');
  t.ok(nowhere.nodes.every((node) => node.reason === 'lacks pool=dbnear' || node.reason === 'draining'));

  const pinned = await admin.explain({ recipe: 'Coadd', node: 'c1' });
  t.equal(pinned.rule, 'node c1 requested by the submitter');
  t.equal(pinned.requestedNode, 'c1');
  t.same(pinned.selector, {}, 'a pinned node replaces the routing');
  t.equal(pinned.nodes.find((node) => node.name === 'big1')?.reason, 'not the requested node c1');
  t.equal(pinned.summary, 'would run now on c1');
  const gone = await admin.explain({ recipe: 'Coadd', node: 'nosuch' });
  t.equal(gone.summary, 'no node named nosuch is enrolled; the job would wait in the queue (node nosuch requested by the submitter)');

  t.equal((await admin.listJobs()).jobs.length, jobsBefore + 2, 'explain submitted nothing');
});

t.test('explain refuses exactly what submit refuses', async (t) => {
  const service = await startService(t);
  const tokens = {
    visitor: await service.user('vera', 'visitor'),
    user: await service.user('ulla', 'user'),
    router: await service.user('rudi', 'user', true),
    developer: await service.user('dirk', 'developer'),
  };
  const refusal = async (call: Promise<unknown>) => {
    try {
      await call;
      return 'ok';
    } catch (error) {
      return `${(error as AweApiError).statusCode} ${(error as AweApiError).message}`;
    }
  };
  const specs: JobSpec[] = [
    { recipe: 'Reduce' },
    { recipe: 'Reduce', node: 'n1' },
    { recipe: 'Reduce', priority: 10 },
    { recipe: 'Reduce', priority: 11 },
    { recipe: 'Reduce', priority: 51 },
    { recipe: 'NoSuchRecipe' },
    { recipe: 'Reduce', after: [999] },
  ];
  for (const [role, token] of Object.entries(tokens)) {
    const client = service.client(token);
    for (const spec of specs) {
      const explained = await refusal(client.explain(spec));
      const submitted = await refusal(client.submitJob(spec));
      t.equal(explained, submitted, `${role} ${JSON.stringify(spec)}: ${submitted}`);
    }
  }
  const why = await refusal(service.client(tokens.user).explain({ recipe: 'Reduce', node: 'n1' }));
  t.match(why, /^403 .*canRoute/, 'a plain user is told why it may not pick a node');
  t.match(await refusal(service.client(tokens.user).explain({ recipe: 'Reduce', priority: 11 })), /^403 a user may ask for priority up to 10/);
});
