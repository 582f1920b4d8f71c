import t from 'tap';
import { AweApiError, type AweClient } from '@awe-dp/sdk';
import { startService, type TestService } from '../helpers/service.js';

/** Short empty polls: long enough for a wrongly routed job to be handed out, short enough to keep the suite quick. */
const EMPTY_POLL = { maxJobs: 5, waitSeconds: 0.3 };

const SITE_BOUND = { labels: { site: 'paris', pool: 'cluster' }, slots: 4, memoryMB: 64000 };

const refusal = (call: Promise<unknown>): Promise<AweApiError> =>
  call.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: AweApiError) => error,
  );

async function enroll(service: TestService, bound?: Partial<typeof SITE_BOUND>, uses = 1): Promise<string> {
  return (await service.client().createEnrollmentToken({ uses, ...(bound ? { bound } : {}) })).token;
}

async function register(service: TestService, token: string, name: string, offer: { labels?: Record<string, string>; slots?: number; memoryMB?: number }) {
  const registered = await service.client(undefined).registerAgent({ token, name, slots: 1, isolation: 'bwrap', ...offer });
  return { client: service.client(registered.credential), agentId: registered.agentId };
}

const nodeOf = async (admin: AweClient, id: number) => (await admin.listNodes()).nodes.find((node) => node.id === id)!;

t.test('registration may ask for the bound or less, never beyond it, and a refusal does not use the token up', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  const token = await enroll(service, { ...SITE_BOUND, labels: { site: 'paris', pool: 'cluster|bigmem' } }, 2);
  const [listed] = (await admin.listEnrollmentTokens()).tokens;
  t.same(listed.bound, { labels: { site: 'paris', pool: 'cluster|bigmem' }, slots: 4, memoryMB: 64000 }, 'the token list shows the bound');

  const wider = await refusal(register(service, token, 'gpu1', { labels: { site: 'paris', gpu: 'true' } }));
  t.equal(wider.statusCode, 403);
  t.equal(wider.code, 'AWE_ERR_FORBIDDEN');
  t.match(wider.message, /label gpu=true/, 'names the label that is not allowed');
  const otherSite = await refusal(register(service, token, 'lyon1', { labels: { site: 'lyon' } }));
  t.match(otherSite.message, /label site=lyon/);
  const more = await refusal(register(service, token, 'big1', { slots: 8, memoryMB: 128000 }));
  t.match(more.message, /8 slots \(at most 4\)/);
  t.match(more.message, /128000 MB of memory \(at most 64000\)/);
  t.equal((await admin.listEnrollmentTokens()).tokens[0].usesLeft, 2, 'refused registrations spent no use');

  const { agentId } = await register(service, token, 'c1', { labels: { site: 'paris', pool: 'cluster' }, slots: 2, memoryMB: 32000 });
  const node = await nodeOf(admin, agentId);
  t.same(node.labels, { site: 'paris', pool: 'cluster' }, 'one of the allowed values is a subset of the bound');
  t.equal(node.slots, 2);
  t.same(node.bound, { labels: { site: 'paris', pool: 'cluster|bigmem' }, slots: 4, memoryMB: 64000 }, 'the node shows its bound beside its offer');
  await register(service, token, 'c2', { labels: { site: 'paris', pool: 'cluster|bigmem' }, slots: 4, memoryMB: 64000 });
  t.equal((await admin.listEnrollmentTokens()).tokens[0].usesLeft, 0, 'the whole bound may be asked for');
});

