import t from 'tap';
import { recipeEnv } from '../../agent/job-env.js';

const paths = { jobId: 7, homeDir: '/j/work/home', outputDir: '/j/work/output', codeDir: '/j/work/code', baseCode: '/opt/pipeline' };

t.test('the job\'s PYTHONPATH comes after the bundle and the base code; Python ignores the cwd', async (t) => {
  const env = recipeEnv({ PATH: '/usr/bin', SECRET_OF_AGENT: 'x' }, { PYTHONPATH: '/mine', COLOR: 'blue' }, paths);
  t.equal(env.PYTHONPATH, '/j/work/code:/opt/pipeline:/mine');
  t.equal(env.PYTHONSAFEPATH, '1');
  t.equal(env.COLOR, 'blue');
  t.equal(env.SECRET_OF_AGENT, undefined, 'the agent\'s own variables stay out');
});

t.test('loader variables of a job stored before the submit rule are dropped', async (t) => {
  const env = recipeEnv({ PATH: '/usr/bin' }, { LD_PRELOAD: '/tmp/evil.so', BASH_ENV: '/tmp/rc', PYTHONSAFEPATH: '', OK: '1' }, paths);
  t.equal(env.LD_PRELOAD, undefined);
  t.equal(env.BASH_ENV, undefined);
  t.equal(env.PYTHONSAFEPATH, '1', 'the job cannot turn it off');
  t.equal(env.OK, '1');
});
