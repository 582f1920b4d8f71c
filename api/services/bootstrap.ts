import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Awe } from '../context.js';
import { putRecipe, listRecipes } from '../store/sqlite/recipes.js';
import { listRoutes, putRoute } from '../store/sqlite/routing.js';
import { countUsers, insertUser } from '../store/sqlite/users.js';
import { CATALOG } from './catalog.js';
import { hashPassword, PASSWORD_COSTS, randomPassword } from './passwords.js';

const ROUTES = { cluster: { pool: 'cluster' }, bigmem: { pool: 'bigmem' }, dbnear: { pool: 'dbnear' } };

/**
 * First start on an empty database: an `admin` with a random password shown
 * once, an admin token in `<data dir>/admin.token` (0600), the proposal's
 * catalog and the default routing. Later starts change nothing: from then on
 * catalog and routing are the admins' to edit. Replicas starting together
 * both write the same catalog (an upsert of equal rows); one creates the admin.
 */
export async function bootstrap(awe: Awe, signToken: (username: string) => { token: string }): Promise<{ adminPassword: string } | null> {
  const { db } = awe;
  const now = awe.now();
  if (listRecipes(db).length === 0 && listRoutes(db).length === 0 && countUsers(db) === 0) {
    db.transaction(() => {
      for (const [name, { placement, description, parameters }] of Object.entries(CATALOG)) {
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
          parameters,
          updatedAt: now,
        });
      }
      for (const [placement, selector] of Object.entries(ROUTES)) putRoute(db, { placement, selector, resources: {}, updatedAt: now });
    })();
  }
  if (countUsers(db) > 0) return null;
  const adminPassword = randomPassword();
  const passwordHash = await hashPassword(adminPassword, PASSWORD_COSTS[awe.config.passwordHashCost]);
  // Replicas starting at once on an empty database all get here; the name is unique, so one insert
  // wins, and only that replica shows its password and writes admin.token.
  if (!insertUser(db, { username: 'admin', password_hash: passwordHash, role: 'admin', can_route: 1, max_active_jobs: null }, now)) return null;
  writeFileSync(join(awe.config.dataDir, 'admin.token'), signToken('admin').token + '\n', { mode: 0o600 });
  return { adminPassword };
}
