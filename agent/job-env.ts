/**
 * The recipe's environment: a small base taken from the agent's own (not all
 * of it: the agent's credentials and unrelated settings stay out), the job's
 * env on top, then what the agent decides for the attempt, which the job
 * cannot override.
 */
import { delimiter } from 'node:path';

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
  Object.assign(env, jobEnv);
  // The bundle shadows the node's base code, which shadows whatever was there.
  const existing = jobEnv.PYTHONPATH ?? agentEnv.PYTHONPATH;
  const pythonPath = [paths.codeDir, paths.baseCode, ...(existing ? [existing] : [])].filter((p): p is string => !!p);
  if (pythonPath.length > 0) env.PYTHONPATH = pythonPath.join(delimiter);
  env.HOME = paths.homeDir;
  env.AWE_OUTPUT_DIR = paths.outputDir;
  env.AWE_JOB_ID = String(paths.jobId);
  return env;
}
