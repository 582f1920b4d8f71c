/**
 * The one streaming sha256 used by the service's blob store, the agent's bundle
 * cache and the CLI's tree scanner. It lives in core although it touches
 * streams because it opens nothing: it only hashes bytes flowing through streams
 * its caller made, so it stays free of file-system and network I/O, and it is
 * the one place api/, agent/ and cli/ can all import without importing each other.
 */
import { createHash } from 'node:crypto';
import { Transform, Writable, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface HashResult {
  sha256: string;
  size: number;
}

export interface HashOptions {
  /** Fail as soon as more than this many bytes went through (nothing more is read). */
  maxBytes?: number;
  /** The error to fail with past maxBytes; callers pick their own error type. */
  tooLarge?: (maxBytes: number) => Error;
}

/** Passes bytes on unchanged while hashing and counting them. */
class Sha256Meter extends Transform {
  private readonly hash = createHash('sha256');
  size = 0;

  constructor(private readonly opts: HashOptions) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    const max = this.opts.maxBytes;
    if (max !== undefined && this.size > max) {
      done(this.opts.tooLarge?.(max) ?? new Error(`more than ${max} bytes`));
      return;
    }
    this.hash.update(chunk);
    done(null, chunk);
  }

  result(): HashResult {
    return { sha256: this.hash.digest('hex'), size: this.size };
  }
}

/**
 * Pipes `src` into `dest` through the hasher with backpressure, so memory stays
 * flat whatever the size; resolves once `dest` has finished. On any error every
 * stream is destroyed and the promise rejects with that error.
 */
export async function hashInto(src: Readable, dest: Writable, opts: HashOptions = {}): Promise<HashResult> {
  const meter = new Sha256Meter(opts);
  await pipeline(src, meter, dest);
  return meter.result();
}

/** Hashes a stream to its end, keeping nothing. */
export async function hashStream(src: Readable, opts: HashOptions = {}): Promise<HashResult> {
  return hashInto(src, new Writable({ write: (_chunk, _encoding, done) => done() }), opts);
}

/** Thrown by a verifying stream whose bytes do not hash to what they should. */
export class HashMismatchError extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`sha256 mismatch: expected ${expected}, the bytes hash to ${actual}`);
    this.name = 'HashMismatchError';
  }
}

/**
 * Passes bytes on while hashing them, but holds back the last chunk until the
 * end proves the hash right: a reader therefore never sees a complete stream
 * of wrong bytes (with a Content-Length, an HTTP client counts the answer as
 * cut short); on a mismatch the stream fails with HashMismatchError instead.
 */
export function verifying(expectedSha: string): Transform {
  const hash = createHash('sha256');
  let held: Buffer | null = null;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      const previous = held;
      held = chunk;
      done(null, previous ?? undefined);
    },
    flush(done) {
      const actual = hash.digest('hex');
      if (actual !== expectedSha) done(new HashMismatchError(expectedSha, actual));
      else done(null, held ?? undefined);
    },
  });
}
