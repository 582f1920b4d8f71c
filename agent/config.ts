/**
 * The agent's configuration, validated in one place. Each setting comes from
 * the first of: a command-line flag, the environment (`AWE_SERVER`,
 * `AWE_AGENT_*`), `<work-dir>/agent.json`, the default. The work dir itself
 * can only come from a flag or the environment, since the file lives in it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir, hostname, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { LABEL_NAME, parseLabels, type Labels } from '../core/labels.js';
import { SITE_LABEL, withSite } from '../core/sites.js';
import { envFlag } from '../core/env-flag.js';
import { cleartextRefusal, cleartextToRemote } from '../core/transport.js';

export interface AgentConfig {
  server: string;
  /** Enrollment token: used only when no credential is stored yet. */
  enroll: string | null;
  name: string;
  /** Its labels, with `site` set when a site was given. */
  labels: Labels;
  /** The site it asks to belong to at enrollment (`--site`); null: its label `site`, or the one its enrollment token names. */
  site: string | null;
  slots: number;
  memoryMB: number;
  workDir: string;
  caFile: string | null;
  /** Extra code put on PYTHONPATH after the job's bundle. */
  baseCode: string | null;
  executor: string;
  sharedDir: string | null;
  graceSeconds: number;
  logLevel: string;
  /** `bwrap`: each recipe in a bubblewrap sandbox seeing only its own job; `none`: as the agent's user, seeing what it sees. */
  isolation: Isolation;
  /** With `none`: the node's admin accepts jobs that ship their own code (-mycode) all the same. */
  trustUserCode: boolean;
  /** Whether a sandboxed recipe has the network (it usually talks to the database). */
  isolationNetwork: boolean;
  /** Plain http to a remote host was accepted: the agent warns at start. */
  insecureHttp: boolean;
  /** The site's awe-cache (docs/sites.md): bundle files and inputs are read there first. */
  cache: string | null;
  /** The high watermark of the node's own bundle cache; past it, least recently used files go. */
  bundleCacheBytes: number;
}

export type Isolation = 'bwrap' | 'none';

const FLAGS = {
  server: { type: 'string' },
  enroll: { type: 'string' },
  name: { type: 'string' },
  labels: { type: 'string' },
  site: { type: 'string' },
  slots: { type: 'string' },
  'memory-mb': { type: 'string' },
  'work-dir': { type: 'string' },
  ca: { type: 'string' },
  'base-code': { type: 'string' },
  executor: { type: 'string' },
  'shared-dir': { type: 'string' },
  'grace-seconds': { type: 'string' },
  'log-level': { type: 'string' },
  isolation: { type: 'string' },
  'trust-user-code': { type: 'boolean' },
  'isolation-network': { type: 'string' },
  'insecure-http': { type: 'boolean' },
  cache: { type: 'string' },
  'bundle-cache-gb': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Setting = Exclude<keyof typeof FLAGS, 'help' | 'trust-user-code' | 'insecure-http'>;

export const USAGE = `usage: awe-agent --server URL [--enroll TOKEN] [options]
  --server URL          the service (https://host:port); env AWE_SERVER
  --enroll TOKEN        enrollment token from an admin, first start only
  --name NAME           node name (default: host name)
  --labels k=v,...      node labels jobs are routed by
  --site NAME           the site (compute centre) it belongs to, fixed at enrollment; also its label site=NAME
  --slots N             jobs run at once (default 1)
  --memory-mb N         memory offered to jobs (default: all of the host's)
  --work-dir DIR        credential, job dirs, bundle cache (default ~/.awe-agent)
  --ca FILE             PEM of the CA that signed the service's certificate
  --base-code DIR       code put on PYTHONPATH after a job's bundle
  --executor NAME       local (default), slurm, pbs or sge
  --shared-dir DIR      directory shared with batch nodes (batch executors)
  --grace-seconds N     SIGTERM to SIGKILL when stopping a recipe (default 10)
  --log-level LEVEL     pino level (default info)
  --isolation MODE      bwrap (default: each recipe sees only its own job) or none
  --trust-user-code     with --isolation none: take jobs that ship their own code all the same
  --isolation-network N full (default) or none: cut a sandboxed recipe off the network
  --insecure-http       accept plain http:// to a host other than this one (env AWE_INSECURE_HTTP=1); warns at start
  --cache URL           the site's awe-cache: bundle files and inputs are read there, the service when it
                        does not answer; env AWE_CACHE too (docs/sites.md)
  --bundle-cache-gb G   the node's bundle cache keeps at most this much (default 20): least recently used
                        files go, down to 90% of it
Every other flag can also be set as AWE_AGENT_<FLAG> (e.g. AWE_AGENT_SLOTS=4) or in <work-dir>/agent.json ({"slots": 4}).`;

// The server and the cache have the names every program of the site reads (awrecipe too).
const envName = (setting: Setting): string =>
  setting === 'server' ? 'AWE_SERVER' : setting === 'cache' ? 'AWE_CACHE' : `AWE_AGENT_${setting.toUpperCase().replace(/-/g, '_')}`;

function integer(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`--${name} must be an integer from ${min} to ${max}, not "${text}"`);
  return value;
}

