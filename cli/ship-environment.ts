/**
 * What every submit carries of the user's AWE context: the keys of
 * `~/.awe/Environment.cfg` as the job's settings, and as its env the variables
 * that overrule those keys here (PROJECT or AWE_PROJECT for `project`) plus the
 * AWE_* variables the user asks for. Secret-looking values are sent like the
 * others: the service seals them and never answers them back.
 */
import { readFile } from 'node:fs/promises';
import { overrulingEnvNames, parseEnvironmentCfg, type Settings } from '../core/environment-cfg.js';
import { loaderEnvRefusal } from '../core/loader-env.js';
import { awePath } from './config.js';
import { CliError, UsageError } from './errors.js';

export interface EnvironmentShipment {
  /** Where the settings were read from (the file may not exist). */
  path: string;
  settings: Settings;
  env: Record<string, string>;
  /** Names asked for but not set here: worth a warning. */
  unset: string[];
}

/** The CLI's own credentials never leave this machine. */
const NEVER_SHIPPED = new Set(['AWE_TOKEN', 'AWE_SERVER']);

/**
 * Names every process relies on. A setting called `path` or `home` must not
 * replace them on the node; for such keys only the AWE_ form overrules.
 */
const PROCESS_VARIABLES = new Set(['PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'PWD', 'TMPDIR', 'LANG', 'TZ', 'PYTHONPATH', 'PYTHONHOME']);

function environmentCfgPath(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return flag ?? (env.AWE_ENVIRONMENT_CFG || undefined) ?? awePath('Environment.cfg');
}

/** The names of -env and AWE_SHIP_ENV; anything but AWE_* is a usage error. */
function requestedNames(flagNames: readonly string[], env: NodeJS.ProcessEnv): string[] {
  const listed = (env.AWE_SHIP_ENV ?? '').split(',').map((name) => name.trim()).filter((name) => name !== '');
  const names = [...new Set([...flagNames, ...listed])];
  for (const name of names) {
    if (!/^AWE_[A-Za-z0-9_]+$/.test(name)) throw new UsageError(`-env ${name}: only AWE_* variables can be shipped`);
  }
  return names.filter((name) => !NEVER_SHIPPED.has(name));
}

/** Pure: which variables of `processEnv` go with the job. */
export function shippedEnv(settings: Settings, processEnv: NodeJS.ProcessEnv, requested: readonly string[]): { env: Record<string, string>; unset: string[] } {
  const env: Record<string, string> = {};
  for (const key of Object.keys(settings)) {
    for (const name of overrulingEnvNames(key)) {
      const value = processEnv[name];
      // A setting named like a loader variable (ld_preload) is not overruled by it: the service refuses those names.
      if (value === undefined || NEVER_SHIPPED.has(name) || PROCESS_VARIABLES.has(name) || loaderEnvRefusal(name) !== null) continue;
      env[name] = value;
    }
  }
  const unset: string[] = [];
  for (const name of requested) {
    const value = processEnv[name];
    if (value === undefined) unset.push(name);
    else env[name] = value;
  }
  return { env, unset };
}

export async function environmentShipment(flagFile: string | undefined, flagNames: readonly string[], processEnv: NodeJS.ProcessEnv): Promise<EnvironmentShipment> {
  const path = environmentCfgPath(flagFile, processEnv);
  let text = '';
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    // No Environment.cfg is a normal first setup, unless the user named one.
    const named = flagFile !== undefined || !!processEnv.AWE_ENVIRONMENT_CFG;
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || named) throw new CliError(`cannot read ${path}: ${(err as Error).message}`);
  }
  const settings = parseEnvironmentCfg(text);
  return { path, settings, ...shippedEnv(settings, processEnv, requestedNames(flagNames, processEnv)) };
}
