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
  /** Default limit on a user's jobs that have not ended (waiting, queued, running); a user's own `maxActiveJobs` overrides it. */
  maxActiveJobsPerUser: number;
  /** Finished jobs' logs and outputs are deleted this many days after the job ended; 0 keeps them forever. */
  retentionDays: number;
  /** Uploads and log appends are refused (507) rather than leave less free space than this in the blob directory. */
  minFreeDiskMB: number;
  /** An unreferenced blob is collected only once its file is this old: time for an upload to be referenced. */
  blobGraceHours: number;
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
  maxActiveJobsPerUser: 100_000,
  retentionDays: 0,
  minFreeDiskMB: 1024,
  blobGraceHours: 24,
};

const FLAGS = {
  host: { type: 'string' },
  port: { type: 'string' },
  'data-dir': { type: 'string' },
  'lease-seconds': { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  'rotate-jwt-key': { type: 'boolean' },
} as const;

export const USAGE = `usage: awe-server [--host H] [--port P] [--data-dir DIR] [--lease-seconds S] [--tls-cert F --tls-key F]
       awe-server --rotate-jwt-key [--data-dir DIR]   add a new token signing key and exit; servers sign with it
                                                      from their next start, older tokens stay valid until they expire
Each flag can also be set in the environment: AWE_HOST, AWE_PORT, AWE_DATA_DIR, AWE_LEASE_SECONDS,
AWE_TLS_CERT, AWE_TLS_KEY; also AWE_LOG_CAP_BYTES, AWE_SYNCHRONOUS (normal|full), AWE_LOG_LEVEL,
AWE_MAX_WAIT_SECONDS (longest long poll, default 25: gateways close requests after ~29 s),
AWE_MAX_ACTIVE_JOBS_PER_USER (jobs a user may have waiting, queued or running; default 100000),
AWE_RETENTION_DAYS (delete finished jobs' logs and outputs after this many days; default 0, keep forever),
AWE_MIN_FREE_DISK_MB (refuse uploads and log appends below this free space; default 1024),
AWE_BLOB_GRACE_HOURS (age before an unreferenced blob is collected; default 24).`;

function integer(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be an integer from ${min} to ${max}, not "${text}"`);
  return value;
}

/** Flags win over the environment, which wins over the defaults. Throws with a message naming the bad setting. */
export function loadServerConfig(argv: string[], env: NodeJS.ProcessEnv): ServerConfig & { help: boolean; rotateJwtKey: boolean } {
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
    rotateJwtKey: values['rotate-jwt-key'] === true,
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
    maxActiveJobsPerUser: env.AWE_MAX_ACTIVE_JOBS_PER_USER
      ? integer('AWE_MAX_ACTIVE_JOBS_PER_USER', env.AWE_MAX_ACTIVE_JOBS_PER_USER, 0, 2 ** 31)
      : DEFAULTS.maxActiveJobsPerUser,
    retentionDays: env.AWE_RETENTION_DAYS ? integer('AWE_RETENTION_DAYS', env.AWE_RETENTION_DAYS, 0, 36500) : DEFAULTS.retentionDays,
    minFreeDiskMB: env.AWE_MIN_FREE_DISK_MB ? integer('AWE_MIN_FREE_DISK_MB', env.AWE_MIN_FREE_DISK_MB, 0, 2 ** 30) : DEFAULTS.minFreeDiskMB,
    blobGraceHours: env.AWE_BLOB_GRACE_HOURS ? integer('AWE_BLOB_GRACE_HOURS', env.AWE_BLOB_GRACE_HOURS, 1, 24 * 365) : DEFAULTS.blobGraceHours,
  };
}
