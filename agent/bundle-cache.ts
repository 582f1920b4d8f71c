/**
 * The node-local cache of bundle blobs, shared by every job on the node:
 * `<dir>/<aa>/<sha256>`. A job's code tree is materialized from it by hard
 * links, so a tree of thousands of files costs no copying and no space.
 *
 * Hard links share the inode with the cache, so a write through a job's tree
 * would corrupt the cached blob for every later job. Cached blobs are therefore
 * read-only (0o444, and 0o555 for a separate executable copy, since one inode
 * has one mode), and so are the materialized files: a recipe that opens its
 * own source for writing gets EACCES, while tools that replace a file
 * (write a new one, rename it over) only replace the link. This guards against
 * accidents, not malice: the files belong to the agent's user, which can chmod
 * them back, and root ignores modes; a hostile recipe needs a separate uid.
 *
 * Blobs are verified (sha256, size) on arrival and appear under their name
 * only once complete (temp file + rename), so the cache never holds a partial
 * or wrong blob. Concurrent jobs in this process wanting the same blob share
 * one fetch; separate processes sharing the directory stay safe (rename is
 * atomic) but may fetch a blob twice.
 *
 * The cache is bounded (`maxBytes`, the high watermark): after a job's files
 * are laid out, least recently used blobs are removed down to the low
 * watermark (core/lru-index.ts). A blob is pinned from ensure() until the
 * materialize() that follows it, so nothing a job is about to link goes away;
 * jobs already laid out keep their files, since a hard link outlives the
 * cache's name. The order of use survives restarts as the blobs' mtimes.
 */