t.test('a hello with wider labels than enrolled leaves the labels as they were; claims follow the enrolled labels', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  const { client, agentId } = await register(service, await enroll(service, SITE_BOUND), 'c1', { labels: SITE_BOUND.labels, slots: 2 });

  const hello = await client.agentHello({ labels: { site: 'paris', pool: 'cluster|bigmem' }, slots: 8, isolation: 'bwrap' });
  t.same(hello.refused, ['label pool=bigmem', '8 slots (at most 4)'], 'the answer says what was not taken');
  t.ok(hello.leaseSeconds > 0, 'the agent keeps working');
  const node = await nodeOf(admin, agentId);
  t.same(node.labels, SITE_BOUND.labels, 'labels as they were');
  t.equal(node.slots, 2, 'slots as they were');

  const coadd = await admin.submitJob({ recipe: 'Coadd' }); // routed to pool=bigmem
  const bias = await admin.submitJob({ recipe: 'Bias' }); // routed to pool=cluster
  const claimed = (await client.claim(EMPTY_POLL)).jobs.map((job) => job.id);
  t.same(claimed, [bias.id], 'only the job the enrolled labels fit');
  const waiting = await admin.getJob(coadd.id);
  t.equal(waiting.state, 'queued');
  t.equal(waiting.pendingReason, 'no enrolled node has pool=bigmem');

  const within = await client.agentHello({ labels: { site: 'paris' }, slots: 1, isolation: 'bwrap' });
  t.same(within.refused, []);
  t.same((await nodeOf(admin, agentId)).labels, { site: 'paris' }, 'a hello may offer less than the bound');
  await client.agentHello({ labels: SITE_BOUND.labels, slots: 4, isolation: 'bwrap' });
  const again = await nodeOf(admin, agentId);
  t.same([again.labels, again.slots], [SITE_BOUND.labels, 4], 'and later the full bound again');
});

t.test('PATCH /v1/nodes/{id} widens the bound for later hellos, narrows what the node offers at once, and is audited', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  const { client, agentId } = await register(service, await enroll(service, SITE_BOUND), 'c1', { labels: SITE_BOUND.labels });
  const coadd = await admin.submitJob({ recipe: 'Coadd' });

  const widened = await admin.updateNode(agentId, { bound: { labels: { site: 'paris', pool: 'cluster|bigmem' } } });
  t.same(widened.bound, { labels: { site: 'paris', pool: 'cluster|bigmem' }, slots: 4, memoryMB: 64000 }, 'parts left out stay');
  t.same(widened.labels, SITE_BOUND.labels, 'a wider bound alone changes no offer');
  const hello = await client.agentHello({ labels: { site: 'paris', pool: 'cluster|bigmem' }, isolation: 'bwrap' });
  t.same(hello.refused, []);
  t.same((await client.claim(EMPTY_POLL)).jobs.map((job) => job.id), [coadd.id], 'the widened labels take the bigmem job');

  const narrowed = await admin.updateNode(agentId, { bound: { labels: { site: 'paris', pool: 'cluster' }, slots: null } });
  t.same(narrowed.labels, { site: 'paris', pool: 'cluster' }, 'the offer is cut to the narrower bound');
  t.equal(narrowed.bound.slots, null, 'null lifts a part of the bound');

  const [entry] = (await admin.listAudit({ limit: 1 })).entries;
  t.same([entry.action, entry.target], ['node.update', String(agentId)]);
  t.same(entry.detail, { bound: { labels: { site: 'paris', pool: 'cluster' }, slots: null } }, 'the trail records the change');

  const user = service.client(await service.user('ulla', 'developer'));
  t.equal((await refusal(user.updateNode(agentId, { bound: { labels: null } }))).statusCode, 403, 'only admins change bounds');
  t.equal((await refusal(admin.updateNode(agentId, {}))).statusCode, 400, 'an empty change is refused');
});

t.test('a token without a bound enrolls agents that offer anything, as before', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  const { client, agentId } = await register(service, await enroll(service), 'free1', { labels: { pool: 'cluster' }, slots: 2 });
  t.same((await admin.listEnrollmentTokens()).tokens[0].bound, { labels: null, slots: null, memoryMB: null });
  const hello = await client.agentHello({ labels: { pool: 'cluster|bigmem', gpu: 'true' }, slots: 64, memoryMB: 512000, isolation: 'bwrap' });
  t.same(hello.refused, []);
  const node = await nodeOf(admin, agentId);
  t.same([node.labels, node.slots, node.memoryMB], [{ pool: 'cluster|bigmem', gpu: 'true' }, 64, 512000]);
  t.same(node.bound, { labels: null, slots: null, memoryMB: null });
});
