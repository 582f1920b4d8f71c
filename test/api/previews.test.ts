import t from 'tap';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { writeMosaic } from '../helpers/fits-writer.js';
import { startService } from '../helpers/service.js';

t.test("a FITS output's preview: PNG or summary for its owner, coded refusals for others and for other files", async (t) => {
  const service = await startService(t);
  const dir = mkdtempSync(join(tmpdir(), 'awe-preview-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeMosaic(join(dir, 'mosaic.fits'), { ccds: 4 });
  const { job, claimed, agent } = await service.runningJob();
  await agent.uploadOutput(job.id, claimed.epoch, 'raw/mosaic.fits', readFileSync(join(dir, 'mosaic.fits')));
  await agent.uploadOutput(job.id, claimed.epoch, 'notes.txt', Buffer.from('not a FITS file'));
  await agent.finish({ id: job.id, epoch: claimed.epoch, exitCode: 0 });
  const get = async (path: string, token = service.adminToken) => {
    const response = await request(`${service.url}/v1/jobs/${job.id}/previews/${path}`, { headers: { authorization: `Bearer ${token}` } });
    const body = Buffer.from(await response.body.arrayBuffer());
    return { status: response.statusCode, type: String(response.headers['content-type']), body };
  };
  const png = await get('raw/mosaic.fits');
  t.equal(png.status, 200);
  t.equal(png.type, 'image/png');
  t.same([...png.body.subarray(1, 4)], [...Buffer.from('PNG')]);
  const summary = await get('raw/mosaic.fits?format=json&hdu=3');
  t.match(JSON.parse(summary.body.toString()), { chosen: 3, hdus: [{ kind: 'empty' }, { kind: 'image' }, { kind: 'image' }, { description: /ESO_CCD_#67/ }, { kind: 'image' }] });
  const notFits = await get('notes.txt');
  t.equal(notFits.status, 400);
  t.match(JSON.parse(notFits.body.toString()), { code: 'AWE_ERR_VALIDATION', message: /notes\.txt: not a FITS file/ });
  t.equal((await get('raw/mosaic.fits?hdu=9')).status, 400, 'an HDU the file lacks');
  t.equal((await get('nope.fits')).status, 404);
  t.equal((await get('raw/mosaic.fits', await service.user('eve', 'user'))).status, 403, "someone else's output");
});
