import t from 'tap';
import { AweApiError } from '@awe-dp/sdk';
import { AGENT_PROTOCOL } from '../../core/protocol.js';
import { recordingProxy, type Recorded } from '../../scripts/wire/proxy.js';
import { agentHarness, until } from '../helpers/agent-harness.js';
import { startService } from '../helpers/service.js';

const refusal = (call: Promise<unknown>): Promise<AweApiError> =>
  call.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: AweApiError) => error,
  );

t.test('the agent states its protocol when it registers and in every hello', async (t) => {
  const harness = await agentHarness(t);
  const recorded: Recorded[] = [];
  const proxy = await recordingProxy('agent', harness.url, recorded);
  t.teardown(() => proxy.close());
  const sent = (path: string) => () => recorded.find((r) => r.path === path);
  const config = { server: proxy.url, workDir: `${harness.dir}/restarted` };
  const first = await harness.agent(config);
  const registered = await until('the registration', sent('/v1/agents/register'));
  first.drain();
  await first.done;
  await harness.agent(config);
  const hello = await until('the hello', sent('/v1/agents/hello'));
  t.equal(JSON.parse(registered.body.toString()).protocol, AGENT_PROTOCOL, 'at registration');
  t.equal(JSON.parse(hello.body.toString()).protocol, AGENT_PROTOCOL, 'at the hello after a restart');
});

t.test('an agent newer than the service is told to upgrade the service first; older ones and this one are taken', async (t) => {
  const service = await startService(t);
  const { token } = await service.client().createEnrollmentToken({ uses: 1 });
  const anonymous = service.client(undefined);
  const newer = await refusal(anonymous.registerAgent({ token, name: 'future', slots: 1, protocol: AGENT_PROTOCOL + 1 }));
  t.equal(newer.statusCode, 400);
  t.equal(newer.code, 'AWE_ERR_VALIDATION');
  t.match(newer.message, /upgrade the service before its agents/);

  const registered = await anonymous.registerAgent({ token, name: 'now', slots: 1, protocol: AGENT_PROTOCOL });
  t.equal(registered.agentId, 1, 'the refused registration did not use the one-use token up');
  const agent = service.client(registered.credential);
  t.equal((await refusal(agent.agentHello({ protocol: AGENT_PROTOCOL + 1 }))).code, 'AWE_ERR_VALIDATION', 'a hello of a newer agent is refused too');
  t.same((await agent.agentHello({ protocol: 1 })).refused, [], 'protocol 1, which agents of 0.1.0 speak without saying, is taken');
  t.same((await agent.agentHello({})).refused, [], 'as is a hello that does not say');
});
