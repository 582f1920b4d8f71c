/**
 * The cache's disk: `<dir>/blobs/<aa>/<sha256>`, complete files only (fetched
 * into `<dir>/tmp`, hash-checked, then renamed into place), so a restart keeps
 * exactly what was whole. The order of use survives restarts too: a file's
 * mtime is set when it is served, and the start-up scan adds files oldest first.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import { SHA256_HEX } from '../core/bundle-manifest.js';
import { countBytes } from '../core/byte-count.js';
import { LruIndex, type Watermarks } from '../core/lru-index.js';
import { hashInto, HashMismatchError, verifying } from '../core/sha256-stream.js';
import { HeldFilter, type HeldAnswer } from './held-filter.js';
import type { CacheMetrics } from './metrics.js';

export class ContentStore {
  private readonly index = new LruIndex();
  private readonly heldBloom = new HeldFilter(this.index);
  /** Fetches under way, by sha: concurrent misses wait for the one fetch. */
  private readonly inFlight = new Map<string, Promise<void>>();
  /** Files being served, by sha (a count): never evicted while read. */
  private readonly reading = new Map<string, number>();
  private readonly blobsDir: string;
  private readonly tmpDir: string;

  private constructor(
    dir: string,
    private readonly marks: Watermarks,
    private readonly metrics: CacheMetrics,
    private readonly log: Logger,
  ) {
    this.blobsDir = join(dir, 'blobs');
    this.tmpDir = join(dir, 'tmp');
  }

  /** Opens the store, keeping every whole file a previous run left (partial fetches are removed). */
  static async open(dir: string, marks: Watermarks, metrics: CacheMetrics, log: Logger): Promise<ContentStore> {
    const store = new ContentStore(dir, marks, metrics, log);
    await rm(store.tmpDir, { recursive: true, force: true });
    await mkdir(store.tmpDir, { recursive: true, mode: 0o700 });
    await mkdir(store.blobsDir, { recursive: true, mode: 0o700 });
    const found: Array<{ sha: string; size: number; used: number }> = [];
    for (const prefix of await readdir(store.blobsDir)) {
      for (const name of await readdir(join(store.blobsDir, prefix)).catch(() => [])) {
        if (!SHA256_HEX.test(name) || name.slice(0, 2) !== prefix) continue;
        const info = await stat(join(store.blobsDir, prefix, name));
        found.push({ sha: name, size: info.size, used: info.mtimeMs });
      }
    }
    for (const file of found.sort((a, b) => a.used - b.used)) store.index.add(file.sha, file.size);
    await store.evict();
    return store;
  }

  get held(): { bytes: number; files: number } {
    return { bytes: this.index.totalBytes, files: this.index.count };
  }

  /** The shas held as a Bloom filter, for the site's placement hints (cache/held-filter.ts). */
  heldFilter(): HeldAnswer {
    return this.heldBloom.current();
  }

  has(sha: string): boolean {
    return this.index.has(sha);
  }

  fetching(sha: string): boolean {
    return this.inFlight.has(sha);
  }

  private pathOf(sha: string): string {
    return join(this.blobsDir, sha.slice(0, 2), sha);
  }

  /**
   * Makes `sha` present: fetched through `source` (the service) once, however
   * many callers ask at the same moment, hashed as it streams to disk, and
   * kept only if it hashes to `sha`.
   */
  fetch(sha: string, source: () => Promise<Readable>): Promise<void> {
    let pending = this.inFlight.get(sha);
    if (pending === undefined) {
      pending = this.download(sha, source).finally(() => this.inFlight.delete(sha));
      this.inFlight.set(sha, pending);
    }
    return pending;
  }

  private async download(sha: string, source: () => Promise<Readable>): Promise<void> {
    const tmp = join(this.tmpDir, `${sha}-${randomBytes(6).toString('hex')}`);
    try {
      const body = await source();
      const file = await open(tmp, 'wx', 0o600).catch((err: unknown) => {
        body.destroy();
        throw err;
      });
      const got = await hashInto(
        countBytes(body, (bytes) => (this.metrics.bytesFetched += bytes)),
        // fsynced before the rename, so a power cut leaves no short file under a full name (a read would catch it, at a refetch's cost).
        file.createWriteStream({ flush: true }),
      );
      if (got.sha256 !== sha) throw new HashMismatchError(sha, got.sha256);
      const final = this.pathOf(sha);
      await mkdir(dirname(final), { recursive: true, mode: 0o700 });
      await rename(tmp, final);
      this.index.add(sha, got.size);
      this.heldBloom.added(sha);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    await this.evict();
  }

  /**
   * A held file as a stream that is hash-checked as it goes: a file changed on
   * disk fails the stream before its last bytes (so no client takes it as
   * whole), is dropped, and `refetch` is called to fetch it again.
   */
  async read(sha: string, refetch: () => void): Promise<{ stream: Readable; size: number }> {
    const path = this.pathOf(sha);
    const { size } = await stat(path);
    this.index.touch(sha);
    const now = new Date();
    utimes(path, now, now).catch(() => undefined); // the order of use, for the next start; a lost update only ages the file
    this.reading.set(sha, (this.reading.get(sha) ?? 0) + 1);
    const check = verifying(sha);
    const release = (): void => {
      const left = (this.reading.get(sha) ?? 1) - 1;
      if (left === 0) this.reading.delete(sha);
      else this.reading.set(sha, left);
    };
    check.once('close', release);
    check.once('error', (err) => {
      if (!(err instanceof HashMismatchError)) return;
      this.metrics.corrupt++;
      this.log.warn({ sha }, 'a cached file no longer hashes right: dropped, fetching it again');
      void this.drop(sha).then(refetch);
    });
    const file = createReadStream(path);
    file.once('error', (err) => check.destroy(err));
    check.once('close', () => file.destroy());
    return { stream: file.pipe(check), size };
  }

  private async drop(sha: string): Promise<void> {
    this.index.remove(sha);
    this.heldBloom.removed();
    await rm(this.pathOf(sha), { force: true });
  }

  /** Past the high watermark: least recently used files go, down to the low one; files being served stay. */
  private async evict(): Promise<void> {
    for (const sha of this.index.victims(this.marks, (key) => this.reading.has(key) || this.inFlight.has(key))) {
      await this.drop(sha);
      this.metrics.evictions++;
    }
  }
}
