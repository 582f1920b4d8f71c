import t from 'tap';
import { AweApiError, type AweClient } from '@awe-dp/sdk';
import { startService } from '../helpers/service.js';

/** Short empty polls: long enough for a wrongly routed job to be handed out, short enough to keep the suite quick. */
const EMPTY_POLL = { maxJobs: 5, waitSeconds: 0.3 };

const routes = (admin: AweClient) => admin.call('listRoutes', 'GET', '/v1/routing');
const setRoute = (admin: AweClient, placement: string, selector: Record<string, string>) =>
  admin.call('putRoute', 'PUT', `/v1/routing/${placement}`, { json: { selector } });

const status = (call: Promise<unknown>): Promise<number> => call.then(() => 200, (error: AweApiError) => error.statusCode);

t.test('first start seeds the catalog and the default routing', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  const { recipes } = await admin.listRecipes();
  const placement = Object.fromEntries(recipes.map((recipe) => [recipe.name, recipe.placement]));
  for (const name of ['ReadNoise', 'Bias', 'HotPixels', 'ColdPixels', 'DomeFlat', 'TwilightFlat', 'FringeFlat', 'NightSkyFlat', 'MasterFlat', 'Gain', 'Zeropoint', 'Illumination', 'Science', 'Reduce']) {
    t.equal(placement[name], 'cluster', `${name} runs on the cluster`);
  }
  t.equal(placement.Coadd, 'bigmem');
  t.equal(placement.SourceList, 'dbnear');
  t.equal(placement.AssociateList, 'dbnear');
  for (const recipe of recipes) t.same(recipe.command, ['python3', '-m', `opipe.recipes.${recipe.name}`], `${recipe.name} runs its opipe module`);
  const table = Object.fromEntries((await routes(admin)).routes.map((route) => [route.placement, route.selector]));
  t.same(table, { bigmem: { pool: 'bigmem' }, cluster: { pool: 'cluster' }, dbnear: { pool: 'dbnear' } });

  const job = await admin.submitJob({ recipe: 'Coadd', args: ['-ids', '1'] });
  const { client } = await service.agent('big1', { pool: 'bigmem' });
  const [claimed] = (await client.claim({ maxJobs: 1 })).jobs;
  t.same(claimed.argv, ['python3', '-m', 'opipe.recipes.Coadd', '-ids', '1'], 'command + args');
  t.equal(claimed.id, job.id);
});

t.test('Coadd never lands on a cluster node and starts the moment a bigmem node appears', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  const cluster = await service.agent('c1', { pool: 'cluster' }, 4);
  const coadd = await admin.submitJob({ recipe: 'Coadd' });
  t.same((await cluster.client.claim(EMPTY_POLL)).jobs, [], 'the cluster node gets nothing while Coadd is queued');
  t.equal((await admin.getJob(coadd.id)).pendingReason, 'no enrolled node has pool=bigmem');

  const big = await service.agent('big1', { pool: 'bigmem' });
  const [claimed] = (await big.client.claim({ maxJobs: 1, waitSeconds: 20 })).jobs;
  t.equal(claimed?.id, coadd.id, 'a bigmem node that appears takes the waiting Coadd at once');

  // A long poll that is already waiting is answered by the next Coadd, not by its timeout.
  const started = Date.now();
  const poll = big.client.claim({ maxJobs: 1, waitSeconds: 20, finished: [{ id: claimed.id, epoch: claimed.epoch, exitCode: 0 }] });
  await new Promise((resolve) => setTimeout(resolve, 200));
  const next = await admin.submitJob({ recipe: 'Coadd' });
  t.equal((await poll).jobs[0]?.id, next.id);
  t.ok(Date.now() - started < 5000, 'the long poll was answered long before its wait ran out');
  t.same((await cluster.client.claim(EMPTY_POLL)).jobs, [], 'still nothing for the cluster node');

  // One agent serving several pools (pool=cluster,pool=bigmem) takes either kind.
  const both = await service.agent('both', { pool: 'cluster|bigmem' }, 2);
  const another = await admin.submitJob({ recipe: 'Coadd' });
  const reduce = await admin.submitJob({ recipe: 'Reduce' });
  const taken = (await both.client.claim({ maxJobs: 2 })).jobs.map((job) => job.id);
  t.same(taken.sort(), [another.id, reduce.id].sort(), 'an agent with pool=cluster|bigmem serves both placements');
});

