import { join } from 'node:path';
import t from 'tap';
import { agentHarness } from '../helpers/agent-harness.js';
import { makeCertificates } from '../helpers/certificates.js';

const tls = await makeCertificates(t);
const h = await agentHarness(t, { tls });

t.test('with --ca the agent works over https', async (t) => {
  await h.agent({ caFile: tls.ca });
  await h.recipe('Hello', 'echo "hello over tls"');
  const job = await h.submit('Hello');
  t.equal((await h.waitFor(job.id, ['succeeded', 'failed'])).state, 'succeeded');
  t.equal(await h.log(job.id), 'hello over tls\n');
});

t.test('without --ca the agent refuses with a clear message', async (t) => {
  const child = h.agentProcess(['--server', h.url, '--enroll', await h.enrollmentToken(), '--work-dir', join(h.dir, 'no-ca')]);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  t.equal(code, 1);
  t.match(child.stderrText(), "the service's certificate is not trusted");
  t.match(child.stderrText(), 'pass --ca FILE with the CA that signed it');
});
