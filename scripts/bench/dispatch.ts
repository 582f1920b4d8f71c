/**
 * No-op jobs through the HTTP API: submitted in batches of 1,000 while
 * simulated agents, already long-polling, claim `slots` jobs at a time and
 * report the finished ones in the next claim's body, as the real agent does.
 * Against BullMQ on local Redis with the same job count, batch size and worker
 * concurrency, and the in-process SQLite claim loop as the ceiling (the
 * PostgreSQL store and its peer, graphile-worker, are `dispatchPostgres`).
 */
import { Queue, Worker } from 'bullmq';
import { drainNoops, enrollAgents, putNoopRecipe, SUBMIT_BATCH } from './fleet.js';
import { addClaimants, drainInProcess, insertNoop, tempStore } from './in-process-queue.js';
import { REDIS, redisProblem } from './redis.js';
import { bySize, type Context, type Figures, type Report, type Skipped } from './scenario.js';
import { startServerProcess } from '../server-process.js';
import { peerRun } from './peer-run.js';
import { runRealAgents } from './real-agents.js';
import { median, perSecond, round } from './stats.js';

interface Shape {
  jobs: number;
  agents: number;
  slots: number;
}

async function bullmq(shape: Shape, log: (m: string) => void): Promise<Figures | Skipped> {
  const problem = await redisProblem();
  if (problem) return { skipped: problem };
  const name = `awe-bench-${process.pid}-${Date.now()}`;
  const connection = { ...REDIS, maxRetriesPerRequest: null };
  const queue = new Queue(name, { connection });
  const peer = peerRun(shape.jobs);
  const worker = new Worker(name, async () => undefined, { connection, concurrency: shape.agents * shape.slots });
  worker.on('completed', () => peer.completed());
  try {
    await Promise.all([queue.waitUntilReady(), worker.waitUntilReady()]);
    log(`bullmq: ${shape.jobs} jobs, worker concurrency ${shape.agents * shape.slots}`);
    return await peer.measure((first, count) =>
      queue.addBulk(Array.from({ length: count }, (_, i) => ({ name: 'noop', data: { i: first + i } }))),
    );
  } finally {
    await worker.close();
    await queue.obliterate({ force: true });
    await queue.close();
  }
}

async function ceiling(shape: Shape): Promise<{ oneTxn: number; perFinishTxn: number; insertPerSec: number }> {
  const temp = await tempStore();
  try {
    const agents = await addClaimants(temp.store, shape.agents, shape.slots);
    // Exactly `jobs` queued before each drain, so that no agent is left holding claimed jobs at its end.
    const fill = async (): Promise<number> => {
      const start = performance.now();
      for (let i = 0; i < shape.jobs; i++) await insertNoop(temp.store, i);
      return performance.now() - start;
    };
    const insertPerSec = perSecond(shape.jobs, await fill());
    const oneTxn = perSecond(shape.jobs, await drainInProcess(temp.store, agents, shape.slots, shape.jobs, true));
    await fill();
    const perFinishTxn = perSecond(shape.jobs, await drainInProcess(temp.store, agents, shape.slots, shape.jobs, false));
    return { oneTxn, perFinishTxn, insertPerSec };
  } finally {
    await temp.close();
  }
}

/** One timed drain of `shape.jobs` through a fresh service process: jobs per second end to end, and the submit rate. */
async function overHttp(ctx: Context, shape: Shape): Promise<{ jobsPerSec: number; submitPerSec: number }> {
  const server = await startServerProcess({ nodeOptions: ctx.serverNodeOptions });
  try {
    await putNoopRecipe(server.admin);
    const agents = await enrollAgents(server.url, server.admin, shape.agents, shape.slots, 'dispatch');
    return await drainNoops(
      server.admin,
      agents.map((agent) => ({ url: server.url, credential: agent.credential })),
      shape.jobs,
      shape.slots,
    );
  } finally {
    await server.stop();
  }
}

