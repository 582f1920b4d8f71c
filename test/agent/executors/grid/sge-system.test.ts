import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import {
  SGE_STATES, findByNameArgv, parseAccounting, parseFindByName, parseList, parseSubmitOutput, sgeSystem, submitArgv,
} from '../../../../agent/executors/grid/sge-system.js';
import { result, testJob } from './test-job.js';

const shared = mkdtempSync(join(tmpdir(), 'awe-sge-system-'));
t.teardown(() => rmSync(shared, { recursive: true, force: true }));

t.test('qsub gets name, joined output, not rerunnable, per-slot memory, and each directive given', async (t) => {
  const job = testJob(shared, ['true'], {
    logFile: '/scratch/awe/jobs/7/job.log',
    resources: { partition: 'all.q', account: 'astro', cpus: 4, memoryMB: 2048, timeLimitSeconds: 5400 },
  });
  t.same(submitArgv(job, '/s.sh'), [
    'qsub', '-N', job.name, '-o', '/scratch/awe/jobs/7/job.log', '-j', 'y', '-r', 'n', '-S', '/bin/bash',
    '-q', 'all.q', '-A', 'astro', '-pe', 'smp', '4', '-l', 'h_vmem=512M', '-l', 'h_rt=01:30:00', '/s.sh',
  ]);
  t.same(submitArgv(job, '/s.sh', { parallelEnvironment: 'mpi', memoryResource: 'mem_free' }).slice(15, 20), ['-pe', 'mpi', '4', '-l', 'mem_free=512M']);
  t.notOk(submitArgv(testJob(shared, ['true']), '/s.sh').includes('-pe'), 'one slot needs no parallel environment');
});

t.test('qsub output', async (t) => {
  t.equal(parseSubmitOutput('Your job 42 ("awe-7-1") has been submitted\n'), '42');
  t.throws(() => parseSubmitOutput('Unable to run job: job rejected: no suitable queues.\nExiting.\n'), /no job id/);
});

const TABLE = `job-ID  prior   name       user         state submit/start at     queue                          slots ja-task-ID 
-----------------------------------------------------------------------------------------------------------------
     41 0.55500 awe-7-1    astro        r     11/26/2026 09:30:12 all.q@node01.cluster               1        
     42 0.00000 awe-123456 astro        qw    11/26/2026 09:31:40                                    4        
     43 0.00000 awe-8-1    astro        Eqw   11/26/2026 09:31:41                                    1        
    142 0.55500 awe-9-1    astro        dr    11/26/2026 09:30:12 all.q@node02.cluster               1        
`;

t.test('qstat table: one answer for all jobs', async (t) => {
  const listed = parseList(result(0, TABLE));
  t.same([...listed.keys()], ['41', '42', '43', '142'], 'the header lines are no jobs');
  t.same(listed.get('41'), { state: 'r', phase: 'running' });
  t.same(listed.get('42'), { state: 'qw', phase: 'pending' });
  t.same(listed.get('43'), { state: 'Eqw', phase: 'pending', reason: 'error state (cleared with qmod -cj)' });
  t.same(listed.get('142'), { state: 'dr', phase: 'running' });
  t.same(parseList(result(0, '')).size, 0, 'no jobs at all');
  t.throws(() => parseList(result(1, '', 'error: commlib error: got select error (Connection refused)\n')), /commlib/);
  const [qstat] = sgeSystem().statusQueries('4');
  t.same(sgeSystem().listQuery?.argv(['4']), qstat?.argv, 'the list query is the first status source');
  t.equal(qstat?.parse(result(0, TABLE)), null, 'ids match whole, not by prefix');
});

const QACCT = (failed: string, exit: string) => `==============================================================
qname        all.q               
hostname     node01.cluster      
jobname      awe-7-1             
jobnumber    41                  
failed       ${failed}
exit_status  ${exit}
ru_wallclock 12.000
`;

t.test('qacct record of a finished job', async (t) => {
  t.same(parseAccounting(result(0, QACCT('0', '3'))), { state: 'finished', phase: 'done' });
  t.same(parseAccounting(result(0, QACCT('100 : assumedly after job', '137'))), { state: 'finished', phase: 'done', reason: 'failed 100 : assumedly after job' });
  t.equal(parseAccounting(result(1, '', 'error: job id 41 not found\n')), null);
});

t.test('status map', async (t) => {
  for (const s of ['qw', 'hqw', 'Eqw']) t.equal(SGE_STATES[s], 'pending', s);
  for (const s of ['r', 't', 'Rr', 's', 'S', 'dr']) t.equal(SGE_STATES[s], 'running', s);
  t.equal(SGE_STATES.finished, 'done');
});

t.test('qstat -j finds a job by its full name', async (t) => {
  t.same(findByNameArgv('awe-123456-3'), ['qstat', '-j', 'awe-123456-3']);
  t.same(parseFindByName(result(0, '==============================================================\njob_number:                 42\nexec_file:                  job_scripts/42\njob_name:                   awe-123456-3\n')), ['42']);
  t.same(parseFindByName(result(1, 'Following jobs do not exist or permissions are not sufficient: \nawe-123456-3\n')), []);
  t.same(sgeSystem().cancelArgv('42'), ['qdel', '42']);
  t.equal(sgeSystem().terminateArgv, undefined, 'SGE has no signal-only command: cancel goes straight to qdel');
});
