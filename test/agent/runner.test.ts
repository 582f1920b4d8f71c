/**
 * One Runner against a fake executor and service, for races an end-to-end
 * test cannot time: a stop that arrives while the executor is still starting.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import t from 'tap';
import type { ExecStatus, Executor } from '../../agent/executors/executor.js';
import { Runner, type RunnerContext, type StopReason } from '../../agent/runner.js';
import type { ClaimedJob, FinishReport } from '@awe-dp/sdk';

const job: ClaimedJob = {
  id: 7,
  epoch: 1,
  recipe: 'Slow',
  argv: ['/bin/true'],
  env: {},
  settings: {},
  bundle: null,
  inputs: [],
  timeoutSeconds: null,
  resources: {},
  jobToken: 'job-token',
  leaseExpiresAt: new Date().toISOString(),
};

for (const [reason, graceMs] of [
  ['cancel', 1000],
  ['shutdown', 1000],
  ['gone', 0],
] as Array<[StopReason, number]>) {
  t.test(`a ${reason} while the executor starts the recipe stops it once started`, async (t) => {
    const jobsRoot = await mkdtemp(join(tmpdir(), 'awe-runner-'));
    t.teardown(() => rm(jobsRoot, { recursive: true, force: true }));
    let startCalled!: () => void;
    const starting = new Promise<void>((resolve) => (startCalled = resolve));
    let finishStart!: () => void;
    const cancels: number[] = [];
    const executor: Executor = {
      name: 'fake',
      validate: async () => undefined,
      start: () => {
        startCalled();
        return new Promise((resolve) => (finishStart = () => resolve('handle-1')));
      },
      poll: async (): Promise<ExecStatus> => (cancels.length > 0 ? { state: 'exited', exitCode: null, signal: 'SIGTERM' } : { state: 'running' }),
      cancel: async (_handle, _job, grace) => void cancels.push(grace),
      cleanup: async () => undefined,
      recover: async () => null,
    };
    const delivered: FinishReport[] = [];
    const ctx = {
      client: {},
      executor,
      pollMs: 10,
      cache: {},
      content: { noteBundle: () => undefined },
      heartbeats: { add: () => undefined, remove: () => undefined, flush: async () => undefined },
      outbox: { deliver: async (report: FinishReport) => (delivered.push(report), 'ok') },
      jobsRoot,
      baseCode: null,
      graceMs: 1000,
      agentEnv: {},
      exiting: new AbortController().signal,
      log: pino({ level: 'silent' }),
    } as unknown as RunnerContext;

    const runner = Runner.claimed(ctx, job);
    const run = runner.run();
    await starting;
    runner.stop(reason);
    finishStart();
    const settled = await Promise.race([run.then(() => true), sleep(3_000, false, { ref: false })]);
    t.ok(settled, 'the attempt ends instead of running on');
    t.same(cancels, [graceMs], 'the executor is asked to stop the started recipe, once');
    if (reason === 'gone') t.same(delivered, [], 'a lost lease reports nothing');
    else t.equal(delivered.length, 1, 'the attempt is reported');
    if (reason === 'cancel') t.equal(delivered[0]?.cancelled, true);
  });
}
