/**
 * The real Slurm the batch tests run against: the one from SLURM_CONF, else
 * the single-host cluster of scripts/slurm-local.sh.
 */
import { existsSync } from 'node:fs';
import { runCommand } from '../../agent/executors/grid/run-command.js';

const LOCAL_CONF = '/tmp/awe-slurm/slurm.conf';

export const NO_SLURM = 'skip: no Slurm answering (run scripts/slurm-local.sh start)';

/** The environment Slurm's commands need, or null when no Slurm answers `sinfo` within 5 s. */
export async function findSlurm(): Promise<NodeJS.ProcessEnv | null> {
  const env = { ...process.env };
  if (!env.SLURM_CONF && existsSync(LOCAL_CONF)) env.SLURM_CONF = LOCAL_CONF;
  const sinfo = await runCommand(['sinfo', '--noheader'], { timeoutMs: 5_000, env });
  return sinfo.code === 0 ? env : null;
}

/**
 * Ids of the batch jobs with that name that Slurm knows (pending, running or
 * recently finished); with `within`, only those whose batch script is in that
 * directory, since every test service starts at job 1 and names repeat.
 */
export async function slurmJobsNamed(name: string, env: NodeJS.ProcessEnv, within?: string): Promise<string[]> {
  const squeue = await runCommand(['squeue', '--noheader', '--states=all', `--name=${name}`, '--format=%i|%o'], { timeoutMs: 10_000, env });
  return squeue.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('|'))
    .filter(([, script = '']) => within === undefined || script.startsWith(`${within}/`))
    .map(([id = '']) => id);
}
