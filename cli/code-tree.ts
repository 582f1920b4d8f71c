/**
 * Scans the developer's modified Python tree into bundle files: every regular
 * file, configuration files included, except version-control and bytecode
 * litter and what `.aweignore` excludes (see aweignore.ts). Symbolic links are
 * never followed (one could point anywhere, and the agents would not see the
 * same target); they and other non-regular files are reported in `skipped` so
 * the CLI can warn.
 */
import { constants } from 'node:fs';
import { open, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isCodeLitter, MAX_BUNDLE_BYTES, MAX_BUNDLE_FILES, normalizeMode, type BundleFile } from '../core/bundle-manifest.js';
import { mapLimit } from '../core/concurrency.js';
import { isSafeRelativePath } from '../core/safe-path.js';
import { hashStream } from '../core/sha256-stream.js';
import { IgnoreRules } from './aweignore.js';
import type { HashCache } from './hash-cache.js';

export type TreeFile = BundleFile & { absPath: string };

export interface SkippedEntry {
  path: string;
  reason: string;
}

export interface ScannedTree {
  /** Sorted by path. */
  files: TreeFile[];
  totalBytes: number;
  skipped: SkippedEntry[];
}

const HASH_CONCURRENCY = 8;

/** With a `cache`, files whose stat is unchanged since the last scan are not read again. */
export async function scanTree(root: string, cache?: HashCache): Promise<ScannedTree> {
  const rules = IgnoreRules.parse(await readFile(join(root, '.aweignore'), 'utf8').catch(noFile));
  const found: string[] = [];
  const skipped: SkippedEntry[] = [];

  const walk = async (dirRel: string): Promise<void> => {
    const entries = await readdir(join(root, dirRel), { withFileTypes: true });
    for (const entry of entries) {
      const rel = dirRel === '' ? entry.name : `${dirRel}/${entry.name}`;
      const isDir = entry.isDirectory();
      // Always left out, whatever .aweignore says.
      if (isCodeLitter(entry.name, isDir) || rules.ignores(rel, isDir)) continue;
      if (!isSafeRelativePath(rel)) {
        skipped.push({ path: rel, reason: 'name cannot be shipped (backslash or similar)' });
      } else if (isDir) {
        await walk(rel);
      } else if (entry.isFile()) {
        found.push(rel);
        if (found.length > MAX_BUNDLE_FILES) {
          throw new Error(`more than ${MAX_BUNDLE_FILES} files under ${root}: list what is not code in .aweignore`);
        }
      } else {
        skipped.push({ path: rel, reason: entry.isSymbolicLink() ? 'symbolic link (not followed)' : 'not a regular file' });
      }
    }
  };
  await walk('');

  let statBytes = 0;
  const hashed = await mapLimit(found, HASH_CONCURRENCY, async (path): Promise<TreeFile | undefined> => {
    const absPath = join(root, path);
    // O_NOFOLLOW and fstat on the open handle: mode and content come from the
    // same regular file even if the path was swapped since the walk (for a
    // link: refused; for a fifo: O_NONBLOCK keeps open() from hanging).
    const handle = await open(absPath, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    let streaming = false;
    try {
      const stat = await handle.stat({ bigint: true });
      if (!stat.isFile()) {
        skipped.push({ path, reason: 'not a regular file' });
        return undefined;
      }
      // Checked before hashing so that a forgotten data directory fails fast.
      statBytes += Number(stat.size);
      if (statBytes > MAX_BUNDLE_BYTES) {
        throw new Error(`files under ${root} add up to more than ${MAX_BUNDLE_BYTES} bytes: list data files in .aweignore`);
      }
      const mode = normalizeMode(Number(stat.mode));
      const known = cache?.lookup(path, stat);
      if (known !== undefined) return { path, sha256: known, size: Number(stat.size), mode, absPath };
      streaming = true; // from here the read stream owns the handle and closes it
      const { sha256, size } = await hashStream(handle.createReadStream());
      cache?.remember(path, stat, sha256);
      return { path, sha256, size, mode, absPath };
    } finally {
      if (!streaming) await handle.close();
    }
  });

  await cache?.save();
  const files = hashed.filter((f): f is TreeFile => f !== undefined).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, totalBytes: files.reduce((sum, f) => sum + f.size, 0), skipped };
}

function noFile(err: NodeJS.ErrnoException): string {
  if (err.code === 'ENOENT') return '';
  throw err;
}
