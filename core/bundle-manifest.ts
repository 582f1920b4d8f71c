/**
 * A code bundle is a manifest of files; its id is the sha256 of the canonical
 * form of that manifest, so the same tree always gets the same id wherever it
 * was scanned (CLI, zip upload) and the service, the agent and the CLI can all
 * recompute and compare it. Pure: node:crypto only.
 */
import { createHash } from 'node:crypto';
import { UnsafePathError, checkRelativePath } from './safe-path.js';

/** Lowercase hex sha256: the only form accepted for blob names (they become file names). */
export const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Most files one bundle may hold. */
export const MAX_BUNDLE_FILES = 100_000;
/** Most bytes one bundle may expand to (sum of file sizes): 1 GiB. */
export const MAX_BUNDLE_BYTES = 1024 ** 3;

/** Only the executable bit survives: owner/group/other bits of the developer's machine mean nothing on a node. */
export type BundleMode = 0o644 | 0o755;

export interface BundleFile {
  /** Relative POSIX path inside the tree (checked by checkRelativePath). */
  path: string;
  sha256: string;
  size: number;
  mode: BundleMode;
}

/** Never code: version control and Python bytecode (stale on other nodes, rewritten by every run). */
export function isCodeLitter(name: string, isDir: boolean): boolean {
  return name === '.git' || (isDir && name === '__pycache__') || (!isDir && name.endsWith('.pyc'));
}

export function normalizeMode(mode: number): BundleMode {
  return (mode & 0o111) !== 0 ? 0o755 : 0o644;
}

/** `too_large` breaks a limit (a 413 to a client), `invalid` is a malformed or hostile manifest (a 400). */
export type ManifestProblem = 'invalid' | 'too_large';

export class ManifestError extends Error {
  constructor(
    message: string,
    readonly problem: ManifestProblem = 'invalid',
  ) {
    super(message);
    this.name = 'ManifestError';
  }
}

/**
 * Paths are ordered by their UTF-8 bytes (= code point order), not by JS's
 * UTF-16 comparison, so that a client in another language sorting bytes or code
 * points computes the same id.
 */
function byPath(a: BundleFile, b: BundleFile): number {
  return Buffer.compare(Buffer.from(a.path, 'utf8'), Buffer.from(b.path, 'utf8'));
}

/**
 * `[{"path":…,"sha256":…,"size":…,"mode":…},…]`: sorted by path, keys in this
 * fixed order, no whitespace, mode as a decimal number (420 or 493). Extra
 * properties on the inputs are dropped so they cannot change the id.
 */
export function canonicalManifest(files: readonly BundleFile[]): string {
  const sorted = [...files].sort(byPath);
  return JSON.stringify(sorted.map((f) => ({ path: f.path, sha256: f.sha256, size: f.size, mode: f.mode })));
}

/** Hex sha256 of the canonical manifest. */
export function bundleId(files: readonly BundleFile[]): string {
  return createHash('sha256').update(canonicalManifest(files), 'utf8').digest('hex');
}

/**
 * Throws ManifestError naming the first offending entry: unsafe or non-UTF-8
 * path, duplicate path, a path that is also the directory of another, bad sha,
 * bad size, a mode other than 0o644/0o755, one sha with two sizes, or a
 * bundle past MAX_BUNDLE_FILES / MAX_BUNDLE_BYTES.
 */
export function validateManifest(files: readonly BundleFile[]): void {
  if (files.length > MAX_BUNDLE_FILES) {
    throw new ManifestError(`bundle has ${files.length} files, more than the limit of ${MAX_BUNDLE_FILES}`, 'too_large');
  }
  const paths = new Set<string>();
  const sizeOfSha = new Map<string, number>();
  let total = 0;
  for (const f of files) {
    try {
      checkRelativePath(f.path);
    } catch (err) {
      if (err instanceof UnsafePathError) throw new ManifestError(err.message);
      throw err;
    }
    // A lone surrogate has no UTF-8 form: the path could not be written to disk nor hashed canonically.
    if (Buffer.from(f.path, 'utf8').toString('utf8') !== f.path) {
      throw new ManifestError(`path "${f.path}" is not valid Unicode`);
    }
    if (paths.has(f.path)) throw new ManifestError(`duplicate path "${f.path}"`);
    paths.add(f.path);
    if (typeof f.sha256 !== 'string' || !SHA256_HEX.test(f.sha256)) {
      throw new ManifestError(`"${f.path}": sha256 must be 64 lowercase hex digits`);
    }
    if (!Number.isSafeInteger(f.size) || f.size < 0) {
      throw new ManifestError(`"${f.path}": size must be a non-negative integer`);
    }
    if (f.mode !== 0o644 && f.mode !== 0o755) {
      throw new ManifestError(`"${f.path}": mode must be 0o644 (420) or 0o755 (493)`);
    }
    const known = sizeOfSha.get(f.sha256);
    if (known !== undefined && known !== f.size) {
      throw new ManifestError(`"${f.path}": sha256 ${f.sha256} is listed with two sizes (${known} and ${f.size})`);
    }
    sizeOfSha.set(f.sha256, f.size);
    total += f.size;
  }
  if (total > MAX_BUNDLE_BYTES) {
    throw new ManifestError(`bundle expands to ${total} bytes, more than the limit of ${MAX_BUNDLE_BYTES}`, 'too_large');
  }
  // `a` and `a/b` cannot both exist on disk: look up every ancestor of every path.
  for (const p of paths) {
    for (let i = p.indexOf('/'); i !== -1; i = p.indexOf('/', i + 1)) {
      const dir = p.slice(0, i);
      if (paths.has(dir)) throw new ManifestError(`"${dir}" is a file but also the directory of "${p}"`);
    }
  }
}
