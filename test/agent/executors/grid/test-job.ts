/** Jobs and waits shared by the grid executor tests (not a test file itself). */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ExecStatus, Executor, ExecutorJob } from '../../../../agent/executors/executor.js';
import type { CommandResult } from '../../../../agent/executors/grid/run-command.js';

let epoch = 0;

/** A job whose directory and work dir (created here) are under sharedDir; each call is a new attempt with a unique name. */
export function testJob(sharedDir: string, argv: string[], overrides: Partial<ExecutorJob> = {}): ExecutorJob {
  const jobId = 1000 + Math.floor(Math.random() * 1_000_000);
  epoch += 1;
  const dir = join(sharedDir, `job-${jobId}-${epoch}`);
  const cwd = join(dir, 'work');
  mkdirSync(cwd, { recursive: true });
  return {
    jobId,
    epoch,
    name: `awe-${jobId}-${epoch}`,
    argv,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: cwd },
    cwd,
    readOnly: [],
    dir,
    logFile: join(dir, 'job.log'),
    timeoutSeconds: null,
    resources: {},
    ...overrides,
  };
}

/** Polls until the executor reports the job exited (or fails the wait after timeoutMs). */
export async function waitExited(executor: Executor, handle: string, job: ExecutorJob, timeoutMs = 60_000): Promise<ExecStatus & { state: 'exited' }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await executor.poll(handle, job);
    if (status.state === 'exited') return status;
    if (Date.now() > deadline) throw new Error(`${job.name} (${handle}) still ${status.state} after ${timeoutMs} ms`);
    await sleep(200);
  }
}

/** Polls until the job reaches the wanted state. */
export async function waitState(executor: Executor, handle: string, job: ExecutorJob, state: 'pending' | 'running', timeoutMs = 30_000): Promise<ExecStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await executor.poll(handle, job);
    if (status.state === state) return status;
    if (status.state === 'exited' || Date.now() > deadline) throw new Error(`${job.name} (${handle}) is ${status.state}, wanted ${state}`);
    await sleep(100);
  }
}

/** A canned command result for the parser tests. */
export function result(code: number | null, stdout: string, stderr = ''): CommandResult {
  return { code, signal: null, stdout, stderr };
}
