import { existsSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { credentialPath } from '../../agent/credential.js';
import { agentHarness, until } from '../helpers/agent-harness.js';

t.test('awe-agent within its enrollment bound: refused beyond it at enrollment, kept as it was when restarted wider', async (t) => {
  const h = await agentHarness(t);
  const { token } = await h.admin.createEnrollmentToken({ uses: 2, bound: { labels: { site: 'paris', pool: 'cluster' } } });
  const workDir = join(h.dir, 'node');
  const start = (labels: string, enroll: string[] = []) =>
    h.agentProcess(['--server', h.url, ...enroll, '--work-dir', workDir, '--name', 'p1', '--labels', labels, '--isolation', 'none', '--trust-user-code']);

  const wide = start('site=paris,pool=bigmem', ['--enroll', token]);
  const code = await until('the refused agent to exit', () => wide.exitCode !== null && { code: wide.exitCode });
  t.equal(code.code, 1, 'a start the token does not allow fails');
  t.match(wide.stderrText(), /does not allow label pool=bigmem/, 'and says which label');

  const first = start('site=paris,pool=cluster', ['--enroll', token]);
  const node = await until('the node to enroll', async () => (await h.admin.listNodes()).nodes.find((n) => n.name === 'p1'));
  // The service lists the node before the agent has kept its credential: killed in between, it would not be enrolled.
  await until('the agent to keep its credential', () => existsSync(credentialPath(workDir)));
  first.kill('SIGKILL');
  await until('the agent to die', () => first.exitCode !== null || first.signalCode !== null);

  const second = start('site=paris,pool=cluster,pool=bigmem');
  // A process start and its hello: on a loaded CI machine that has taken longer than until's default 15 s.
  await until('the warning', () => {
    if (second.exitCode !== null) throw new Error(`the restarted agent exited (${second.exitCode}): ${second.stderrText()}`);
    return second.stderrText().includes('enrollment bound does not allow');
  }, 45_000);
  t.match(second.stderrText(), /label pool=bigmem/, 'the operator sees what was not taken');
  t.same((await h.admin.listNodes()).nodes.find((n) => n.id === node.id)!.labels, { site: 'paris', pool: 'cluster' }, 'the node keeps its enrolled labels');
  t.equal(second.exitCode, null, 'and the agent keeps running');
});
