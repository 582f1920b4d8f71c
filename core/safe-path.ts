/**
 * Relative paths that come from outside (bundle manifests, zip entries, output
 * names, input placements) are checked here before any file is touched, so that
 * nothing can land outside the directory it is meant for (zip slip).
 */
export class UnsafePathError extends Error {
  constructor(
    readonly path: string,
    why: string,
  ) {
    super(`unsafe path "${path}": ${why}`);
    this.name = 'UnsafePathError';
  }
}

const MAX_PATH = 1024;

/** Returns the path unchanged if it is a safe relative POSIX path, else throws UnsafePathError. */
export function checkRelativePath(path: string): string {
  if (path.length === 0) throw new UnsafePathError(path, 'empty');
  if (path.length > MAX_PATH) throw new UnsafePathError(path.slice(0, 64) + '…', `longer than ${MAX_PATH}`);
  if (path.includes('\0')) throw new UnsafePathError(path, 'contains NUL');
  if (path.includes('\\')) throw new UnsafePathError(path, 'contains a backslash');
  if (path.startsWith('/')) throw new UnsafePathError(path, 'absolute');
  if (/^[A-Za-z]:/.test(path)) throw new UnsafePathError(path, 'has a drive letter');
  for (const segment of path.split('/')) {
    if (segment === '') throw new UnsafePathError(path, 'has an empty segment');
    if (segment === '.' || segment === '..') throw new UnsafePathError(path, `has a "${segment}" segment`);
  }
  return path;
}

export function isSafeRelativePath(path: string): boolean {
  try {
    checkRelativePath(path);
    return true;
  } catch {
    return false;
  }
}
