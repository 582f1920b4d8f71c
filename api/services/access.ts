import type { Principal } from '../plugins/auth.js';

/** A job's env, settings, log, bundle and outputs belong to its owner and the admins; its metadata to every signed-in person. */
export function canSeePrivate(principal: Principal | null, owner: string): boolean {
  return principal?.kind === 'user' && (principal.role === 'admin' || principal.username === owner);
}
