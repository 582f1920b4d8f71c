import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { agentHarness } from '../helpers/agent-harness.js';

const h = await agentHarness(t);

/** Lines a recipe appended to its runs file: how often it really ran with these args. */
function runs(name: string): number {
  const file = join(h.dir, `runs-${name}`);
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').length : 0;
}

/** Counts its runs per first arg; its product is its args, then its input's content. */
async function countingRecipe(name: string, options: { reuse?: boolean; reusable?: boolean } = {}): Promise<void> {
  await h.recipe(name, [`echo run >> "${h.dir}/runs-$1"`, 'echo "$*" > "$AWE_OUTPUT_DIR/master_bias.fits"', 'if [ -f input.fits ]; then cat input.fits >> "$AWE_OUTPUT_DIR/master_bias.fits"; fi'].join('\n'));
  if (options.reuse !== undefined || options.reusable !== undefined) {
    const recipe = await h.admin.getRecipe(name);
    await h.admin.putRecipe(name, { command: recipe.command, ...options });
  }
}

const done = (id: number) => h.waitFor(id, ['succeeded', 'failed', 'cancelled']);
const outputs = async (id: number) => (await h.admin.listOutputs(id)).outputs.map((o) => [o.path, o.sha256]);

const base = join(h.dir, 'base');
mkdirSync(join(base, 'opipe'), { recursive: true });
writeFileSync(join(base, 'opipe', '__init__.py'), 'VERSION = 1\n');
await countingRecipe('Bias');

t.test('a job identical to one still queued waits for it and takes its outputs when it succeeds', async (t) => {
  // No node is online yet: the first job stays queued.
  const first = await h.submit('Bias', { args: ['queued'], reuse: true });
  const second = await h.submit('Bias', { args: ['queued'], reuse: true });
  t.match(second, { state: 'waiting', reusedFrom: first.id });
  t.match(second.pendingReason, `waiting for identical job ${first.id}`);
  await h.agent({ baseCode: base });
  t.equal((await done(first.id)).state, 'succeeded');
  const reused = await done(second.id);
  t.match(reused, { state: 'succeeded', reusedFrom: first.id, attempts: 0 });
  t.same(await outputs(second.id), await outputs(first.id));
  t.equal(runs('queued'), 1, 'the recipe ran once');
});

t.test('the same Bias submitted twice with reuse runs once; its dependents run as after a success', async (t) => {
  const first = await h.submit('Bias', { args: ['twice', '-d', '2026-11-30'], reuse: true });
  t.equal((await done(first.id)).state, 'succeeded');
  const second = await h.submit('Bias', { args: ['twice', '-d', '2026-11-30'], reuse: true });
  t.match(second, { state: 'succeeded', reusedFrom: first.id, attempts: 0 }, 'finished at once, never claimed');
  t.same((await h.admin.listAttempts(second.id)).attempts, []);
  t.same(await outputs(second.id), await outputs(first.id));
  const child = await h.submit('Bias', { args: ['child'], inputs: [{ job: second.id, path: 'master_bias.fits' }] });
  t.equal((await done(child.id)).state, 'succeeded', 'a child takes the reused outputs');
  t.equal(runs('twice'), 1);
  const without = await h.submit('Bias', { args: ['twice', '-d', '2026-11-30'] });
  t.match(await done(without.id), { state: 'succeeded', reusedFrom: null, attempts: 1 }, 'without reuse it runs');
  t.equal(runs('twice'), 2);
});

t.test('one byte changed in a setting or an input runs it again', async (t) => {
  const one = await h.submit('Bias', { args: ['setting'], settings: { GAIN: '1' }, reuse: true });
  await done(one.id);
  t.match(await h.submit('Bias', { args: ['setting'], settings: { GAIN: '1' }, reuse: true }), { state: 'succeeded', reusedFrom: one.id });
  const two = await h.submit('Bias', { args: ['setting'], settings: { GAIN: '2' }, reuse: true });
  t.match(await done(two.id), { state: 'succeeded', reusedFrom: null, attempts: 1 });
  t.equal(runs('setting'), 2);

  await h.recipe('Make', 'echo "$1" > "$AWE_OUTPUT_DIR/raw.fits"');
  const x = await h.submit('Make', { args: ['x'] });
  const y = await h.submit('Make', { args: ['y'] });
  await done(x.id);
  await done(y.id);
  const fromX = await h.submit('Bias', { args: ['input'], inputs: [{ job: x.id, path: 'raw.fits' }], reuse: true });
  await done(fromX.id);
  t.match(await h.submit('Bias', { args: ['input'], inputs: [{ job: x.id, path: 'raw.fits' }], reuse: true }), { state: 'succeeded', reusedFrom: fromX.id });
  const fromY = await h.submit('Bias', { args: ['input'], inputs: [{ job: y.id, path: 'raw.fits' }], reuse: true });
  t.match(await done(fromY.id), { state: 'succeeded', reusedFrom: null, attempts: 1 });
  t.equal(runs('input'), 2);
});

