/** Job tokens come from their own signer; the service's one JWT verifier checks them. */
import { createHash } from 'node:crypto';
import t from 'tap';
import { request } from 'undici';
import { JOB_TOKEN_TTL_SECONDS } from '../../../api/services/job-token.js';
import { tokenKind } from '../../../core/token-kinds.js';
import { startService } from '../../helpers/service.js';

const sha = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
const decode = (part: string): unknown => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

t.test("the claim answer's job token: a standard JWT with the claims it always had, verified like any other token", async (t) => {
  const service = await startService(t);
  const admin = service.client();
  const data = Buffer.from('print("bundled")\n');
  await admin.uploadBlob(sha(data), data);
  const bundle = await admin.createBundle([{ path: 'run.py', sha256: sha(data), size: data.length, mode: 0o644 }]);
  await admin.putRecipe('Noop', { command: ['true'] });
  const job = await admin.submitJob({ recipe: 'Noop', bundle: bundle.id });
  const agent = await service.agent('n1');
  const before = Math.floor(Date.now() / 1000);
  const [claimed] = (await agent.client.claim({ maxJobs: 1 })).jobs;
  const after = Math.floor(Date.now() / 1000);
  t.equal(claimed.id, job.id);

  const read = (path: string, token: string) => request(`${service.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const manifest = await read(`/v1/bundles/${bundle.id}`, claimed.jobToken);
  t.equal(manifest.statusCode, 200, "it reads its job's bundle (job token or user)");
  t.match(await manifest.body.json(), { id: bundle.id, files: [{ path: 'run.py' }] });
  const blob = await read(`/v1/blobs/${sha(data)}`, claimed.jobToken);
  t.equal(blob.statusCode, 200, "and the bundle's blobs (content readers)");
  t.equal(sha(Buffer.from(await blob.body.arrayBuffer())), sha(data));

  const [header, payload, signature] = claimed.jobToken.split('.');
  t.same(decode(header), decode(service.adminToken.split('.')[0]), 'the header is the one the JWT library writes on user tokens');
  t.same(decode(header), { alg: 'HS256', typ: 'JWT', kid: 'initial' });
  const claims = decode(payload) as { iat: number; exp: number };
  t.same(claims, { sub: String(job.id), aud: 'awe-dp:job', epoch: claimed.epoch, iss: 'awe-dp', iat: claims.iat, exp: claims.exp }, 'no claim more or less');
  t.ok(Number.isInteger(claims.iat) && claims.iat >= before && claims.iat <= after, 'issued now, in whole seconds');
  t.equal(claims.exp - claims.iat, JOB_TOKEN_TTL_SECONDS, 'valid for a week');

  // The last digit of `exp`: still a live job token for this job, so only the signature can refuse it.
  const bytes = Buffer.from(payload, 'base64url');
  const digit = bytes.indexOf(',', bytes.indexOf('"exp":')) - 1;
  bytes[digit] = 0x30 + ((bytes[digit] - 0x30 + 1) % 10);
  const tampered = `${header}.${bytes.toString('base64url')}.${signature}`;
  t.equal(tokenKind(tampered), 'job');
  for (const [what, path] of [['bundle', `/v1/bundles/${bundle.id}`], ['blob', `/v1/blobs/${sha(data)}`]]) {
    const refused = await read(path, tampered);
    t.equal(refused.statusCode, 401, `${what}: a payload with one byte changed is refused`);
    t.match(refused.headers['content-type'], /^application\/json/);
    t.match(await refused.body.json(), { statusCode: 401, code: 'AWE_ERR_UNAUTHENTICATED' });
  }
});

t.test('a job with no bundle and no inputs is sent no job token: there is nothing it would open', async (t) => {
  const service = await startService(t);
  const { job, claimed, agent } = await service.runningJob();
  t.equal(claimed.id, job.id);
  t.equal(claimed.jobToken, '', 'the field is there, empty, as older agents expect a string');
  const finished = await agent.claim({ maxJobs: 1, finished: [{ id: claimed.id, epoch: claimed.epoch, exitCode: 0 }] });
  t.match(finished.finished, [{ id: job.id, status: 'ok', state: 'succeeded' }], 'and it runs and finishes as any other');
});
