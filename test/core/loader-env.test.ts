import t from 'tap';
import { loaderEnvRefusal, refusedLoaderEnv } from '../../core/loader-env.js';

t.test('names that change how programs load code are refused, with why', async (t) => {
  for (const name of ['LD_PRELOAD', 'LD_LIBRARY_PATH', 'LD_AUDIT', 'LD_ANYTHING', 'DYLD_INSERT_LIBRARIES', 'BASH_ENV', 'ENV', 'PERL5OPT', 'NODE_OPTIONS', 'PYTHONSTARTUP', 'PYTHONHOME', 'PYTHONINSPECT', 'BASH_FUNC_ls%%']) {
    t.match(loaderEnvRefusal(name), name, `${name} refused`);
  }
});

t.test('ordinary names pass, PYTHONPATH included (the agent puts the job\'s code first anyway)', async (t) => {
  for (const name of ['PYTHONPATH', 'PATH', 'OMP_NUM_THREADS', 'LDFLAGS', 'ENVIRONMENT', 'ld_preload']) t.equal(loaderEnvRefusal(name), null, name);
  t.same(refusedLoaderEnv(undefined), []);
  t.same(refusedLoaderEnv({ A: '1', LD_PRELOAD: 'x' }).length, 1);
});
