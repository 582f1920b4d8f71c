import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { loadAgentConfig } from '../../agent/config.js';

t.test('the agent refuses plain http to a remote service unless told --insecure-http, and then marks it for a warning', async (t) => {
  const workDir = mkdtempSync(join(tmpdir(), 'awe-agent-config-'));
  t.teardown(() => rmSync(workDir, { recursive: true, force: true }));
  const env = { AWE_AGENT_WORK_DIR: workDir };
  t.throws(() => loadAgentConfig(['--server', 'http://compute.example.org:8080'], env), /plain http to a remote host/);
  t.equal(loadAgentConfig(['--server', 'http://127.0.0.1:8080'], env).insecureHttp, false, 'loopback is fine');
  t.equal(loadAgentConfig(['--server', 'https://compute.example.org'], env).insecureHttp, false, 'https is fine');
  t.equal(loadAgentConfig(['--server', 'http://compute.example.org', '--insecure-http'], env).insecureHttp, true, 'the flag');
  t.equal(loadAgentConfig(['--server', 'http://compute.example.org'], { ...env, AWE_INSECURE_HTTP: '1' }).insecureHttp, true, 'the variable');
});
