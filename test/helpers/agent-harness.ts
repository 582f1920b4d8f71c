/**
 * A real service (port 0, temp data dir, short leases) and real agents, in
 * this process or as child processes (`node dist/agent/main.js`, for kill -9),
 * running real recipe scripts; plus a TCP proxy to cut the network between
 * them. Everything is stopped and removed when the test ends.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { startAgent, type RunningAgent } from '../../agent/agent.js';
import type { AgentConfig } from '../../agent/config.js';
import type { ServerConfig } from '../../api/config.js';
import { AweClient, type Job, type JobSpec } from '@awe-dp/sdk';
import { startService, type TestService } from './service.js';

interface Teardown {
  teardown(fn: () => unknown): void;
}

export const AGENT_MAIN = fileURLToPath(new URL('../../agent/main.js', import.meta.url));

/** Polls `probe` until it answers something truthy (a condition in another process), failing after `ms`. */
export async function until<T>(what: string, probe: () => T | null | undefined | false | Promise<T | null | undefined | false>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

export interface Harness {
  service: TestService;
  /** The service's URL (https with `tls`). */
  url: string;
  /** An admin client that trusts the test CA. */
  admin: AweClient;
  /** Scratch dir for scripts, work dirs and marker files. */
  dir: string;
  /** Writes `body` as an executable script and puts a recipe running it (with the job's args). */
  recipe(name: string, body: string, options?: { interpreter?: string; timeoutSeconds?: number }): Promise<void>;
  submit(recipe: string, spec?: Omit<JobSpec, 'recipe'>): Promise<Job>;
  /** Waits until the job is in one of `states`. */
  waitFor(id: number, states: Job['state'][], ms?: number): Promise<Job>;
  log(id: number): Promise<string>;
  enrollmentToken(): Promise<string>;
  /** An in-process agent with its own work dir (unboxed unless `isolation: 'bwrap'`); stopped at the end of the test. */
  agent(overrides?: Partial<AgentConfig>): Promise<RunningAgent>;
  /** `awe-agent` as a child process; killed at the end of the test. */
  agentProcess(args: string[]): ChildProcess & { stderrText(): string };
}

export async function agentHarness(
  t: Teardown,
  options: {
    leaseSeconds?: number;
    maxWaitSeconds?: number;
    localityWaitSeconds?: number;
    tls?: { cert: string; key: string; ca: string };
    anonymousVisitors?: boolean;
  } = {},
): Promise<Harness> {
  const overrides: Partial<ServerConfig> = {
    leaseSeconds: options.leaseSeconds ?? 3,
    maxWaitSeconds: options.maxWaitSeconds ?? 5,
    anonymousVisitors: options.anonymousVisitors ?? false,
    ...(options.localityWaitSeconds !== undefined ? { localityWaitSeconds: options.localityWaitSeconds } : {}),
  };
  if (options.tls) Object.assign(overrides, { tlsCert: options.tls.cert, tlsKey: options.tls.key });
  const service = await startService(t, overrides);
  const url = options.tls ? service.url.replace(/^http:/, 'https:') : service.url;
  const dir = mkdtempSync(join(tmpdir(), 'awe-agent-test-'));
  const admin = new AweClient({ server: url, token: service.adminToken, caFile: options.tls?.ca });
  t.teardown(async () => {
    await admin.close();
    rmSync(dir, { recursive: true, force: true });
  });
  let agents = 0;
  const log = pino({ level: process.env.AWE_TEST_LOG ?? 'silent' }, pino.destination(2));

  const harness: Harness = {
    service,
    url,
    admin,
    dir,
    async recipe(name, body, { interpreter = '/bin/bash', timeoutSeconds } = {}) {
      const path = join(dir, `${name}.script`);
      writeFileSync(path, `#!${interpreter}\n${body}\n`);
      chmodSync(path, 0o755);
      await admin.putRecipe(name, { command: [path], maxAttempts: 3, ...(timeoutSeconds ? { timeoutSeconds } : {}) });
    },
    submit: (recipe, spec = {}) => admin.submitJob({ recipe, ...spec }),
    async waitFor(id, states, ms = 20_000) {
      const end = Date.now() + ms;
      for (;;) {
        const job = await admin.getJob(id);
        if (states.includes(job.state)) return job;
        if (Date.now() > end) throw new Error(`job ${id} is ${job.state} (${job.message ?? ''}), not ${states.join('/')} after ${ms} ms`);
        await sleep(100);
      }
    },
    async log(id) {
      return (await admin.log(id)).text();
    },
    async enrollmentToken() {
      return (await admin.createEnrollmentToken({ uses: 1 })).token;
    },
    async agent(config = {}) {
      const workDir = join(dir, `agent-${++agents}`);
      const agent = await startAgent(
        {
          server: url,
          enroll: await harness.enrollmentToken(),
          name: `test-agent-${agents}`,
          labels: {},
          site: null,
          slots: 1,
          memoryMB: 1024,
          workDir,
          caFile: options.tls?.ca ?? null,
          baseCode: null,
          executor: 'local',
          sharedDir: null,
          graceSeconds: 1,
          logLevel: 'silent',
          // Unboxed unless a test asks for the sandbox: most tests' recipes are scripts in the
          // scratch dir that leave marker files there and name their pids for the test to check,
          // which a sandbox (private /tmp, own PID namespace) hides on purpose. The isolation
          // tests (agent-isolation.test.ts) run with bwrap.
          isolation: 'none',
          trustUserCode: true,
          isolationNetwork: true,
          insecureHttp: false,
          cache: null,
          bundleCacheBytes: 1024 ** 3,
          ...config,
        },
        log.child({ agent: agents }),
      );
      t.teardown(async () => {
        agent.cancelAll();
        const settled = await Promise.race([agent.done.then(() => true), sleep(10_000, undefined, { ref: false }).then(() => false)]);
        if (!settled) agent.abandon();
      });
      return agent;
    },
    agentProcess(args) {
      const child = spawn(process.execPath, [AGENT_MAIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, AWE_AGENT_LOG_LEVEL: 'info' } });
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      t.teardown(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      });
      return Object.assign(child, { stderrText: () => stderr });
    },
  };
  return harness;
}

/** A TCP proxy in front of the service that can go down (closing every connection and refusing new ones) and come back. */
export interface Proxy {
  url: string;
  down(): Promise<void>;
  up(): Promise<void>;
}

export async function tcpProxy(t: Teardown, target: string): Promise<Proxy> {
  const { hostname, port: targetPort } = new URL(target);
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  const listen = async (): Promise<void> => {
    server = createServer((client) => {
      const upstream = connect(Number(targetPort), hostname);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
    port = (server!.address() as { port: number }).port;
  };
  const down = async (): Promise<void> => {
    const closing = new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    for (const s of sockets) s.destroy();
    await closing;
    server = null;
  };
  await listen();
  t.teardown(down);
  return { url: `http://127.0.0.1:${port}`, down, up: listen };
}
