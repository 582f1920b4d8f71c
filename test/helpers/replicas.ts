/**
 * Several replicas of the service in this process, on one data dir (one
 * SQLite file, one keys dir, one blob dir), each listening on port 0 with its
 * own sweeper, and a replica link each when given (NotifyLink on a scratch
 * PostgreSQL database). Everything is closed and removed when the test ends.
 */
import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AweClient } from '@awe-dp/sdk';
import { buildServer } from '../../api/build.js';
import { DEFAULTS, type ServerConfig } from '../../api/config.js';
import { startSweeper } from '../../api/services/sweeper.js';
import type { ReplicaLink } from '../../api/store/replica-link.js';

interface Teardown {
  teardown(fn: () => unknown): void;
}

export interface Replica {
  app: FastifyInstance;
  url: string;
  client(token: string): AweClient;
}

export async function startReplicas(
  t: Teardown,
  count: number,
  link: (name: string) => Promise<ReplicaLink> | undefined,
  overrides: Partial<ServerConfig> = {},
): Promise<{ dataDir: string; replicas: Replica[] }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'awe-replicas-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const config: ServerConfig = { ...DEFAULTS, dataDir, passwordHashCost: 'test', leaseSeconds: 3, maxWaitSeconds: 20, ...overrides };
  const replicas: Replica[] = [];
  for (let i = 0; i < count; i++) {
    const app = await buildServer({ config, link: await link(`replica-${i}`) });
    const stopSweeper = startSweeper(app.awe, 200, { intervalMs: Number.POSITIVE_INFINITY });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const clients: AweClient[] = [];
    t.teardown(async () => {
      stopSweeper();
      await Promise.all(clients.map((c) => c.close()));
      await app.close();
    });
    const address = app.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    replicas.push({
      app,
      url,
      client(token) {
        const made = new AweClient({ server: url, token });
        clients.push(made);
        return made;
      },
    });
  }
  return { dataDir, replicas };
}
