import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import {
  SLURM_STATES, accountingArgv, findByNameArgv, listArgv, parseAccounting, parseFindByName, parseList, parseSubmitOutput, slurmSystem, submitArgv,
} from '../../../../agent/executors/grid/slurm-system.js';
import { result, testJob } from './test-job.js';

const shared = mkdtempSync(join(tmpdir(), 'awe-slurm-system-'));
t.teardown(() => rmSync(shared, { recursive: true, force: true }));

t.test('sbatch gets name, merged output, no requeue, no agent environment, and each directive given', async (t) => {
  const job = testJob(shared, ['true'], {
    logFile: '/scratch/awe/jobs/7/100%done.log',
    resources: { partition: 'short', account: 'astro', cpus: 4, memoryMB: 2048, timeLimitSeconds: 90061 },
  });
  t.same(submitArgv(job, '/scratch/awe/jobs/7/.awe-batch.sh'), [
    'sbatch', '--parsable', `--job-name=${job.name}`,
    '--output=/scratch/awe/jobs/7/100%%done.log', '--open-mode=append', '--no-requeue', '--export=ALL',
    '--partition=short', '--account=astro', '--ntasks=1', '--cpus-per-task=4', '--mem=2048M', '--time=25:01:01',
    '/scratch/awe/jobs/7/.awe-batch.sh',
  ]);
  const bare = submitArgv(testJob(shared, ['true']), '/s.sh');
  t.notOk(bare.some((a) => /^--(partition|account|cpus-per-task|mem|time)=/.test(a)), 'no directive without a resource');
  t.notOk(bare.some((a) => a.startsWith('--error')), 'stderr is not split off');
});

t.test('sbatch --parsable output', async (t) => {
  t.equal(parseSubmitOutput('4242\n'), '4242');
  t.equal(parseSubmitOutput('4243;cosma\n'), '4243');
  t.equal(parseSubmitOutput('sbatch: warning: can not set memory\n4244\n'), '4244');
  t.throws(() => parseSubmitOutput('sbatch: error: Batch job submission failed\n'), /no job id/);
});

t.test('squeue status of one job, with reason', async (t) => {
  const [squeue] = slurmSystem.statusQueries('17');
  if (!squeue) throw new Error('no squeue query');
  t.same(squeue.argv, ['squeue', '--noheader', '--states=all', '--jobs=17', '--format=%i|%T|%r']);
  const parse = (stdout: string, code = 0, stderr = '') => squeue.parse(result(code, stdout, stderr));
  t.same(parse('17|PENDING|Resources\n'), { state: 'PENDING', phase: 'pending', reason: 'Resources' });
  t.same(parse('17|PENDING|ReqNodeNotAvail, UnavailableNodes:node[01-02]\n'), {
    state: 'PENDING', phase: 'pending', reason: 'ReqNodeNotAvail, UnavailableNodes:node[01-02]',
  });
  t.same(parse('17|RUNNING|None\n'), { state: 'RUNNING', phase: 'running' });
  t.same(parse('17|COMPLETING|None\n'), { state: 'COMPLETING', phase: 'running' });
  t.same(parse('17|TIMEOUT|TimeLimit\n'), { state: 'TIMEOUT', phase: 'done', reason: 'TimeLimit' });
  t.same(parse('17|WEIRD_NEW|None\n'), { state: 'WEIRD_NEW', phase: 'running', reason: 'unknown state' }, 'never done by accident');
  t.equal(parse(''), null, 'empty: not known');
  t.equal(parse('', 1, 'slurm_load_jobs error: Invalid job id specified\n'), null, 'purged from memory');
  t.throws(() => parse('', 1, 'slurm_load_jobs error: Unable to contact slurm controller (connect failure)\n'), /contact slurm controller/);
});

t.test('one squeue for many jobs', async (t) => {
  t.same(listArgv(['41', '42', '43']), ['squeue', '--noheader', '--states=all', '--jobs=41,42,43', '--format=%i|%T|%r']);
  const listed = parseList(result(0, '41|RUNNING|None\n42|PENDING|Priority\n'));
  t.same([...listed.keys()], ['41', '42'], 'a job squeue no longer lists is absent, to be asked about alone');
  t.same(listed.get('41'), { state: 'RUNNING', phase: 'running' });
  t.same(listed.get('42'), { state: 'PENDING', phase: 'pending', reason: 'Priority' });
  t.same(parseList(result(1, '', 'slurm_load_jobs error: Invalid job id specified\n')).size, 0, 'a single unknown id: none known');
  t.throws(() => parseList(result(1, '', 'squeue: error: Unable to contact slurm controller')), /squeue failed/);
  t.equal(slurmSystem.listQuery?.argv(['7'])[3], '--jobs=7');
});

t.test('sacct fallback', async (t) => {
  t.same(accountingArgv('17'), ['sacct', '--noheader', '--parsable2', '--allocations', '--jobs=17', '--format=State,Reason']);
  t.same(parseAccounting(result(0, 'CANCELLED by 0|None\n')), { state: 'CANCELLED', phase: 'done' });
  t.same(parseAccounting(result(0, 'OUT_OF_MEMORY|OutOfMemory\n')), { state: 'OUT_OF_MEMORY', phase: 'done', reason: 'OutOfMemory' });
  t.same(parseAccounting(result(0, 'COMPLETED|None\n')), { state: 'COMPLETED', phase: 'done' });
  t.equal(parseAccounting(result(0, '')), null);
  t.equal(parseAccounting(result(1, '', 'Slurm accounting storage is disabled\n')), null, 'no accounting: not known');
  t.equal(parseAccounting(result(null, '', '')), null, 'sacct missing: not known');
});

t.test('status map is fixed and complete for the documented states', async (t) => {
  const want: Record<string, string> = {
    PENDING: 'pending', CONFIGURING: 'pending', RUNNING: 'running', COMPLETING: 'running',
    COMPLETED: 'done', FAILED: 'done', CANCELLED: 'done', TIMEOUT: 'done', NODE_FAIL: 'done',
    PREEMPTED: 'done', OUT_OF_MEMORY: 'done', BOOT_FAIL: 'done', DEADLINE: 'done',
  };
  for (const [state, phase] of Object.entries(want)) t.equal(SLURM_STATES[state], phase, state);
});

t.test('find by name for recovery', async (t) => {
  t.same(findByNameArgv('awe-7-2'), ['squeue', '--noheader', '--states=all', '--name=awe-7-2', '--format=%i']);
  t.same(parseFindByName(result(0, '4242\n')), ['4242']);
  t.same(parseFindByName(result(0, '')), []);
  t.throws(() => parseFindByName(result(1, '', 'squeue: error: Unable to contact slurm controller\n')));
});

t.test('cancel commands', async (t) => {
  t.same(slurmSystem.cancelArgv('5'), ['scancel', '5']);
  t.equal(slurmSystem.terminateArgv, undefined, 'scancel alone is graceful (KillWait) and keeps the job CANCELLED');
});
