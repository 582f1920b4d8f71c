import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import t from 'tap';
import { AweApiError } from '@awe-dp/sdk';
import { until } from '../helpers/agent-harness.js';
import { startService } from '../helpers/service.js';

const refusal = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => null,
    (error: unknown) => (error instanceof AweApiError ? { statusCode: error.statusCode, code: error.code } : error),
  );

t.test('every attempt is kept: node, reason, log range and outputs; only the succeeded attempt feeds children', async (t) => {
  let clock = Date.now();
  const service = await startService(t, { leaseSeconds: 10 }, () => clock);
  const admin = service.client();
  await service.user('carol', 'user');
  const carol = service.client(await service.user('dave', 'user'));
  await admin.putRecipe('Make', { command: ['true'], maxAttempts: 3 });
  const job = await admin.submitJob({ recipe: 'Make', priority: 7 });
  const first = await service.agent('first');
  t.equal((await first.client.claim({ maxJobs: 1 })).jobs[0].epoch, 1);
  await first.client.appendLog(job.id, 1, 0, Buffer.from('first attempt\n'));
  await first.client.uploadOutput(job.id, 1, 'a.fits', Buffer.from('from the first attempt'));

  clock += 11_000; // the first agent went silent past its lease; the sweeper requeues the job
  await until('the requeue', async () => (await admin.getJob(job.id)).state === 'queued');
  const second = await service.agent('second');
  t.equal((await second.client.claim({ maxJobs: 1 })).jobs[0].epoch, 2);
  t.match(
    await refusal(first.client.uploadOutput(job.id, 1, 'late.fits', Buffer.from('too late'))),
    { statusCode: 409, code: 'AWE_ERR_STALE_LEASE' },
    'the old attempt cannot upload any more',
  );
  await second.client.appendLog(job.id, 2, 0, Buffer.from('second attempt\n'));
  await second.client.uploadOutput(job.id, 2, 'b.fits', Buffer.from('from the second attempt'));
  t.equal((await admin.listOutputs(job.id)).outputs.length, 0, 'nothing is the job output while the attempt runs');
  t.equal((await second.client.finish({ id: job.id, epoch: 2, exitCode: 0 })).state, 'succeeded');

  const { attempts } = await admin.listAttempts(job.id);
  t.equal(attempts.length, 2, 'two attempts');
  t.match(attempts[0], { epoch: 1, node: 'first', executor: 'local', outcome: 'requeued', failureReason: 'lost', log: { start: 0, end: 14 } });
  t.match(attempts[0].message, /lease expired/);
  t.same(attempts[0].outputs?.map((o) => o.path), ['a.fits'], "the first attempt's output is kept under it");
  t.match(attempts[1], { epoch: 2, node: 'second', outcome: 'succeeded', exitCode: 0, failureReason: null, log: { start: 14, end: 29 } });
  t.same(attempts[1].outputs?.map((o) => o.path), ['b.fits']);
  t.same((await admin.listOutputs(job.id)).outputs.map((o) => o.path), ['b.fits'], "only the succeeded attempt's outputs are the job's");
  t.notOk('outputs' in (await carol.listAttempts(job.id)).attempts[0], "another user sees the attempts but not their outputs");

  const view = await admin.getJob(job.id);
  t.match(view, { attempts: 2, node: 'second', priority: 7, askedPriority: 7 });

  const child = await admin.submitJob({ recipe: 'Make', after: [job.id], inputs: [{ job: job.id, path: 'a.fits' }] });
  const settled = await admin.getJob(child.id);
  t.match(settled, { state: 'failed', failureReason: 'bundle_error' }, "a failed attempt's output is never offered to a child");
});

t.test('an upload whose lease expires while its bytes arrive is refused at the insert', async (t) => {
  let clock = Date.now();
  const service = await startService(t, { leaseSeconds: 10 }, () => clock);
  const admin = service.client();
  await admin.putRecipe('Make', { command: ['true'] });
  const job = await admin.submitJob({ recipe: 'Make' });
  const agent = await service.agent('slow');
  await agent.client.claim({ maxJobs: 1 });
  const body = new PassThrough();
  const upload = refusal(agent.client.uploadOutput(job.id, 1, 'big.fits', body));
  body.write(Buffer.alloc(64 * 1024, 1));
  const tmp = join(service.dataDir, 'blobs', 'tmp');
  const receiving = (): boolean => {
    try {
      return readdirSync(tmp, { withFileTypes: true }).some((entry) => entry.isFile());
    } catch {
      return false;
    }
  };
  await until('the upload to reach the blob store', receiving);
  clock += 11_000;
  await until('the requeue', async () => (await admin.getJob(job.id)).state === 'queued');
  body.end(Buffer.alloc(1024, 2));
  t.match(await upload, { statusCode: 409, code: 'AWE_ERR_STALE_LEASE' }, 'the late upload is refused');
  const { attempts } = await admin.listAttempts(job.id);
  t.same(attempts[0].outputs, [], 'and not recorded under its attempt');
});
