/**
 * Claim latency with a shallow queue (1,000 jobs), a deep one (1,000,000;
 * 100,000 with --quick), and the deep one made of jobs no agent fits, of a
 * higher priority, in front of the few the agent may run. The queue is filled
 * by one INSERT transaction straight into the database, then claim+finish
 * cycles are timed in process (store functions) and over HTTP against the
 * server process on that database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULTS } from '../../api/config.js';
import { openDatabase, type Db } from '../../api/store/sqlite/db.js';
import { claimJobs } from '../../api/store/sqlite/jobs/claim-jobs.js';
import type { JobRow } from '../../api/store/sqlite/jobs/job-row.js';
import { routeId } from '../../api/store/sqlite/jobs/routes.js';
import { enrollAgents, NOOP_RECIPE, simulateAgent } from './fleet.js';
import { addClaimants, finishOk, LEASE_MS } from './in-process-queue.js';
import { bySize, type Context, type Report } from './scenario.js';
import { startServerProcess } from '../server-process.js';
import { median, percentile, round } from './stats.js';

const ANY_NODE = { selector: {}, requestedNode: null, minMemoryMB: null, shipsCode: false };
/** A pool no agent of the benchmark serves (they have no labels). */
const NO_NODE = { ...ANY_NODE, selector: { pool: 'nowhere' } };

/**
 * The columns a submit of a plain no-op job writes (see insert-job.ts), for
 * `count` jobs of one owner in one transaction: `unfit` of them, at a higher
 * priority, for a pool no agent serves, then the rest for any node.
 */
function fill(db: Db, count: number, unfit: number): void {
  const insert = db.prepare(
    `INSERT INTO jobs (owner, recipe, args, command, requested_node, selector, route_rule, min_memory_mb,
       resources, bundle, env, settings, sealed_secrets, inputs, priority, timeout_seconds, max_attempts,
       state, idempotency_key, created_at, route_id, fair_pos)
     VALUES ('admin', ?, ?, '["true"]', NULL, ?, '', NULL, '{}', NULL, '{}', '{}', NULL, '[]', ?, NULL, 1, 'queued', NULL, ?, ?, ?)`,
  );
  const now = Date.now();
  const routes = { fit: routeId(db, ANY_NODE, now), unfit: routeId(db, NO_NODE, now) };
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      if (i < unfit) insert.run(NOOP_RECIPE, `["${i}"]`, JSON.stringify(NO_NODE.selector), 50, now, routes.unfit, i);
      else insert.run(NOOP_RECIPE, `["${i}"]`, '{}', 0, now, routes.fit, i);
    }
  }).immediate();
}

function inProcessCycles(db: Db, cycles: number): number[] {
  const [agent] = addClaimants(db, 1, 1);
  const times: number[] = [];
  let held: JobRow[] = [];
  for (let i = 0; i < cycles; i++) {
    const start = performance.now();
    for (const row of held) finishOk(db, agent, row);
    held = claimJobs(db, agent, 1, LEASE_MS, DEFAULTS.localityWaitSeconds * 1000, Date.now());
    times.push(performance.now() - start);
    if (held.length !== 1) throw new Error('the queue ran dry');
  }
  for (const row of held) finishOk(db, agent, row);
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
    const db = openDatabase(join(dataDir, 'awe.db'));
    const fillStart = performance.now();
    // Topped up by the jobs the cycles take, so the depth holds while measuring.
    fill(db, depth + 2 * cycles, unfit ? depth : 0);
    const fillMs = performance.now() - fillStart;
    ctx.log(`deepQueue: ${depth} queued${unfit ? ' that no agent fits' : ''} (filled in ${Math.round(fillMs)} ms)`);
    const local = inProcessCycles(db, cycles);
    db.close();
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
      `queues filled with one INSERT transaction (the columns a submit writes), topped up by ${2 * cycles} jobs so the depth holds`,
      `claimMsUnfit: the deep queue is ${deepDepth} jobs of priority 50 for a pool no agent serves, in front of the priority-0 jobs the cycles take`,
      `claimMs*: median of ${cycles} HTTP claim cycles (claim maxJobs=1, waitSeconds=0, the previous job's finish in the body) against the server process`,
      'inProcessClaimMs*: the same cycle with the store functions (finishJob, claimJobs), before the server starts',
    ],
  };
}
