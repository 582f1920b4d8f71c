/**
 * The recipe's environment: a small base taken from the agent's own (not all
 * of it: the agent's credentials and unrelated settings stay out), the job's
 * env on top, then what the agent decides for the attempt, which the job
 * cannot override. Names that change how programs load code are dropped
 * (the service refuses them at submit; a job stored before that rule may
 * still carry them).
 */
import { delimiter } from 'node:path';
import { loaderEnvRefusal } from '../core/loader-env.js';

/** Variables passed through from the agent: where programs are, language, time zone, scratch space, who runs it. */
const BASE = ['PATH', 'LANG', 'LANGUAGE', 'LC_ALL', 'LC_CTYPE', 'TZ', 'TMPDIR', 'USER', 'LOGNAME'];

export interface AttemptPaths {
  jobId: number;
  homeDir: string;
  outputDir: string;
  /** The job's bundle, when it has one. */
  codeDir: string | null;
  baseCode: string | null;
}

export function recipeEnv(agentEnv: NodeJS.ProcessEnv, jobEnv: Record<string, string>, paths: AttemptPaths): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of BASE) {
    const value = agentEnv[name];
    if (value !== undefined) env[name] = value;
  }
  for (const [name, value] of Object.entries(jobEnv)) if (loaderEnvRefusal(name) === null) env[name] = value;
  // The bundle shadows the node's base code, which shadows whatever was there.
  const existing = jobEnv.PYTHONPATH ?? agentEnv.PYTHONPATH;
  const pythonPath = [paths.codeDir, paths.baseCode, ...(existing ? [existing] : [])].filter((p): p is string => !!p);
  if (pythonPath.length > 0) env.PYTHONPATH = pythonPath.join(delimiter);
  // Python 3.11+ then never puts the script's directory or the cwd (where the inputs are) first on sys.path.
  env.PYTHONSAFEPATH = '1';
  env.HOME = paths.homeDir;
  env.AWE_OUTPUT_DIR = paths.outputDir;
  env.AWE_JOB_ID = String(paths.jobId);
  return env;
}
