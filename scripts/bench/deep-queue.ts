/**
 * Claim latency with a shallow queue (1,000 jobs), a deep one (1,000,000;
 * 100,000 with --quick), and the deep one made of jobs no agent fits, of a
 * higher priority, in front of the few the agent may run. The queue is filled
 * in one transaction of the store's insertJob (as a submit stores jobs), then
 * claim+finish cycles are timed in process (store operations) and over HTTP
 * against the server process on that database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULTS } from '../../api/config.js';
import type { ClaimedRow, Store } from '../../api/store/store.js';
import { enrollAgents, simulateAgent } from './fleet.js';
import { addClaimants, finishOk, insertNoop, LEASE_MS, tempStore } from './in-process-queue.js';
import { bySize, type Context, type Report } from './scenario.js';
import { startServerProcess } from '../server-process.js';
import { median, percentile, round } from './stats.js';

/** A pool no agent of the benchmark serves (they have no labels). */
const NO_NODE = { pool: 'nowhere' };

/**
 * `count` no-op jobs of one owner in one transaction: `unfit` of them, at a
 * higher priority, for a pool no agent serves, then the rest for any node.
 */
async function fill(store: Store, count: number, unfit: number): Promise<void> {
  await store.tx(async (s) => {
    for (let i = 0; i < count; i++) await insertNoop(s, i, i < unfit ? { priority: 50, selector: NO_NODE } : {});
  });
}

async function inProcessCycles(store: Store, cycles: number): Promise<number[]> {
  const [agent] = await addClaimants(store, 1, 1);
  const times: number[] = [];
  let held: ClaimedRow[] = [];
  for (let i = 0; i < cycles; i++) {
    const start = performance.now();
    for (const row of held) await finishOk(store, agent, row);
    held = await store.claimJobs(agent, 1, LEASE_MS, DEFAULTS.localityWaitSeconds * 1000, Date.now());
    times.push(performance.now() - start);
    if (held.length !== 1) throw new Error('the queue ran dry');
  }
  for (const row of held) await finishOk(store, agent, row);
  return times;
}

async function httpCycles(dataDir: string, cycles: number, nodeOptions: string[]): Promise<number[]> {
  const server = await startServerProcess({ dataDir, nodeOptions });
  try {
    const [agent] = await enrollAgents(server.url, server.admin, 1, 1, 'deep');
    const times: number[] = [];
    const done = new AbortController();
    let start = 0;
    await simulateAgent(server.url, agent.credential, {
      maxJobs: 1,
      waitSeconds: 0,
      signal: done.signal,
      beforeClaim: () => (start = performance.now()),
      onAnswer: (answer) => {
        times.push(performance.now() - start);
        if (answer.jobs.length !== 1) throw new Error('the queue ran dry');
        if (times.length === cycles) done.abort();
      },
    });
    return times;
  } finally {
    await server.stop();
  }
}

/** `unfit`: the `depth` queued jobs are ones no agent fits, in front of those the cycles take. */
async function measure(depth: number, cycles: number, ctx: Context, unfit = false) {
  const dataDir = mkdtempSync(join(tmpdir(), 'awe-bench-deep-'));
  try {
    const { store } = await tempStore(dataDir);
    const fillStart = performance.now();
    // Topped up by the jobs the cycles take, so the depth holds while measuring.
    await fill(store, depth + 2 * cycles, unfit ? depth : 0);
    const fillMs = performance.now() - fillStart;
    ctx.log(`deepQueue: ${depth} queued${unfit ? ' that no agent fits' : ''} (filled in ${Math.round(fillMs)} ms)`);
    const local = await inProcessCycles(store, cycles);
    await store.close();
    const http = await httpCycles(dataDir, cycles, ctx.serverNodeOptions);
    return { fillMs, local, http };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function runDeepQueue(ctx: Context): Promise<Report> {
  const shallowDepth = 1_000;
  const deepDepth = bySize(ctx.mode, 1_000_000, 100_000, 10_000);
  const cycles = bySize(ctx.mode, 500, 300, 50);
  const shallow = await measure(shallowDepth, cycles, ctx);
  const deep = await measure(deepDepth, cycles, ctx);
  const unfit = await measure(deepDepth, cycles, ctx, true);
  const claimMsShallow = median(shallow.http);
  const claimMsDeep = median(deep.http);
  const claimMsUnfit = median(unfit.http);
  return {
    figures: {
      shallowDepth,
      deepDepth,
      claimMsShallow: round(claimMsShallow),
      claimMsDeep: round(claimMsDeep),
      deepVsShallow: round(claimMsDeep / claimMsShallow),
      claimMsUnfit: round(claimMsUnfit),
      unfitVsShallow: round(claimMsUnfit / claimMsShallow),
      p99MsShallow: round(percentile(shallow.http, 99)),
      p99MsDeep: round(percentile(deep.http, 99)),
      inProcessClaimMsShallow: round(median(shallow.local)),
      inProcessClaimMsDeep: round(median(deep.local)),
      inProcessClaimMsUnfit: round(median(unfit.local)),
      fillMsDeep: round(deep.fillMs),
    },
    targets: [
      { figure: 'claimMsDeep', text: `<= 2x shallow (${round(2 * claimMsShallow)} ms)`, pass: claimMsDeep <= 2 * claimMsShallow },
      { figure: 'claimMsUnfit', text: `<= 2x shallow (${round(2 * claimMsShallow)} ms)`, pass: claimMsUnfit <= 2 * claimMsShallow },
    ],
    notes: [
      `queues filled in one transaction of the store's insertJob (as a submit stores jobs), topped up by ${2 * cycles} jobs so the depth holds`,
      `claimMsUnfit: the deep queue is ${deepDepth} jobs of priority 50 for a pool no agent serves, in front of the priority-0 jobs the cycles take`,
      `claimMs*: median of ${cycles} HTTP claim cycles (claim maxJobs=1, waitSeconds=0, the previous job's finish in the body) against the server process`,
      'inProcessClaimMs*: the same cycle with the store operations (finishJob, claimJobs), before the server starts',
    ],
  };
}
