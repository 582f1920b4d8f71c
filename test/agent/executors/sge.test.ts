import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { runCommand } from '../../../agent/executors/grid/run-command.js';
import { createSgeExecutor } from '../../../agent/executors/sge.js';
import { fakeFlowTests } from './grid/fake-flow.js';
import { testJob, waitExited } from './grid/test-job.js';

// SGE is tested against the FAKE commands in test/fixtures/fake-sge only.
fakeFlowTests(t, { system: 'sge', create: createSgeExecutor, submitCommand: 'qsub', queuedState: 'qw' });

t.test('a job whose env value holds "\\n#$ -t 1-5000" runs as one job (qsub reads #$ lines anywhere in a script)', async (t) => {
  const shared = mkdtempSync(join(tmpdir(), 'awe-sge-directives-'));
  const state = mkdtempSync(join(tmpdir(), 'awe-fake-sge-'));
  t.teardown(() => {
    rmSync(shared, { recursive: true, force: true });
    rmSync(state, { recursive: true, force: true });
  });
  const fakes = fileURLToPath(new URL('../../../../test/fixtures/fake-sge', import.meta.url));
  const env = { ...process.env, PATH: `${fakes}:${process.env.PATH ?? ''}`, FAKE_BATCH_DIR: state };

  // The fake honours -t from an embedded line, as the real qsub does: three runs of one script.
  const control = join(shared, 'control.sh');
  writeFileSync(control, '#!/bin/bash\necho task\n#$ -t 1-3\n');
  t.equal((await runCommand(['qsub', '-o', join(shared, 'control.log'), control], { timeoutMs: 10_000, env })).code, 0);
  const executor = createSgeExecutor({ sharedDir: shared, env, pollIntervalMs: 100, exitFileTimeoutMs: 3_000 });
  const job = testJob(shared, ['bash', '-c', 'echo ran'], { env: { PATH: '/usr/bin:/bin', NOTE: 'x\n#$ -t 1-5000\n' } });
  t.equal((await waitExited(executor, await executor.start(job), job)).exitCode, 0);
  t.equal(readFileSync(job.logFile, 'utf8'), 'ran\n', 'one run');
  const controlLog = join(shared, 'control.log');
  for (let i = 0; i < 100 && readFileSync(controlLog, 'utf8').length < 15; i++) await sleep(100);
  t.equal(readFileSync(controlLog, 'utf8'), 'task\ntask\ntask\n', 'while a #$ -t line in the script text would have made an array job');
});
