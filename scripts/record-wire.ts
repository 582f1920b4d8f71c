/**
 * Records what this release's agent and CLI send, for the wire-compatibility
 * test of the next releases (docs/protocol.md, "Versions"): a real service
 * process, a real `awe-agent` and real `awrecipe` commands, each talking to the
 * service through its own recording proxy. Written to
 * test/fixtures/wire/<package version>.json; a maintainer runs it once per release:
 *
 *   npm run build && node dist/scripts/record-wire.js
 *
 * What is recorded: the agent's registration, and after a restart its hello;
 * two jobs run by the CLI (login, submit, follow, then the outputs listed and
 * downloaded), during which the agent claims, sends heartbeats, appends logs,
 * uploads an output and finishes. The first finish is answered 503 by the proxy
 * (never reaching the service), so the agent delivers it with its next claim,
 * as it does when a finish's answer is lost; the second goes on its own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AweClient } from '@awe-dp/sdk';
import { ROOT, startServerProcess, waitForExit } from './server-process.js';
import { toFixture } from './wire/fixture.js';
import { recordingProxy, type Recorded } from './wire/proxy.js';

/** Short enough for heartbeats (every second) to happen while a job sleeps two seconds, and for empty long polls to end soon. */
const SERVICE = { leaseSeconds: 3, maxWaitSeconds: 1 };
const RECIPE = ['/bin/sh', '-c', 'echo "wire: $1"; sleep 2; echo "$1" > "$AWE_OUTPUT_DIR/result.txt"; echo "wire: done"', 'wire'];

async function until(what: string, probe: () => boolean): Promise<void> {
  const end = Date.now() + 30_000;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<string> {
  const child = spawn(process.execPath, [join(ROOT, command), ...args], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stdin.end(input);
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output}`)))),
  );
}

async function stopAgent(agent: ChildProcess): Promise<void> {
  const exited = waitForExit(agent);
  agent.kill('SIGTERM');
  await exited;
}

const scratch = mkdtempSync(join(tmpdir(), 'awe-wire-'));
const server = await startServerProcess({ env: { AWE_LEASE_SECONDS: String(SERVICE.leaseSeconds), AWE_MAX_WAIT_SECONDS: String(SERVICE.maxWaitSeconds) } });
const recorded: Recorded[] = [];
let finishes = 0;
const proxies = {
  setup: await recordingProxy('setup', server.url, recorded),
  agent: await recordingProxy('agent', server.url, recorded, (method, path) =>
    method === 'POST' && /^\/v1\/jobs\/\d+\/finish$/.test(path) && finishes++ === 0
      ? { status: 503, body: { statusCode: 503, code: 'AWE_ERR_BUSY', message: 'answered by the wire recorder: deliver it with the next claim' } }
      : null,
  ),
  cli: await recordingProxy('cli', server.url, recorded),
};
let agent: ChildProcess | null = null;
try {
  const admin = new AweClient({ server: proxies.setup.url, token: server.adminToken });
  await admin.putRecipe('Wire', { command: RECIPE, description: 'prints its argument, sleeps 2 s and writes it to result.txt' });
  await admin.createUser({ username: 'wire-user', password: 'wire-user-password', role: 'user' });
  const { token: enrollment } = await admin.createEnrollmentToken({ uses: 1 });
  await admin.close();

  const workDir = join(scratch, 'agent');
  const startAgent = (): ChildProcess => {
    const args = ['--server', proxies.agent.url, '--name', 'wire-node', '--labels', 'site=recorder', '--slots', '1', '--memory-mb', '1024', '--work-dir', workDir, '--isolation', 'none'];
    const child = spawn(process.execPath, [join(ROOT, 'dist/agent/main.js'), ...args, '--enroll', enrollment], { stdio: ['ignore', 'ignore', 'inherit'] });
    return child;
  };
  const claims = (): number => recorded.filter((r) => r.from === 'agent' && r.path === '/v1/agents/claim').length;
  // First start: registration; its first (empty) claim shows it is up.
  agent = startAgent();
  await until('the agent to register and claim', () => claims() > 0);
  await stopAgent(agent);
  // Second start: hello with the saved credential.
  agent = startAgent();
  await until('the agent to say hello', () => recorded.some((r) => r.path === '/v1/agents/hello'));

  const home = join(scratch, 'home');
  mkdirSync(home);
  const cliEnv = { HOME: home, AWE_SERVER: proxies.cli.url };
  await run('dist/cli/awrecipe.js', ['login', '-user', 'wire-user', '--password-stdin'], cliEnv, 'wire-user-password\n');
  for (const word of ['first', 'second']) {
    const output = await run('dist/cli/awrecipe.js', ['-task', 'Wire', word], cliEnv);
    const id = /job (\d+)/.exec(output)?.[1];
    if (!id) throw new Error(`no job id in the CLI's output:\n${output}`);
    await run('dist/cli/awrecipe.js', ['outputs', id, '--download', join(scratch, `outputs-${id}`)], cliEnv);
  }
  await stopAgent(agent);
  agent = null;

  const release = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const fixture = toFixture(recorded, release, SERVICE, server.adminToken);
  const path = join(ROOT, 'test/fixtures/wire', `${release}.json`);
  mkdirSync(join(ROOT, 'test/fixtures/wire'), { recursive: true });
  writeFileSync(path, JSON.stringify(fixture, null, 2) + '\n');
  console.log(`${fixture.exchanges.length} requests recorded in ${path}`);
} finally {
  if (agent) await stopAgent(agent);
  await Promise.all(Object.values(proxies).map((proxy) => proxy.close()));
  await server.stop();
  rmSync(scratch, { recursive: true, force: true });
}
