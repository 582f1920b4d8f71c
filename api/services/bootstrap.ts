import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Awe } from '../context.js';
import { putRecipe, listRecipes } from '../store/recipes.js';
import { listRoutes, putRoute } from '../store/routing.js';
import { countUsers, insertUser } from '../store/users.js';
import { hashPassword, PASSWORD_COSTS, randomPassword } from './passwords.js';

/** The proposal's tasks and where each belongs. */
const CATALOG: Record<string, { placement: string; description: string }> = {
  ReadNoise: { placement: 'cluster', description: 'Read noise from pairs of bias frames' },
  Bias: { placement: 'cluster', description: 'Master bias from raw bias frames' },
  HotPixels: { placement: 'cluster', description: 'Hot pixel map from dark frames' },
  ColdPixels: { placement: 'cluster', description: 'Cold pixel map from flat frames' },
  DomeFlat: { placement: 'cluster', description: 'Master dome flat' },
  TwilightFlat: { placement: 'cluster', description: 'Master twilight flat' },
  FringeFlat: { placement: 'cluster', description: 'Fringe map' },
  NightSkyFlat: { placement: 'cluster', description: 'Night-sky flat from science frames' },
  MasterFlat: { placement: 'cluster', description: 'Master flat from dome and twilight flats' },
  Gain: { placement: 'cluster', description: 'Gain from flat pairs' },
  Zeropoint: { placement: 'cluster', description: 'Photometric zeropoint from standard stars' },
  Illumination: { placement: 'cluster', description: 'Illumination correction' },
  Science: { placement: 'cluster', description: 'Calibrated science frames (runs best in parallel on a cluster)' },
  Reduce: { placement: 'cluster', description: 'Calibrate a list of raw science frames' },
  Coadd: { placement: 'bigmem', description: 'Coadd regridded frames (needs a machine with much memory)' },
  SourceList: { placement: 'dbnear', description: 'Source list from science or coadded frames (close to the database)' },
  AssociateList: { placement: 'dbnear', description: 'Associate source lists by position (close to the database)' },
};

const ROUTES = { cluster: { pool: 'cluster' }, bigmem: { pool: 'bigmem' }, dbnear: { pool: 'dbnear' } };

/**
 * First start on an empty database: an `admin` with a random password shown
 * once, an admin token in `<data dir>/admin.token` (0600), the proposal's
 * catalog and the default routing. Later starts change nothing: from then on
 * catalog and routing are the admins' to edit.
 */
export async function bootstrap(awe: Awe, signToken: (username: string) => { token: string }): Promise<{ adminPassword: string } | null> {
  const { db } = awe;
  const now = awe.now();
  if (listRecipes(db).length === 0 && listRoutes(db).length === 0 && countUsers(db) === 0) {
    db.transaction(() => {
      for (const [name, { placement, description }] of Object.entries(CATALOG)) {
        putRecipe(db, {
          name,
          command: ['python3', '-m', `opipe.recipes.${name}`],
          description,
          placement,
          labels: {},
          minMemoryMB: null,
          timeoutSeconds: null,
          maxAttempts: 3,
          priority: 0,
          resources: {},
          updatedAt: now,
        });
      }
      for (const [placement, selector] of Object.entries(ROUTES)) putRoute(db, { placement, selector, resources: {}, updatedAt: now });
    })();
  }
  if (countUsers(db) > 0) return null;
  const adminPassword = randomPassword();
  insertUser(
    db,
    { username: 'admin', password_hash: await hashPassword(adminPassword, PASSWORD_COSTS[awe.config.passwordHashCost]), role: 'admin', can_route: 1, max_active_jobs: null },
    now,
  );
  writeFileSync(join(awe.config.dataDir, 'admin.token'), signToken('admin').token + '\n', { mode: 0o600 });
  return { adminPassword };
}
