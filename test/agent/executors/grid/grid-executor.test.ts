import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { BatchSystem, NativeStatus } from '../../../../agent/executors/grid/batch-system.js';
import { GridExecutor } from '../../../../agent/executors/grid/grid-executor.js';
import { testJob } from './test-job.js';

const shared = mkdtempSync(join(tmpdir(), 'awe-grid-executor-'));
t.teardown(() => rmSync(shared, { recursive: true, force: true }));

/** A batch system whose commands are all `true`: its parsers answer, and count who was asked. */
function countingSystem(listAnswer: () => Map<string, NativeStatus>) {
  const asked = { list: 0, queue: 0, accounting: 0 };
  const system: BatchSystem = {
    name: 'slurm',
    requiredCommands: ['true'],
    submitArgv: () => ['true'],
    parseSubmitOutput: () => '1',
    statusQueries: () => [
      { argv: ['true'], parse: () => { asked.queue += 1; return null; } },
      { argv: ['true'], parse: () => { asked.accounting += 1; return { state: 'COMPLETED', phase: 'done' }; } },
    ],
    listQuery: { argv: () => ['true'], parse: () => { asked.list += 1; return listAnswer(); } },
    cancelArgv: () => ['true'],
    findByNameArgv: () => ['true'],
    parseFindByName: () => [],
  };
  return { system, asked };
}

t.test('a job missing from the list answer is asked about through the later sources only', async (t) => {
  const { system, asked } = countingSystem(() => new Map());
  const job = testJob(shared, ['true']);
  writeFileSync(join(job.dir, '.awe-exit-code'), '0\n');
  const status = await new GridExecutor(system, { sharedDir: shared }).poll('1', job);
  t.match(status, { state: 'exited', exitCode: 0, batch: { state: 'COMPLETED' } });
  t.same(asked, { list: 1, queue: 0, accounting: 1 });
});

t.test('when the list query fails, every source is asked', async (t) => {
  const { system, asked } = countingSystem(() => { throw new Error('controller down'); });
  const job = testJob(shared, ['true']);
  writeFileSync(join(job.dir, '.awe-exit-code'), '0\n');
  await new GridExecutor(system, { sharedDir: shared }).poll('1', job);
  t.same(asked, { list: 1, queue: 1, accounting: 1 });
});

t.test('polls within one interval share the list answer; a job it did not ask about gets a new one', async (t) => {
  const { system, asked } = countingSystem(() => new Map([['1', { state: 'RUNNING', phase: 'running' }], ['2', { state: 'RUNNING', phase: 'running' }]]));
  const executor = new GridExecutor(system, { sharedDir: shared, pollIntervalMs: 60_000 });
  const job = testJob(shared, ['true']);
  await executor.poll('1', job);
  await executor.poll('1', job);
  t.equal(asked.list, 1, 'one list query for two polls of the same job');
  t.match(await executor.poll('2', job), { state: 'running' });
  t.equal(asked.list, 2, 'a job submitted after the last list query is asked about in a new one');
  t.equal(asked.queue + asked.accounting, 0);
});