function positive(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number, not "${text}"`);
  return value;
}

/** `<work-dir>/agent.json`: the same names as the flags; values strings or numbers (labels also an object). */
function readConfigFile(workDir: string): Partial<Record<Setting | 'trust-user-code', string>> {
  const path = join(workDir, 'agent.json');
  if (!existsSync(path)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${path}: not valid JSON: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${path}: expected an object of settings`);
  const out: Partial<Record<Setting | 'trust-user-code', string>> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (key === 'trust-user-code' && typeof value === 'boolean') {
      out[key] = String(value);
      continue;
    }
    if (!(key in FLAGS) || key === 'help' || key === 'work-dir' || key === 'insecure-http') throw new Error(`${path}: unknown setting "${key}"`);
    if (key === 'labels' && typeof value === 'object' && value !== null) {
      out.labels = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}=${String(v)}`).join(',');
    } else if (typeof value === 'string' || typeof value === 'number') {
      out[key as Setting] = String(value);
    } else {
      throw new Error(`${path}: "${key}" must be a string or a number`);
    }
  }
  return out;
}

/** Throws with a message naming the bad setting. */
export function loadAgentConfig(argv: string[], env: NodeJS.ProcessEnv): AgentConfig & { help: boolean } {
  const { values } = parseArgs({ args: argv, options: FLAGS, strict: true, allowPositionals: false });
  const fromFlagOrEnv = (setting: Setting): string | undefined => (values[setting] as string | undefined) ?? (env[envName(setting)] || undefined);
  const workDir = resolve(fromFlagOrEnv('work-dir') ?? join(homedir(), '.awe-agent'));
  const file = readConfigFile(workDir);
  const pick = (setting: Setting): string | undefined => fromFlagOrEnv(setting) ?? file[setting];

  const help = values.help === true;
  const server = pick('server');
  if (!server && !help) throw new Error('--server is required (or AWE_SERVER)');
  if (server && !/^https?:\/\/[^/]+/.test(server)) throw new Error(`--server must be an http(s) URL, not "${server}"`);
  const insecureHttp = values['insecure-http'] === true || envFlag(env.AWE_INSECURE_HTTP);
  if (server && !insecureHttp && cleartextToRemote(server)) throw new Error(cleartextRefusal(server));
  const executor = pick('executor') ?? 'local';
  const sharedDir = pick('shared-dir');
  const caFile = pick('ca');
  if (caFile && !existsSync(caFile)) throw new Error(`--ca ${caFile}: no such file`);
  const baseCode = pick('base-code');
  const slots = pick('slots');
  const memory = pick('memory-mb');
  const grace = pick('grace-seconds');
  const isolation = pick('isolation') ?? 'bwrap';
  if (isolation !== 'bwrap' && isolation !== 'none') throw new Error(`--isolation must be bwrap or none, not "${isolation}"`);
  const network = pick('isolation-network') ?? 'full';
  if (network !== 'full' && network !== 'none') throw new Error(`--isolation-network must be full or none, not "${network}"`);
  const labels = parseLabels(pick('labels') ?? '');
  const site = pick('site') ?? null;
  if (site !== null && !LABEL_NAME.test(site)) throw new Error(`--site must be letters, digits, _ . - (at most 64), not "${site}"`);
  if (site !== null && labels[SITE_LABEL] !== undefined && labels[SITE_LABEL] !== site) throw new Error(`--site ${site} and the label site=${labels[SITE_LABEL]} disagree`);
  const cache = pick('cache');
  if (cache && !/^https?:\/\/[^/]+/.test(cache)) throw new Error(`--cache must be an http(s) URL, not "${cache}"`);
  // Job tokens go to the cache: the same rule as for the service.
  if (cache && !insecureHttp && cleartextToRemote(cache)) throw new Error(cleartextRefusal(cache));
  const bundleCacheGb = pick('bundle-cache-gb');
  const trust = values['trust-user-code'] === true || [env.AWE_AGENT_TRUST_USER_CODE, file['trust-user-code']].some(envFlag);
  return {
    help,
    server: (server ?? '').replace(/\/+$/, ''),
    enroll: pick('enroll') ?? null,
    name: pick('name') ?? hostname(),
    labels: site === null ? labels : withSite(labels, site),
    site,
    slots: slots === undefined ? 1 : integer('slots', slots, 1, 1024),
    memoryMB: memory === undefined ? Math.floor(totalmem() / 1024 / 1024) : integer('memory-mb', memory, 0, 2 ** 31),
    workDir,
    caFile: caFile ? resolve(caFile) : null,
    baseCode: baseCode ? resolve(baseCode) : null,
    executor,
    sharedDir: sharedDir ? resolve(sharedDir) : null,
    graceSeconds: grace === undefined ? 10 : integer('grace-seconds', grace, 0, 3600),
    logLevel: pick('log-level') ?? 'info',
    isolation,
    trustUserCode: trust,
    isolationNetwork: network === 'full',
    insecureHttp: insecureHttp && [server, cache].some((url) => url !== undefined && cleartextToRemote(url)),
    cache: cache ? cache.replace(/\/+$/, '') : null,
    bundleCacheBytes: Math.floor((bundleCacheGb === undefined ? 20 : positive('bundle-cache-gb', bundleCacheGb)) * 1024 ** 3),
  };
}
