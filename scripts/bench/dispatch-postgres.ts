/**
 * `dispatch` on PostgreSQL: the same no-op jobs, submit batches, agents and
 * slots, with the service on a fresh PostgreSQL database (AWE_DATABASE_URL),
 * first as one replica, then as two replicas on one database (agents spread
 * over them, submits to the first). The simulated agents send what the real
 * agent sends while busy (drainNoops: claims that carry the finishes), and the
 * same simulation on SQLite runs too, for the comparison between back ends
 * within one run; graphile-worker on its own fresh database is the peer.
 */
import { drainNoops, enrollAgents, putNoopRecipe, SUBMIT_BATCH } from './fleet.js';
import { graphileWorker } from './graphile-worker.js';
import { freshDatabase, postgresProblem } from './postgres.js';
import { bySize, type Context, type Figures, type Report } from './scenario.js';
import { round } from './stats.js';
import { startServerProcess, type ServerProcess } from '../server-process.js';

interface Shape {
  jobs: number;
  agents: number;
  slots: number;
}

/** Submits to the first replica while the agents, spread over the replicas, drain; answers jobs per second and submits per second. */
async function drain(replicas: ServerProcess[], shape: Shape): Promise<{ jobsPerSec: number; submitPerSec: number }> {
  const [first] = replicas;
  await putNoopRecipe(first.admin);
  const agents = await enrollAgents(first.url, first.admin, shape.agents, shape.slots, 'dispatch');
  return drainNoops(
    first.admin,
    agents.map((agent, i) => ({ url: replicas[i % replicas.length].url, credential: agent.credential })),
    shape.jobs,
    shape.slots,
  );
}

/** `replicas` service processes on one installation: a fresh PostgreSQL database and one data dir (keys) for all, or SQLite. */
async function withService<T>(ctx: Context, backEnd: 'sqlite' | 'postgres', replicas: number, work: (replicas: ServerProcess[]) => Promise<T>): Promise<T> {
  const database = backEnd === 'postgres' ? await freshDatabase('dispatch') : null;
  // SQLite explicitly: on the test suite's PostgreSQL pass a service would otherwise get that pass's database.
  const env: Record<string, string> = { AWE_DATABASE_URL: database?.url ?? '' };
  const started: ServerProcess[] = [];
  try {
    started.push(await startServerProcess({ env, nodeOptions: ctx.serverNodeOptions }));
    while (started.length < replicas) started.push(await startServerProcess({ dataDir: started[0].dataDir, env, nodeOptions: ctx.serverNodeOptions }));
    return await work(started);
  } finally {
    // The first replica removes the shared data dir, so it stops last.
    for (const server of started.reverse()) await server.stop();
    await database?.drop();
  }
}

export async function runDispatchPostgres(ctx: Context): Promise<Report> {
  const problem = await postgresProblem();
  if (problem) return { skipped: problem };
  const shape: Shape = { jobs: bySize(ctx.mode, 50_000, 10_000, 200), agents: bySize(ctx.mode, 2, 2, 2), slots: bySize(ctx.mode, 16, 16, 2) };
  ctx.log(`dispatchPostgres: ${shape.jobs} jobs in batches of ${SUBMIT_BATCH}, ${shape.agents} agents x ${shape.slots} slots sending the real agent's requests`);
  const one = await withService(ctx, 'postgres', 1, (replicas) => drain(replicas, shape));
  ctx.log('dispatchPostgres: two replicas');
  const two = await withService(ctx, 'postgres', 2, (replicas) => drain(replicas, shape));
  ctx.log('dispatchPostgres: the same agents on SQLite');
  const sqlite = await withService(ctx, 'sqlite', 1, (replicas) => drain(replicas, shape));
  const peer = await graphileWorker({ jobs: shape.jobs, concurrency: shape.agents * shape.slots }, ctx.log);
  const figures: Figures = {
    jobs: shape.jobs,
    slots: shape.agents * shape.slots,
    jobsPerSec: round(one.jobsPerSec),
    submitPerSec: round(one.submitPerSec),
    jobsPerSecTwoReplicas: round(two.jobsPerSec),
    submitPerSecTwoReplicas: round(two.submitPerSec),
    sqliteJobsPerSec: round(sqlite.jobsPerSec),
    vsSqlite: round(one.jobsPerSec / sqlite.jobsPerSec),
  };
  if (!('skipped' in peer)) figures.vsGraphileWorker = round(one.jobsPerSec / Number(peer.jobsPerSec));
  return {
    figures,
    peers: { graphileWorker: peer },
    notes: [
      `${shape.jobs} no-op jobs; ${shape.agents} simulated agents x ${shape.slots} slots sending the real agent's requests while busy for jobs that end at once: claim {maxJobs: slots} carrying the jobs it finished (waitSeconds 0 when it carries any, else 25; no process started, no log shipped); jobs submitted in batches of ${SUBMIT_BATCH} to the first replica`,
      'jobsPerSec: one service process on a fresh PostgreSQL database; jobsPerSecTwoReplicas: two processes on one fresh database, the agents spread over them; sqliteJobsPerSec: the same agents against one process on SQLite',
      'jobsPerSec = jobs / (first submit to the last acknowledged finish)',
      `graphileWorker: graphile-worker 0.17.3 on a fresh PostgreSQL database, addJobs in chunks of ${SUBMIT_BATCH} with a runner (concurrency = total slots, no-op task) already running, in this process (no HTTP); first add to last completed`,
    ],
  };
}
