/**
 * The executor flow against FAKE batch commands (test/fixtures/fake-pbs,
 * fake-sge), shared by pbs.test.ts and sge.test.ts: the same contract holds
 * for every batch system, only the fakes differ. Not a test file itself.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Test } from 'tap';
import type { Executor } from '../../../../agent/executors/executor.js';
import type { GridExecutorOptions } from '../../../../agent/executors/grid/grid-executor.js';
import { testJob, waitExited, waitState } from './test-job.js';

/** The sources' fixtures: tests run from dist/, the fakes are not compiled. */
const FIXTURES = fileURLToPath(new URL('../../../../../test/fixtures/', import.meta.url));

export interface FakeFlow {
  system: 'pbs' | 'sge';
  create(options: GridExecutorOptions): Executor;
  submitCommand: string;
  /** Native state of a queued job, as the fake reports it. */
  queuedState: string;
  /** The command that asks a running job to stop gracefully, when the system has one. */
  terminateCommand?: string;
}

export function fakeFlowTests(t: Test, flow: FakeFlow): void {
  const shared = mkdtempSync(join(tmpdir(), `awe-${flow.system}-shared-`));
  const fakeState = mkdtempSync(join(tmpdir(), `awe-fake-${flow.system}-`));
  t.teardown(() => {
    // Leftover fake jobs (a failed cancel test) must not outlive the test.
    for (const n of existsSync(join(fakeState, 'jobs')) ? readdirSync(join(fakeState, 'jobs')) : []) {
      const pid = Number(readIfExists(join(fakeState, 'jobs', n, 'pid')));
      if (pid) try { process.kill(-pid, 'SIGKILL'); } catch { /* already gone */ }
    }
    rmSync(shared, { recursive: true, force: true });
    rmSync(fakeState, { recursive: true, force: true });
  });
  const env = { ...process.env, PATH: `${join(FIXTURES, `fake-${flow.system}`)}:${process.env.PATH ?? ''}`, FAKE_BATCH_DIR: fakeState };
  const options: GridExecutorOptions = { sharedDir: shared, env, pollIntervalMs: 100, exitFileTimeoutMs: 3_000, cancelTimeoutMs: 10_000 };
  const calls = (command: string) => readIfExists(join(fakeState, 'calls')).split('\n').filter((l) => l.startsWith(`${command} `));

  t.test('validate finds the fake commands, and names the missing ones otherwise', async (t) => {
    await flow.create(options).validate();
    await t.rejects(flow.create({ ...options, env: { ...env, PATH: '/nonexistent' } }).validate(), new RegExp(`not found: ${flow.submitCommand}, qstat`));
    // A path below a regular file can never be created.
    const file = join(fakeState, 'a-file');
    writeFileSync(file, '');
    await t.rejects(flow.create({ ...options, sharedDir: join(file, 'shared') }).validate(), /not writable/);
  });

  t.test('exit code 0, both streams in the log, batch info', async (t) => {
    const executor = flow.create(options);
    const job = testJob(shared, ['bash', '-c', 'echo "out $AWE_GREETING"; echo err >&2; pwd']);
    job.env.AWE_GREETING = "it's $fine";
    const handle = await executor.start(job);
    const modes = Object.fromEntries(
      ['.awe-batch.sh', '.awe-batch.cmd', '.awe-batch.env', '.awe-batch.json', 'job.log'].map((name) => [name, (statSync(join(job.dir, name)).mode & 0o777).toString(8)]),
    );
    t.same(modes, { '.awe-batch.sh': '700', '.awe-batch.cmd': '600', '.awe-batch.env': '600', '.awe-batch.json': '600', 'job.log': '600' }, 'only the agent\'s user reads the files on the shared dir');
    t.notMatch(readFileSync(join(job.dir, '.awe-batch.sh'), 'utf8'), 'AWE_GREETING', 'the env is not in the script');
    const status = await waitExited(executor, handle, job);
    t.equal(status.exitCode, 0);
    t.equal((statSync(join(job.dir, '.awe-exit-code')).mode & 0o777).toString(8), '600');
    t.match(status.batch, { system: flow.system, id: handle });
    t.equal(readFileSync(job.logFile, 'utf8'), `out it's $fine\nerr\n${job.cwd}\n`);
    const record = JSON.parse(readFileSync(join(job.dir, '.awe-batch.json'), 'utf8'));
    t.same(Object.keys(record).sort(), ['id', 'name', 'submittedAt', 'system']);
    t.match(record, { system: flow.system, name: job.name, submittedAt: /^\d{4}-\d\d-\d\dT[\d:.]+Z$/, id: handle });
    await executor.cleanup(handle, job);
    await executor.cleanup(handle, job);
    t.notOk(existsSync(join(job.dir, '.awe-batch.sh')), 'cleanup removes the wrapper, twice without harm');
  });

  t.test('exit code 3', async (t) => {
    const executor = flow.create(options);
    const job = testJob(shared, ['bash', '-c', 'exit 3']);
    t.equal((await waitExited(executor, await executor.start(job), job)).exitCode, 3);
  });

  t.test('pending while the batch system holds the job, with its native state', async (t) => {
    const executor = flow.create(options);
    writeFileSync(join(fakeState, 'hold'), '');
    const job = testJob(shared, ['true']);
    const handle = await executor.start(job);
    const status = await executor.poll(handle, job);
    rmSync(join(fakeState, 'hold'));
    t.match(status, { state: 'pending', batch: { system: flow.system, id: handle, state: flow.queuedState } });
    t.equal((await waitExited(executor, handle, job)).exitCode, 0);
  });

  t.test('a job the batch system forgot still reports the exit code from its file', async (t) => {
    const executor = flow.create(options);
    writeFileSync(join(fakeState, 'no-history'), '');
    t.teardown(() => rmSync(join(fakeState, 'no-history'), { force: true }));
    const job = testJob(shared, ['bash', '-c', 'exit 7']);
    const status = await waitExited(executor, await executor.start(job), job);
    t.match(status, { exitCode: 7, batch: { system: flow.system, state: 'forgotten' } });
  });

  t.test('cancel stops a running job and is confirmed; no exit code follows', async (t) => {
    const executor = flow.create({ ...options, exitFileTimeoutMs: 300 });
    const job = testJob(shared, ['bash', '-c', 'echo started; exec sleep 60']);
    const handle = await executor.start(job);
    await waitState(executor, handle, job, 'running');
    const before = Date.now();
    await executor.cancel(handle, job, 2_000);
    t.ok(Date.now() - before < 9_000, 'confirmed well before the cancel timeout');
    if (flow.terminateCommand) t.equal(calls(flow.terminateCommand).length, 1, `${flow.terminateCommand} asked first (SIGTERM)`);
    const status = await executor.poll(handle, job);
    t.match(status, { state: 'exited', exitCode: null, batch: { system: flow.system, id: handle } });
  });

  t.test('recover re-attaches without submitting the attempt again', async (t) => {
    const job = testJob(shared, ['bash', '-c', 'sleep 1; echo finished']);
    const first = flow.create(options);
    const handle = await first.start(job);
    const submits = calls(flow.submitCommand).length;

    t.equal(await flow.create(options).recover(job), handle, 'with the id recorded: straight from the record');

    // A crash between writing the record and reading the submit answer leaves a record without id.
    const record = JSON.parse(readFileSync(join(job.dir, '.awe-batch.json'), 'utf8'));
    delete record.id;
    writeFileSync(join(job.dir, '.awe-batch.json'), JSON.stringify(record));
    const restarted = flow.create(options);
    t.equal(await restarted.recover(job), handle, 'found by its name');
    t.equal(JSON.parse(readFileSync(join(job.dir, '.awe-batch.json'), 'utf8')).id, handle, 'and the id is recorded again');
    await t.rejects(restarted.start(job), /already submitted/, 'a second start of the same attempt is refused');
    t.equal(calls(flow.submitCommand).length, submits, 'no second submission');
    t.equal((await waitExited(restarted, handle, job)).exitCode, 0);
    t.equal(readFileSync(job.logFile, 'utf8'), 'finished\n');
  });

  t.test('recover finds nothing for an attempt never submitted', async (t) => {
    const executor = flow.create(options);
    const never = testJob(shared, ['true']);
    t.equal(await executor.recover(never), null, 'no record');
    writeFileSync(join(never.dir, '.awe-batch.json'), JSON.stringify({ system: flow.system, name: never.name, submittedAt: new Date().toISOString() }));
    t.equal(await executor.recover(never), null, 'recorded, but the submit never reached the batch system');
    const other = testJob(shared, ['true']);
    writeFileSync(join(other.dir, '.awe-batch.json'), JSON.stringify({ system: flow.system, name: 'awe-1-1', submittedAt: '', id: '9' }));
    t.equal(await executor.recover(other), null, 'the record of another attempt is not ours');
  });

  t.test('a job directory outside the shared dir is refused before anything is submitted', async (t) => {
    const executor = flow.create(options);
    const outside = mkdtempSync(join(tmpdir(), 'awe-outside-'));
    t.teardown(() => rmSync(outside, { recursive: true, force: true }));
    const submits = calls(flow.submitCommand).length;
    await t.rejects(executor.start(testJob(outside, ['true'])), /outside the shared dir/);
    t.equal(calls(flow.submitCommand).length, submits);
  });
}

function readIfExists(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
