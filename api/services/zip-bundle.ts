/**
 * Unpacks a zip uploaded by a curl user into the blob store and returns its
 * manifest. The zip is hostile until proven otherwise: entries are checked one
 * by one before their bytes are read, and their bytes are counted as they are
 * actually decompressed (headers can lie), so a bomb is stopped at the limit,
 * before it fills memory or disk. Nothing is ever written outside the store:
 * contents go through BlobStore.put, whose temp files vanish on failure; blobs
 * completed before a refusal stay, which is harmless since they are
 * content-addressed and unreferenced.
 */
import { Transform, pipeline, type Readable, type TransformCallback } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import {
  MAX_BUNDLE_BYTES,
  MAX_BUNDLE_FILES,
  ManifestError,
  normalizeMode,
  validateManifest,
  type BundleFile,
} from '../../core/bundle-manifest.js';
import { UnsafePathError, checkRelativePath } from '../../core/safe-path.js';
import type { HashResult } from '../../core/sha256-stream.js';
import { ApiError } from '../errors.js';
import type { BlobStore } from '../store/blob-store.js';

export interface ZipLimits {
  /** Most entries (directories included), checked against the central directory before anything is read. */
  maxEntries: number;
  /** Most bytes all entries may expand to, counted on the decompressed streams. */
  maxTotalBytes: number;
  /** Highest expansion ratio allowed for an entry that expands past ratioFloorBytes. */
  maxRatio: number;
  /** Small entries may compress well (a file of blanks): the ratio only counts above this size. */
  ratioFloorBytes: number;
}

/** Fixed defaults, independent of the environment; the route passes its own limits if it wants others. */
const ZIP_DEFAULT_LIMITS: Readonly<ZipLimits> = {
  maxEntries: MAX_BUNDLE_FILES,
  maxTotalBytes: MAX_BUNDLE_BYTES,
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
};

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

const refuse = (entry: string, why: string): ApiError => new ApiError('AWE_ERR_BAD_BUNDLE', `zip entry "${entry}" refused: ${why}`);
const badZip = (err: Error): ApiError => new ApiError('AWE_ERR_BAD_BUNDLE', `zip refused: ${err.message}`);

/**
 * Unpacks `zipPath` into `blobs` and returns the manifest of its files
 * (directories are implied by the files). Throws ApiError 400
 * AWE_ERR_BAD_BUNDLE for a malformed or hostile zip, 413 AWE_ERR_TOO_LARGE past
 * the entry count or total size limit.
 */
export async function unpackZip(zipPath: string, blobs: BlobStore, limits: Partial<ZipLimits> = {}): Promise<BundleFile[]> {
  const lim: ZipLimits = { ...ZIP_DEFAULT_LIMITS, ...limits };
  const zip = await openZip(zipPath);
  try {
    if (zip.entryCount > lim.maxEntries) {
      throw new ApiError('AWE_ERR_TOO_LARGE', `zip has ${zip.entryCount} entries, more than the limit of ${lim.maxEntries}`);
    }
    const files: BundleFile[] = [];
    const seen = new Set<string>();
    let budget = lim.maxTotalBytes;
    for (let entry = await nextEntry(zip); entry !== undefined; entry = await nextEntry(zip)) {
      const name = entry.fileName;
      if (entry.isEncrypted()) throw refuse(name, 'it is encrypted');
      const unixMode = entry.externalFileAttributes >>> 16;
      const isDir = isDirectoryEntry(name, unixMode);
      const path = isDir ? name.slice(0, -1) : name;
      try {
        checkRelativePath(path);
      } catch (err) {
        if (err instanceof UnsafePathError) throw refuse(name, err.message);
        throw err;
      }
      if (seen.has(path)) throw refuse(name, 'the zip holds this path twice');
      seen.add(path);
      if (isDir) continue;
      const { sha256, size } = await storeEntry(zip, entry, blobs, lim, budget);
      budget -= size;
      files.push({ path, sha256, size, mode: normalizeMode(unixMode) });
    }
    try {
      validateManifest(files);
    } catch (err) {
      if (err instanceof ManifestError) {
        throw new ApiError(err.problem === 'too_large' ? 'AWE_ERR_TOO_LARGE' : 'AWE_ERR_BAD_BUNDLE', `zip refused: ${err.message}`);
      }
      throw err;
    }
    return files;
  } finally {
    zip.close();
  }
}

