/**
 * `awe-server migrate-store --from <sqlite file> --to postgres://…`: the
 * command around api/store/migrate-store.ts (arguments, the counts printed,
 * exit codes: 2 for usage, 1 when nothing was copied).
 */
import { parseArgs } from 'node:util';
import { migrateStore } from './store/migrate-store.js';

export const MIGRATE_USAGE = `usage: awe-server migrate-store --from <sqlite file> --to postgres://user@host:port/database[?schema=name]
Copies every record of a stopped SQLite installation (its data dir's awe.db) into an empty PostgreSQL database,
in one transaction, and prints each table's row count, checked equal on both sides. Blobs stay where they are.`;

export async function migrateStoreCommand(argv: string[]): Promise<number> {
  let from: string | undefined;
  let to: string | undefined;
  try {
    ({ from, to } = parseArgs({ args: argv, options: { from: { type: 'string' }, to: { type: 'string' } }, strict: true }).values);
  } catch (error) {
    console.error(`awe-server migrate-store: ${(error as Error).message}\n${MIGRATE_USAGE}`);
    return 2;
  }
  if (!from || !to || !/^postgres(ql)?:\/\//.test(to)) {
    console.error(`awe-server migrate-store: --from and a postgres:// --to are needed\n${MIGRATE_USAGE}`);
    return 2;
  }
  try {
    const counts = await migrateStore(from, to);
    const width = Math.max(...counts.map((count) => count.table.length));
    for (const { table, rows } of counts) console.log(`${table.padEnd(width)}  ${rows}`);
    console.log(`copied ${counts.reduce((sum, count) => sum + count.rows, 0)} rows of ${counts.length} tables; the counts match. Blobs stay in the data dir's blobs/.`);
    return 0;
  } catch (error) {
    // One transaction: whatever failed (a refusal, the connection, a constraint), the database is as it was.
    console.error(`awe-server migrate-store: ${(error as Error).message}; nothing was copied`);
    return 1;
  }
}
