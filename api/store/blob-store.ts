/**
 * Content-addressed file contents of code bundles, stored once in the
 * service's data dir as `<dir>/<aa>/<sha256>`. Uploads stream to a temp file
 * in `<dir>/tmp/` while being hashed and only appear under their name once
 * complete, verified and fsynced, so a reader never sees a partial blob and a
 * failed upload leaves nothing behind.
 *
 * A blob file's modification time is when it was last uploaded: storing a
 * content that exists refreshes it. The collector removes only blobs that
 * nothing references and whose time is older than a grace period, which is
 * the time an upload has to become referenced (by a bundle or an output).
 *
 * Several replicas may share the directory (AWE_BLOB_DIR). Every upload is
 * renamed into place, also over a copy that is there already: a rename is
 * atomic, the contents are equal, so two replicas storing the same content at
 * once leave one complete file, and the fresh time comes with the file. Temp
 * names carry a random part, so replicas never write one file together.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, renameSync, statSync, unlinkSync, utimesSync, type ReadStream } from 'node:fs';
import { lstat, mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { SHA256_HEX } from '../../core/bundle-manifest.js';
import { hashInto, type HashResult } from '../../core/sha256-stream.js';
import { ApiError, notFound } from '../errors.js';

export interface PutOptions {
  /** Refuse (400 AWE_ERR_BAD_BUNDLE) unless the content hashes to this. */
  expectedSha?: string;
  /** Refuse (413 AWE_ERR_TOO_LARGE) as soon as the stream passes this many bytes. */
  maxBytes?: number;
}

function checkSha(sha: string): string {
  if (!SHA256_HEX.test(sha)) throw new ApiError('AWE_ERR_VALIDATION', `not a sha256 (64 lowercase hex digits): "${sha.slice(0, 80)}"`);
  return sha;
}

export class BlobStore {
  private readonly tmpDir: string;

  constructor(
    readonly dir: string,
    private readonly now: () => number = Date.now,
  ) {
    this.tmpDir = join(dir, 'tmp');
  }

  /** Where the blob lives (whether or not it exists). The sha is checked first, so it can never name another path. */
  path(sha: string): string {
    checkSha(sha);
    return join(this.dir, sha.slice(0, 2), sha);
  }

  has(sha: string): boolean {
    return existsSync(this.path(sha));
  }

  /**
   * Streams `stream` into the store and returns its sha256 and size. The temp
   * file is removed on any failure (mismatch, too large, broken source).
   * Storing content that is already present is a no-op that succeeds.
   */
  async put(stream: Readable, opts: PutOptions = {}): Promise<HashResult> {
    const tmp = join(this.tmpDir, `${process.pid}-${randomBytes(8).toString('hex')}`);
    try {
      if (opts.expectedSha !== undefined) checkSha(opts.expectedSha);
      await mkdir(this.tmpDir, { recursive: true });
      // Read-only from birth: the store never rewrites a blob in place. The
      // write stream owns the handle, fsyncs it (flush) and closes it, also on error.
      const file = await open(tmp, 'wx', 0o444);
      const result = await hashInto(stream, file.createWriteStream({ flush: true }), {
        maxBytes: opts.maxBytes,
        tooLarge: (max) => new ApiError('AWE_ERR_TOO_LARGE', `blob is larger than ${max} bytes`),
      });
      if (opts.expectedSha !== undefined && result.sha256 !== opts.expectedSha) {
        throw new ApiError('AWE_ERR_BAD_BUNDLE', `sha256 mismatch: expected ${opts.expectedSha}, content hashes to ${result.sha256}`);
      }
      const final = this.path(result.sha256);
      // Fresh before it is visible: a collector (on any replica) that finds it sees it fresh and keeps it.
      this.markUploaded(tmp);
      await mkdir(dirname(final), { recursive: true });
      await rename(tmp, final);
      await syncDir(dirname(final));
      return result;
    } catch (err) {
      // The source may not have been consumed (early failure): release it so a client upload does not hang.
      stream.destroy();
      await rm(tmp, { force: true });
      throw err;
    }
  }

  /**
   * Removes temp files older than `maxAgeMs`: what uploads left behind when the
   * service died under them. Younger ones may belong to uploads in progress.
   */
  async removeStaleTemp(maxAgeMs: number, now = Date.now()): Promise<number> {
    const names = await readdir(this.tmpDir).catch(() => [] as string[]);
    let removed = 0;
    for (const name of names) {
      const path = join(this.tmpDir, name);
      const stat = await lstat(path).catch(() => null);
      if (stat?.isFile() && now - stat.mtimeMs > maxAgeMs) {
        await rm(path, { force: true });
        removed++;
      }
    }
    return removed;
  }

  /** The upload time the collector's grace period counts from, by the store's clock. */
  private markUploaded(path: string): void {
    const seconds = this.now() / 1000;
    utimesSync(path, seconds, seconds);
  }

  /** Every stored sha, one directory at a time. */
  async *shas(): AsyncGenerator<string> {
    const shards = await readdir(this.dir).catch(() => [] as string[]);
    for (const shard of shards) {
      if (!/^[0-9a-f]{2}$/.test(shard)) continue;
      for (const name of await readdir(join(this.dir, shard)).catch(() => [] as string[])) if (SHA256_HEX.test(name)) yield name;
    }
  }

  /** Whether the blob is stored and was last uploaded before `time` (every upload of it renews the time). */
  uploadedBefore(sha: string, time: number): boolean {
    const stat = statSync(this.path(sha), { throwIfNoEntry: false });
    return stat !== undefined && stat.mtimeMs < time;
  }

  /**
   * Removes the blob if it was last uploaded before `time`. An upload of the
   * same content on another replica may land between the check and the
   * removal; so the blob is first renamed aside (atomic: an upload landing
   * after it makes a new file) and looked at again there: a fresh one was
   * uploaded in between and goes back, an old one is removed.
   */
  removeIfUploadedBefore(sha: string, time: number): boolean {
    if (!this.uploadedBefore(sha, time)) return false;
    const path = this.path(sha);
    const aside = join(this.tmpDir, `collect-${sha}-${randomBytes(4).toString('hex')}`);
    mkdirSync(this.tmpDir, { recursive: true });
    try {
      renameSync(path, aside);
    } catch (err) {
      // Collected by another replica meanwhile.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
    if (statSync(aside).mtimeMs >= time) {
      // Equal contents: putting it back over an upload that landed meanwhile changes nothing.
      renameSync(aside, path);
      return false;
    }
    unlinkSync(aside);
    return true;
  }

  /** A read stream of the blob; 404 AWE_ERR_NOT_FOUND if it is not stored. */
  openRead(sha: string): ReadStream {
    const path = this.path(sha);
    if (!existsSync(path)) throw notFound(`blob ${sha}`);
    return createReadStream(path);
  }

  /** Size in bytes; 404 AWE_ERR_NOT_FOUND if it is not stored. */
  size(sha: string): number {
    const stat = statSync(this.path(sha), { throwIfNoEntry: false });
    if (stat === undefined) throw notFound(`blob ${sha}`);
    return stat.size;
  }
}

/** Makes a rename durable: without it a crash can lose the new name although the data was fsynced. */
async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
