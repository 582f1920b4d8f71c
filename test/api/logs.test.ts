import t from 'tap';
import { AweApiError } from '@awe-dp/sdk';
import { startService } from '../helpers/service.js';

t.test('log appends are addressed by offset: overlap is idempotent, a gap is refused with the expected offset', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  const { job, claimed, agent: client } = await service.runningJob();
  t.equal((await client.appendLog(job.id, claimed.epoch, 0, Buffer.from('hello '))).next, 6);
  t.equal((await client.appendLog(job.id, claimed.epoch, 0, Buffer.from('hello '))).next, 6, 'a resend changes nothing');
  t.equal((await client.appendLog(job.id, claimed.epoch, 3, Buffer.from('lo world\n'))).next, 12, 'only the new part of an overlap is kept');
  const gap = await client.appendLog(job.id, claimed.epoch, 20, Buffer.from('lost?')).catch((e: unknown) => e);
  t.match(gap, { statusCode: 416, code: 'AWE_ERR_RANGE' });
  t.equal((gap as AweApiError).body.next, 12, 'the 416 says where to resend from');
  t.equal(await (await admin.log(job.id)).text(), 'hello world\n');
  t.equal(await (await admin.log(job.id, { offset: 6 })).text(), 'world\n', 'ranges by offset');
});

t.test('a log past its cap ends with a truncation marker and later output is dropped', async (t) => {
  const service = await startService(t, { logCapBytes: 1024 });
  const admin = service.client();
  const { job, claimed, agent: client } = await service.runningJob();
  let offset = 0;
  for (let i = 0; i < 5; i++) {
    const chunk = Buffer.from(`${String(i).repeat(399)}\n`);
    const answer = await client.appendLog(job.id, claimed.epoch, offset, chunk);
    offset += chunk.length;
    t.equal(answer.next, offset, `chunk ${i} accepted`);
    t.equal(answer.truncated, i >= 2, `truncated from the chunk that crossed the cap on (${i})`);
  }
  const log = await (await admin.log(job.id)).text();
  t.match(log, /\[awe-dp: log truncated at 1024 bytes; later output was dropped\]\n$/);
  t.ok(log.startsWith('0'.repeat(399)));
  t.notMatch(log, '3333', 'nothing after the cap');
  const view = await admin.getJob(job.id);
  t.equal(view.logTruncated, true);
});

t.test('following a log streams new output until the job ends', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  const { job, claimed, agent: client } = await service.runningJob();
  await client.appendLog(job.id, claimed.epoch, 0, Buffer.from('line 1\n'));
  const follower = await admin.log(job.id, { follow: true });
  const received: string[] = [];
  const reading = (async () => {
    for await (const chunk of follower) received.push(String(chunk));
  })();
  await new Promise((resolve) => setTimeout(resolve, 150));
  await client.appendLog(job.id, claimed.epoch, 7, Buffer.from('line 2\n'));
  await new Promise((resolve) => setTimeout(resolve, 150));
  t.equal(received.join(''), 'line 1\nline 2\n', 'new output arrives while the job runs');
  await client.appendLog(job.id, claimed.epoch, 14, Buffer.from('line 3\n'));
  await client.finish({ id: job.id, epoch: claimed.epoch, exitCode: 0 });
  await reading;
  t.equal(received.join(''), 'line 1\nline 2\nline 3\n', 'the stream ends with the job, complete');
});
