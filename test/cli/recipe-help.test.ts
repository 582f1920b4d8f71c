import t from 'tap';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startService } from '../helpers/service.js';
import { awrecipe } from './cli-process.js';

t.test('help RECIPE prints the catalog parameters the web form offers', async (t) => {
  const service = await startService(t);
  await service.client().putRecipe('Hello', { command: ['python3', '-m', 'mypkg.hello'] });
  const home = await mkdtemp(join(tmpdir(), 'awe-home-'));
  t.teardown(() => rm(home, { recursive: true, force: true }));
  const ann = { AWE_SERVER: service.url, AWE_TOKEN: await service.user('ann', 'user'), HOME: home };
  const help = await awrecipe(['help', 'Bias'], { env: ann });
  t.equal(help.code, 0, help.stderr);
  t.match(help.stdout, /^Bias: Master bias from raw bias frames\n/);
  t.match(help.stdout, / {2}--count COUNT \(integer, default 5\): number of synthetic biases when no inputs are given\n/);
  t.match(help.stdout, / {2}INPUTS \(file-input, multiple\): raw bias frames\n/);
  const bare = await awrecipe(['help', 'Hello'], { env: ann });
  t.match(bare.stdout, /parameters: none declared/);
});
