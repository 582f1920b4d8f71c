import t from 'tap';
import { request } from 'undici';
import { startService } from '../helpers/service.js';

t.test('output paths: the SDK sends slashes percent-encoded, and raw slashes from older agents and clients still work', async (t) => {
  const service = await startService(t);
  const { job, claimed, agent } = await service.runningJob();
  t.match(await agent.uploadOutput(job.id, claimed.epoch, 'plots/new/a.png', Buffer.from('encoded')), { path: 'plots/new/a.png' });

  // An agent of the previous release: the path's slashes as they are.
  const legacy = await request(`${service.url}/v1/jobs/${job.id}/outputs/plots/old/b.png?epoch=${claimed.epoch}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${agent.token}`, 'content-type': 'application/octet-stream' },
    body: 'raw',
  });
  t.equal(legacy.statusCode, 200);
  t.match(await legacy.body.json(), { path: 'plots/old/b.png' });

  await agent.finish({ id: job.id, epoch: claimed.epoch, exitCode: 0 }); // a succeeded attempt's uploads are the job's outputs
  const admin = service.client();
  t.same((await admin.listOutputs(job.id)).outputs.map((o) => o.path).sort(), ['plots/new/a.png', 'plots/old/b.png']);
  t.equal(await (await admin.downloadOutput(job.id, 'plots/old/b.png')).text(), 'raw', 'the SDK reads with the slashes encoded');
  const rawRead = await request(`${service.url}/v1/jobs/${job.id}/outputs/plots/new/a.png`, { headers: { authorization: `Bearer ${service.adminToken}` } });
  t.equal(await rawRead.body.text(), 'encoded', 'a client of the previous release reads with raw slashes');
  const escape = await request(`${service.url}/v1/jobs/${job.id}/outputs/..%2F..%2Fetc%2Fpasswd`, { headers: { authorization: `Bearer ${service.adminToken}` } });
  t.equal(escape.statusCode, 400, 'an encoded ".." is as unsafe as a raw one');
  await escape.body.dump();
});
