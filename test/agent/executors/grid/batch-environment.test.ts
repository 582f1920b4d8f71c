import t from 'tap';
import { batchEnvironment } from '../../../../agent/executors/grid/grid-executor.js';

t.test("batch commands get what they need, never the agent's own variables", async (t) => {
  const kept = {
    PATH: '/usr/bin',
    HOME: '/home/awe',
    LANG: 'C.UTF-8',
    LC_ALL: 'C',
    SLURM_CONF: '/etc/slurm/slurm.conf',
    PBS_SERVER: 'pbs1',
    SGE_ROOT: '/opt/sge',
  };
  const dropped = {
    AWE_SERVER: 'https://awe.example.org',
    AWE_AGENT_ENROLL: 'awe_enroll_secret',
    DB_PASSWORD: 'hunter2',
    NODE_OPTIONS: '--inspect',
  };
  t.same(batchEnvironment({ ...kept, ...dropped }), kept);
});
