/**
 * Submit → start with idle agents waiting in long polls, one job at a time.
 * Simulated agents: from the start of the submit request to the moment the
 * agent has the claimed job in hand. The real `awe-agent` (when built): from
 * the start of the submit request to the moment the recipe's process runs.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { enrollAgents, NOOP_RECIPE, putNoopRecipe, simulateAgent } from './fleet.js';
import { bySize, type Context, type Figures, type Report, type Skipped } from './scenario.js';
import { ROOT, startServerProcess, type ServerProcess } from '../server-process.js';
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

/** The recipe stamps the wall clock (ns) into a file the moment its process runs. */
async function realAgent(server: ServerProcess, samples: number, log: (m: string) => void): Promise<Figures | Skipped> {
  const main = join(ROOT, 'dist/agent/main.js');
  if (!existsSync(main)) return { skipped: 'dist/agent/main.js is not built (the real agent is not there yet)' };
  if (samples === 0) return { skipped: 'not run at --tiny sizes' };
  const dir = mkdtempSync(join(tmpdir(), 'awe-bench-agent-'));
  const stamps = join(dir, 'stamps');
  await server.admin.putRecipe('BenchStamp', { command: ['/bin/sh', '-c', `date +%s%N >> ${stamps}`], maxAttempts: 1 });
  const { token } = await server.admin.createEnrollmentToken({ uses: 1 });
  const agent = spawn(process.execPath, [main, '--server', server.url, '--enroll', token, '--name', 'bench-real', '--work-dir', join(dir, 'work'), '--slots', '1', '--log-level', 'warn'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  agent.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    const deadline = Date.now() + 20_000;
    while (!(await server.admin.listNodes()).nodes.some((node) => node.name === 'bench-real')) {
      if (Date.now() > deadline || agent.exitCode !== null) return { skipped: `the real agent did not enroll: ${stderr.slice(0, 300)}` };
      await sleep(50);
    }
    await sleep(500);
    const latencies: number[] = [];
    const stampCount = (): string[] => (existsSync(stamps) ? readFileSync(stamps, 'utf8').trim().split('\n') : []);
    for (let i = 0; i < 5 + samples; i++) {
      const seen = stampCount().length;
      const startMs = performance.timeOrigin + performance.now();
      const job = await server.admin.submitJob({ recipe: 'BenchStamp' });
      let lines = stampCount();
      const waitUntil = Date.now() + 30_000;
      while (lines.length <= seen) {
        if (Date.now() > waitUntil) throw new Error(`job ${job.id} did not start on the real agent within 30 s: ${stderr.slice(0, 300)}`);
        await sleep(1);
        lines = stampCount();
      }
      if (i >= 5) latencies.push(Number(BigInt(lines[seen]) / 1000n) / 1000 - startMs);
      // The next job goes to an idle agent, not one still reporting the last.
      while ((await server.admin.getJob(job.id)).state !== 'succeeded') await sleep(10);
      await sleep(50);
    }
    log(`latency: real agent, ${samples} jobs`);
    return { samples, p50Ms: round(median(latencies)), p99Ms: round(percentile(latencies, 99)) };
  } finally {
    agent.kill('SIGTERM');
    setTimeout(() => agent.kill('SIGKILL'), 5_000).unref();
    await new Promise((resolve) => (agent.exitCode !== null ? resolve(null) : agent.once('exit', resolve)));
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
    const real = await realAgent(server, realSamples, ctx.log);
    const p50 = median(latencies);
    const p99 = percentile(latencies, 99);
    return {
      figures: { samples, p50Ms: round(p50), p99Ms: round(p99), maxMs: round(Math.max(...latencies)) },
      peers: { realAgent: real },
      targets: [
        { figure: 'p50Ms', text: '<= 5 ms', pass: p50 <= 5 },
        { figure: 'p99Ms', text: '<= 25 ms', pass: p99 <= 25 },
      ],
      notes: [
        `${IDLE_AGENTS} simulated agents (1 slot) waiting in claim long polls (waitSeconds 25); ${samples} jobs submitted one at a time after ${WARMUP} warm-up jobs`,
        'measured from the start of POST /v1/jobs to the moment the claim answer holding the job is parsed by the agent (same process clock)',
        'peers.realAgent: a real awe-agent process (1 slot, local executor) running `sh -c "date +%s%N >> file"`; from the start of the submit to the stamp written by the recipe process',
      ],
    };
  } finally {
    await server.stop();
  }
}
