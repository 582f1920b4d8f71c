/**
 * Submit → start with idle agents waiting in long polls, one job at a time.
 * Simulated agents: from the start of the submit request to the moment the
 * agent has the claimed job in hand. The real `awe-agent` (when built): from
 * the start of the submit request to the moment the recipe's process runs.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { enrollAgents, NOOP_RECIPE, putNoopRecipe, simulateAgent } from './fleet.js';
import { bySize, type Context, type Figures, type Report, type Skipped } from './scenario.js';
import { AGENT_MAIN, startAgentProcess, type AgentProcess } from '../agent-process.js';
import { startServerProcess, type ServerProcess } from '../server-process.js';
import { median, percentile, round } from './stats.js';

const IDLE_AGENTS = 4;
const WARMUP = 20;

/** Agents that long-poll with one slot and report each job done in their next claim. */
function idleAgents(url: string, credentials: string[], onJob: () => void) {
  const abort = new AbortController();
  const loops = credentials.map((credential) =>
    simulateAgent(url, credential, {
      maxJobs: 1,
      waitSeconds: 25,
      signal: abort.signal,
      onAnswer: (answer) => {
        if (answer.jobs.length > 0) onJob();
      },
    }),
  );
  return {
    async stop() {
      abort.abort();
      await Promise.all(loops);
    },
  };
}

async function simulated(server: ServerProcess, samples: number): Promise<number[]> {
  await putNoopRecipe(server.admin);
  const agents = await enrollAgents(server.url, server.admin, IDLE_AGENTS, 1, 'idle');
  let arrived: (() => void) | null = null;
  const fleet = idleAgents(
    server.url,
    agents.map((a) => a.credential),
    () => arrived?.(),
  );
  const latencies: number[] = [];
  try {
    await sleep(200); // every agent is in its long poll
    for (let i = 0; i < WARMUP + samples; i++) {
      const received = new Promise<number>((resolve) => (arrived = () => resolve(performance.now())));
      const start = performance.now();
      const [at] = await Promise.all([received, server.admin.submitJob({ recipe: NOOP_RECIPE, args: [String(i)] })]);
      if (i >= WARMUP) latencies.push(at - start);
      // Lets the agent's finish (sent with its next claim) land before the next submit.
      await sleep(5);
    }
  } finally {
    await fleet.stop();
  }
  return latencies;
}

/**
 * Two real agents, one running recipes in bubblewrap (the default) and one
 * unboxed (--isolation none), taking jobs in turn, so both see the same
 * machine load: the difference of their medians is what the sandbox costs.
 * The recipe prints the wall clock (ns) the moment its process runs; the
 * stamp is read from the job's log once the job has succeeded.
 */
async function realAgents(server: ServerProcess, samples: number, log: (m: string) => void): Promise<Record<'realAgent' | 'realAgentUnboxed', Figures | Skipped>> {
  const skipped = (why: string) => ({ realAgent: { skipped: why }, realAgentUnboxed: { skipped: why } });
  if (!existsSync(AGENT_MAIN)) return skipped('dist/agent/main.js is not built (the real agent is not there yet)');
  if (samples === 0) return skipped('not run at --tiny sizes');
  const dir = mkdtempSync(join(tmpdir(), 'awe-bench-agent-'));
  const kinds = [
    { pool: 'boxed', extra: [] as string[] },
    { pool: 'unboxed', extra: ['--isolation', 'none', '--trust-user-code'] },
  ] as const;
  const agents: AgentProcess[] = [];
  try {
    for (const kind of kinds) {
      await server.admin.putRecipe(`BenchStamp-${kind.pool}`, { command: ['/bin/sh', '-c', 'date +%s%N'], labels: { pool: kind.pool }, maxAttempts: 1 });
      const { token } = await server.admin.createEnrollmentToken({ uses: 1 });
      agents.push(startAgentProcess(server.url, token, `bench-${kind.pool}`, join(dir, kind.pool), ['--slots', '1', '--labels', `pool=${kind.pool}`, ...kind.extra]));
    }
    const deadline = Date.now() + 20_000;
    for (const [i, agent] of agents.entries()) {
      while (!(await server.admin.listNodes()).nodes.some((node) => node.name === `bench-${kinds[i]!.pool}`)) {
        if (Date.now() > deadline || agent.exited()) return skipped(`the real agent (${kinds[i]!.pool}) did not enroll: ${agent.stderrText().slice(0, 300)}`);
        await sleep(50);
      }
    }
    await sleep(500);
    const latencies: number[][] = [[], []];
    for (let i = 0; i < 2 * (5 + samples); i++) {
      const which = i % 2;
      const startMs = performance.timeOrigin + performance.now();
      const job = await server.admin.submitJob({ recipe: `BenchStamp-${kinds[which]!.pool}` });
      const waitUntil = Date.now() + 30_000;
      for (;;) {
        const { state } = await server.admin.getJob(job.id);
        if (state === 'succeeded') break;
        if (state === 'failed' || Date.now() > waitUntil) throw new Error(`job ${job.id} on the ${kinds[which]!.pool} agent is ${state}: ${agents[which]!.stderrText().slice(0, 300)}`);
        await sleep(5);
      }
      const stamp = (await (await server.admin.log(job.id)).text()).trim();
      if (i >= 10) latencies[which]!.push(Number(BigInt(stamp) / 1000n) / 1000 - startMs);
      // The next job goes to an idle agent, not one still reporting the last.
      await sleep(50);
    }
    log(`latency: real agents, ${samples} jobs each in bubblewrap and unboxed, alternating`);
    const figures = (values: number[]): Figures => ({ samples, p50Ms: round(median(values)), p99Ms: round(percentile(values, 99)) });
    return { realAgent: figures(latencies[0]!), realAgentUnboxed: figures(latencies[1]!) };
  } finally {
    await Promise.all(agents.map((agent) => agent.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runLatency(ctx: Context): Promise<Report> {
  const samples = bySize(ctx.mode, 2_000, 300, 30);
  const realSamples = bySize(ctx.mode, 200, 40, 0);
  const server = await startServerProcess({ nodeOptions: ctx.serverNodeOptions });
  try {
    ctx.log(`latency: ${samples} jobs, one at a time, ${IDLE_AGENTS} idle simulated agents`);
    const latencies = await simulated(server, samples);
    const real = await realAgents(server, realSamples, ctx.log);
    const p50 = median(latencies);
    const p99 = percentile(latencies, 99);
    return {
      figures: { samples, p50Ms: round(p50), p99Ms: round(p99), maxMs: round(Math.max(...latencies)) },
      peers: real,
      targets: [
        { figure: 'p50Ms', text: '<= 5 ms', pass: p50 <= 5 },
        { figure: 'p99Ms', text: '<= 25 ms', pass: p99 <= 25 },
      ],
      notes: [
        `${IDLE_AGENTS} simulated agents (1 slot) waiting in claim long polls (waitSeconds 25); ${samples} jobs submitted one at a time after ${WARMUP} warm-up jobs`,
        'measured from the start of POST /v1/jobs to the moment the claim answer holding the job is parsed by the agent (same process clock)',
        'peers.realAgent: a real awe-agent process (1 slot, local executor, recipes in bubblewrap as by default) running `sh -c "date +%s%N"`; from the start of the submit to the stamp printed by the recipe process',
        'peers.realAgentUnboxed: the same with --isolation none; the two agents take jobs in turn, so the difference of the medians is the sandbox\'s cost',
      ],
    };
  } finally {
    await server.stop();
  }
}
