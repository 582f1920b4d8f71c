/**
 * `dispatch` with real agents: two `awe-agent` processes (local executor,
 * `true` as the recipe), long-polling before the first submit, drain no-op jobs
 * submitted in batches of 1,000. Once with the default isolation (each recipe
 * in bubblewrap) and once with `--isolation none`, each on a fresh service, so
 * the sandbox's share shows. Beside the rate, the agents' claim and finish
 * requests per job, counted by the service.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startAgentProcess, type AgentProcess } from '../agent-process.js';
import { startServerProcess, type ServerProcess } from '../server-process.js';
import { putNoopRecipe, SUBMIT_BATCH, submitNoops } from './fleet.js';
import { bySize, type Context, type Figures } from './scenario.js';
import { perSecond, round } from './stats.js';

const AGENTS = 2;
/** As the simulated agents of `dispatch`: 32 slots in all, for 2 cores. */
const SLOTS = 16;

const CLAIMS = 'awe_http_request_duration_seconds_count{method="POST",route="/v1/agents/claim"}';
const FINISHES = 'awe_http_request_duration_seconds_count{method="POST",route="/v1/jobs/:id/finish"}';
const FINAL = ['succeeded', 'failed', 'cancelled'].map((state) => `awe_jobs{state="${state}"}`);

interface Drained {
  jobsPerSec: number;
  claimsPerJob: number;
  finishPostsPerJob: number;
}

/** The agents poll once the service holds a long poll of each. */
async function polling(server: ServerProcess, agents: AgentProcess[]): Promise<string | null> {
  const deadline = Date.now() + 30_000;
  while ((await server.metrics()).awe_long_polls < agents.length) {
    const gone = agents.find((agent) => agent.exited());
    if (gone) return gone.stderrText().trim().split('\n')[0] ?? 'the agent exited';
    if (Date.now() > deadline) return 'the agents were not polling after 30 s';
    await sleep(50);
  }
  return null;
}

/** From the first submit to the last job's finishedAt (the service's clock, on this machine). */
async function drain(server: ServerProcess, jobs: number): Promise<Drained> {
  const before = await server.metrics();
  const start = Date.now();
  await submitNoops(server.admin, jobs);
  for (;;) {
    const metrics = await server.metrics();
    if (FINAL.reduce((sum, name) => sum + (metrics[name] ?? 0), 0) === jobs) break;
    await sleep(100);
  }
  const after = await server.metrics();
  let last = 0;
  for (let cursor: string | undefined; ; ) {
    const page = await server.admin.listJobs({ limit: 500, ...(cursor ? { cursor } : {}) });
    for (const job of page.jobs) {
      if (job.state !== 'succeeded') throw new Error(`job ${job.id} is ${job.state}: ${job.message ?? ''}`);
      last = Math.max(last, Date.parse(job.finishedAt!));
    }
    if (page.nextCursor === null) break;
    cursor = page.nextCursor;
  }
  return {
    jobsPerSec: perSecond(jobs, last - start),
    claimsPerJob: ((after[CLAIMS] ?? 0) - (before[CLAIMS] ?? 0)) / jobs,
    finishPostsPerJob: ((after[FINISHES] ?? 0) - (before[FINISHES] ?? 0)) / jobs,
  };
}

/** One run on a fresh service; a string says why it could not run (the agent did not start). */
async function run(ctx: Context, jobs: number, args: readonly string[]): Promise<Drained | string> {
  const server = await startServerProcess({ nodeOptions: ctx.serverNodeOptions });
  const dir = mkdtempSync(join(tmpdir(), 'awe-bench-real-'));
  const agents: AgentProcess[] = [];
  try {
    await putNoopRecipe(server.admin);
    for (let i = 0; i < AGENTS; i++) {
      const { token } = await server.admin.createEnrollmentToken({ uses: 1 });
      agents.push(startAgentProcess(server.url, token, `real-${i}`, join(dir, `agent-${i}`), ['--slots', String(SLOTS), ...args]));
    }
    const problem = await polling(server, agents);
    return problem ?? (await drain(server, jobs));
  } finally {
    await Promise.all(agents.map((agent) => agent.stop()));
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runRealAgents(ctx: Context): Promise<{ figures: Figures; notes: string[] }> {
  const jobs = bySize(ctx.mode, 5_000, 1_000, 40);
  ctx.log(`dispatch: ${jobs} jobs on ${AGENTS} real agents x ${SLOTS} slots, in bubblewrap, then unboxed`);
  const boxed = await run(ctx, jobs, []);
  const unboxed = await run(ctx, jobs, ['--isolation', 'none', '--trust-user-code']);
  const rate = (drained: Drained | string): number | null => (typeof drained === 'string' ? null : round(drained.jobsPerSec));
  const figures: Figures = { realAgentsJobsPerSec: rate(boxed), realAgentsUnboxedJobsPerSec: rate(unboxed) };
  const notes = [
    `realAgents: ${jobs} jobs of the recipe \`true\` on ${AGENTS} awe-agent processes (local executor, ${SLOTS} slots each) long-polling before the first submit, submitted in batches of ${SUBMIT_BATCH}; jobs / (first submit to the last job's finishedAt); realAgentsJobsPerSec with the default isolation (bubblewrap), realAgentsUnboxedJobsPerSec with --isolation none, each on a fresh service`,
  ];
  if (typeof boxed === 'string') notes.push(`realAgentsJobsPerSec not measured: ${boxed}`);
  else Object.assign(figures, { realAgentsClaimsPerJob: round(boxed.claimsPerJob), realAgentsFinishPostsPerJob: round(boxed.finishPostsPerJob) });
  if (typeof unboxed === 'string') notes.push(`realAgentsUnboxedJobsPerSec not measured: ${unboxed}`);
  return { figures, notes };
}