/**
 * True for a directory entry, false for a regular file; throws for anything
 * else. The Unix file type sits in the upper half of the external attributes;
 * zips made elsewhere leave it 0, which means a plain file.
 */
function isDirectoryEntry(name: string, unixMode: number): boolean {
  const type = unixMode & S_IFMT;
  if (type === S_IFLNK) throw refuse(name, 'it is a symbolic link');
  if (type !== 0 && type !== S_IFREG && type !== S_IFDIR) throw refuse(name, 'it is a device, fifo or socket');
  const isDir = name.endsWith('/') || type === S_IFDIR;
  if (isDir && !name.endsWith('/')) throw refuse(name, 'a directory entry must end with "/"');
  if (isDir && type === S_IFREG) throw refuse(name, 'a regular file entry cannot end with "/"');
  return isDir;
}

async function storeEntry(zip: ZipFile, entry: Entry, blobs: BlobStore, lim: ZipLimits, budget: number): Promise<HashResult> {
  const raw = await new Promise<Readable>((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => (err ? reject(refuse(entry.fileName, err.message)) : resolve(stream)));
  });
  const guard = new ExpansionGuard(entry.fileName, entry.compressedSize, lim, budget);
  // Whichever stream fails first tells whose fault it is: the zip stream
  // (inflate error, a size that disagrees with its header) is the client's; a
  // failure on the writing side (disk full) is ours and must not become a 400.
  let firstFailure: 'zip' | 'store' | undefined;
  raw.once('error', () => (firstFailure ??= 'zip'));
  guard.once('error', () => (firstFailure ??= 'store'));
  // pipeline (not pipe) so that an error on either side destroys both; the
  // error reaches blobs.put() through the guard, hence the empty callback.
  pipeline(raw, guard, () => {});
  try {
    return await blobs.put(guard);
  } catch (err) {
    if (!(err instanceof ApiError) && firstFailure === 'zip') throw refuse(entry.fileName, (err as Error).message);
    throw err;
  }
}

/** Counts the decompressed bytes of one entry and stops the stream at the total budget or the ratio limit. */
class ExpansionGuard extends Transform {
  private bytes = 0;

  constructor(
    private readonly name: string,
    private readonly compressedSize: number,
    private readonly lim: ZipLimits,
    private readonly budget: number,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.budget) {
      done(new ApiError('AWE_ERR_TOO_LARGE', `zip expands to more than ${this.lim.maxTotalBytes} bytes (reached at entry "${this.name}")`));
      return;
    }
    if (this.bytes > this.lim.ratioFloorBytes && this.bytes > this.lim.maxRatio * Math.max(1, this.compressedSize)) {
      done(refuse(this.name, `it expands more than ${this.lim.maxRatio}:1 (${this.compressedSize} bytes to over ${this.bytes}), like a zip bomb`));
      return;
    }
    done(null, chunk);
  }
}

function openZip(zipPath: string): Promise<ZipFile> {
  const options = { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true, strictFileNames: true };
  return new Promise((resolve, reject) => {
    yauzl.open(zipPath, options, (err, zip) => {
      if (err) return reject(badZip(err));
      // Errors are delivered through nextEntry(); one arriving after we gave up must not crash the process.
      zip.on('error', () => {});
      resolve(zip);
    });
  });
}

/** The next central-directory entry, or undefined at the end. yauzl's own name checks (`..`, absolute, backslash, drive letter) surface here. */
function nextEntry(zip: ZipFile): Promise<Entry | undefined> {
  return new Promise((resolve, reject) => {
    const onEntry = (entry: Entry): void => settle(() => resolve(entry));
    const onEnd = (): void => settle(() => resolve(undefined));
    const onError = (err: Error): void => settle(() => reject(badZip(err)));
    const settle = (then: () => void): void => {
      zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
      then();
    };
    zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
    zip.readEntry();
  });
}
