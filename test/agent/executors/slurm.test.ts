/**
 * The Slurm executor against a real Slurm: the one from SLURM_CONF, else the
 * single-host cluster of scripts/slurm-local.sh. Skipped, saying so, when no
 * Slurm answers.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { runCommand } from '../../../agent/executors/grid/run-command.js';
import type { GridExecutorOptions } from '../../../agent/executors/grid/grid-executor.js';
import { createSlurmExecutor } from '../../../agent/executors/slurm.js';
import { findSlurm, NO_SLURM, slurmJobsNamed } from '../../helpers/slurm.js';
import { testJob, waitExited, waitState } from './grid/test-job.js';

const env = await findSlurm();
if (!env) {
  t.plan(0, NO_SLURM);
} else {
  // The job directories must be visible from the compute nodes: on the local cluster any directory is.
  const shared = mkdtempSync(join(process.env.AWE_SLURM_SHARED_DIR ?? '/tmp', 'awe-slurm-test-'));
  t.teardown(() => rmSync(shared, { recursive: true, force: true }));
  const options: GridExecutorOptions = { sharedDir: shared, env, pollIntervalMs: 200, exitFileTimeoutMs: 10_000 };

  const jobsNamed = (name: string) => slurmJobsNamed(name, env);

  t.test('validate finds sbatch, squeue and scancel', async (t) => {
    await t.resolves(createSlurmExecutor(options).validate());
  });

  t.test('exit code 0, with the output of the batch job in the log', async (t) => {
    const executor = createSlurmExecutor(options);
    const job = testJob(shared, ['bash', '-c', 'echo "job $SLURM_JOB_ID on $SLURMD_NODENAME in $PWD: $AWE_X"; echo to-stderr >&2']);
    job.env.AWE_X = "quotes ' \" and $dollar";
    const handle = await executor.start(job);
    const status = await waitExited(executor, handle, job);
    t.equal(status.exitCode, 0);
    t.match(status.batch, { system: 'slurm', id: handle, state: 'COMPLETED' });
    t.match(readFileSync(job.logFile, 'utf8'), new RegExp(`^job ${handle} on \\S+ in ${job.cwd}: quotes ' " and \\$dollar\nto-stderr\n$`));
    t.equal(readFileSync(join(job.dir, '.awe-exit-code'), 'utf8'), '0\n');
  });

  t.test('a value holding #SBATCH lines stays data: one job, with the resources the agent asked for', async (t) => {
    const executor = createSlurmExecutor(options);
    const job = testJob(shared, ['bash', '-c', 'echo "tasks=${SLURM_ARRAY_TASK_COUNT:-none} name=$SLURM_JOB_NAME"'], {
      env: { PATH: '/usr/bin:/bin', NOTE: '\n#SBATCH --array=1-50\n#SBATCH --job-name=stolen\n' },
    });
    const handle = await executor.start(job);
    t.notMatch(readFileSync(join(job.dir, '.awe-batch.sh'), 'utf8'), /array|stolen/, 'the script holds no text of the job');
    t.equal((await waitExited(executor, handle, job)).exitCode, 0);
    t.equal(readFileSync(job.logFile, 'utf8'), `tasks=none name=${job.name}\n`);
  });

  t.test('with a sandbox the recipe runs in bubblewrap on the compute node', { skip: spawnSync('bwrap', ['--ro-bind', '/', '/', 'true']).status === 0 ? false : 'no bubblewrap here' }, async (t) => {
    const executor = createSlurmExecutor({ ...options, sandbox: { bwrap: 'bwrap', baseCode: null, network: true } });
    const job = testJob(shared, ['bash', '-c', 'ls .. ; ls /proc | grep -c "^[0-9]"; echo "$SLURM_JOB_ID"']);
    const handle = await executor.start(job);
    t.equal((await waitExited(executor, handle, job)).exitCode, 0);
    const [listing, count, id] = readFileSync(job.logFile, 'utf8').trim().split('\n');
    t.equal(listing, 'work', 'beside its work dir, none of the agent\'s files');
    t.ok(Number(count) <= 4, `its own PID namespace (${count} processes)`);
    t.equal(id, handle, 'the batch system\'s variables are still there');
  });

  t.test('exit code 3 (Slurm says FAILED)', async (t) => {
    const executor = createSlurmExecutor(options);
    const job = testJob(shared, ['bash', '-c', 'echo failing; exit 3']);
    const handle = await executor.start(job);
    const status = await waitExited(executor, handle, job);
    t.equal(status.exitCode, 3);
    t.match(status.batch, { state: 'FAILED' });
    t.equal(readFileSync(job.logFile, 'utf8'), 'failing\n');
  });

  t.test('cancel through scancel, confirmed by Slurm', async (t) => {
    const executor = createSlurmExecutor({ ...options, exitFileTimeoutMs: 500 });
    const job = testJob(shared, ['bash', '-c', 'echo started; exec sleep 300']);
    const handle = await executor.start(job);
    await waitState(executor, handle, job, 'running');
    await executor.cancel(handle, job, 3_000);
    const squeue = await runCommand(['squeue', '--noheader', '--states=all', `--jobs=${handle}`, '--format=%T'], { timeoutMs: 10_000, env });
    t.match(squeue.stdout.trim(), /^(CANCELLED|FAILED|COMPLETED)$/, `Slurm reports the job over: ${squeue.stdout.trim()}`);
    const status = await executor.poll(handle, job);
    t.match(status, { state: 'exited', exitCode: null, batch: { system: 'slurm', id: handle } });
  });

  t.test('recover after a crash between the record and the sbatch answer: re-attached, one batch job', async (t) => {
    const job = testJob(shared, ['bash', '-c', 'sleep 2; echo finished']);
    const handle = await createSlurmExecutor(options).start(job);
    // What the record looks like when the agent died before sbatch answered.
    const record = JSON.parse(readFileSync(join(job.dir, '.awe-batch.json'), 'utf8'));
    delete record.id;
    writeFileSync(join(job.dir, '.awe-batch.json'), JSON.stringify(record));

    const restarted = createSlurmExecutor(options);
    t.equal(await restarted.recover(job), handle, 'found by name');
    await t.rejects(restarted.start(job), /already submitted/);
    t.same(await jobsNamed(job.name), [handle], 'exactly one batch job with the attempt name');
    t.equal((await waitExited(restarted, handle, job)).exitCode, 0);
    t.equal(readFileSync(job.logFile, 'utf8'), 'finished\n');
    t.same(await jobsNamed(job.name), [handle], 'still exactly one');
  });

  t.test('directives reach Slurm', async (t) => {
    const executor = createSlurmExecutor(options);
    const job = testJob(shared, ['bash', '-c', 'echo "$SLURM_CPUS_PER_TASK $SLURM_MEM_PER_NODE $SLURM_JOB_PARTITION"'], {
      resources: { cpus: 2, memoryMB: 300, timeLimitSeconds: 600 },
    });
    const handle = await executor.start(job);
    t.equal((await waitExited(executor, handle, job)).exitCode, 0);
    t.match(readFileSync(job.logFile, 'utf8'), /^2 300 \S+\n$/);
  });
}
