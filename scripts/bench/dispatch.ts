/**
 * No-op jobs through the HTTP API: submitted (16 requests in flight), then
 * drained by simulated agents that claim `slots` jobs at a time and report the
 * finished ones in the next claim's body, as the real agent does. Against
 * BullMQ on local Redis with the same job count and worker concurrency, and the
 * in-process SQLite claim loop as the ceiling.
 */
import { Queue, Worker } from 'bullmq';
import { AweClient, type FinishReport } from '../../sdk/index.js';
import { enrollAgents, finishedOk, putNoopRecipe, submitNoops } from './fleet.js';
import { addClaimants, drainInProcess, insertNoop, tempDb } from './in-process-queue.js';
import { REDIS, redisProblem } from './redis.js';
import { bySize, type Context, type Figures, type Report, type Skipped } from './scenario.js';
import { startServerProcess } from './server-process.js';
import { perSecond, round } from './stats.js';

const SUBMIT_IN_FLIGHT = 16;

interface Shape {
  jobs: number;
  agents: number;
  slots: number;
}

/** Each agent claims until all jobs were handed out, then flushes its last finishes. Answers when the last finish was acknowledged. */
async function drainOverHttp(url: string, credentials: string[], shape: Shape): Promise<number> {
  let claimed = 0;
  let acknowledged = 0;
  let lastAck = 0;
  await Promise.all(
    credentials.map(async (credential) => {
      const client = new AweClient({ server: url, token: credential });
      try {
        let pending: FinishReport[] = [];
        for (;;) {
          const allClaimed = claimed >= shape.jobs;
          if (allClaimed && pending.length === 0) break;
          // Reports go out without waiting: a claim that carries finishes and then long-polls would hold their acknowledgement.
          const answer = await client.claim({ maxJobs: allClaimed ? 0 : shape.slots, waitSeconds: allClaimed || pending.length > 0 ? 0 : 1, finished: pending });
          const ok = answer.finished.filter((report) => report.status === 'ok').length;
          if (ok !== pending.length) throw new Error(`${pending.length - ok} finish reports were refused`);
          acknowledged += ok;
          if (ok > 0) lastAck = performance.now();
          pending = answer.jobs.map(finishedOk);
          claimed += answer.jobs.length;
        }
      } finally {
        await client.close();
      }
    }),
  );
  if (acknowledged !== shape.jobs) throw new Error(`drained ${acknowledged} of ${shape.jobs} jobs`);
  return lastAck;
}

async function bullmq(shape: Shape, log: (m: string) => void): Promise<Figures | Skipped> {
  const problem = await redisProblem();
  if (problem) return { skipped: problem };
  const name = `awe-bench-${process.pid}-${Date.now()}`;
  const connection = { ...REDIS, maxRetriesPerRequest: null };
  const queue = new Queue(name, { connection });
  let completed = 0;
  let lastCompleted = 0;
  let allDone!: () => void;
  const done = new Promise<void>((resolve) => (allDone = resolve));
  const worker = new Worker(name, async () => undefined, { connection, concurrency: shape.agents * shape.slots });
  worker.on('completed', () => {
    if (++completed === shape.jobs) {
      lastCompleted = performance.now();
      allDone();
    }
  });
  try {
    await Promise.all([queue.waitUntilReady(), worker.waitUntilReady()]);
    log(`bullmq: ${shape.jobs} jobs, worker concurrency ${shape.agents * shape.slots}`);
    const start = performance.now();
    for (let first = 0; first < shape.jobs; first += 1000) {
      const count = Math.min(1000, shape.jobs - first);
      await queue.addBulk(Array.from({ length: count }, (_, i) => ({ name: 'noop', data: { i: first + i } })));
    }
    const added = performance.now();
    await done;
    return {
      jobsPerSec: round(perSecond(shape.jobs, lastCompleted - start)),
      addPerSec: round(perSecond(shape.jobs, added - start)),
    };
  } finally {
    await worker.close();
    await queue.obliterate({ force: true });
    await queue.close();
  }
}

