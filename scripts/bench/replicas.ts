/**
 * Wake-up across replicas: two `awe-server` processes on one PostgreSQL store
 * (a fresh database, dropped after the run) and one data dir, linked by
 * LISTEN/NOTIFY; idle simulated agents long-poll on replica A while jobs are
 * submitted one at a time through replica B: from the start of the submit
 * request to the moment an agent holds the job. Skipped without PostgreSQL.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { startServerProcess, type ServerProcess } from '../server-process.js';
import { enrollAgents, NOOP_RECIPE, putNoopRecipe, simulateAgent } from './fleet.js';
import { freshDatabase, postgresProblem } from './postgres.js';
import { bySize, type Context, type Report } from './scenario.js';
import { median, percentile, round } from './stats.js';

const IDLE_AGENTS = 4;
const WARMUP = 10;

export async function runReplicas(ctx: Context): Promise<Report> {
  const problem = await postgresProblem();
  if (problem) return { skipped: problem };
  const database = await freshDatabase('replicas');
  const env = { AWE_DATABASE_URL: database.url };
  const servers: ServerProcess[] = [];
  const abort = new AbortController();
  const loops: Promise<void>[] = [];
  try {
    const a = await startServerProcess({ env, nodeOptions: ctx.serverNodeOptions });
    servers.push(a);
    const b = await startServerProcess({ env, nodeOptions: ctx.serverNodeOptions, dataDir: a.dataDir });
    servers.push(b);
    await putNoopRecipe(b.admin);
    const agents = await enrollAgents(a.url, a.admin, IDLE_AGENTS, 1, 'replica-a-');
    let arrived: (() => void) | null = null;
    for (const { credential } of agents) {
      loops.push(
        simulateAgent(a.url, credential, {
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
      const [at] = await Promise.all([received, b.admin.submitJob({ recipe: NOOP_RECIPE, args: [String(i)] })]);
      if (i >= WARMUP) latencies.push(at - start);
      await sleep(5);
    }
    return {
      figures: { wakeupP50Ms: round(median(latencies)), wakeupP95Ms: round(percentile(latencies, 95)), samples },
      targets: [{ figure: 'wakeupP50Ms', text: 'a job submitted through B reaches an agent long-polling on A within 100 ms (p50)', pass: median(latencies) <= 100 }],
      notes: [
        `${IDLE_AGENTS} simulated agents long-poll on replica A; ${samples} jobs (after ${WARMUP} warm-up) are submitted one at a time through replica B`,
        'two awe-server processes on one PostgreSQL store and one data dir, woken across by LISTEN/NOTIFY',
      ],
    };
  } finally {
    abort.abort();
    await Promise.allSettled(loops);
    // B first: A owns the data dir and removes it.
    for (const server of servers.reverse()) await server.stop();
    await database.drop();
  }
}
