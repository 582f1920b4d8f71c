import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer } from '../../api/build.js';
import { DEFAULTS, type ServerConfig } from '../../api/config.js';
import { bootstrap } from '../../api/services/bootstrap.js';
import { startSweeper } from '../../api/services/sweeper.js';
import { testStoreConfig } from '../../scripts/test-database.js';
import { AweClient, type ClaimedJob, type Job } from '@awe-dp/sdk';

export interface TestService {
  app: FastifyInstance;
  url: string;
  dataDir: string;
  adminToken: string;
  /** A client for this service with the given token (admin by default). */
  client(token?: string): AweClient;
  /** Creates a user and answers a token for it. */
  user(username: string, role: 'visitor' | 'user' | 'developer' | 'admin', canRoute?: boolean): Promise<string>;
  /** Enrolls an agent (one that boxes shipped code) and answers a client holding its credential. */
  agent(name: string, labels?: Record<string, string>, slots?: number): Promise<{ client: AweClient; agentId: number }>;
  /** A no-op job of the admin's, claimed by a new agent: for tests of what happens while a job runs. */
  runningJob(): Promise<{ job: Job; claimed: ClaimedJob; agent: AweClient }>;
}

interface Teardown {
  teardown(fn: () => unknown): void;
}

/**
 * A real service on a fresh data dir (and on the PostgreSQL pass a fresh
 * schema), listening on port 0, with the first-start bootstrap done;
 * everything is closed and removed when the test ends.
 */
export async function startService(t: Teardown, overrides: Partial<ServerConfig> = {}, now?: () => number): Promise<TestService> {
  const dataDir = mkdtempSync(join(tmpdir(), 'awe-test-'));
  // The test-only password hash cost: hundreds of sign-ins run in the suite.
  const app = await buildServer({ config: { ...DEFAULTS, ...testStoreConfig(dataDir), passwordHashCost: 'test', ...overrides }, now });
  await bootstrap(app.awe, app.signUserToken);
  // Housekeeping (retention, blob collection) only when a test calls it: tests move the clock by hours.
  const stopSweeper = startSweeper(app.awe, 200, { intervalMs: Number.POSITIVE_INFINITY });
  await app.listen({ host: overrides.host ?? '127.0.0.1', port: 0 });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const clients: AweClient[] = [];
  const client = (token?: string): AweClient => {
    const made = new AweClient({ server: url, token: token ?? adminToken });
    clients.push(made);
    return made;
  };
  const adminToken = (await app.signUserToken('admin')).token;
  t.teardown(async () => {
    await stopSweeper();
    await Promise.all(clients.map((c) => c.close()));
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const service: TestService = {
    app,
    url,
    dataDir,
    adminToken,
    client,
    async user(username, role, canRoute = false) {
      await client().createUser({ username, password: `${username}-password`, role, canRoute });
      return (await client().login(username, `${username}-password`)).token;
    },
    async agent(name, labels = {}, slots = 1) {
      const { token } = await client().createEnrollmentToken({ uses: 1 });
      const registered = await client(undefined).registerAgent({ token, name, labels, slots, isolation: 'bwrap' });
      return { client: client(registered.credential), agentId: registered.agentId };
    },
    async runningJob() {
      await client().putRecipe('Noop', { command: ['true'] });
      const job = await client().submitJob({ recipe: 'Noop' });
      const agent = (await service.agent(`runner-${job.id}`)).client;
      const [claimed] = (await agent.claim({ maxJobs: 1 })).jobs;
      return { job, claimed, agent };
    },
  };
  return service;
}