t.test("an admin's route change steers new jobs, not those already queued", async (t) => {
  const service = await startService(t);
  const admin = service.client();
  const before = await admin.submitJob({ recipe: 'Coadd' });
  await setRoute(admin, 'bigmem', { pool: 'cluster' });
  const after = await admin.submitJob({ recipe: 'Coadd' });
  t.same(before.selector, { pool: 'bigmem' }, 'a queued job keeps the route it was submitted with');
  t.same(after.selector, { pool: 'cluster' });

  const cluster = await service.agent('c1', { pool: 'cluster' }, 4);
  t.same((await cluster.client.claim({ maxJobs: 4 })).jobs.map((job) => job.id), [after.id], 'only the new Coadd goes to the cluster');
  const big = await service.agent('big1', { pool: 'bigmem' });
  t.same((await big.client.claim({ maxJobs: 1 })).jobs.map((job) => job.id), [before.id]);

  // Without a route a placement runs anywhere, and explain says so.
  await admin.call('deleteRoute', 'DELETE', '/v1/routing/bigmem');
  const anywhere = await admin.explain({ recipe: 'Coadd' });
  t.equal(anywhere.rule, 'placement bigmem has no route: any node');
  t.same(anywhere.selector, {});
});

t.test('recipe labels and a minimum memory narrow the route', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  await admin.putRecipe('BigCoadd', { command: ['python3', '-m', 'opipe.recipes.Coadd'], placement: 'bigmem', labels: { scratch: 'ssd' }, minMemoryMB: 64000 });
  const job = await admin.submitJob({ recipe: 'BigCoadd' });
  t.same(job.selector, { pool: 'bigmem', scratch: 'ssd' }, 'route selector plus recipe labels');

  const noLabel = await service.agent('plain', { pool: 'bigmem' });
  await noLabel.client.agentHello({ memoryMB: 256000 });
  const small = await service.agent('small', { pool: 'bigmem', scratch: 'ssd' });
  await small.client.agentHello({ memoryMB: 32000 });
  const unknownMemory = await service.agent('unsure', { pool: 'bigmem', scratch: 'ssd' });
  for (const agent of [noLabel, small, unknownMemory]) t.same((await agent.client.claim(EMPTY_POLL)).jobs, [], 'a node lacking a label or memory gets nothing');

  const right = await service.agent('right', { pool: 'bigmem', scratch: 'ssd' });
  await right.client.agentHello({ memoryMB: 64000 });
  t.same((await right.client.claim({ maxJobs: 1 })).jobs.map((claimed) => claimed.id), [job.id], 'exactly the floor is enough');
});

t.test('a user allowed to route pins a node; only that node runs the job', async (t) => {
  const service = await startService(t);
  const router = service.client(await service.user('rudi', 'user', true));
  const plain = service.client(await service.user('ulla', 'user'));
  const n1 = await service.agent('n1', { pool: 'cluster' });
  const n2 = await service.agent('n2', { pool: 'workstation' });

  const pinned = await router.submitJob({ recipe: 'ReadNoise', node: 'n2' });
  t.equal(pinned.requestedNode, 'n2');
  t.same((await n1.client.claim(EMPTY_POLL)).jobs, [], 'the cluster node does not take a job pinned elsewhere');
  t.same((await n2.client.claim({ maxJobs: 1 })).jobs.map((job) => job.id), [pinned.id], 'the pinned node runs it though it lacks pool=cluster');

  const refused = await plain.submitJob({ recipe: 'ReadNoise', node: 'n2' }).catch((error: AweApiError) => error);
  t.equal((refused as AweApiError).statusCode, 403);
  t.match((refused as AweApiError).message, /canRoute/, 'the 403 says why');
  t.equal((await plain.submitJob({ recipe: 'ReadNoise' })).requestedNode, null, 'the same user runs it with the default routing');
});

