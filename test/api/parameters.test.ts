import t from 'tap';
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CATALOG } from '../../api/services/catalog.js';
import { AweApiError } from '@awe-dp/sdk';
import { startService } from '../helpers/service.js';

const examplesDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'examples');

t.test("the seeded catalog's parameters are what the example pipeline's argparse declares", async (t) => {
  const { stdout } = await promisify(execFile)('python3', ['-m', 'opipe.describe'], { cwd: examplesDir });
  const declared = JSON.parse(stdout) as Record<string, unknown>;
  t.same(Object.keys(declared).sort(), Object.keys(CATALOG).sort());
  for (const [name, entry] of Object.entries(CATALOG)) t.same(entry.parameters, declared[name], name);
});

t.test('a submit gives params by name; the service makes the args, and refuses what the recipe does not take', async (t) => {
  const service = await startService(t);
  const user = service.client(await service.user('ann', 'user'));
  const bias = await user.getRecipe('Bias');
  t.match(bias.parameters.find((p) => p.name === 'count'), { type: 'integer', default: 5, flag: '--count' });

  const job = await user.submitJob({ recipe: 'Bias', params: { count: 3, inputs: ['a.fits', 'b.fits'] } });
  t.same(job.args, ['a.fits', 'b.fits', '--count', '3'], 'positional in declared order, then the flag with its value');
  t.same(job.params, { count: 3, inputs: ['a.fits', 'b.fits'] }, 'the job keeps its params for "submit again"');
  t.same((await user.submitJob({ recipe: 'Bias', args: ['--count', '2'] })).args, ['--count', '2'], 'args stay as they were');

  const refusals: Array<[string, Record<string, unknown>, RegExp]> = [
    ['unknown name', { params: { cout: 3 } }, /unknown parameter "cout"/],
    ['wrong type', { params: { count: 'three' } }, /"count" must be an integer/],
    ['both args and params', { params: { count: 3 }, args: ['x'] }, /either args or params/],
  ];
  for (const [what, extra, message] of refusals) {
    const error = await user.submitJob({ recipe: 'Bias', ...extra }).catch((e: unknown) => e);
    t.ok(error instanceof AweApiError && error.statusCode === 400 && error.code === 'AWE_ERR_VALIDATION', `${what}: coded 400`);
    t.match((error as Error).message, message, what);
  }
});

t.test('PUT /v1/recipes checks the parameters it is given', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  const error = await admin
    .putRecipe('Odd', { command: ['true'], parameters: [{ name: 'quiet', type: 'boolean' }] })
    .catch((e: unknown) => e);
  t.ok(error instanceof AweApiError && error.statusCode === 400 && error.code === 'AWE_ERR_VALIDATION');
  t.match((error as Error).message, /a boolean needs a flag/);
  const put = await admin.putRecipe('Hello', { command: ['echo'], parameters: [{ name: 'who', type: 'string', default: 'world' }] });
  t.same(put.parameters, [{ name: 'who', type: 'string', default: 'world' }]);
  t.same((await admin.submitJob({ recipe: 'Hello', params: { who: 'awe' } })).args, ['awe']);
});
