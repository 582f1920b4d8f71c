/**
 * PostgreSQL for the benchmarks: a fresh database per run, dropped after it,
 * on the server named by AWE_BENCH_POSTGRES_URL (default the local one,
 * trusted user postgres). Nothing of an earlier run is ever measured.
 */
import pg from 'pg';

const ADMIN_URL = process.env.AWE_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

async function onAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 1000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Why PostgreSQL cannot be used (null when it answers within a second). */
export async function postgresProblem(): Promise<string | null> {
  try {
    await onAdmin((client) => client.query('SELECT 1'));
    return null;
  } catch (error) {
    return `PostgreSQL at ${new URL(ADMIN_URL).host}: ${(error as Error).message}`;
  }
}

/** A new empty database for one benchmark run, named for what it holds. */
export async function freshDatabase(purpose: string): Promise<BenchDatabase> {
  const name = `awe_bench_${purpose}_${process.pid}_${Date.now()}`;
  await onAdmin((client) => client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    // FORCE: a connection a failed run left behind must not keep the database.
    drop: () => onAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`)).then(() => undefined),
  };
}

/**
 * A pool for a peer's own use, ended by its caller before the database is
 * dropped; the drop's termination of a connection the peer left behind is not
 * an error of the run, so it is ignored rather than left to crash the process.
 */
export function peerPool(url: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', () => undefined);
  return pool;
}
