/**
 * awe-cache's configuration, validated in one place: each setting from its
 * flag, else its environment variable (AWE_CACHE_*), else the default.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { envFlag } from '../core/env-flag.js';
import { cleartextRefusal, cleartextToRemote } from '../core/transport.js';

export interface CacheConfig {
  /** The service the cache reads through to. */
  server: string;
  /** Where cached content lives (kept across restarts). */
  dir: string;
  host: string;
  port: number;
  /** The high watermark: above it, least recently used content is evicted down to the low one. */
  maxBytes: number;
  caFile: string | null;
  /** How long the service's answer to "may this credential read that blob" is reused: a revocation holds within this. */
  authTtlSeconds: number;
  logLevel: string;
}

const FLAGS = {
  server: { type: 'string' },
  dir: { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  'max-gb': { type: 'string' },
  ca: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const USAGE = `usage: awe-cache --server URL --dir DIR [--host H] [--port N] [--max-gb G] [--ca FILE]
  --server URL   the service to read through to; env AWE_CACHE_SERVER
  --dir DIR      where cached content is kept (survives restarts); env AWE_CACHE_DIR
  --host H       address to listen on (default 127.0.0.1); env AWE_CACHE_HOST
  --port N       port (default 8090; 0 picks a free one); env AWE_CACHE_PORT
  --max-gb G     disk high watermark in GB (default 50): past it, least recently used
                 content is evicted down to 90% of it; env AWE_CACHE_MAX_GB
  --ca FILE      PEM of the CA that signed the service's certificate; env AWE_CACHE_CA
Also: AWE_CACHE_AUTH_TTL_SECONDS (default 10) bounds how long an authorization answer is reused,
AWE_CACHE_LOG_LEVEL (default info), AWE_INSECURE_HTTP=1 to accept a plain-http service on another host.`;

const GB = 1024 ** 3;

function number(name: string, text: string, min: number, max: number, integer: boolean): number {
  const value = Number(text);
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min || value > max) {
    throw new Error(`${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, not "${text}"`);
  }
  return value;
}

/** Throws with a message naming the bad setting. */
export function loadCacheConfig(argv: string[], env: NodeJS.ProcessEnv): CacheConfig & { help: boolean } {
  const { values } = parseArgs({ args: argv, options: FLAGS, strict: true, allowPositionals: false });
  const pick = (flag: Exclude<keyof typeof FLAGS, 'help'>): string | undefined =>
    values[flag] ?? (env[`AWE_CACHE_${flag === 'max-gb' ? 'MAX_GB' : flag.toUpperCase()}`] || undefined);
  const help = values.help === true;
  const server = pick('server');
  const dir = pick('dir');
  if (!help && !server) throw new Error('--server is required (or AWE_CACHE_SERVER)');
  if (!help && !dir) throw new Error('--dir is required (or AWE_CACHE_DIR)');
  if (server && !/^https?:\/\/[^/]+/.test(server)) throw new Error(`--server must be an http(s) URL, not "${server}"`);
  // The cache forwards job and content tokens to the service: the same rule as agents and CLIs.
  if (server && !envFlag(env.AWE_INSECURE_HTTP) && cleartextToRemote(server)) throw new Error(cleartextRefusal(server));
  const caFile = pick('ca');
  if (caFile && !existsSync(caFile)) throw new Error(`--ca ${caFile}: no such file`);
  const port = pick('port');
  const maxGb = pick('max-gb');
  const ttl = env.AWE_CACHE_AUTH_TTL_SECONDS || undefined;
  return {
    help,
    server: (server ?? '').replace(/\/+$/, ''),
    dir: resolve(dir ?? '.'),
    host: pick('host') ?? '127.0.0.1',
    port: port === undefined ? 8090 : number('--port', port, 0, 65535, true),
    maxBytes: Math.floor((maxGb === undefined ? 50 : number('--max-gb', maxGb, 0.000001, 1_000_000, false)) * GB),
    caFile: caFile ? resolve(caFile) : null,
    authTtlSeconds: ttl === undefined ? 10 : number('AWE_CACHE_AUTH_TTL_SECONDS', ttl, 0, 3600, true),
    logLevel: env.AWE_CACHE_LOG_LEVEL || 'info',
  };
}
