/**
 * `awe-server migrate-store --from <sqlite file> --to postgres://…`: moves an
 * installation's records from its SQLite file into an empty PostgreSQL
 * database (docs/operations.md, "Moving from SQLite to PostgreSQL"). Both
 * schemas have the same tables and columns (test/api/store/postgres-schema.test.ts),
 * so every table is copied as it is, parents before the tables that refer to
 * them, in one PostgreSQL transaction: a failure leaves the database as empty
 * as it was. Blobs are files and stay where they are.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { migrate } from './postgres/migrate.js';
import { openPool } from './postgres/pool.js';
import { MIGRATIONS } from './sqlite/migrations/index.js';

export interface TableCount {
  table: string;
  rows: number;
}

/** PostgreSQL takes at most 65,535 parameters per statement. */
const MAX_PARAMETERS = 60_000;

type Row = Record<string, unknown>;

/** The source's tables, each after the tables its foreign keys point at. */
function tablesInOrder(source: Database.Database): string[] {
  const names = (source.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>).map((row) => row.name);
  const ordered: string[] = [];
  const visit = (name: string, path: string[]): void => {
    if (ordered.includes(name)) return;
    if (path.includes(name)) throw new Error(`the foreign keys of ${[...path, name].join(' → ')} form a cycle`);
    const parents = source.prepare('SELECT DISTINCT "table" AS parent FROM pragma_foreign_key_list(?)').all(name) as Array<{ parent: string }>;
    for (const { parent } of parents) if (parent !== name) visit(parent, [...path, name]);
    ordered.push(name);
  };
  for (const name of names) visit(name, []);
  return ordered;
}

function openSource(file: string): Database.Database {
  let source: Database.Database;
  try {
    source = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new Error(`cannot open ${file}: ${(error as Error).message}`);
  }
  const version = source.pragma('user_version', { simple: true }) as number;
  if (version !== MIGRATIONS.length) {
    source.close();
    throw new Error(
      version < MIGRATIONS.length
        ? `${file} has schema version ${version} and this awe-server ${MIGRATIONS.length}: start this awe-server on it once (it upgrades the file), stop it, and migrate again`
        : `${file} has schema version ${version}, newer than this awe-server's ${MIGRATIONS.length}: migrate with the awe-server that wrote it`,
    );
  }
  return source;
}

async function targetColumns(client: pg.PoolClient, table: string): Promise<string[]> {
  const { rows } = await client.query<{ column_name: string }>(
    'SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position',
    [table],
  );
  return rows.map((row) => row.column_name);
}

async function insertRows(client: pg.PoolClient, table: string, columns: string[], rows: Row[]): Promise<void> {
  const values: unknown[] = [];
  const tuples = rows.map((row) => `(${columns.map((column) => `$${values.push(row[column])}`).join(', ')})`);
  await client.query(`INSERT INTO ${pg.escapeIdentifier(table)} (${columns.map((c) => pg.escapeIdentifier(c)).join(', ')}) VALUES ${tuples.join(', ')}`, values);
}

/** Sets each identity column's next value past the highest id used (SQLite's AUTOINCREMENT counter included: ids are never reused). */
async function resetSequences(client: pg.PoolClient, source: Database.Database): Promise<void> {
  const used = new Map(
    (source.prepare("SELECT name, seq FROM sqlite_master JOIN sqlite_sequence USING (name) WHERE type = 'table'").all() as Array<{ name: string; seq: number }>).map(
      (row) => [row.name, row.seq],
    ),
  );
  const { rows } = await client.query<{ table_name: string; column_name: string }>(
    "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES'",
  );
  for (const { table_name: table, column_name: column } of rows) {
    const { rows: top } = await client.query<{ max: string | null }>(`SELECT max(${pg.escapeIdentifier(column)})::text AS max FROM ${pg.escapeIdentifier(table)}`);
    const highest = Math.max(Number(top[0].max ?? 0), used.get(table) ?? 0);
    await client.query(`SELECT setval(pg_get_serial_sequence(quote_ident(current_schema()) || '.' || quote_ident($1), $2), $3, $4)`, [
      table,
      column,
      Math.max(highest, 1),
      highest > 0,
    ]);
  }
}

/** Copies every table; answers each table's row count, checked equal on both sides before the commit. */
export async function migrateStore(from: string, to: string): Promise<TableCount[]> {
  const source = openSource(from);
  const target = openPool(to, { max: 1 });
  try {
    await migrate(target.pool, target.schema);
    const client = await target.pool.connect();
    let failure: Error | undefined;
    try {
      await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
      const tables = tablesInOrder(source);
      for (const table of tables) {
        const columns = await targetColumns(client, table);
        if (columns.length === 0) throw new Error(`the PostgreSQL schema has no table ${table}: is it the schema of this awe-server's release?`);
        const { rows } = await client.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${pg.escapeIdentifier(table)}) AS any`);
        if (rows[0].any) throw new Error(`the PostgreSQL database is not empty (table ${table} has rows): migrate-store only fills an empty one`);
      }
      // One read transaction on the source: the copy is a snapshot even if something else reads the file meanwhile.
      source.exec('BEGIN');
      const counts: TableCount[] = [];
      for (const table of tables) {
        const sourceColumns = (source.prepare('SELECT name FROM pragma_table_info(?)').all(table) as Array<{ name: string }>).map((row) => row.name);
        const columns = await targetColumns(client, table);
        if (sourceColumns.join() !== columns.join()) {
          throw new Error(`table ${table} has columns (${sourceColumns.join(', ')}) in SQLite but (${columns.join(', ')}) in PostgreSQL`);
        }
        const perBatch = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
        let batch: Row[] = [];
        let copied = 0;
        for (const row of source.prepare(`SELECT * FROM "${table}"`).iterate() as IterableIterator<Row>) {
          batch.push(row);
          if (batch.length === perBatch) {
            await insertRows(client, table, columns, batch);
            copied += batch.length;
            batch = [];
          }
        }
        if (batch.length > 0) await insertRows(client, table, columns, batch);
        copied += batch.length;
        const { rows } = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${pg.escapeIdentifier(table)}`);
        const expected = (source.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
        if (Number(rows[0].n) !== expected || copied !== expected) {
          throw new Error(`table ${table}: ${expected} rows in SQLite but ${rows[0].n} in PostgreSQL after the copy`);
        }
        counts.push({ table, rows: expected });
      }
      source.exec('COMMIT');
      await resetSequences(client, source);
      await client.query('COMMIT');
      return counts;
    } catch (error) {
      failure = error as Error;
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release(failure);
    }
  } finally {
    source.close();
    await target.pool.end();
  }
}
