import { initial } from './001-initial.js';
import { agingIndex } from './002-aging-index.js';
import { scheduling } from './003-scheduling.js';
import { dataHardening } from './004-data-hardening.js';
import { recipeParameters } from './005-recipe-parameters.js';
import { enrollmentBounds } from './006-enrollment-bounds.js';
import { attempts } from './007-attempts.js';
import { sites } from './008-sites.js';
import { replicas } from './009-replicas.js';
import { reuse } from './010-reuse.js';
import { stateIndex } from './011-state-index.js';
import { batchKeys } from './012-batch-keys.js';

/** Numbered migrations, applied in order; `PRAGMA user_version` records how far a database got. Append only. */
export const MIGRATIONS: readonly string[] = [initial, agingIndex, scheduling, dataHardening, recipeParameters, enrollmentBounds, attempts, sites, replicas, reuse, stateIndex, batchKeys];