t.test('a draining node gets no work; a removed node is locked out', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  const n1 = await service.agent('n1', { pool: 'cluster' }, 2);
  await admin.updateNode(n1.agentId, 'draining');
  const job = await admin.submitJob({ recipe: 'Bias' });
  const drained = await n1.client.claim(EMPTY_POLL);
  t.same(drained.jobs, []);
  t.equal(drained.draining, true, 'the claim tells the agent it is draining');
  t.equal((await admin.listNodes()).nodes.find((node) => node.name === 'n1')?.state, 'draining');
  t.equal((await admin.getJob(job.id)).pendingReason, 'no online node has pool=cluster', 'n1 has it but is draining');

  await admin.updateNode(n1.agentId, 'online');
  const [claimed] = (await n1.client.claim({ maxJobs: 2 })).jobs;
  t.equal(claimed?.id, job.id, 'back online, it takes work again');

  // Drained while its long poll is held: the work offered to the waiting poll is not leased to it.
  const held = n1.client.claim({ maxJobs: 1, waitSeconds: 1.5 });
  await new Promise((resolve) => setTimeout(resolve, 200));
  await admin.updateNode(n1.agentId, 'draining');
  const later = await admin.submitJob({ recipe: 'Bias' });
  t.same((await held).jobs, [], 'a poll held across the drain gets nothing');
  t.equal((await admin.getJob(later.id)).state, 'queued');

  t.equal(await status(admin.call('removeNode', 'DELETE', `/v1/nodes/${n1.agentId}`)), 200);
  t.equal(await status(n1.client.claim({ maxJobs: 1 })), 401, 'a removed node cannot claim');
  t.equal(await status(n1.client.heartbeat({ jobs: [{ id: claimed.id, epoch: claimed.epoch }] })), 401, 'nor renew its leases');
  t.notOk((await admin.listNodes()).nodes.some((node) => node.name === 'n1'), 'and is no longer listed');
  t.equal(await status(admin.updateNode(n1.agentId, 'online')), 404, 'a removed node cannot be brought back');
});

t.test('slots: the service never leases more jobs to an agent than it has slots', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  const ids = [];
  for (let i = 0; i < 6; i++) ids.push((await admin.submitJob({ recipe: 'Reduce', args: [String(i)] })).id);
  const agent = await service.agent('c1', { pool: 'cluster' }, 2);

  const first = (await agent.client.claim({ maxJobs: 5 })).jobs;
  t.same(first.map((job) => job.id), ids.slice(0, 2), 'asking for 5 with 2 slots gets 2, oldest first');
  t.same((await agent.client.claim(EMPTY_POLL)).jobs, [], 'with both slots taken, nothing more');
  t.equal((await admin.listNodes()).nodes[0].running, 2);
  t.equal((await admin.getJob(ids[2])).pendingReason, 'the only matching node is busy');

  const next = await agent.client.claim({ maxJobs: 5, finished: [{ id: first[0].id, epoch: first[0].epoch, exitCode: 0 }] });
  t.same(next.jobs.map((job) => job.id), [ids[2]], 'a slot freed by a finish in the same claim is filled again');

  await agent.client.agentHello({ slots: 1 });
  t.same((await agent.client.claim(EMPTY_POLL)).jobs, [], 'fewer slots than jobs held: nothing until some finish');
  await agent.client.agentHello({ slots: 4 });
  t.same((await agent.client.claim({ maxJobs: 5 })).jobs.map((job) => job.id), ids.slice(3, 5), 'more slots: up to the new count');
});
