import pg from 'pg';

/**
 * Ids, counts and times (milliseconds since the epoch) are BIGINT, and sums of
 * them NUMERIC; node-postgres hands both back as strings, SQLite as numbers.
 * They stay far below 2^53, so numbers are exact. The parsers belong to this
 * pool: changing pg's global ones would change them for every other pool in
 * the process (graphile-worker's in the bench, for one).
 */
function numberTypes(): pg.CustomTypesConfig {
  const types = new pg.TypeOverrides();
  types.setTypeParser(pg.types.builtins.INT8, Number);
  types.setTypeParser(pg.types.builtins.NUMERIC, Number);
  return types;
}

export interface PostgresTarget {
  pool: pg.Pool;
  /** The schema named by `?schema=` in the URL (the store's tables live there), or null for the database's default. */
  schema: string | null;
}

/**
 * A pool for a `postgres://` URL. `?schema=name` puts the store's tables in
 * that schema (each connection's search_path), so one database can hold
 * several installations: the test suite gives each service it starts its own.
 */
export function openPool(url: string, options: { max?: number } = {}): PostgresTarget {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema');
  parsed.searchParams.delete('schema');
  const pool = new pg.Pool({
    connectionString: parsed.toString(),
    max: options.max ?? 10,
    types: numberTypes(),
    ...(schema ? { options: `-c search_path=${pg.escapeIdentifier(schema)}` } : {}),
  });
  // An idle client whose connection drops (a database restart) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  return { pool, schema };
}
