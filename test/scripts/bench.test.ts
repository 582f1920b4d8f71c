/** Smoke test of the benchmark suite at its smallest sizes: it runs, and its JSON has the promised shape. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { ROOT } from '../../scripts/server-process.js';

t.test('--tiny --only dispatch,latency,deepQueue writes positive figures and targets', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'awe-bench-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const json = join(dir, 'bench.json');
  const { stdout } = await promisify(execFile)(process.execPath, [join(ROOT, 'dist/scripts/bench/index.js'), '--tiny', '--only', 'dispatch,latency,deepQueue', '--json', json], {
    // Generous: this file shares two cores with another test file, and the tiny run takes ~20 s alone.
    timeout: 110_000,
    // These scenarios measure the SQLite store (deepQueue fills its file directly), on either pass of the suite.
    env: { ...process.env, AWE_TEST_DATABASE_URL: '' },
  });
  t.match(stdout, /latency\s+p50Ms/);
  const report = JSON.parse(readFileSync(json, 'utf8'));
  t.equal(report.mode, 'tiny');
  t.ok(report.machine.cpus > 0);
  t.same(Object.keys(report.scenarios).sort(), ['deepQueue', 'dispatch', 'latency']);
  const { dispatch, latency, deepQueue } = report.scenarios;
  // Every job was claimed and its finish acknowledged, or the scenario would have failed (exit 1).
  t.equal(dispatch.figures.jobs, 200);
  for (const figure of ['jobsPerSec', 'submitPerSec', 'ceilingJobsPerSec', 'realAgentsUnboxedJobsPerSec']) t.ok(dispatch.figures[figure] > 0, `dispatch.${figure} > 0`);
  // Real agents drained every job in bubblewrap too, unless the sandbox cannot run here (then a note says why).
  t.ok(dispatch.figures.realAgentsJobsPerSec > 0 || dispatch.notes.some((note: string) => note.startsWith('realAgentsJobsPerSec not measured')));
  for (const figure of ['p50Ms', 'p99Ms']) t.ok(latency.figures[figure] > 0, `latency.${figure} > 0`);
  t.ok(latency.figures.p99Ms >= latency.figures.p50Ms);
  t.match(latency.peers.realAgent, { skipped: String });
  for (const figure of ['claimMsShallow', 'claimMsDeep', 'claimMsUnfit', 'inProcessClaimMsShallow', 'inProcessClaimMsDeep', 'inProcessClaimMsUnfit']) t.ok(deepQueue.figures[figure] > 0, `deepQueue.${figure} > 0`);
  for (const scenario of [dispatch, latency, deepQueue]) {
    for (const target of scenario.targets) t.match(target, { figure: String, text: String, pass: Boolean });
    t.ok(scenario.notes.length > 0);
  }
  for (const scenario of [latency, deepQueue]) t.ok(scenario.targets.length > 0);
});

t.test('--tiny --only dispatchPostgres measures the PostgreSQL store with one and two replicas beside graphile-worker, or says why not', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'awe-bench-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const json = join(dir, 'bench.json');
  await promisify(execFile)(process.execPath, [join(ROOT, 'dist/scripts/bench/index.js'), '--tiny', '--only', 'dispatchPostgres', '--json', json], {
    timeout: 110_000,
    // Its services get the databases it makes (and SQLite for the comparison), on either pass of the suite.
    env: { ...process.env, AWE_TEST_DATABASE_URL: '' },
  });
  const { dispatchPostgres } = JSON.parse(readFileSync(json, 'utf8')).scenarios;
  if ('skipped' in dispatchPostgres) {
    t.match(dispatchPostgres.skipped, /^PostgreSQL at /, 'skipped only because no PostgreSQL answers');
    return;
  }
  t.equal(dispatchPostgres.figures.jobs, 200);
  for (const figure of ['jobsPerSec', 'jobsPerSecTwoReplicas', 'sqliteJobsPerSec']) t.ok(dispatchPostgres.figures[figure] > 0, `dispatchPostgres.${figure} > 0`);
  t.ok(dispatchPostgres.peers.graphileWorker.jobsPerSec > 0, 'graphile-worker ran on the same PostgreSQL');
});

t.test('an unknown scenario is refused with the usage', async (t) => {
  const run = promisify(execFile)(process.execPath, [join(ROOT, 'dist/scripts/bench/index.js'), '--only', 'nope']);
  await t.rejects(run, { code: 2, stderr: /unknown scenario "nope"/ });
});
