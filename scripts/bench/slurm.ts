/**
 * Submitting no-op jobs to a local Slurm: `sbatch --wrap true` directly versus
 * the agent's Slurm executor (wrapper script, submission record, status by
 * squeue, exit code file), driven directly: start N, then poll until all exited.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ExecutorJob } from '../../agent/executors/executor.js';
import { runCommand } from '../../agent/executors/grid/run-command.js';
import { createSlurmExecutor } from '../../agent/executors/slurm.js';
import { bySize, type Context, type Report } from './scenario.js';
import { perSecond, round } from './stats.js';

const LOCAL_CONF = '/tmp/awe-slurm/slurm.conf';
const DONE = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'NODE_FAIL', 'PREEMPTED', 'OUT_OF_MEMORY', 'BOOT_FAIL', 'DEADLINE']);
const POLL_MS = 200;

async function direct(count: number, dir: string, env: NodeJS.ProcessEnv) {
  const start = performance.now();
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const result = await runCommand(['sbatch', '--parsable', '--job-name=awe-bench-direct', '--output=/dev/null', `--chdir=${dir}`, '--wrap', 'true'], { timeoutMs: 30_000, env });
    if (result.code !== 0) throw new Error(`sbatch failed: ${result.stderr}`);
    ids.push(result.stdout.trim().split(';')[0]);
  }
  const submitted = performance.now();
  for (;;) {
    const result = await runCommand(['squeue', '--noheader', '--states=all', `--jobs=${ids.join(',')}`, '--format=%i %T'], { timeoutMs: 30_000, env });
    const states = new Map(result.stdout.trim().split('\n').filter(Boolean).map((line) => line.split(' ') as [string, string]));
    // A job squeue no longer lists is over too.
    if (ids.every((id) => !states.has(id) || DONE.has(states.get(id)!))) break;
    await sleep(POLL_MS);
  }
  return { submitMs: submitted - start, totalMs: performance.now() - start };
}

async function viaExecutor(count: number, dir: string, env: NodeJS.ProcessEnv) {
  const executor = createSlurmExecutor({ sharedDir: dir, env, pollIntervalMs: POLL_MS, exitFileTimeoutMs: 10_000 });
  await executor.validate();
  const base = process.pid * 1000;
  const jobs: ExecutorJob[] = Array.from({ length: count }, (_, i) => {
    const jobDir = join(dir, `job-${i}`);
    const cwd = join(jobDir, 'work');
    mkdirSync(cwd, { recursive: true });
    return { jobId: base + i, epoch: 1, name: `awe-${base + i}-1`, argv: ['true'], env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: cwd }, cwd, readOnly: [], dir: jobDir, logFile: join(jobDir, 'job.log'), timeoutSeconds: null, resources: {} };
  });
  const start = performance.now();
  const handles: string[] = [];
  for (const job of jobs) handles.push(await executor.start(job));
  const submitted = performance.now();
  const open = new Set(jobs.keys());
  const failed: number[] = [];
  while (open.size > 0) {
    for (const i of [...open]) {
      const status = await executor.poll(handles[i], jobs[i]);
      if (status.state !== 'exited') continue;
      open.delete(i);
      if (status.exitCode !== 0) failed.push(i);
    }
    if (open.size > 0) await sleep(POLL_MS);
  }
  if (failed.length > 0) throw new Error(`${failed.length} executor jobs did not exit 0`);
  return { submitMs: submitted - start, totalMs: performance.now() - start };
}

export async function runSlurm(ctx: Context): Promise<Report> {
  const env = { ...process.env };
  if (!env.SLURM_CONF && existsSync(LOCAL_CONF)) env.SLURM_CONF = LOCAL_CONF;
  const sinfo = await runCommand(['sinfo', '--noheader'], { timeoutMs: 5_000, env }).catch((error: Error) => ({ code: -1, stdout: '', stderr: error.message }));
  if (sinfo.code !== 0) return { skipped: `no Slurm answering (sinfo: ${sinfo.stderr.trim().slice(0, 200) || `exit ${sinfo.code}`}; run scripts/slurm-local.sh start)` };
  const count = bySize(ctx.mode, 100, 20, 4);
  const dir = mkdtempSync(join(tmpdir(), 'awe-bench-slurm-'));
  try {
    ctx.log(`slurm: ${count} jobs with sbatch --wrap true`);
    const plain = await direct(count, dir, env);
    ctx.log(`slurm: ${count} jobs through the Slurm executor`);
    const executor = await viaExecutor(count, join(dir, 'shared'), env);
    return {
      figures: {
        jobs: count,
        submitPerSec: round(perSecond(count, executor.submitMs)),
        drainPerSec: round(perSecond(count, executor.totalMs)),
        submitVsSbatch: round(plain.submitMs / executor.submitMs),
        drainVsSbatch: round(plain.totalMs / executor.totalMs),
      },
      peers: { sbatch: { submitPerSec: round(perSecond(count, plain.submitMs)), drainPerSec: round(perSecond(count, plain.totalMs)) } },
      notes: [
        `${count} jobs running \`true\`, submitted one after another; drainPerSec = jobs / (first submit to all exited)`,
        `figures: the agent's Slurm executor (start, then poll every job each ${POLL_MS} ms until exited); peers.sbatch: sbatch --parsable --wrap true, then one squeue for all ids every ${POLL_MS} ms`,
        `Slurm from SLURM_CONF=${env.SLURM_CONF ?? '(default)'}`,
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
