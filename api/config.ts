import { parseArgs } from 'node:util';
import { resolve } from 'node:path';

/** Everything the service reads from its environment, validated in one place. */
export interface ServerConfig {
  host: string;
  port: number;
  dataDir: string;
  leaseSeconds: number;
  tlsCert: string | null;
  tlsKey: string | null;
  /** Longest long-poll held; field notes: gateways close requests after ~29 s. */
  maxWaitSeconds: number;
  bodyLimitBytes: number;
  logCapBytes: number;
  zipMaxBytes: number;
  uploadMaxBytes: number;
  synchronous: 'normal' | 'full';
  logLevel: string;
  tokenTtlSeconds: number;
  /** AWE_ANONYMOUS_VISITORS=1: requests without a token browse as the visitor role (the admin's choice). */
  anonymousVisitors: boolean;
}

const MiB = 1024 * 1024;

export const DEFAULTS: ServerConfig = {
  host: '127.0.0.1',
  port: 8080,
  dataDir: './data',
  leaseSeconds: 60,
  tlsCert: null,
  tlsKey: null,
  maxWaitSeconds: 25,
  bodyLimitBytes: MiB,
  logCapBytes: 64 * MiB,
  zipMaxBytes: 1024 * MiB,
  uploadMaxBytes: 1024 * MiB,
  synchronous: 'normal',
  logLevel: 'info',
  tokenTtlSeconds: 12 * 3600,
  anonymousVisitors: false,
};

const FLAGS = {
  host: { type: 'string' },
  port: { type: 'string' },
  'data-dir': { type: 'string' },
  'lease-seconds': { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const USAGE = `usage: awe-server [--host H] [--port P] [--data-dir DIR] [--lease-seconds S] [--tls-cert F --tls-key F]
Each flag can also be set in the environment: AWE_HOST, AWE_PORT, AWE_DATA_DIR, AWE_LEASE_SECONDS,
AWE_TLS_CERT, AWE_TLS_KEY; also AWE_LOG_CAP_BYTES, AWE_SYNCHRONOUS (normal|full), AWE_LOG_LEVEL,
AWE_MAX_WAIT_SECONDS (longest long poll, default 25: gateways close requests after ~29 s),
AWE_ANONYMOUS_VISITORS=1 (requests without a token browse as visitors; off by default).`;

function integer(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be an integer from ${min} to ${max}, not "${text}"`);
  return value;
}

/** Flags win over the environment, which wins over the defaults. Throws with a message naming the bad setting. */
export function loadServerConfig(argv: string[], env: NodeJS.ProcessEnv): ServerConfig & { help: boolean } {
  const { values } = parseArgs({ args: argv, options: FLAGS, strict: true });
  const pick = (flag: keyof typeof FLAGS, variable: string): string | undefined =>
    (values[flag] as string | undefined) ?? (env[variable] || undefined);
  const port = pick('port', 'AWE_PORT');
  const lease = pick('lease-seconds', 'AWE_LEASE_SECONDS');
  const tlsCert = pick('tls-cert', 'AWE_TLS_CERT') ?? null;
  const tlsKey = pick('tls-key', 'AWE_TLS_KEY') ?? null;
  if ((tlsCert === null) !== (tlsKey === null)) throw new Error('AWE_TLS_CERT and AWE_TLS_KEY must be given together');
  const synchronous = env.AWE_SYNCHRONOUS ?? DEFAULTS.synchronous;
  if (synchronous !== 'normal' && synchronous !== 'full') throw new Error('AWE_SYNCHRONOUS must be normal or full');
  return {
    ...DEFAULTS,
    help: values.help === true,
    host: pick('host', 'AWE_HOST') ?? DEFAULTS.host,
    port: port === undefined ? DEFAULTS.port : integer('port', port, 0, 65535),
    dataDir: resolve(pick('data-dir', 'AWE_DATA_DIR') ?? DEFAULTS.dataDir),
    leaseSeconds: lease === undefined ? DEFAULTS.leaseSeconds : integer('lease seconds', lease, 3, 86400),
    tlsCert,
    tlsKey,
    maxWaitSeconds: env.AWE_MAX_WAIT_SECONDS ? integer('AWE_MAX_WAIT_SECONDS', env.AWE_MAX_WAIT_SECONDS, 1, 60) : DEFAULTS.maxWaitSeconds,
    logCapBytes: env.AWE_LOG_CAP_BYTES ? integer('AWE_LOG_CAP_BYTES', env.AWE_LOG_CAP_BYTES, 1024, 2 ** 40) : DEFAULTS.logCapBytes,
    synchronous,
    logLevel: env.AWE_LOG_LEVEL ?? DEFAULTS.logLevel,
    anonymousVisitors: env.AWE_ANONYMOUS_VISITORS === '1',
  };
}
