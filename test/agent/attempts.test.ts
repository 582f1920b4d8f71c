import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { AweApiError, AweClient } from '@awe-dp/sdk';
import { AGENT_VERSION, baseCodeDigest } from '../../agent/base-code.js';
import { agentHarness, until } from '../helpers/agent-harness.js';

/** Hangs on its first attempt; the next one leaves an output and succeeds. Each attempt first leaves a marker output. */
const FIRST_HANGS = [
  'echo "attempt output" > "$AWE_OUTPUT_DIR/from-$(cat "$MARK" 2>/dev/null || echo first).txt"',
  'if [ ! -e "$MARK" ]; then',
  '  echo $$ > "$MARK.pid"; echo second > "$MARK"',
  '  while true; do echo first; sleep 0.2; done',
  'fi',
  'echo result > "$AWE_OUTPUT_DIR/catalog.txt"',
].join('\n');

t.test('kill -9 of the first attempt: two attempts with their nodes and reasons, only the second one\'s outputs, a late upload refused', async (t) => {
  const h = await agentHarness(t, { leaseSeconds: 3 });
  await h.recipe('Once', FIRST_HANGS);
  const firstDir = join(h.dir, 'first-node');
  const first = h.agentProcess(['--server', h.url, '--enroll', await h.enrollmentToken(), '--name', 'first-node', '--work-dir', firstDir, '--isolation', 'none', '--trust-user-code']);
  const mark = join(h.dir, 'attempt');
  const job = await h.submit('Once', { env: { MARK: mark } });
  await until('the first attempt to run', () => existsSync(mark));
  const recipePid = Number(readFileSync(`${mark}.pid`, 'utf8'));
  // The killed agent's recipe outlives it (its process group); the test ends it.
  t.teardown(() => {
    try {
      process.kill(-recipePid, 'SIGKILL');
    } catch {
      // already gone
    }
  });
  first.kill('SIGKILL');
  await until('the agent to die', () => first.signalCode !== null);

  const base = join(h.dir, 'base');
  mkdirSync(join(base, 'opipe'), { recursive: true });
  writeFileSync(join(base, 'opipe', '__init__.py'), '');
  await h.agent({ name: 'second-node', baseCode: base });
  const done = await h.waitFor(job.id, ['succeeded', 'failed'], 30_000);
  t.equal(done.state, 'succeeded');
  t.match(done, { attempts: 2, node: 'second-node' });

  const { attempts } = await h.admin.listAttempts(job.id);
  t.equal(attempts.length, 2);
  t.match(attempts[0], { epoch: 1, node: 'first-node', outcome: 'requeued', failureReason: 'lost' });
  t.match(attempts[1], { epoch: 2, node: 'second-node', outcome: 'succeeded', exitCode: 0, agentVersion: AGENT_VERSION });
  t.equal(attempts[1].baseDigest, await baseCodeDigest(base), 'the agent reports the digest of its base code');
  t.same((await h.admin.listOutputs(job.id)).outputs.map((o) => o.path), ['catalog.txt', 'from-second.txt'], "the job's outputs are the second attempt's");

  // The killed attempt comes back late, with its node's credential and its own epoch.
  const { credential } = JSON.parse(readFileSync(join(firstDir, 'credential.json'), 'utf8')) as { credential: string };
  const late = new AweClient({ server: h.url, token: credential, retries: 0 });
  t.teardown(() => late.close());
  const refused = await late.uploadOutput(job.id, 1, 'from-first.txt', Buffer.from('stale')).then(
    () => null,
    (error: unknown) => error,
  );
  t.match(refused, { statusCode: 409, code: 'AWE_ERR_STALE_LEASE' }, 'the old attempt may not upload');
  t.ok(refused instanceof AweApiError);
  t.same((await h.admin.listAttempts(job.id)).attempts[0].outputs, [], 'nothing was recorded under the old attempt');
  t.same((await h.admin.listOutputs(job.id)).outputs.map((o) => o.path), ['catalog.txt', 'from-second.txt'], 'the job outputs are unchanged');
});
