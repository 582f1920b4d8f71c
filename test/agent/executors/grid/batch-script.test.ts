import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { batchScript } from '../../../../agent/executors/grid/batch-script.js';
import { testJob } from './test-job.js';

const shared = mkdtempSync(join(tmpdir(), 'awe-batch-script-'));
t.teardown(() => rmSync(shared, { recursive: true, force: true }));

/** Runs the generated script with bash the way a batch system would: output into the log file. */
function runScript(script: string, cwdOfBatch: string, logFile: string) {
  const path = join(cwdOfBatch, 'wrapper.sh');
  writeFileSync(path, script);
  const r = spawnSync('bash', [path], { cwd: '/', encoding: 'utf8' });
  writeFileSync(logFile, r.stdout + r.stderr);
  return r.status;
}

t.test('sets the environment, runs in the job dir, exits with the recipe code and leaves it in the file', async (t) => {
  const nasty = "it's $HOME `id` \"q\"\nsecond line";
  const job = testJob(shared, ['bash', '-c', 'printf "%s|%s|%s\\n" "$AWE_X" "$PWD" "$1"; echo err >&2; exit 3', 'arg0', "one 'arg' $HOME"], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', AWE_X: nasty },
  });
  const exitFile = join(job.cwd, '.awe-exit-code');
  const code = runScript(batchScript(job, exitFile), job.cwd, job.logFile);
  t.equal(code, 3);
  t.equal(readFileSync(exitFile, 'utf8'), '3\n');
  t.equal(readFileSync(job.logFile, 'utf8').split('err')[0], `${nasty}|${job.cwd}|one 'arg' $HOME\n`);
});

t.test('exit code 0 is written too', async (t) => {
  const job = testJob(shared, ['true']);
  const exitFile = join(job.cwd, '.awe-exit-code');
  t.equal(runScript(batchScript(job, exitFile), job.cwd, job.logFile), 0);
  t.equal(readFileSync(exitFile, 'utf8'), '0\n');
});

t.test('a missing job dir fails without an exit-code file (the runner reports a system failure)', async (t) => {
  const job = testJob(shared, ['true']);
  const exitFile = join(shared, 'elsewhere-exit-code');
  const script = batchScript({ ...job, cwd: join(shared, 'does-not-exist') }, exitFile);
  t.equal(runScript(script, job.cwd, job.logFile), 1);
  t.throws(() => readFileSync(exitFile), { code: 'ENOENT' });
});

t.test('refuses what a shell script cannot carry', async (t) => {
  const job = testJob(shared, ['true']);
  t.throws(() => batchScript({ ...job, env: { 'BAD-NAME': 'x' } }, '/x'), /BAD-NAME/);
  t.throws(() => batchScript({ ...job, argv: [] }, '/x'), /empty command/);
});