export async function runDispatch(ctx: Context): Promise<Report> {
  const shape: Shape = { jobs: bySize(ctx.mode, 50_000, 10_000, 200), agents: bySize(ctx.mode, 2, 2, 2), slots: bySize(ctx.mode, 16, 16, 2) };
  // BullMQ's own figure moves by a third between runs here: the service and its peer take turns, and the medians are compared.
  const pairs = bySize(ctx.mode, 5, 3, 1);
  const ours: Array<{ jobsPerSec: number; submitPerSec: number }> = [];
  const theirs: Array<Figures | Skipped> = [];
  for (let pair = 1; pair <= pairs; pair++) {
    ctx.log(`dispatch: pair ${pair} of ${pairs}: ${shape.jobs} jobs in batches of ${SUBMIT_BATCH}, drained by ${shape.agents} agents x ${shape.slots} slots, then BullMQ`);
    ours.push(await overHttp(ctx, shape));
    theirs.push(await bullmq(shape, ctx.log));
  }
  const real = await runRealAgents(ctx);
  ctx.log('dispatch: in-process ceiling');
  const top = await ceiling(shape);
  const jobsPerSec = median(ours.map((run) => run.jobsPerSec));
  const figures: Figures = {
    jobs: shape.jobs,
    slots: shape.agents * shape.slots,
    pairs,
    jobsPerSec: round(jobsPerSec),
    jobsPerSecRuns: ours.map((run) => round(run.jobsPerSec)).join(' '),
    submitPerSec: round(median(ours.map((run) => run.submitPerSec))),
    ceilingJobsPerSec: round(top.oneTxn),
    ceilingPerFinishTxnJobsPerSec: round(top.perFinishTxn),
    ceilingInsertPerSec: round(top.insertPerSec),
    vsCeiling: round(jobsPerSec / top.oneTxn),
    ...real.figures,
  };
  const targets = [];
  const measured = theirs.filter((peer): peer is Figures => !('skipped' in peer));
  let peer: Figures | Skipped = theirs.find((run) => 'skipped' in run) ?? { skipped: 'no run' };
  if (measured.length === theirs.length) {
    const peerJobsPerSec = median(measured.map((run) => Number(run.jobsPerSec)));
    peer = {
      jobsPerSec: round(peerJobsPerSec),
      jobsPerSecRuns: measured.map((run) => run.jobsPerSec).join(' '),
      addPerSec: round(median(measured.map((run) => Number(run.addPerSec)))),
    };
    figures.vsBullmq = round(jobsPerSec / peerJobsPerSec);
    figures.vsBullmqPairs = ours.map((run, i) => round(run.jobsPerSec / Number(measured[i].jobsPerSec))).join(' ');
    targets.push({ figure: 'jobsPerSec', text: `>= bullmq ${peer.jobsPerSec}/s (medians of ${pairs})`, pass: jobsPerSec >= peerJobsPerSec });
  }
  return {
    figures,
    peers: { bullmq: peer },
    targets,
    notes: [
      `${shape.jobs} no-op jobs; ${shape.agents} simulated agents x ${shape.slots} slots over HTTP (a fresh server process per run), long-polling before the first submit; jobs submitted in batches of ${SUBMIT_BATCH} (POST /v1/job-batches) while the agents drain; an agent reports what it finished in its next claim, sent without waiting (waitSeconds 0), as the real agent does while busy`,
      `${pairs} interleaved pairs (awe-dp, then BullMQ); jobsPerSec and the peer's are the medians, vsBullmqPairs each pair's ratio`,
      'jobsPerSec = jobs / (first submit to the last acknowledged finish)',
      `bullmq: addBulk in chunks of ${SUBMIT_BATCH} with a Worker (concurrency = total slots, no-op processor) already running; first add to last completed`,
      ...real.notes,
      'ceiling: in-process store operations (the Store the service uses), agents taking turns (finish held jobs + claim slots); ceilingJobsPerSec commits a turn in one transaction, as the claim route now does, ceilingPerFinishTxnJobsPerSec commits each finish and the claim separately',
    ],
  };
}
