import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import { envFlag } from '../core/env-flag.js';
import type { PasswordCost } from './services/passwords.js';

/** Everything the service reads from its environment, validated in one place. */
export interface ServerConfig {
  host: string;
  port: number;
  dataDir: string;
  /** secret.key and csrf.key, the same for every replica of one service; null: the data dir (see keysDirOf). */
  keysDir: string | null;
  /** Bundle files and outputs, one directory every replica reaches; null: the data dir's blobs/ (see blobDirOf). */
  blobDir: string | null;
  /** AWE_DATABASE_URL: a postgres:// URL selects the PostgreSQL store; null keeps SQLite in the data dir. */
  databaseUrl: string | null;
  /**
   * AWE_PG_NOTIFY: how replicas on PostgreSQL wake each other. `on` (LISTEN/NOTIFY over AWE_DATABASE_URL),
   * `off` (polling only: behind PgBouncer in transaction mode) or a postgres:// URL reaching PostgreSQL directly.
   */
  pgNotify: 'on' | 'off' | string;
  /** AWE_DATABASE_POOL_SIZE: connections this replica keeps to PostgreSQL at most. */
  databasePoolSize: number;
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
  /** Time for a request's headers, and for the whole request (headers and body: uploads must fit); the answer may take longer (long polls, log follows). */
  headersTimeoutSeconds: number;
  requestTimeoutSeconds: number;
  /** How long an idle keep-alive connection is kept between requests. */
  keepAliveTimeoutSeconds: number;
  /** Open connections served; past it a connection's requests get 503 and it is closed. */
  maxConnections: number;
  /** `?follow=1` log streams open at once per user, and how long one lasts before the client reconnects. */
  maxFollowsPerUser: number;
  followMaxSeconds: number;
  /** Fastify's trustProxy: false, a hop count, or the proxies' addresses/CIDRs. */
  trustProxy: false | number | string[];
  /** When set, /metrics is served only on this separate listener, without a token. */
  metricsHost: string | null;
  metricsPort: number | null;
  /** scrypt cost of new password hashes; `test` only for the test suite. */
  passwordHashCost: PasswordCost;
  /** Longest a claim leaves a job to a node nearer its data while another fitting node asks for work (docs/routing.md); 0: never. */
  localityWaitSeconds: number;
  /** AWE_ANONYMOUS_VISITORS=1: requests without a token browse as the visitor role (the admin's choice). */
  anonymousVisitors: boolean;
}

const MiB = 1024 * 1024;

export const DEFAULTS: ServerConfig = {
  host: '127.0.0.1',
  port: 8080,
  dataDir: './data',
  keysDir: null,
  blobDir: null,
  databaseUrl: null,
  pgNotify: 'on',
  databasePoolSize: 10,
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
  localityWaitSeconds: 30,
  minFreeDiskMB: 1024,
  blobGraceHours: 24,
  headersTimeoutSeconds: 30,
  requestTimeoutSeconds: 600,
  keepAliveTimeoutSeconds: 35,
  maxConnections: 50_000,
  maxFollowsPerUser: 10,
  followMaxSeconds: 3600,
  trustProxy: false,
  metricsHost: null,
  metricsPort: null,
  passwordHashCost: 'standard',
  anonymousVisitors: false,
};

