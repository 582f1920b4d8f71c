import { initial } from './001-initial.js';

/** Numbered migrations, applied in order; `PRAGMA user_version` records how far a database got. Append only. */
export const MIGRATIONS: readonly string[] = [initial];
