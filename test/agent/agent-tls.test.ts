import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { agentHarness } from '../helpers/agent-harness.js';

const run = promisify(execFile);

/** A CA and a certificate it signs for 127.0.0.1. */
async function makeCertificates(dir: string): Promise<{ ca: string; cert: string; key: string }> {
  const f = (name: string): string => join(dir, name);
  await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('ca.key'), '-out', f('ca.pem'), '-days', '2', '-subj', '/CN=awe test CA']);
  await run('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('server.key'), '-out', f('server.csr'), '-subj', '/CN=127.0.0.1']);
  writeFileSync(f('ext.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  await run('openssl', ['x509', '-req', '-in', f('server.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('server.pem'), '-days', '2', '-extfile', f('ext.cnf')]);
  return { ca: f('ca.pem'), cert: f('server.pem'), key: f('server.key') };
}

const certDir = mkdtempSync(join(tmpdir(), 'awe-tls-'));
t.teardown(() => rmSync(certDir, { recursive: true, force: true }));
const tls = await makeCertificates(certDir);
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
