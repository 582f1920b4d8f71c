import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Awe } from '../context.js';
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
export async function bootstrap(awe: Awe, signToken: (username: string) => Promise<{ token: string }>): Promise<{ adminPassword: string } | null> {
  const { store } = awe;
  const now = awe.now();
  if ((await store.listRecipes()).length === 0 && (await store.listRoutes()).length === 0 && (await store.countUsers()) === 0) {
    await store.tx(async (s) => {
      for (const [name, { placement, description, parameters }] of Object.entries(CATALOG)) {
        await s.putRecipe({
          name,
          command: ['python3', '-m', `opipe.recipes.${name}`],
          description,
          placement,
          labels: {},
          minMemoryMB: null,
          timeoutSeconds: null,
          maxAttempts: 3,
          priority: 0,
          reuse: false,
          reusable: true,
          resources: {},
          parameters,
          updatedAt: now,
        });
      }
      for (const [placement, selector] of Object.entries(ROUTES)) await s.putRoute({ placement, selector, resources: {}, updatedAt: now });
    });
  }
  if ((await store.countUsers()) > 0) return null;
  const adminPassword = randomPassword();
  const passwordHash = await hashPassword(adminPassword, PASSWORD_COSTS[awe.config.passwordHashCost]);
  // Replicas starting at once on an empty database all get here; the name is unique, so one insert
  // wins, and only that replica shows its password and writes admin.token.
  if (!(await store.insertUser({ username: 'admin', password_hash: passwordHash, role: 'admin', can_route: 1, max_active_jobs: null }, now))) return null;
  writeFileSync(join(awe.config.dataDir, 'admin.token'), (await signToken('admin')).token + '\n', { mode: 0o600 });
  return { adminPassword };
}
