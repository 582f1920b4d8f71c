import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { loadAgentConfig } from '../../agent/config.js';
import { executorEntry } from '../../agent/executors/registry.js';
import { AGENT_MAIN } from '../helpers/agent-harness.js';

const SERVER = ['--server', 'http://127.0.0.1:9'];

t.test('isolation: bubblewrap with the network by default, none and trust only when asked', async (t) => {
  const workDir = mkdtempSync(join(tmpdir(), 'awe-config-'));
  t.teardown(() => rmSync(workDir, { recursive: true, force: true }));
  const dir = ['--work-dir', workDir];
  t.match(loadAgentConfig([...SERVER, ...dir], {}), { isolation: 'bwrap', trustUserCode: false, isolationNetwork: true });
  t.match(loadAgentConfig([...SERVER, ...dir, '--isolation', 'none', '--trust-user-code', '--isolation-network', 'none'], {}), {
    isolation: 'none',
    trustUserCode: true,
    isolationNetwork: false,
  });
  t.match(loadAgentConfig([...SERVER, ...dir], { AWE_AGENT_ISOLATION: 'none', AWE_AGENT_TRUST_USER_CODE: '1' }), { isolation: 'none', trustUserCode: true });
  writeFileSync(join(workDir, 'agent.json'), JSON.stringify({ isolation: 'none', 'trust-user-code': true }));
  t.match(loadAgentConfig([...SERVER, ...dir], {}), { isolation: 'none', trustUserCode: true });
  t.throws(() => loadAgentConfig([...SERVER, ...dir, '--isolation', 'docker'], {}), /--isolation must be bwrap or none/);
  t.throws(() => loadAgentConfig([...SERVER, ...dir, '--isolation-network', 'host'], {}), /--isolation-network must be full or none/);
});

t.test('awe-agent refuses to start sandboxed without bubblewrap, saying what to install', async (t) => {
  const workDir = mkdtempSync(join(tmpdir(), 'awe-config-'));
  t.teardown(() => rmSync(workDir, { recursive: true, force: true }));
  const run = spawnSync(process.execPath, [AGENT_MAIN, ...SERVER, '--work-dir', workDir], { env: { PATH: join(workDir, 'empty') }, encoding: 'utf8' });
  t.equal(run.status, 1);
  t.match(run.stderr, /install the package bubblewrap.*or start the agent with --isolation none/);
});

t.test('a base code dir holding the agent\'s work dir is refused with a sandbox (recipes would see it)', async (t) => {
  const config = loadAgentConfig([...SERVER, '--work-dir', '/srv/pipeline/agent', '--base-code', '/srv/pipeline'], {});
  t.throws(() => executorEntry('local').create(config), /--base-code \/srv\/pipeline holds \/srv\/pipeline\/agent/);
  t.doesNotThrow(() => executorEntry('local').create({ ...config, baseCode: '/srv/pipeline-code' }));
  t.doesNotThrow(() => executorEntry('local').create({ ...config, isolation: 'none' }));
});

t.test('the site cache: --cache or AWE_CACHE, refused in clear to another host like the service; the bundle cache bound', async (t) => {
  const dir = ['--work-dir', '/nonexistent/awe-agent'];
  t.match(loadAgentConfig([...SERVER, ...dir], {}), { cache: null, bundleCacheBytes: 20 * 1024 ** 3 });
  t.match(loadAgentConfig([...SERVER, ...dir, '--cache', 'https://cache.site:8090/'], {}), { cache: 'https://cache.site:8090' });
  t.match(loadAgentConfig([...SERVER, ...dir], { AWE_CACHE: 'http://127.0.0.1:8090' }), { cache: 'http://127.0.0.1:8090' });
  t.throws(() => loadAgentConfig([...SERVER, ...dir, '--cache', 'http://cache.site:8090'], {}), /plain http to a remote host/);
  t.match(loadAgentConfig([...SERVER, ...dir, '--cache', 'http://cache.site:8090', '--insecure-http'], {}), { cache: 'http://cache.site:8090', insecureHttp: true });
  t.throws(() => loadAgentConfig([...SERVER, ...dir, '--cache', 'cache.site'], {}), /--cache must be an http\(s\) URL/);
  t.match(loadAgentConfig([...SERVER, ...dir, '--bundle-cache-gb', '0.5'], {}), { bundleCacheBytes: 512 * 1024 ** 2 });
  t.throws(() => loadAgentConfig([...SERVER, ...dir, '--bundle-cache-gb', '0'], {}), /--bundle-cache-gb must be a positive number/);
});
