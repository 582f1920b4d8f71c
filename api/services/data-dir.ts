/**
 * The service's data dir holds its keys (secret.key opens the jobs' sealed
 * secrets and the token signing keys in the database; csrf.key signs the web
 * page's CSRF tokens; digest.key keys the digests of jobs' settings and env; jwt.key, where an older version left it, became the
 * first signing key), the admin token and the database: only the service's user may enter it (0700) or read them (0600),
 * whether the service made them or an operator copied them in from a backup
 * with looser modes. Modes are tightened at every start; a dir the service
 * cannot tighten (another user's) stops the start, saying why.
 */
import { chmodSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Files of the data dir only the service reads. */
const PRIVATE_FILES = new Set(['jwt.key', 'secret.key', 'csrf.key', 'digest.key', 'admin.token', 'awe.db', 'awe.db-wal', 'awe.db-shm']);

function tighten(path: string, mode: number): boolean {
  const current = statSync(path).mode & 0o777;
  if ((current & ~mode) === 0) return false;
  try {
    chmodSync(path, current & mode);
  } catch (err) {
    throw new Error(`${path} is readable by others (mode ${current.toString(8)}) and cannot be made private: ${(err as Error).message}; chown it to the service's user or chmod it ${mode.toString(8)}`);
  }
  return true;
}

/** Makes the data dir 0700 and its key files 0600; returns the paths whose modes it changed. */
export function secureDataDir(dir: string): string[] {
  const changed: string[] = [];
  if (tighten(dir, 0o700)) changed.push(dir);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isFile() && PRIVATE_FILES.has(entry.name) && tighten(path, 0o600)) changed.push(path);
    else if (entry.isDirectory() && entry.name === 'blobs' && tighten(path, 0o700)) changed.push(path);
  }
  return changed;
}
