/**
 * `npm start`: the service (data in ./data) and one local agent on this host,
 * enrolled automatically on first start (work dir ./data-agent, beside the
 * service's data dir and never in it: a recipe that got out of its sandbox
 * would find the service's keys there; the example pipeline's code on
 * PYTHONPATH). SIGINT/SIGTERM are forwarded to both: to the
 * agent at once (first drains, second stops running jobs), to the service once
 * the agent has reported its jobs and ended (a third signal stops both now).
 * The children run in their own process groups, so a Ctrl-C reaches them only
 * through here, once.
 *
 * The demo agent serves all three pools of the default routing (cluster,
 * bigmem, dbnear), so every recipe of the seeded catalog runs on it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { AweClient } from '@awe-dp/sdk';

const DEMO_LABELS = 'pool=cluster,pool=bigmem,pool=dbnear';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const dataDir = resolve(process.env.AWE_DATA_DIR ?? 'data');
const agentDir = resolve(process.env.AWE_DEV_AGENT_DIR ?? `${dataDir}-agent`);
const host = process.env.AWE_HOST && process.env.AWE_HOST !== '0.0.0.0' ? process.env.AWE_HOST : '127.0.0.1';
const url = `${process.env.AWE_TLS_CERT ? 'https' : 'http'}://${host}:${process.env.AWE_PORT ?? 8080}`;

const children: ChildProcess[] = [];
const ended = (child: ChildProcess): boolean => child.exitCode !== null || child.signalCode !== null;

function start(name: string, args: string[]): ChildProcess {
  const child = spawn(process.execPath, args, { stdio: 'inherit', detached: true, env: { ...process.env, AWE_DATA_DIR: dataDir } });
  child.on('exit', (code, signal) => {
    console.log(`[dev] ${name} ended (${signal ?? `exit ${code}`})`);
    // One gone means the demo is over: the other is asked to stop too.
    for (const other of children) if (!ended(other)) other.kill('SIGTERM');
  });
  children.push(child);
  return child;
}

async function waitForService(server: ChildProcess): Promise<void> {
  const client = new AweClient({ server: url, caFile: process.env.AWE_AGENT_CA, timeoutMs: 2_000 });
  try {
    for (let i = 0; i < 100; i++) {
      if (ended(server)) throw new Error('the service exited during start-up');
      try {
        await (await client.raw({ method: 'GET', path: '/readyz' })).body.dump();
        return;
      } catch {
        await sleep(200);
      }
    }
    throw new Error(`the service did not answer at ${url}`);
  } finally {
    await client.close();
  }
}

async function enrollmentToken(): Promise<string> {
  const admin = new AweClient({ server: url, token: readFileSync(join(dataDir, 'admin.token'), 'utf8').trim(), caFile: process.env.AWE_AGENT_CA });
  try {
    return (await admin.createEnrollmentToken({ uses: 1, expiresInSeconds: 600 })).token;
  } finally {
    await admin.close();
  }
}

async function main(): Promise<void> {
  let signals = 0;
  let server: ChildProcess | null = null;
  let agent: ChildProcess | null = null;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      signals++;
      // The service waits for the agent (which needs it to report), unless told a third time.
      const targets = agent && !ended(agent) && signals < 3 ? [agent] : [agent, server];
      for (const child of targets) if (child && !ended(child)) child.kill(signal);
    });
  }
  server = start('service', [join(root, 'dist/api/server.js')]);
  await waitForService(server);

  const args = ['--server', url, '--work-dir', agentDir, '--labels', DEMO_LABELS, '--base-code', join(root, 'examples'), '--name', 'dev-agent'];
  if (!existsSync(join(agentDir, 'credential.json'))) args.push('--enroll', await enrollmentToken());
  agent = start('agent', [join(root, 'dist/agent/main.js'), ...args]);

  console.log(`
[dev] service:   ${url}   (API docs: ${url}/docs)
[dev] web page:  ${url}/   (sign in as admin with the password printed at first start; AWE_ANONYMOUS_VISITORS=1 lets visitors browse)
[dev] agent:     dev-agent, labels ${DEMO_LABELS}, work dir ${agentDir}
[dev] a token:   admin: cat ${join(dataDir, 'admin.token')}  (or POST ${url}/v1/auth/token with a user's name and password)
[dev] Ctrl-C drains the agent, then stops the service; again: stop running jobs; a third time: stop now.
`);
  await Promise.all(children.map((child) => (ended(child) ? undefined : new Promise((r) => child.once('exit', r)))));
}

main().catch((err: unknown) => {
  console.error(`[dev] ${(err as Error).message}`);
  for (const child of children) if (!ended(child)) child.kill('SIGTERM');
  process.exitCode = 1;
});