import { randomBytes } from 'node:crypto';
import { constants, existsSync } from 'node:fs';
import { chmod, copyFile, link, mkdir, open, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { SHA256_HEX, validateManifest, type BundleFile } from '../core/bundle-manifest.js';
import { mapLimit } from '../core/concurrency.js';
import { LruIndex, watermarks, type Watermarks } from '../core/lru-index.js';
import { hashInto } from '../core/sha256-stream.js';

/** Opens the service's blob download for one sha. */
export type FetchBlob = (sha: string) => Promise<Readable>;

const FETCH_CONCURRENCY = 8;
const LINK_CONCURRENCY = 16;
const CACHED_MODE = 0o444;
const CACHED_EXEC_MODE = 0o555;
/** link(2) failures that a copy can work around: another file system, too many links to one inode, a file system without hard links. */
const COPY_INSTEAD = new Set(['EXDEV', 'EMLINK', 'EPERM']);

export class BundleCache {
  private readonly tmpDir: string;
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly index = new LruIndex();
  /** Blobs between ensure() and materialize(), with how many callers hold each. */
  private readonly pins = new Map<string, number>();
  private readonly marks: Watermarks;
  private loaded: Promise<void> | null = null;

  constructor(
    readonly dir: string,
    maxBytes = Number.POSITIVE_INFINITY,
  ) {
    this.tmpDir = join(dir, 'tmp');
    this.marks = watermarks(maxBytes);
  }

  /** Bytes held (blobs and their executable copies), as the watermarks count them. */
  async heldBytes(): Promise<number> {
    await this.load();
    return this.index.totalBytes;
  }

  /** What a previous run left, oldest use first; once per process. */
  private load(): Promise<void> {
    this.loaded ??= (async () => {
      const found = new Map<string, { size: number; used: number }>();
      for (const prefix of await readdir(this.dir).catch(() => [])) {
        if (prefix.length !== 2) continue;
        for (const name of await readdir(join(this.dir, prefix)).catch(() => [])) {
          const sha = name.replace(/\.x$/, '');
          if (!SHA256_HEX.test(sha)) continue;
          const info = await stat(join(this.dir, prefix, name));
          const entry = found.get(sha) ?? { size: 0, used: 0 };
          entry.size += info.size;
          entry.used = Math.max(entry.used, info.mtimeMs);
          found.set(sha, entry);
        }
      }
      for (const [sha, entry] of [...found].sort((a, b) => a[1].used - b[1].used)) this.index.add(sha, entry.size);
    })();
    return this.loaded;
  }

  /** Where the (read-only, 0o444) blob lives; the sha is checked so it can never name another path. */
  blobPath(sha: string): string {
    if (!SHA256_HEX.test(sha)) throw new Error(`not a sha256: "${sha.slice(0, 80)}"`);
    return join(this.dir, sha.slice(0, 2), sha);
  }

  has(sha: string): boolean {
    return existsSync(this.blobPath(sha));
  }

  /** The sha256s of every cached blob: what the node reports it holds (agent/content-report.ts). */
  async shas(): Promise<string[]> {
    await this.load();
    return [...this.index.keys()];
  }

  /**
   * Makes every blob of `files` present, fetching only the missing ones. Throws
   * ManifestError for an invalid manifest, and an Error naming the blob when a
   * download fails, has the wrong hash or is longer than the manifest says.
   */
  async ensure(files: readonly BundleFile[], fetchBlob: FetchBlob): Promise<void> {
    validateManifest(files);
    await this.load();
    const sizes = new Map(files.map((f) => [f.sha256, f.size]));
    for (const sha of sizes.keys()) this.pins.set(sha, (this.pins.get(sha) ?? 0) + 1);
    const missing = [...sizes.keys()].filter((sha) => !this.has(sha));
    try {
      await mapLimit(missing, FETCH_CONCURRENCY, (sha) => this.fetchOnce(sha, sizes.get(sha) ?? 0, fetchBlob));
    } catch (err) {
      this.unpin(files);
      throw err;
    }
    const now = new Date();
    for (const sha of sizes.keys()) {
      this.index.touch(sha);
      // The order of use, for the next start; a lost update only makes the blob look older.
      utimes(this.blobPath(sha), now, now).catch(() => undefined);
    }
  }

  private unpin(files: readonly BundleFile[]): void {
    for (const sha of new Set(files.map((f) => f.sha256))) {
      const left = (this.pins.get(sha) ?? 1) - 1;
      if (left <= 0) this.pins.delete(sha);
      else this.pins.set(sha, left);
    }
  }

  /** Past the high watermark, least recently used blobs that no job is about to link go, down to the low one. */
  private async evict(): Promise<void> {
    for (const sha of this.index.victims(this.marks, (key) => this.pins.has(key) || this.inFlight.has(key))) {
      this.index.remove(sha);
      await rm(this.blobPath(sha), { force: true });
      await rm(`${this.blobPath(sha)}.x`, { force: true });
    }
  }

  private fetchOnce(sha: string, size: number, fetchBlob: FetchBlob): Promise<void> {
    let pending = this.inFlight.get(sha);
    if (pending === undefined) {
      pending = this.download(sha, size, fetchBlob).finally(() => this.inFlight.delete(sha));
      this.inFlight.set(sha, pending);
    }
    return pending;
  }

  private async download(sha: string, size: number, fetchBlob: FetchBlob): Promise<void> {
    const final = this.blobPath(sha);
    if (existsSync(final)) return; // another caller finished it since ensure() looked
    const tmp = await this.tempPath();
    try {
      const source = await fetchBlob(sha);
      const file = await open(tmp, 'wx', CACHED_MODE).catch((err: unknown) => {
        source.destroy();
        throw err;
      });
      // The write stream owns the handle: it fsyncs (flush) and closes it, also on error.
      const got = await hashInto(source, file.createWriteStream({ flush: true }), {
        maxBytes: size,
        tooLarge: (max) => new Error(`blob ${sha}: the download is longer than the ${max} bytes of the manifest`),
      });
      if (got.sha256 !== sha) throw new Error(`blob ${sha}: sha256 mismatch, the download hashes to ${got.sha256}`);
      await mkdir(dirname(final), { recursive: true });
      await rename(tmp, final);
      this.index.add(sha, got.size);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  /**
   * Creates `destDir` (which must be new or empty) holding `files`, each a hard
   * link to its cached blob, or a read-only copy where linking is impossible.
   * Nothing is touched before the whole manifest passed validateManifest and
   * every blob is known to be cached; after a later failure `destDir` may be
   * partly filled, and the caller removes it with the job directory. Either
   * way it releases the pins of the ensure() before it, and evicts what the
   * watermarks say.
   */
  async materialize(files: readonly BundleFile[], destDir: string): Promise<void> {
    try {
      await this.linkAll(files, destDir);
    } finally {
      this.unpin(files);
    }
    await this.evict();
  }

  private async linkAll(files: readonly BundleFile[], destDir: string): Promise<void> {
    validateManifest(files);
    const absent = files.find((f) => !this.has(f.sha256));
    if (absent !== undefined) throw new Error(`blob ${absent.sha256} of "${absent.path}" is not in the cache: call ensure() first`);
    await mkdir(destDir, { recursive: true });
    // An empty destination holds no symlink an inner path could be redirected through.
    if ((await readdir(destDir)).length > 0) throw new Error(`cannot materialize into ${destDir}: it is not empty`);
    const dirs = new Set(files.filter((f) => f.path.includes('/')).map((f) => dirname(f.path)));
    for (const dir of dirs) await mkdir(join(destDir, dir), { recursive: true });
    await mapLimit(files, LINK_CONCURRENCY, async (f) => {
      const source = f.mode === 0o755 ? await this.execPath(f.sha256) : this.blobPath(f.sha256);
      const dest = join(destDir, f.path);
      try {
        await link(source, dest);
      } catch (err) {
        if (!COPY_INSTEAD.has((err as NodeJS.ErrnoException).code ?? '')) throw err;
        await copyFile(source, dest, constants.COPYFILE_EXCL);
        // Read-only like a link would be, so a recipe behaves the same on every file system.
        await chmod(dest, f.mode === 0o755 ? CACHED_EXEC_MODE : CACHED_MODE);
      }
    });
  }

  /** The executable (0o555) copy of a blob, made once on first use: a hard link cannot have its own mode. */
  private async execPath(sha: string): Promise<string> {
    const path = `${this.blobPath(sha)}.x`;
    if (existsSync(path)) return path;
    const tmp = await this.tempPath();
    try {
      await copyFile(this.blobPath(sha), tmp, constants.COPYFILE_EXCL);
      await chmod(tmp, CACHED_EXEC_MODE);
      await rename(tmp, path);
      // The executable copy counts against the bound with its blob, and goes with it.
      this.index.add(sha, 2 * (await stat(path)).size);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    return path;
  }

  /** A fresh name in the cache's temp dir: on the cache's file system, so rename() into place is atomic. */
  private async tempPath(): Promise<string> {
    await mkdir(this.tmpDir, { recursive: true });
    return join(this.tmpDir, `${process.pid}-${randomBytes(8).toString('hex')}`);
  }
}
