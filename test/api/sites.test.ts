import t from 'tap';
import { AweApiError } from '@awe-dp/sdk';
import { startService, type TestService } from '../helpers/service.js';

const EMPTY_POLL = { maxJobs: 5, waitSeconds: 0.3 };
const TWO_SITES = { labels: { site: 'munich|naples', pool: 'cluster' } };

const refusal = (call: Promise<unknown>): Promise<AweApiError> =>
  call.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: AweApiError) => error,
  );

async function register(service: TestService, token: string, name: string, offer: { site?: string; labels?: Record<string, string> }) {
  const registered = await service.client(undefined).registerAgent({ token, name, slots: 1, isolation: 'bwrap', ...offer });
  return { client: service.client(registered.credential), agentId: registered.agentId };
}

t.test('a site is chosen at enrollment within what the token allows, and stays', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  const { token } = await admin.createEnrollmentToken({ uses: 5, bound: TWO_SITES });

  const rome = await refusal(register(service, token, 'r1', { site: 'rome' }));
  t.same([rome.statusCode, rome.code], [403, 'AWE_ERR_FORBIDDEN']);
  t.match(rome.message, /label site=rome/, 'a site the token does not allow is refused like any label');
  const torn = await refusal(register(service, token, 'x1', { site: 'munich', labels: { site: 'naples' } }));
  t.same([torn.statusCode, torn.code], [400, 'AWE_ERR_VALIDATION']);
  t.match(torn.message, /disagree/);

  const { client, agentId } = await register(service, token, 'n1', { site: 'naples', labels: { pool: 'cluster' } });
  const nodeOf = async () => (await admin.listNodes()).nodes.find((node) => node.id === agentId)!;
  const node = await nodeOf();
  t.equal(node.site, 'naples', 'GET /v1/nodes shows the site');
  t.same(node.labels, { pool: 'cluster', site: 'naples' }, 'and it is the label site');

  const moved = await client.agentHello({ labels: { site: 'munich', pool: 'cluster' }, isolation: 'bwrap' });
  t.same(moved.refused, ['site munich (enrolled at naples)'], 'a hello cannot move the node to another site, even one the bound allows');
  t.equal((await nodeOf()).labels.site, 'naples');
  await client.agentHello({ labels: { pool: 'cluster' }, isolation: 'bwrap' });
  t.same((await nodeOf()).labels, { pool: 'cluster', site: 'naples' }, 'a hello that leaves the site out keeps it');
  const narrowed = await admin.updateNode(agentId, { bound: { labels: { pool: 'cluster' } } });
  t.same([narrowed.site, narrowed.labels.site], ['naples', 'naples'], 'a narrower bound does not move the node either');

  const { token: munichOnly } = await admin.createEnrollmentToken({ uses: 1, bound: { labels: { site: 'munich' } } });
  const { agentId: m1 } = await register(service, munichOnly, 'm1', {});
  t.equal((await admin.listNodes()).nodes.find((n) => n.id === m1)!.site, 'munich', 'a token naming one site gives it to an agent that does not ask');
});

t.test('site=NAME routes like any other label', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  const { token } = await admin.createEnrollmentToken({ uses: 2, bound: TWO_SITES });
  const munich = await register(service, token, 'm1', { site: 'munich', labels: { pool: 'cluster' } });
  const naples = await register(service, token, 'n1', { site: 'naples', labels: { pool: 'cluster' } });
  await admin.putRoute('naples', { selector: { site: 'naples' } });
  await admin.putRecipe('AtNaples', { command: ['true'], placement: 'naples' });
  const job = await admin.submitJob({ recipe: 'AtNaples' });
  t.same((await munich.client.claim(EMPTY_POLL)).jobs, [], 'not for munich');
  t.same((await naples.client.claim(EMPTY_POLL)).jobs.map((j) => j.id), [job.id], 'for naples');
});

t.test('the claim takes a content filter, and refuses one that is not a filter', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  const { token } = await admin.createEnrollmentToken({ uses: 1 });
  const { client } = await register(service, token, 'c1', {});
  const ok = await client.claim({ ...EMPTY_POLL, contentFilter: Buffer.alloc(64).toString('base64') });
  t.same(ok.jobs, []);
  const odd = await refusal(client.claim({ ...EMPTY_POLL, contentFilter: Buffer.alloc(100).toString('base64') }));
  t.same([odd.statusCode, odd.code], [400, 'AWE_ERR_VALIDATION']);
  t.match(odd.message, /contentFilter: .*power of two/);
});
