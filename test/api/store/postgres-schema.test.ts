import t from 'tap';
import { openPool } from '../../../api/store/postgres/pool.js';
import { migrate } from '../../../api/store/postgres/migrate.js';
import { MIGRATIONS } from '../../../api/store/postgres/migrations/index.js';
import { openDatabase } from '../../../api/store/sqlite/db.js';
import { testDatabaseUrl } from '../../../scripts/test-database.js';

interface Column {
  name: string;
  type: string;
  notNull: boolean;
}

/** SQLite's declared types as PostgreSQL spells them (api/store/postgres/migrations/006-initial.ts). */
const PG_TYPE: Record<string, string> = { INTEGER: 'bigint', TEXT: 'text', BLOB: 'bytea' };

const url = testDatabaseUrl('postgres-schema-test');

t.test('PostgreSQL gets the tables, columns, nullability and indexes SQLite has, and migrating twice at once is harmless', { skip: url === null && 'runs on the PostgreSQL pass of npm test' }, async (t) => {
  const db = openDatabase(':memory:');
  t.teardown(() => db.close());
  const sqliteTables = new Map<string, Column[]>();
  for (const { name } of db.prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all()) {
    const columns = db.pragma(`table_info(${name})`) as Array<{ name: string; type: string; notnull: number; pk: number }>;
    sqliteTables.set(
      name,
      // A primary key column is NOT NULL on PostgreSQL; on SQLite only when it is the rowid, but no key here is ever NULL.
      columns.map((c) => ({ name: c.name, type: PG_TYPE[c.type], notNull: c.notnull === 1 || c.pk > 0 })),
    );
  }
  const sqliteIndexes = db
    .prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex_%' ORDER BY name`)
    .all()
    .map((row) => row.name);

  const { pool, schema } = openPool(url!);
  t.teardown(() => pool.end());
  await Promise.all([migrate(pool, schema), migrate(pool, schema)]);
  const { rows } = await pool.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>(
    `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
     WHERE table_schema = $1 AND table_name != 'schema_migrations' ORDER BY table_name, ordinal_position`,
    [schema],
  );
  const pgTables = new Map<string, Column[]>();
  for (const row of rows) {
    const columns = pgTables.get(row.table_name) ?? [];
    columns.push({ name: row.column_name, type: row.data_type, notNull: row.is_nullable === 'NO' });
    pgTables.set(row.table_name, columns);
  }
  t.same([...pgTables.keys()].sort(), [...sqliteTables.keys()].sort(), 'the same tables');
  for (const [table, columns] of sqliteTables) t.same(pgTables.get(table), columns, `${table}: the same columns in the same order`);

  const pgIndexes = (
    await pool.query<{ indexname: string }>(
      `SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND indexname NOT LIKE '%\\_pkey' AND indexname NOT LIKE '%\\_key' ORDER BY indexname`,
      [schema],
    )
  ).rows.map((row) => row.indexname);
  t.same(pgIndexes, sqliteIndexes, 'the same named indexes');
  t.same(
    (await pool.query('SELECT version FROM schema_migrations ORDER BY version')).rows,
    MIGRATIONS.map(({ version }) => ({ version })),
    'each migration recorded once',
  );
  await pool.query(`DROP SCHEMA ${schema} CASCADE`);
});
