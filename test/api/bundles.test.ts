import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { FormData, request } from 'undici';
import { bundleId, type BundleFile } from '../../core/bundle-manifest.js';
import { startService } from '../helpers/service.js';
import { buildZip, type ZipEntrySpec } from '../helpers/zip-writer.js';

const sha = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

async function uploadZip(url: string, token: string, zip: Buffer) {
  const form = new FormData();
  form.append("bundle", new Blob([new Uint8Array(zip)]), "code.zip");
  const response = await request(`${url}/v1/bundles`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  return { status: response.statusCode, body: JSON.parse(await response.body.text()) as Record<string, unknown> };
}

t.test('a zip from curl becomes a bundle; hostile zips are refused and leave nothing behind', async (t) => {
  const service = await startService(t);
  const dev = await service.user('dana', 'developer');
  const good = buildZip([
    { name: 'opipe/__init__.py', data: Buffer.from('') },
    { name: 'opipe/recipes/Bias.py', data: Buffer.from('print("my bias")\n') },
    { name: 'opipe/config/site.cfg', data: Buffer.from('[global]\nproject : mine\n') },
    { name: 'run.sh', data: Buffer.from('#!/bin/sh\n'), unixMode: 0o100755 },
  ]);
  const created = await uploadZip(service.url, dev, good);
  t.equal(created.status, 201, 'created');
  t.equal(created.body.fileCount, 4);
  const manifest = await service.client(dev).getBundle(String(created.body.id));
  t.same(
    manifest.files.map((file) => [file.path, file.mode]),
    [['opipe/__init__.py', 0o644], ['opipe/config/site.cfg', 0o644], ['opipe/recipes/Bias.py', 0o644], ['run.sh', 0o755]],
    'config files arrive, modes kept',
  );
  t.equal(manifest.id, bundleId(manifest.files as BundleFile[]), 'the id is the hash of the manifest');
  t.equal((await uploadZip(service.url, dev, good)).status, 200, 'the same zip again is the same bundle');

  const dataBefore = readdirSync(service.dataDir).sort();
  const scratchBefore = readdirSync(tmpdir()).filter((name) => name.startsWith('awe-zip-'));
  const hostile: Array<[string, ZipEntrySpec[]]> = [
    ['parent path', [{ name: '../../evil.py', data: Buffer.from('x') }]],
    ['absolute path', [{ name: '/etc/evil', data: Buffer.from('x') }]],
    ['backslash', [{ name: 'a\\..\\evil', data: Buffer.from('x') }]],
    ['drive letter', [{ name: 'C:/evil', data: Buffer.from('x') }]],
    ['symlink', [{ name: 'link', data: Buffer.from('/etc/passwd'), unixMode: 0o120777 }]],
    ['device', [{ name: 'dev', data: Buffer.from(''), unixMode: 0o020666 }]],
    ['duplicate', [{ name: 'a.py', data: Buffer.from('1') }, { name: 'a.py', data: Buffer.from('2') }]],
  ];
  for (const [what, entries] of hostile) {
    const answer = await uploadZip(service.url, dev, buildZip(entries));
    t.equal(answer.status, 400, `${what}: 400`);
    t.equal(answer.body.code, 'AWE_ERR_BAD_BUNDLE', `${what}: coded`);
  }
  const notZip = await uploadZip(service.url, dev, Buffer.from('this is no zip'));
  t.equal(notZip.status, 400);
  // Blobs completed before a refusal may stay: they are content-addressed and harmless. Nothing else may.
  t.same(readdirSync(service.dataDir).sort(), dataBefore, 'nothing new beside the store');
  t.same(readdirSync(join(service.dataDir, 'blobs', 'tmp')), [], 'no partial uploads');
  t.same(readdirSync(tmpdir()).filter((name) => name.startsWith('awe-zip-')), scratchBefore, 'no scratch zips left');
  t.notOk(readdirSync(service.dataDir, { recursive: true }).some((name) => String(name).includes('evil')), 'no entry written by name');

  const plain = await service.user('ulla', 'user');
  const refused = await uploadZip(service.url, plain, good);
  t.equal(refused.status, 403, 'a plain user may not ship code');
});

t.test('an oversize zip upload is refused with 413', async (t) => {
  const service = await startService(t, { zipMaxBytes: 64 * 1024 });
  const dev = await service.user('dana', 'developer');
  const big = buildZip([{ name: 'big.bin', data: Buffer.alloc(256 * 1024, 7), deflate: false }]);
  const answer = await uploadZip(service.url, dev, big);
  t.equal(answer.status, 413);
  t.equal(answer.body.code, 'AWE_ERR_TOO_LARGE');
});

t.test('blobs are uploaded once, verified, and bundles made from a manifest; reads are for owner, admin and the job', async (t) => {
  const service = await startService(t);
  const dana = service.client(await service.user('dana', 'developer'));
  const dirk = service.client(await service.user('dirk', 'developer'));
  const files = [Buffer.from('print("one")\n'), Buffer.from('print("two")\n')];
  const manifest: BundleFile[] = files.map((data, i) => ({ path: `pkg/m${i}.py`, sha256: sha(data), size: data.length, mode: 0o644 }));
  t.same((await dana.missingBlobs(manifest.map((f) => f.sha256))).missing, manifest.map((f) => f.sha256), 'all missing at first');
  const early = await dana.createBundle(manifest).catch((e: unknown) => e);
  t.match(early, { statusCode: 400, code: 'AWE_ERR_BAD_BUNDLE', message: /not uploaded/ }, 'a bundle needs its blobs first');
  const wrong = await dana.uploadBlob(manifest[0].sha256, files[1]).catch((e: unknown) => e);
  t.match(wrong, { statusCode: 400, code: 'AWE_ERR_BAD_BUNDLE', message: /mismatch/ }, 'content must hash to its name');
  for (const [i, data] of files.entries()) await dana.uploadBlob(manifest[i].sha256, data);
  t.same((await dana.missingBlobs(manifest.map((f) => f.sha256))).missing, [], 'nothing left to upload');
  const bundle = await dana.createBundle(manifest);
  t.equal(bundle.id, bundleId(manifest));
  const foreign = await dirk.getBundle(bundle.id).catch((e: unknown) => e);
  t.match(foreign, { statusCode: 403 }, "another developer cannot read dana's bundle");
  const refused = await dirk.submitJob({ recipe: 'Bias', bundle: bundle.id }).catch((e: unknown) => e);
  t.match(refused, { statusCode: 403 }, "nor run it");

  await service.client().putRecipe('Noop', { command: ['true'] });
  const job = await dana.submitJob({ recipe: 'Noop', bundle: bundle.id });
  const agent = await service.agent('n1');
  const [claimed] = (await agent.client.claim({ maxJobs: 1 })).jobs;
  t.equal(claimed.bundle, bundle.id);
  const viaJob = await agent.client.getBundle(bundle.id, claimed.jobToken);
  t.equal(viaJob.files.length, 2, "the job token reads its job's bundle");
  const bytes = Buffer.from(await (await agent.client.downloadBlob(manifest[1].sha256, claimed.jobToken)).arrayBuffer());
  t.equal(sha(bytes), manifest[1].sha256, 'and its blobs, intact');
  const credential = await agent.client.getBundle(bundle.id).catch((e: unknown) => e);
  t.match(credential, { statusCode: 403 }, 'the agent credential alone does not open bundles');
  await agent.client.finish({ id: job.id, epoch: claimed.epoch, exitCode: 0 });
  const after = await agent.client.getBundle(bundle.id, claimed.jobToken).catch((e: unknown) => e);
  t.match(after, { statusCode: 403 }, 'a finished attempt token opens nothing');
});

t.test("knowing a blob's hash is not having it: each developer uploads what they use; bundles are shared content ids", async (t) => {
  const service = await startService(t);
  const anna = service.client(await service.user('anna', 'developer'));
  const bert = service.client(await service.user('bert', 'developer'));
  const secret = Buffer.from('PASSWORD = "hunter2"\n');
  const manifest: BundleFile[] = [{ path: 'conf.py', sha256: sha(secret), size: secret.length, mode: 0o644 }];
  await anna.uploadBlob(manifest[0].sha256, secret);
  const annas = await anna.createBundle(manifest);
  t.same((await anna.missingBlobs([manifest[0].sha256, manifest[0].sha256])).missing, [], 'anna brought it');

  t.same((await bert.missingBlobs([manifest[0].sha256, manifest[0].sha256])).missing, [manifest[0].sha256], 'for bert it is missing (once)');
  const stolen = await bert.createBundle(manifest).catch((e: unknown) => e);
  t.match(stolen, { statusCode: 400, code: 'AWE_ERR_BAD_BUNDLE', message: /not uploaded/ }, 'bert cannot make a bundle of it by naming the hash');
  const readAnnas = await bert.getBundle(annas.id).catch((e: unknown) => e);
  t.match(readAnnas, { statusCode: 403 }, "nor read anna's bundle");
  await service.client().putRecipe('Noop', { command: ['true'] });
  const zipped = await uploadZip(service.url, service.adminToken, buildZip([{ name: 'conf.py', data: secret }]));
  t.equal(zipped.body.id, annas.id, 'an admin zip of the same tree is the same bundle');
  t.match(await bert.submitJob({ recipe: 'Noop', bundle: annas.id }).catch((e: unknown) => e), { statusCode: 403 }, 'nor run it');

  await bert.uploadBlob(manifest[0].sha256, secret);
  t.same((await bert.missingBlobs([manifest[0].sha256])).missing, [], 'once bert uploaded it, it is his too');
  const bertsAgain = await bert.createBundle(manifest);
  t.equal(bertsAgain.id, annas.id, 'registering an existing bundle succeeds with its id');
  t.equal((await bert.getBundle(annas.id)).files.length, 1, 'and bert may read it now');
  t.equal((await anna.createBundle(manifest)).id, annas.id, 'registering it again is idempotent');
  t.equal(readdirSync(join(service.dataDir, 'blobs', manifest[0].sha256.slice(0, 2))).length, 1, 'the store keeps one copy');

  const job = await anna.submitJob({ recipe: 'Noop' });
  const agent = await service.agent('n1');
  const [claimed] = (await agent.client.claim({ maxJobs: 1 })).jobs;
  const product = Buffer.from('a product of anna\'s job\n');
  await agent.client.uploadOutput(job.id, claimed.epoch, 'out.txt', product);
  t.same((await anna.missingBlobs([sha(product)])).missing, [], "an output of anna's job counts as hers");
  t.same((await bert.missingBlobs([sha(product)])).missing, [sha(product)], 'but not as bert\'s');
});

t.test('a blob upload without a byte stream (no body, or JSON) is a coded 415, not a server fault', async (t) => {
  const service = await startService(t);
  const dev = await service.user('dana', 'developer');
  const data = Buffer.from('print(1)\n');
  const url = `${service.url}/v1/blobs/${sha(data)}`;
  const auth = { authorization: `Bearer ${dev}` };
  for (const [what, init] of [
    ['no body', { method: 'PUT' as const, headers: auth }],
    ['a JSON body', { method: 'PUT' as const, headers: { ...auth, 'content-type': 'application/json' }, body: '{"a":1}' }],
  ] as const) {
    const response = await request(url, init);
    const body = (await response.body.json()) as { code: string };
    t.equal(response.statusCode, 415, what);
    t.equal(body.code, 'AWE_ERR_UNSUPPORTED_MEDIA', what);
  }
});
