import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import {
  PBS_STATES, findByNameArgv, parseFindByName, parseStatus, parseSubmitOutput, pbsSystem, statusArgv, submitArgv,
} from '../../../../agent/executors/grid/pbs-system.js';
import { result, testJob } from './test-job.js';

const shared = mkdtempSync(join(tmpdir(), 'awe-pbs-system-'));
t.teardown(() => rmSync(shared, { recursive: true, force: true }));

t.test('qsub gets name, joined direct output, not rerunnable, and each directive given', async (t) => {
  const job = testJob(shared, ['true'], {
    logFile: '/scratch/awe/jobs/7/job.log',
    resources: { partition: 'workq', account: 'astro', cpus: 4, memoryMB: 2048, timeLimitSeconds: 3600 },
  });
  t.same(submitArgv(job, '/scratch/awe/jobs/7/.awe-batch.sh'), [
    'qsub', '-N', job.name, '-o', '/scratch/awe/jobs/7/job.log', '-j', 'oe', '-k', 'oed', '-r', 'n', '-S', '/bin/bash',
    '-l', 'select=1:ncpus=4:mem=2048mb', '-q', 'workq', '-A', 'astro', '-l', 'walltime=01:00:00',
    '/scratch/awe/jobs/7/.awe-batch.sh',
  ]);
  t.same(submitArgv(testJob(shared, ['true'], { logFile: '/s/l' }), '/s.sh').slice(-3), ['-l', 'select=1:ncpus=1', '/s.sh']);
  t.throws(() => submitArgv(testJob(shared, ['true'], { logFile: '/s/a:b.log' }), '/s.sh'), /':'/);
});

t.test('qsub output is the full id', async (t) => {
  t.equal(parseSubmitOutput('1234.pbs-server\n'), '1234.pbs-server');
  t.equal(parseSubmitOutput('88.head.cluster.example.org\n'), '88.head.cluster.example.org');
  t.throws(() => parseSubmitOutput('qsub: Unknown queue\n'), /no job id/);
});

const json = (state: string, comment?: string) => JSON.stringify({
  timestamp: 1795685400,
  pbs_version: '23.06.06',
  pbs_server: 'head',
  Jobs: { '1234.head': { Job_Name: 'awe-7-1', job_state: state, queue: 'workq', ...(comment ? { comment } : {}), Exit_status: 0 } },
});

t.test('qstat -x -f -F json', async (t) => {
  t.same(statusArgv('1234.head'), ['qstat', '-x', '-f', '-F', 'json', '1234.head']);
  t.same(parseStatus(result(0, json('Q', 'Not Running: Insufficient amount of resource: ncpus'))), {
    state: 'Q', phase: 'pending', reason: 'Not Running: Insufficient amount of resource: ncpus',
  });
  t.same(parseStatus(result(0, json('R'))), { state: 'R', phase: 'running' });
  t.same(parseStatus(result(0, json('F', 'Job run at ... and finished'))), { state: 'F', phase: 'done', reason: 'Job run at ... and finished' });
  t.equal(parseStatus(result(153, '', 'qstat: Unknown Job Id 1234.head\n')), null, 'forgotten (no history)');
  t.throws(() => parseStatus(result(1, '', 'Connection refused\nqstat: cannot connect to server head (errno=15010)\n')), /cannot connect/);
});

t.test('status map', async (t) => {
  t.same(Object.entries(PBS_STATES).filter(([, p]) => p === 'done').map(([s]) => s).sort(), ['F', 'X']);
  for (const s of ['Q', 'H', 'W', 'T', 'M']) t.equal(PBS_STATES[s], 'pending', s);
  for (const s of ['R', 'E', 'B', 'S', 'U']) t.equal(PBS_STATES[s], 'running', s);
});

t.test('qselect finds a job by name; qdel and qsig', async (t) => {
  t.same(findByNameArgv('awe-7-1'), ['qselect', '-x', '-N', 'awe-7-1']);
  t.same(parseFindByName(result(0, '1234.head\n')), ['1234.head']);
  t.same(parseFindByName(result(0, '')), []);
  t.same(pbsSystem.cancelArgv('1.h'), ['qdel', '1.h']);
  t.same(pbsSystem.terminateArgv?.('1.h'), ['qsig', '-s', 'TERM', '1.h']);
});
