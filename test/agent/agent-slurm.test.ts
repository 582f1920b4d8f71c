/**
 * The agent end to end with `--executor slurm` against a real Slurm (the one
 * from SLURM_CONF, else scripts/slurm-local.sh): jobs claimed from a real
 * service become batch jobs, their logs stream from inside the batch job, the
 * batch state reaches GET /v1/jobs/{id}, cancel reaches scancel, a long queue
 * wait keeps the lease, and a killed agent re-attaches after its restart.
 * Skipped, saying so, when no Slurm answers.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { runCommand } from '../../agent/executors/grid/run-command.js';
import type { Job } from '../../sdk/index.js';
import { agentHarness, type Harness } from '../helpers/agent-harness.js';
import { findSlurm, NO_SLURM, slurmJobsNamed } from '../helpers/slurm.js';

const slurmEnv = await findSlurm();
if (!slurmEnv) {
  t.plan(0, NO_SLURM);
} else {
  // The agents (in this process and as children) find the cluster the way an operator's shell would.
  process.env.SLURM_CONF = slurmEnv.SLURM_CONF;
  process.env.AWE_TEST_AGENT_ONLY = 'agent-private';
  const slurm = (...argv: string[]) => runCommand(argv, { timeoutMs: 10_000, env: slurmEnv });

  // Job directories must be visible from the compute nodes: on the local cluster any directory is.
  const shared = mkdtempSync(join(process.env.AWE_SLURM_SHARED_DIR ?? '/tmp', 'awe-agent-slurm-'));
  t.teardown(() => rmSync(shared, { recursive: true, force: true }));
  const baseCode = join(shared, 'base-code');
  mkdirSync(baseCode);

  async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 20_000): Promise<T> {
    const end = Date.now() + ms;
    for (;;) {
      const value = await probe();
      if (value) return value;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await sleep(100);
    }
  }

  /** A recipe only agents labelled `pool=<pool>` take; its script lives in the shared dir, as on a real cluster. */
  async function recipe(h: Harness, name: string, body: string, pool = 'cluster'): Promise<void> {
    const path = join(shared, `${name}.sh`);
    writeFileSync(path, `#!/bin/bash\n${body}\n`);
    chmodSync(path, 0o755);
    await h.admin.putRecipe(name, { command: [path], labels: { pool }, maxAttempts: 3 });
  }

  /** The job once the service shows a batch job for it in `state`. */
  const batchState = (h: Harness, id: number, state: string, ms?: number) =>
    until(`job ${id} in batch state ${state}`, async () => {
      const job = await h.admin.getJob(id);
      return job.batch?.state === state ? (job as Job & { batch: NonNullable<Job['batch']> }) : null;
    }, ms);

  const slurmState = async (id: string) => (await slurm('squeue', '--noheader', '--states=all', `--jobs=${id}`, '--format=%T')).stdout.trim();

  const h = await agentHarness(t, { leaseSeconds: 3 });
  await h.agent({ executor: 'slurm', sharedDir: shared, labels: { pool: 'cluster' }, name: 'frontend', slots: 2, baseCode });

  t.test('exit codes: 0 succeeds, 3 fails as recipe_failed with the batch job FAILED', async (t) => {
    await recipe(h, 'Zero', 'echo fine');
    await recipe(h, 'Three', 'echo failing; exit 3');
    const [zero, three] = await Promise.all([h.submit('Zero'), h.submit('Three')]);

    const ok = await h.waitFor(zero.id, ['succeeded', 'failed'], 30_000);
    t.match(ok, { state: 'succeeded', exitCode: 0, attempts: 1, batch: { system: 'slurm', id: /^\d+$/, state: 'COMPLETED' } });
    t.equal(await h.log(zero.id), 'fine\n');

    const failed = await h.waitFor(three.id, ['succeeded', 'failed'], 30_000);
    t.match(failed, { state: 'failed', exitCode: 3, failureReason: 'recipe_failed', attempts: 1, batch: { system: 'slurm', state: 'FAILED' } });
    t.equal(await h.log(three.id), 'failing\n');
  });

  t.test('the log streams from inside the batch job; the job shows it RUNNING', async (t) => {
    const go = join(shared, 'go');
    await recipe(
      h,
      'Streaming',
      ['echo "slurm job $SLURM_JOB_ID"', 'for i in 1 2 3; do echo "line $i"; sleep 0.3; done', 'until [ -e "$GO" ]; do sleep 0.1; done', 'echo last'].join('\n'),
    );
    const job = await h.submit('Streaming', { env: { GO: go } });
    const running = await batchState(h, job.id, 'RUNNING');
    t.match(running, { state: 'running', batch: { system: 'slurm', id: /^\d+$/ } });
    const head = await until('the first lines', async () => ((await h.log(job.id)).includes('line 3') ? h.log(job.id) : null));
    t.equal(head, `slurm job ${running.batch.id}\nline 1\nline 2\nline 3\n`, 'output of the running batch job, with its Slurm id');
    t.equal(await slurmState(running.batch.id), 'RUNNING', 'Slurm agrees');
    writeFileSync(go, '');
    const done = await h.waitFor(job.id, ['succeeded', 'failed'], 20_000);
    t.equal(done.state, 'succeeded');
    t.equal(await h.log(job.id), `${head}last\n`);
  });

  t.test('settings, env and PYTHONPATH reach the recipe as with the local executor', async (t) => {
    await h.agent({ labels: { pool: 'local' }, name: 'local-twin', baseCode });
    const body = [
      'cat "$HOME/.awe/Environment.cfg"',
      'echo "color=$COLOR"',
      'echo "pythonpath=$PYTHONPATH"',
      'echo "home=${HOME#"$PWD"/} output=${AWE_OUTPUT_DIR#"$PWD"/} job=$AWE_JOB_ID"',
      'echo "leak=${AWE_TEST_AGENT_ONLY:-none}"',
    ].join('\n');
    await recipe(h, 'EnvSlurm', body);
    await recipe(h, 'EnvLocal', body, 'local');
    const spec = { env: { COLOR: 'blue', PYTHONPATH: '/opt/site' }, settings: { project: 'ASTRO', 'database.user': 'alice' } };
    const [onSlurm, onLocal] = await Promise.all([h.submit('EnvSlurm', spec), h.submit('EnvLocal', spec)]);
    t.match(await h.waitFor(onSlurm.id, ['succeeded', 'failed'], 30_000), { state: 'succeeded', batch: { system: 'slurm' } });
    t.match(await h.waitFor(onLocal.id, ['succeeded', 'failed'], 30_000), { state: 'succeeded', batch: null });
    const slurmLog = await h.log(onSlurm.id);
    t.match(slurmLog, '[global]\nproject : ASTRO\n');
    t.match(slurmLog, '[database]\nuser : alice\n');
    t.match(slurmLog, 'color=blue\n');
    t.match(slurmLog, `pythonpath=${baseCode}:/opt/site\n`, 'the node base code, then the job env');
    t.match(slurmLog, `home=home output=output job=${onSlurm.id}\n`);
    t.match(slurmLog, 'leak=none\n', "the agent's own environment stays out");
    t.equal(slurmLog.replace(`job=${onSlurm.id}`, 'job=N'), (await h.log(onLocal.id)).replace(`job=${onLocal.id}`, 'job=N'), 'the same as the local executor');
  });

  t.test('cancel reaches Slurm: scancel, confirmed', async (t) => {
    await recipe(h, 'Forever', 'echo started; exec sleep 300');
    const job = await h.submit('Forever');
    const running = await batchState(h, job.id, 'RUNNING');
    t.teardown(() => slurm('scancel', running.batch.id));
    await until('the recipe to start', async () => (await h.log(job.id)).includes('started'));
    await h.admin.cancelJob(job.id);
    const done = await h.waitFor(job.id, ['cancelled', 'failed', 'succeeded'], 20_000);
    t.match(done, { state: 'cancelled', attempts: 1, batch: { id: running.batch.id, state: 'CANCELLED' } });
    t.match(await slurmState(running.batch.id), /^(CANCELLED|)$/, 'Slurm has the job cancelled or forgotten');
  });

  t.test('a batch job pending longer than the lease keeps its lease, and the wait does not count against its time limit', async (t) => {
    // A held submission stands for a long queue wait: an sbatch that submits with --hold, first on PATH.
    const realSbatch = (await runCommand(['sh', '-c', 'command -v sbatch'], { timeoutMs: 5_000 })).stdout.trim();
    const bin = join(shared, 'held-bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'sbatch'), `#!/bin/sh\nexec ${realSbatch} --hold "$@"\n`, { mode: 0o755 });
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path}`;
    t.teardown(() => void (process.env.PATH = path));

    await recipe(h, 'Held', 'echo "released and running"');
    // Longer than the executor's poll interval (5 s), shorter than the queue wait below.
    const job = await h.submit('Held', { timeoutSeconds: 8 });
    const held = await batchState(h, job.id, 'PENDING');
    process.env.PATH = path;
    t.teardown(() => slurm('scancel', held.batch.id));
    t.match(held.batch, { system: 'slurm', reason: /^JobHeld/ });

    await sleep(3 * 3_000);
    const waiting = await h.admin.getJob(job.id);
    t.match(waiting, { state: 'running', attempts: 1, batch: { id: held.batch.id, state: 'PENDING', reason: /^JobHeld/ } }, 'still the first attempt after three leases');

    t.equal((await slurm('scontrol', 'release', held.batch.id)).code, 0);
    const done = await h.waitFor(job.id, ['succeeded', 'failed'], 20_000);
    t.match(done, { state: 'succeeded', attempts: 1, batch: { id: held.batch.id, state: 'COMPLETED' } });
    t.equal(await h.log(job.id), 'released and running\n');
  });

  t.test('kill -9 of the agent while its batch job runs: the restarted agent re-attaches', async (t) => {
    const h2 = await agentHarness(t, { leaseSeconds: 20 });
    await recipe(h2, 'Survivor', ['echo "in $SLURM_JOB_ID"', 'for i in 1 2 3 4 5 6; do echo "tick $i"; sleep 1; done', 'echo end'].join('\n'));
    // A shared dir of its own: agents of two services would both keep their jobs under agent-1/.
    // Unboxed like the harness's agents: the recipe script lives in the shared dir, outside any job.
    const shared2 = join(shared, 'second-service');
    const args = ['--server', h2.url, '--executor', 'slurm', '--shared-dir', shared2, '--work-dir', join(h2.dir, 'frontend'), '--labels', 'pool=cluster', '--grace-seconds', '1', '--isolation', 'none', '--trust-user-code'];
    const first = h2.agentProcess([...args, '--enroll', await h2.enrollmentToken()]);
    const job = await h2.submit('Survivor');
    const name = `awe-${job.id}-1`;
    const [batchId] = await until('the batch job', async () => {
      const ids = await slurmJobsNamed(name, slurmEnv, shared2);
      return ids.length > 0 && (await slurmState(ids[0]!)) === 'RUNNING' ? ids : null;
    });
    t.teardown(() => slurm('scancel', batchId!));
    await until('some output', async () => (await h2.log(job.id)).includes('tick 1'));
    first.kill('SIGKILL');
    await until('the agent to die', async () => first.signalCode !== null || first.exitCode !== null);
    t.equal(await slurmState(batchId!), 'RUNNING', 'the batch job outlives its agent');

    const second = h2.agentProcess(args);
    const done = await h2.waitFor(job.id, ['succeeded', 'failed', 'queued'], 30_000);
    t.match(done, { state: 'succeeded', exitCode: 0, attempts: 1, batch: { id: batchId, state: 'COMPLETED' } }, second.stderrText().slice(-3000));
    t.equal(await h2.log(job.id), `in ${batchId}\n${[1, 2, 3, 4, 5, 6].map((i) => `tick ${i}\n`).join('')}end\n`, 'the whole log, once');
    t.same(await slurmJobsNamed(name, slurmEnv, shared2), [batchId], 'exactly one batch job for the attempt');
    t.match(second.stderrText(), /"reattached":true/);
  });
}