function ceiling(shape: Shape): { oneTxn: number; perFinishTxn: number; insertPerSec: number } {
  const temp = tempDb();
  try {
    const agents = addClaimants(temp.db, shape.agents, shape.slots);
    // Exactly `jobs` queued before each drain, so that no agent is left holding claimed jobs at its end.
    const fill = (): number => {
      const start = performance.now();
      for (let i = 0; i < shape.jobs; i++) insertNoop(temp.db, i);
      return performance.now() - start;
    };
    const insertPerSec = perSecond(shape.jobs, fill());
    const oneTxn = perSecond(shape.jobs, drainInProcess(temp.db, agents, shape.slots, shape.jobs, true));
    fill();
    const perFinishTxn = perSecond(shape.jobs, drainInProcess(temp.db, agents, shape.slots, shape.jobs, false));
    return { oneTxn, perFinishTxn, insertPerSec };
  } finally {
    temp.close();
  }
}

export async function runDispatch(ctx: Context): Promise<Report> {
  const shape: Shape = { jobs: bySize(ctx.mode, 20_000, 3_000, 200), agents: bySize(ctx.mode, 8, 8, 4), slots: bySize(ctx.mode, 4, 4, 2) };
  const server = await startServerProcess({ nodeOptions: ctx.serverNodeOptions });
  let http: { submitMs: number; drainMs: number };
  try {
    await putNoopRecipe(server.admin);
    const agents = await enrollAgents(server.url, server.admin, shape.agents, shape.slots, 'dispatch');
    ctx.log(`dispatch: submitting ${shape.jobs} jobs, ${SUBMIT_IN_FLIGHT} in flight`);
    const submitStart = performance.now();
    await submitNoops(server.admin, shape.jobs, SUBMIT_IN_FLIGHT);
    const submitted = performance.now();
    ctx.log(`dispatch: draining with ${shape.agents} agents x ${shape.slots} slots`);
    const lastAck = await drainOverHttp(
      server.url,
      agents.map((agent) => agent.credential),
      shape,
    );
    http = { submitMs: submitted - submitStart, drainMs: lastAck - submitted };
  } finally {
    await server.stop();
  }
  const peer = await bullmq(shape, ctx.log);
  ctx.log('dispatch: in-process ceiling');
  const top = ceiling(shape);
  const jobsPerSec = perSecond(shape.jobs, http.submitMs + http.drainMs);
  const figures: Figures = {
    jobs: shape.jobs,
    slots: shape.agents * shape.slots,
    jobsPerSec: round(jobsPerSec),
    submitPerSec: round(perSecond(shape.jobs, http.submitMs)),
    drainPerSec: round(perSecond(shape.jobs, http.drainMs)),
    ceilingJobsPerSec: round(top.oneTxn),
    ceilingPerFinishTxnJobsPerSec: round(top.perFinishTxn),
    ceilingInsertPerSec: round(top.insertPerSec),
    drainVsCeiling: round(perSecond(shape.jobs, http.drainMs) / top.oneTxn),
  };
  const targets = [];
  if (!('skipped' in peer)) {
    figures.vsBullmq = round(jobsPerSec / Number(peer.jobsPerSec));
    figures.drainVsBullmq = round(perSecond(shape.jobs, http.drainMs) / Number(peer.jobsPerSec));
    targets.push({ figure: 'jobsPerSec', text: `>= bullmq ${peer.jobsPerSec}/s`, pass: jobsPerSec >= Number(peer.jobsPerSec) });
  }
  return {
    figures,
    peers: { bullmq: peer },
    targets,
    notes: [
      `${shape.jobs} no-op jobs; ${shape.agents} simulated agents x ${shape.slots} slots over HTTP (server process); submit all first (${SUBMIT_IN_FLIGHT} POST /v1/jobs in flight), then drain (claim maxJobs=slots, finished batched in the claim body; waitSeconds 0 when the claim carries finishes, else 1)`,
      'jobsPerSec = jobs / (submit time + drain time); drain ends at the last acknowledged finish',
      'bullmq: addBulk in chunks of 1000 with a Worker (concurrency = total slots, no-op processor) already running; first add to last completed',
      'ceiling: in-process store functions, agents taking turns (finish held jobs + claim slots); ceilingJobsPerSec commits a turn in one transaction, ceilingPerFinishTxnJobsPerSec commits each finish and the claim separately as the claim route does',
    ],
  };
}
