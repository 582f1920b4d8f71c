import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { request } from 'undici';
import { setTimeout as sleep } from 'node:timers/promises';
import { housekeep } from '../../api/services/housekeeping.js';
import { startSweeper } from '../../api/services/sweeper.js';
import { startService } from '../helpers/service.js';

const sha = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
const HOUR = 3600_000;
const failure = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => ({ statusCode: 'none' }), (error: unknown) => error);

t.test("retention deletes finished jobs' logs and outputs, keeps the rows and says so", async (t) => {
  let clock = Date.now();
  const service = await startService(t, { retentionDays: 1, blobGraceHours: 1, leaseSeconds: 3600 }, () => clock);
  const admin = service.client();
  const blobPath = (content: Buffer) => join(service.dataDir, 'blobs', sha(content).slice(0, 2), sha(content));

  // A job that finishes with a log and two outputs; one output's content is also a bundle file.
  const { job, claimed, agent } = await service.runningJob();
  await agent.appendLog(job.id, claimed.epoch, 0, Buffer.from('line one\n'));
  const alone = Buffer.from('only this job made this\n');
  const shared = Buffer.from('print("also in a bundle")\n');
  await agent.uploadOutput(job.id, claimed.epoch, 'alone.txt', alone);
  await agent.uploadOutput(job.id, claimed.epoch, 'shared.py', shared);
  await admin.uploadBlob(sha(shared), shared);
  await admin.createBundle([{ path: 'shared.py', sha256: sha(shared), size: shared.length, mode: 0o644 }]);
  await agent.finish({ id: job.id, epoch: claimed.epoch, exitCode: 0 });
  // A second job still runs when the first expires.
  const other = await service.runningJob();
  await other.agent.appendLog(other.job.id, other.claimed.epoch, 0, Buffer.from('still running\n'));

  clock += 12 * HOUR;
  t.same(await housekeep(service.app.awe), { expiredJobs: 0, collectedBlobs: 0 }, 'half a day later nothing is due');
  t.equal((await admin.listOutputs(job.id)).outputs.length, 2);

  clock += 13 * HOUR;
  t.same(await housekeep(service.app.awe), { expiredJobs: 1, collectedBlobs: 1 }, 'past a day the job expires and its lone output goes');
  const view = await admin.getJob(job.id);
  t.match(view, { id: job.id, state: 'succeeded', exitCode: 0, expiredAt: String }, 'the row stays, marked expired');
  t.equal((await admin.getJob(other.job.id)).expiredAt, null, 'the running job is not expired');

  const log = await request(`${service.url}/v1/jobs/${job.id}/log`, { headers: { authorization: `Bearer ${service.adminToken}` } });
  t.equal(log.statusCode, 410);
  t.match(await log.body.json(), { code: 'AWE_ERR_EXPIRED', message: /deleted on .* \(retention\)/ }, 'the log answers a coded 410');
  t.match(await failure(admin.listOutputs(job.id)), { statusCode: 410, code: 'AWE_ERR_EXPIRED' }, 'so does the output list');
  t.match(await failure(admin.downloadOutput(job.id, 'alone.txt')), { statusCode: 410, code: 'AWE_ERR_EXPIRED' }, 'and a download');
  t.equal(await (await admin.log(other.job.id)).text(), 'still running\n', "the running job's log stays");
  t.notOk(existsSync(blobPath(alone)), 'the output nothing else references is collected');
  t.ok(existsSync(blobPath(shared)), 'the one a bundle lists stays');
  t.same(await housekeep(service.app.awe), { expiredJobs: 0, collectedBlobs: 0 }, 'a second run finds nothing more');
});

