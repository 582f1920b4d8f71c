import t from 'tap';
import { ROCrate } from 'ro-crate';
import type { AweClient } from '@awe-dp/sdk';
import { WORKFLOW_RUN_PROFILE } from '../../api/services/ro-crate.js';
import { startService, type TestService } from '../helpers/service.js';

const SECRET_SETTING = 'planted-db-password-4711';
const SECRET_ENV = 'planted-api-token-0815';
const BASE = 'b'.repeat(64);

/** Claims the next job as `agent`, uploads `files` under the attempt and finishes it, reporting provenance as a current agent does. */
async function run(agent: AweClient, files: Record<string, string>, exitCode = 0): Promise<number> {
  const [job] = (await agent.claim({ maxJobs: 1 })).jobs;
  for (const [path, text] of Object.entries(files)) await agent.uploadOutput(job.id, job.epoch, path, Buffer.from(text));
  await agent.finish({ id: job.id, epoch: job.epoch, exitCode, baseDigest: BASE, agentVersion: '9.9.9' });
  return job.id;
}

async function chain(service: TestService) {
  const admin = service.client();
  for (const name of ['Bias', 'Flat', 'SourceList']) await admin.putRecipe(name, { command: ['python3', '-m', `opipe.recipes.${name}`] });
  const agent = (await service.agent('site-a', { site: 'leiden' })).client;
  const bias = await admin.submitJob({ recipe: 'Bias', settings: { DB_PASSWORD: SECRET_SETTING, instrument: 'OmegaCAM' }, env: { API_TOKEN: SECRET_ENV } });
  await run(agent, { 'bias.fits': 'bias bytes' });
  const flat = await admin.submitJob({ recipe: 'Flat', args: ['--filter', 'r'], inputs: [{ job: bias.id, path: 'bias.fits' }] });
  await run(agent, { 'flat.fits': 'flat bytes', 'flat.log': 'notes' });
  const sources = await admin.submitJob({ recipe: 'SourceList', inputs: [{ job: flat.id, path: 'flat.fits' }] });
  await run(agent, { 'sources.csv': 'id,x,y' });
  return { admin, bias, flat, sources };
}

t.test('provenance names every input and output by hash, down the whole chain, and never a secret value', async (t) => {
  const service = await startService(t);
  const { admin, bias, flat, sources } = await chain(service);

  const one = await admin.provenance(sources.id);
  t.match(one, {
    job: sources.id,
    recipe: 'SourceList',
    state: 'succeeded',
    submitter: 'admin',
    command: ['python3', '-m', 'opipe.recipes.SourceList'],
    baseDigest: BASE,
    agentVersion: '9.9.9',
    node: 'site-a',
    siteLabels: { site: 'leiden' },
    executor: 'local',
    inputs: [{ job: flat.id, path: 'flat.fits' }],
    outputs: [{ path: 'sources.csv' }],
    attempts: [{ epoch: 1, outcome: 'succeeded' }],
  });
  t.equal(one.ancestors, undefined, 'depth one: the job alone');

  const all = await admin.provenance(sources.id, 'all');
  t.same(all.ancestors?.map((a) => a.job), [flat.id, bias.id], 'every ancestor, nearest first');
  const biasRecord = all.ancestors!.find((a) => a.job === bias.id)!;
  t.same(biasRecord.settings.names, ['DB_PASSWORD', 'instrument'], 'setting names are kept');
  t.same(biasRecord.env.names, ['API_TOKEN']);
  t.match(biasRecord.settings.digest, /^[0-9a-f]{64}$/);
  const flatOutputs = (await admin.listOutputs(flat.id)).outputs;
  t.equal(all.inputs[0].sha256, flatOutputs.find((o) => o.path === 'flat.fits')!.sha256, 'an input is named by the hash of the output it was');
  const hashes = new Set([all, ...all.ancestors!].flatMap((record) => [...record.inputs.map((i) => i.sha256), ...record.outputs.map((o) => o.sha256)]));
  t.equal(hashes.size, 4, 'bias.fits, flat.fits, flat.log and sources.csv, each once');

  const crateJson = await admin.provenanceCrate(sources.id, 'all');
  for (const text of [JSON.stringify(all), JSON.stringify(crateJson)]) {
    t.notMatch(text, SECRET_SETTING, 'no secret setting value');
    t.notMatch(text, SECRET_ENV, 'no secret env value');
  }
  const crate = new ROCrate(crateJson, { array: true });
  const conformsTo = (crate.rootDataset.conformsTo as Array<{ '@id': string }>).map((c) => c['@id']);
  t.ok(conformsTo.includes(WORKFLOW_RUN_PROFILE), 'declares the Workflow Run Crate profile');
  const files = [...crate.entities()].filter((e) => (e['@type'] as string[]).includes('File'));
  t.same(new Set(files.map((f) => (f.sha256 as string[])[0])), hashes, 'the crate lists the same files, each with its sha256');
  const actions = [...crate.entities()].filter((e) => (e['@type'] as string[]).includes('CreateAction'));
  t.equal(actions.length, 4, 'one action per job and one for the run');
  t.same((crate.rootDataset.mainEntity as Array<{ '@id': string }>)[0]['@id'], '#workflow');
});

t.test('provenance, lineage and content uses respect who may read what', async (t) => {
  const service = await startService(t);
  const { bias, flat, sources } = await chain(service);
  const mallory = service.client(await service.user('mallory', 'user'));
  const admin = service.client();

  const refused = await mallory.provenance(bias.id).then(
    () => null,
    (error: unknown) => error,
  );
  t.match(refused, { statusCode: 403, code: 'AWE_ERR_FORBIDDEN' }, "someone else's provenance is refused");

  const lineage = await mallory.lineage(flat.id);
  t.same(lineage.ancestors.map((j) => j.id), [bias.id], 'lineage is metadata: ancestors');
  t.same(lineage.descendants.map((j) => j.id), [sources.id], 'and descendants');
  t.equal(lineage.truncated, false);

  const sha = (await admin.listOutputs(bias.id)).outputs[0].sha256;
  const uses = await admin.outputUses(sha);
  t.same(uses.produced, [{ job: bias.id, epoch: 1, path: 'bias.fits', size: 10, jobOutput: true }]);
  t.same(uses.used, [{ job: flat.id, from: bias.id, path: 'bias.fits' }]);
  const hidden = await mallory.outputUses(sha).then(
    () => null,
    (error: unknown) => error,
  );
  t.match(hidden, { statusCode: 404 }, "another user's content is not theirs to look up");
});
