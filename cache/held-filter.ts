/**
 * What the cache holds, as a Bloom filter of sha256s (core/bloom.ts) for
 * `GET /v1/held`: every agent of the site fetches it each minute and joins it
 * into the content filter of its claims.
 *
 * It follows the index as files arrive (each sets its bits). A Bloom filter
 * cannot forget, so a file that leaves (evicted, or dropped as corrupt) only
 * marks it stale, as does outgrowing its size (10 bits per file, up to 64 KiB):
 * the next read rebuilds it from the in-memory index, once per change however
 * many agents ask. Each version has its own ETag (with a per-process prefix, so
 * a restarted cache never repeats one), and its base64 is made once, so an
 * agent whose copy is current costs a 304 and anyone else a string already made.
 */
import { randomBytes } from 'node:crypto';
import { BloomFilter } from '../core/bloom.js';
import type { LruIndex } from '../core/lru-index.js';

export interface HeldAnswer {
  /** The filter, base64 as in a claim's `contentFilter`. */
  filter: string;
  etag: string;
}

export class HeldFilter {
  /** Null when stale: rebuilt on the next read. */
  private filter: BloomFilter | null = null;
  private answer: HeldAnswer | null = null;
  private version = 0;
  private readonly process = randomBytes(6).toString('hex');

  constructor(private readonly index: LruIndex) {}

  /** A file is now in the index. */
  added(sha: string): void {
    this.answer = null;
    if (this.filter === null) return;
    if (this.filter.sizeBytes < BloomFilter.bytesFor(this.index.count)) this.filter = null;
    else this.filter.add(sha);
  }

  /** A file left the index: its bits may be another file's too, so only a rebuild forgets it. */
  removed(): void {
    this.filter = null;
    this.answer = null;
  }

  current(): HeldAnswer {
    this.filter ??= BloomFilter.of(this.index.keys());
    this.answer ??= { filter: this.filter.toBase64(), etag: `"${this.process}-${++this.version}"` };
    return this.answer;
  }
}