t.test('blob collection spares what is referenced or was uploaded within the grace period, and re-uploads renew it', async (t) => {
  let clock = Date.now();
  const service = await startService(t, { blobGraceHours: 1 }, () => clock);
  const dana = service.client(await service.user('dana', 'developer'));
  const kept = Buffer.from('in a bundle\n');
  const pending = Buffer.from('uploaded, its bundle not yet registered\n');
  await dana.uploadBlob(sha(kept), kept);
  await dana.createBundle([{ path: 'a.py', sha256: sha(kept), size: kept.length, mode: 0o644 }]);
  await dana.uploadBlob(sha(pending), pending);

  clock += 2 * HOUR;
  // The client uploads the same content again (say, a retried upload) just before the collector runs.
  await dana.uploadBlob(sha(pending), pending);
  t.same(await housekeep(service.app.awe), { expiredJobs: 0, collectedBlobs: 0 }, 'a fresh upload renews the grace period');
  await dana.createBundle([{ path: 'b.py', sha256: sha(pending), size: pending.length, mode: 0o644 }]);
  clock += 2 * HOUR;
  t.same(await housekeep(service.app.awe), { expiredJobs: 0, collectedBlobs: 0 }, 'once referenced it stays however old');

  const orphan = Buffer.from('never referenced\n');
  await dana.uploadBlob(sha(orphan), orphan);
  clock += 2 * HOUR;
  t.same(await housekeep(service.app.awe), { expiredJobs: 0, collectedBlobs: 1 }, 'an upload nobody referenced goes after the grace period');
  t.same((await dana.missingBlobs([sha(orphan), sha(kept)])).missing, [sha(orphan)], 'and counts as missing again, for its uploader too');
  const late = await failure(dana.createBundle([{ path: 'c.py', sha256: sha(orphan), size: orphan.length, mode: 0o644 }]));
  t.match(late, { statusCode: 400, code: 'AWE_ERR_BAD_BUNDLE' }, 'a bundle cannot list it until it is uploaded again');
  await dana.uploadBlob(sha(orphan), orphan);
  t.ok(await dana.createBundle([{ path: 'c.py', sha256: sha(orphan), size: orphan.length, mode: 0o644 }]));
});

t.test('uploads and log appends answer 507 when the disk is nearly full; what is stored stays readable', async (t) => {
  const service = await startService(t);
  const { job, claimed, agent } = await service.runningJob();
  const admin = service.client();
  await agent.appendLog(job.id, claimed.epoch, 0, Buffer.from('before\n'));
  const stored = Buffer.from('stored before the disk filled\n');
  await admin.uploadBlob(sha(stored), stored);

  // The operator's reserve is now more than the disk has free.
  service.app.awe.config.minFreeDiskMB = 2 ** 30;
  const more = Buffer.from('one more\n');
  const refusals = [
    await failure(admin.uploadBlob(sha(more), more)),
    await failure(agent.appendLog(job.id, claimed.epoch, 7, Buffer.from('after\n'))),
    await failure(agent.uploadOutput(job.id, claimed.epoch, 'out.txt', more)),
  ];
  for (const refusal of refusals) t.match(refusal, { statusCode: 507, code: 'AWE_ERR_DISK_FULL', message: /keeps 1073741824 MiB free/ });
  t.equal(await (await admin.log(job.id)).text(), 'before\n', 'the log stored before stays');
  t.equal(Buffer.from(await (await admin.downloadBlob(sha(stored))).arrayBuffer()).toString(), stored.toString(), 'so does the blob');
  t.same((await admin.missingBlobs([sha(more)])).missing, [sha(more)], 'nothing of the refused upload was stored');

  service.app.awe.config.minFreeDiskMB = 0;
  await agent.appendLog(job.id, claimed.epoch, 7, Buffer.from('after\n'));
  t.equal(await (await admin.log(job.id)).text(), 'before\nafter\n', 'with space again the agent resends and the log continues');
});

t.test('the sweeper runs housekeeping on its interval and reports what it did', async (t) => {
  let clock = Date.now();
  const service = await startService(t, { retentionDays: 1 }, () => clock);
  const { job, claimed, agent } = await service.runningJob();
  await agent.finish({ id: job.id, epoch: claimed.epoch, exitCode: 0 });
  clock += 2 * 24 * HOUR;
  const reports: object[] = [];
  // The housekeeping's reports only: the sweeper also says when it takes the lease.
  const report = (details: object, message: string) => message.startsWith('housekeeping') && reports.push(details);
  const stop = startSweeper(service.app.awe, 20, { intervalMs: 0, log: { info: report, error: report } });
  t.teardown(stop);
  while (reports.length === 0) await sleep(20);
  t.match(reports[0], { expiredJobs: 1 });
  t.match(await service.client().getJob(job.id), { expiredAt: String });
});
