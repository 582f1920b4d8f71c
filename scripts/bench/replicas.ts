/**
 * Wake-up across replicas: two replicas of the service in this process (one
 * SQLite data dir, each with its LISTEN/NOTIFY link on a scratch PostgreSQL
 * database), idle simulated agents long-polling on replica A, one job at a
 * time submitted through replica B: from the start of the submit request to
 * the moment an agent holds the job. Skipped without PostgreSQL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { AweClient } from '@awe-dp/sdk';
import { buildServer } from '../../api/build.js';
import { DEFAULTS } from '../../api/config.js';
import { bootstrap } from '../../api/services/bootstrap.js';
import { NotifyLink } from '../../api/store/postgres/notify-link.js';
import { createScratchDatabase } from '../pg-scratch.js';
import { enrollAgents, NOOP_RECIPE, putNoopRecipe, simulateAgent } from './fleet.js';
import { bySize, type Context, type Report } from './scenario.js';
import { median, percentile, round } from './stats.js';

const IDLE_AGENTS = 4;
const WARMUP = 10;

export async function runReplicas(ctx: Context): Promise<Report> {
  const database = await createScratchDatabase();
  if (database === null) return { skipped: 'no PostgreSQL at 127.0.0.1:5432 for the replica link' };
  const dataDir = mkdtempSync(join(tmpdir(), 'awe-bench-replicas-'));
  const apps: FastifyInstance[] = [];
  const clients: AweClient[] = [];
  const abort = new AbortController();
  const loops: Promise<void>[] = [];
  try {
    const config = { ...DEFAULTS, dataDir, logLevel: 'warn', passwordHashCost: 'test' as const };
    const urls: string[] = [];
    for (const name of ['a', 'b']) {
      const app = await buildServer({ config, link: await NotifyLink.open(database.url, name, { warn: (_details, message) => ctx.log(message) }) });
      apps.push(app);
      await app.listen({ host: '127.0.0.1', port: 0 });
      urls.push(`http://127.0.0.1:${(app.server.address() as { port: number }).port}`);
    }
    await bootstrap(apps[0]!.awe, apps[0]!.signUserToken);
    const token = apps[0]!.signUserToken('admin').token;
    const [onA, onB] = urls.map((server) => new AweClient({ server, token })) as [AweClient, AweClient];
    clients.push(onA, onB);
    await putNoopRecipe(onB);
    const agents = await enrollAgents(urls[0]!, onA, IDLE_AGENTS, 1, 'replica-a-');
    let arrived: (() => void) | null = null;
    for (const { credential } of agents) {
      loops.push(
        simulateAgent(urls[0]!, credential, {
          maxJobs: 1,
          waitSeconds: 25,
          signal: abort.signal,
          onAnswer: (answer) => {
            if (answer.jobs.length > 0) arrived?.();
          },
        }),
      );
    }
    const samples = bySize(ctx.mode, 200, 60, 10);
    const latencies: number[] = [];
    await sleep(200); // every agent is in its long poll on A
    for (let i = 0; i < WARMUP + samples; i++) {
      const received = new Promise<number>((resolve) => (arrived = () => resolve(performance.now())));
      const start = performance.now();
      const [at] = await Promise.all([received, onB.submitJob({ recipe: NOOP_RECIPE, args: [String(i)] })]);
      if (i >= WARMUP) latencies.push(at - start);
      await sleep(5);
    }
    return {
      figures: { wakeupP50Ms: round(median(latencies)), wakeupP95Ms: round(percentile(latencies, 95)), samples },
      targets: [{ figure: 'wakeupP50Ms', text: 'a job submitted through B reaches an agent long-polling on A within 100 ms (p50)', pass: median(latencies) <= 100 }],
      notes: [
        `${IDLE_AGENTS} simulated agents long-poll on replica A; ${samples} jobs (after ${WARMUP} warm-up) are submitted one at a time through replica B`,
        'both replicas in this process on one SQLite data dir, each with its own LISTEN/NOTIFY link on a scratch PostgreSQL database',
      ],
    };
  } finally {
    abort.abort();
    await Promise.allSettled(loops);
    await Promise.all(clients.map((client) => client.close()));
    for (const app of apps) await app.close();
    rmSync(dataDir, { recursive: true, force: true });
    await database.drop();
  }
}
