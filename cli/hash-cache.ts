/**
 * Remembered content hashes of a code tree, so that resubmitting an unchanged
 * tree stats its files instead of reading them all (100 MB of code is a second
 * of hashing). A hash is reused only while the file's size, inode, mtime and
 * ctime (nanoseconds) are all unchanged; files modified in the last two seconds
 * are not remembered, since a second write within the same timestamp tick would
 * otherwise go unnoticed (git's "racily clean" case). Any later write, even one
 * that puts the old mtime back, changes the ctime.
 */
import { createHash } from 'node:crypto';
import type { BigIntStats } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

interface Entry {
  size: string;
  ino: string;
  mtimeNs: string;
  ctimeNs: string;
  sha256: string;
}

const RACY_NS = 2_000_000_000n;

const fingerprint = (stat: BigIntStats): Omit<Entry, 'sha256'> => ({
  size: String(stat.size),
  ino: String(stat.ino),
  mtimeNs: String(stat.mtimeNs),
  ctimeNs: String(stat.ctimeNs),
});

export class HashCache {
  private readonly next = new Map<string, Entry>();

  private constructor(
    private readonly file: string,
    private readonly known: Map<string, Entry>,
  ) {}

  /** The cache of the tree at `root`, kept under `dir` (one file per tree); empty when none or unreadable. */
  static async load(dir: string, root: string): Promise<HashCache> {
    const file = join(dir, `${createHash('sha256').update(resolve(root)).digest('hex').slice(0, 32)}.json`);
    let known = new Map<string, Entry>();
    try {
      known = new Map(Object.entries(JSON.parse(await readFile(file, 'utf8')) as Record<string, Entry>));
    } catch {
      // No cache yet, or a damaged one: everything is hashed afresh.
    }
    return new HashCache(file, known);
  }

  lookup(path: string, stat: BigIntStats): string | undefined {
    const entry = this.known.get(path);
    const now = fingerprint(stat);
    const same = entry && entry.size === now.size && entry.ino === now.ino && entry.mtimeNs === now.mtimeNs && entry.ctimeNs === now.ctimeNs;
    if (same) this.remember(path, stat, entry.sha256);
    return same ? entry.sha256 : undefined;
  }

  remember(path: string, stat: BigIntStats, sha256: string): void {
    const nowNs = BigInt(Date.now()) * 1_000_000n;
    if (nowNs - stat.mtimeNs < RACY_NS) return;
    this.next.set(path, { ...fingerprint(stat), sha256 });
  }

  /** Writes what this scan saw (files gone since are forgotten); a failure to write only costs the next scan time. */
  async save(): Promise<void> {
    try {
      await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
      const tmp = `${this.file}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(Object.fromEntries(this.next)), { mode: 0o600 });
      await rename(tmp, this.file);
    } catch {
      // Not worth failing a submit for.
    }
  }
}