t.test('a recipe marked reusable: false never reuses; a recipe may reuse by default', async (t) => {
  await countingRecipe('Clock', { reusable: false });
  for (let i = 0; i < 2; i++) t.match(await done((await h.submit('Clock', { args: ['clock'], reuse: true })).id), { state: 'succeeded', reusedFrom: null });
  t.equal(runs('clock'), 2);
  const refused = await h.admin.putRecipe('Clock', { command: ['true'], reuse: true, reusable: false }).catch((error: unknown) => error);
  t.match(refused, { statusCode: 400, code: 'AWE_ERR_VALIDATION' });

  await countingRecipe('Dark', { reuse: true });
  const first = await h.submit('Dark', { args: ['dark'] });
  await done(first.id);
  t.match(await h.submit('Dark', { args: ['dark'] }), { state: 'succeeded', reusedFrom: first.id });
  t.match(await done((await h.submit('Dark', { args: ['dark'], reuse: false })).id), { reusedFrom: null, attempts: 1 }, 'a submit may say no');
  const rerun = await h.admin.rerunJob(first.id);
  t.match(await done(rerun.id), { rerunOf: first.id, reusedFrom: null, attempts: 1 }, 'a rerun runs again');
  t.equal(runs('dark'), 3);
});

t.test("another user's identical job is reused only without a user bundle", async (t) => {
  const [one, two] = await Promise.all(['dev1', 'dev2'].map(async (name) => h.service.client(await h.service.user(name, 'developer'))));
  const source = Buffer.from('print("calibrate")\n');
  const sha = createHash('sha256').update(source).digest('hex');
  await one.uploadBlob(sha, source);
  await two.uploadBlob(sha, source);
  const files = [{ path: 'pkg/mod.py', sha256: sha, size: source.length, mode: 0o644 as const }];
  const bundle = (await one.createBundle(files)).id;
  t.equal((await two.createBundle(files)).id, bundle);

  const shared = await one.submitJob({ recipe: 'Bias', args: ['catalog'], reuse: true });
  await done(shared.id);
  t.match(await two.submitJob({ recipe: 'Bias', args: ['catalog'], reuse: true }), { state: 'succeeded', reusedFrom: shared.id }, 'the catalog recipe without a bundle: shared');
  const own = await one.submitJob({ recipe: 'Bias', args: ['bundled'], bundle, reuse: true });
  await done(own.id);
  t.match(await one.submitJob({ recipe: 'Bias', args: ['bundled'], bundle, reuse: true }), { state: 'succeeded', reusedFrom: own.id }, 'the owner reuses their own');
  const other = await two.submitJob({ recipe: 'Bias', args: ['bundled'], bundle, reuse: true });
  t.match(await done(other.id), { state: 'succeeded', reusedFrom: null, attempts: 1 }, 'another user with a bundle runs it');
  t.equal(runs('catalog'), 1);
  t.equal(runs('bundled'), 2);
});

t.test('one byte changed in the base code of a node that could run the job runs it again', async (t) => {
  const first = await h.submit('Bias', { args: ['base'], reuse: true });
  await done(first.id);
  const changed = join(h.dir, 'changed-base');
  mkdirSync(join(changed, 'opipe'), { recursive: true });
  writeFileSync(join(changed, 'opipe', '__init__.py'), 'VERSION = 2\n');
  await h.agent({ baseCode: changed });
  const again = await h.submit('Bias', { args: ['base'], reuse: true });
  t.match(await done(again.id), { state: 'succeeded', reusedFrom: null, attempts: 1 });
  t.equal(runs('base'), 2);
});