const FLAGS = {
  host: { type: 'string' },
  port: { type: 'string' },
  'data-dir': { type: 'string' },
  'keys-dir': { type: 'string' },
  'blob-dir': { type: 'string' },
  'lease-seconds': { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  'rotate-jwt-key': { type: 'boolean' },
} as const;

export const USAGE = `usage: awe-server [--host H] [--port P] [--data-dir DIR] [--keys-dir DIR] [--blob-dir DIR]
                  [--lease-seconds S] [--tls-cert F --tls-key F]
       awe-server --rotate-jwt-key [--data-dir DIR] [--keys-dir DIR]   add a new token signing key and exit; servers
                                                      sign with it from their next start, older tokens stay valid until they expire
       awe-server migrate-store --from <sqlite file> --to postgres://…   copy a stopped installation into an empty
                                                      PostgreSQL database and exit (docs/operations.md)
Each flag can also be set in the environment: AWE_HOST, AWE_PORT, AWE_DATA_DIR, AWE_KEYS_DIR (default: the data dir),
AWE_BLOB_DIR (default: the data dir's blobs/), AWE_LEASE_SECONDS, AWE_TLS_CERT, AWE_TLS_KEY;
also AWE_DATABASE_URL (postgres://…[?schema=name]; unset: SQLite in the data dir),
AWE_DATABASE_POOL_SIZE (PostgreSQL connections per replica; default 10), AWE_PG_NOTIFY (on|off|postgres://…:
how replicas wake each other; off behind PgBouncer in transaction mode), AWE_LOG_CAP_BYTES, AWE_SYNCHRONOUS (normal|full), AWE_LOG_LEVEL,
AWE_MAX_WAIT_SECONDS (longest long poll, default 25: gateways close requests after ~29 s),
AWE_MAX_ACTIVE_JOBS_PER_USER (jobs a user may have waiting, queued or running; default 100000),
AWE_RETENTION_DAYS (delete finished jobs' logs and outputs after this many days; default 0, keep forever),
AWE_MIN_FREE_DISK_MB (refuse uploads and log appends below this free space; default 1024),
AWE_BLOB_GRACE_HOURS (age before an unreferenced blob is collected; default 24),
AWE_HEADERS_TIMEOUT_SECONDS (30), AWE_REQUEST_TIMEOUT_SECONDS (600), AWE_KEEPALIVE_TIMEOUT_SECONDS (35),
AWE_MAX_CONNECTIONS (50000), AWE_MAX_FOLLOWS_PER_USER (10), AWE_FOLLOW_MAX_SECONDS (3600),
AWE_TRUST_PROXY (off; a hop count or a comma-separated list of proxy addresses/CIDRs),
AWE_METRICS_HOST and AWE_METRICS_PORT (a separate listener for /metrics), AWE_PASSWORD_HASH_COST (test: test suite only).
AWE_ANONYMOUS_VISITORS=1 (requests without a token browse as visitors; off by default).
See docs/security.md.`;

/** Several replicas share the keys and the blobs (docs/operations.md); one service keeps them in its data dir. */
export const keysDirOf = (config: Pick<ServerConfig, 'dataDir' | 'keysDir'>): string => config.keysDir ?? config.dataDir;
export const blobDirOf = (config: Pick<ServerConfig, 'dataDir' | 'blobDir'>): string => config.blobDir ?? join(config.dataDir, 'blobs');

function integer(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be an integer from ${min} to ${max}, not "${text}"`);
  return value;
}

/** AWE_TRUST_PROXY as Fastify's trustProxy: a hop count or addresses; `true` (trust anyone) is not offered. */
function trustProxy(text: string | undefined): ServerConfig['trustProxy'] {
  if (!text || /^(0|false|off|no)$/i.test(text.trim())) return false;
  if (/^\d+$/.test(text.trim())) return integer('AWE_TRUST_PROXY', text.trim(), 1, 16);
  const addresses = text.split(',').map((part) => part.trim()).filter(Boolean);
  if (addresses.length === 0 || addresses.some((a) => !/^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(a))) {
    throw new Error(`AWE_TRUST_PROXY must be a hop count or comma-separated proxy addresses/CIDRs, not "${text}"`);
  }
  return addresses;
}

/** AWE_DATABASE_URL: a PostgreSQL URL or nothing; anything else is a typo worth stopping for. */
function databaseUrl(text: string | undefined): string | null {
  if (!text) return null;
  if (!/^postgres(ql)?:\/\//.test(text)) throw new Error('AWE_DATABASE_URL must be a postgres:// URL (leave it unset for SQLite in the data dir)');
  return text;
}

/** AWE_PG_NOTIFY: on, off, or the URL the replica link connects to instead of AWE_DATABASE_URL. */
function pgNotify(text: string | undefined): ServerConfig['pgNotify'] {
  if (!text || /^on$/i.test(text.trim())) return 'on';
  if (/^off$/i.test(text.trim())) return 'off';
  if (!/^postgres(ql)?:\/\//.test(text)) throw new Error('AWE_PG_NOTIFY must be on, off or a postgres:// URL');
  return text;
}

function numberFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const text = env[name];
  return text ? integer(name, text, min, max) : fallback;
}

/** Flags win over the environment, which wins over the defaults. Throws with a message naming the bad setting. */
export function loadServerConfig(argv: string[], env: NodeJS.ProcessEnv): ServerConfig & { help: boolean; rotateJwtKey: boolean } {
  const { values } = parseArgs({ args: argv, options: FLAGS, strict: true });
  const pick = (flag: keyof typeof FLAGS, variable: string): string | undefined =>
    (values[flag] as string | undefined) ?? (env[variable] || undefined);
  const port = pick('port', 'AWE_PORT');
  const dataDir = resolve(pick('data-dir', 'AWE_DATA_DIR') ?? DEFAULTS.dataDir);
  const keysDir = pick('keys-dir', 'AWE_KEYS_DIR');
  const blobDir = pick('blob-dir', 'AWE_BLOB_DIR');
  const lease = pick('lease-seconds', 'AWE_LEASE_SECONDS');
  const tlsCert = pick('tls-cert', 'AWE_TLS_CERT') ?? null;
  const tlsKey = pick('tls-key', 'AWE_TLS_KEY') ?? null;
  if ((tlsCert === null) !== (tlsKey === null)) throw new Error('AWE_TLS_CERT and AWE_TLS_KEY must be given together');
  const synchronous = env.AWE_SYNCHRONOUS ?? DEFAULTS.synchronous;
  const passwordHashCost = env.AWE_PASSWORD_HASH_COST ?? DEFAULTS.passwordHashCost;
  if (passwordHashCost !== 'standard' && passwordHashCost !== 'test') throw new Error('AWE_PASSWORD_HASH_COST must be standard or test');
  const metricsHost = env.AWE_METRICS_HOST || null;
  const metricsPort = env.AWE_METRICS_PORT ? integer('AWE_METRICS_PORT', env.AWE_METRICS_PORT, 0, 65535) : null;
  if ((metricsHost === null) !== (metricsPort === null)) throw new Error('AWE_METRICS_HOST and AWE_METRICS_PORT must be given together');
  if (synchronous !== 'normal' && synchronous !== 'full') throw new Error('AWE_SYNCHRONOUS must be normal or full');
  return {
    ...DEFAULTS,
    help: values.help === true,
    rotateJwtKey: values['rotate-jwt-key'] === true,
    host: pick('host', 'AWE_HOST') ?? DEFAULTS.host,
    port: port === undefined ? DEFAULTS.port : integer('port', port, 0, 65535),
    dataDir,
    keysDir: keysDir === undefined ? null : resolve(keysDir),
    blobDir: blobDir === undefined ? null : resolve(blobDir),
    databaseUrl: databaseUrl(env.AWE_DATABASE_URL),
    pgNotify: pgNotify(env.AWE_PG_NOTIFY),
    databasePoolSize: numberFrom(env, 'AWE_DATABASE_POOL_SIZE', DEFAULTS.databasePoolSize, 1, 1000),
    leaseSeconds: lease === undefined ? DEFAULTS.leaseSeconds : integer('lease seconds', lease, 3, 86400),
    tlsCert,
    tlsKey,
    maxWaitSeconds: numberFrom(env, 'AWE_MAX_WAIT_SECONDS', DEFAULTS.maxWaitSeconds, 1, 60),
    logCapBytes: numberFrom(env, 'AWE_LOG_CAP_BYTES', DEFAULTS.logCapBytes, 1024, 2 ** 40),
    synchronous,
    logLevel: env.AWE_LOG_LEVEL ?? DEFAULTS.logLevel,
    maxActiveJobsPerUser: numberFrom(env, 'AWE_MAX_ACTIVE_JOBS_PER_USER', DEFAULTS.maxActiveJobsPerUser, 0, 2 ** 31),
    localityWaitSeconds: numberFrom(env, 'AWE_LOCALITY_WAIT_SECONDS', DEFAULTS.localityWaitSeconds, 0, 3600),
    retentionDays: numberFrom(env, 'AWE_RETENTION_DAYS', DEFAULTS.retentionDays, 0, 36500),
    minFreeDiskMB: numberFrom(env, 'AWE_MIN_FREE_DISK_MB', DEFAULTS.minFreeDiskMB, 0, 2 ** 30),
    blobGraceHours: numberFrom(env, 'AWE_BLOB_GRACE_HOURS', DEFAULTS.blobGraceHours, 1, 24 * 365),
    headersTimeoutSeconds: numberFrom(env, 'AWE_HEADERS_TIMEOUT_SECONDS', DEFAULTS.headersTimeoutSeconds, 1, 3600),
    requestTimeoutSeconds: numberFrom(env, 'AWE_REQUEST_TIMEOUT_SECONDS', DEFAULTS.requestTimeoutSeconds, 1, 86400),
    keepAliveTimeoutSeconds: numberFrom(env, 'AWE_KEEPALIVE_TIMEOUT_SECONDS', DEFAULTS.keepAliveTimeoutSeconds, 1, 3600),
    maxConnections: numberFrom(env, 'AWE_MAX_CONNECTIONS', DEFAULTS.maxConnections, 1, 10_000_000),
    maxFollowsPerUser: numberFrom(env, 'AWE_MAX_FOLLOWS_PER_USER', DEFAULTS.maxFollowsPerUser, 1, 10_000),
    followMaxSeconds: numberFrom(env, 'AWE_FOLLOW_MAX_SECONDS', DEFAULTS.followMaxSeconds, 1, 7 * 86400),
    trustProxy: trustProxy(env.AWE_TRUST_PROXY),
    metricsHost,
    metricsPort,
    passwordHashCost,
    anonymousVisitors: envFlag(env.AWE_ANONYMOUS_VISITORS),
  };
}
