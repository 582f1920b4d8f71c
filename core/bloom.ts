/**
 * A Bloom filter of sha256s: what content an agent's bundle cache and its site's
 * `awe-cache` hold, sent with a claim so the service can send work to its data.
 *
 * Sizes are powers of two from 64 bytes to 64 KiB, and every filter uses
 * `BLOOM_HASHES` (7) bit positions per item, taken by double hashing from the
 * sha256 itself (already uniform: nothing is hashed again). Because a position
 * is the low bits of one 32-bit number, a filter can be widened to any larger
 * size by repeating it, so filters of different sizes join (`union`) without
 * false negatives.
 *
 * False positives: `forCount(n)` gives at least 10 bits per item, so with 7
 * hashes the rate is (1 - e^(-7n/m))^7 ≤ 0.82 % while n ≤ 52,428 (the 64 KiB
 * cap); past that it grows: 2.2 % at 65,536 items, 11.8 % at 100,000 (see
 * `falsePositiveRate` and docs/routing.md). A false positive only makes a site
 * look like it holds a file it does not: the claim's locality preference is
 * wrong for that job, never the job's result. There are no false negatives.
 */

export const BLOOM_HASHES = 7;
export const BLOOM_MIN_BYTES = 64;
export const BLOOM_MAX_BYTES = 64 * 1024;
const BITS_PER_ITEM = 10;
const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The expected false-positive rate of `bits` bits holding `items` items: (1 - e^(-k n / m))^k. */
export const falsePositiveRate = (items: number, bits: number): number => (1 - Math.exp((-BLOOM_HASHES * items) / bits)) ** BLOOM_HASHES;

const isPowerOfTwo = (n: number): boolean => Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;

export class BloomFilter {
  private constructor(private readonly bytes: Uint8Array) {}

  /** An empty filter sized for `items` sha256s: the smallest allowed power of two with 10 bits per item, at most 64 KiB. */
  static forCount(items: number): BloomFilter {
    return new BloomFilter(new Uint8Array(BloomFilter.bytesFor(items)));
  }

  /** The size `forCount(items)` has: a holder of a filter can tell when it has outgrown it. */
  static bytesFor(items: number): number {
    let size = BLOOM_MIN_BYTES;
    while (size < BLOOM_MAX_BYTES && size * 8 < items * BITS_PER_ITEM) size *= 2;
    return size;
  }

  /** A filter holding these sha256s (lowercase hex), sized for them. */
  static of(shas: Iterable<string>): BloomFilter {
    const list = [...shas];
    const filter = BloomFilter.forCount(list.length);
    for (const sha of list) filter.add(sha);
    return filter;
  }

  /** A filter from its bytes; throws on a size that is not a power of two from 64 B to 64 KiB. */
  static fromBytes(bytes: Uint8Array): BloomFilter {
    if (!isPowerOfTwo(bytes.length) || bytes.length < BLOOM_MIN_BYTES || bytes.length > BLOOM_MAX_BYTES) {
      throw new Error(`a content filter is a power of two from ${BLOOM_MIN_BYTES} to ${BLOOM_MAX_BYTES} bytes, not ${bytes.length}`);
    }
    return new BloomFilter(new Uint8Array(bytes));
  }

  /** A filter from its wire form (base64, canonical); throws on anything else. */
  static fromBase64(text: string): BloomFilter {
    const bytes = Buffer.from(text, 'base64');
    if (bytes.toString('base64') !== text) throw new Error('a content filter is written in base64');
    return BloomFilter.fromBytes(bytes);
  }

  toBase64(): string {
    return Buffer.from(this.bytes).toString('base64');
  }

  /** The filter's bits, a copy. */
  toBytes(): Uint8Array {
    return new Uint8Array(this.bytes);
  }

  get sizeBytes(): number {
    return this.bytes.length;
  }

  add(sha: string): void {
    for (const bit of this.positions(sha)) this.bytes[bit >>> 3] |= 1 << (bit & 7);
  }

  /** Whether the sha may be held: false means surely not; true is wrong at about the false-positive rate. */
  has(sha: string): boolean {
    for (const bit of this.positions(sha)) if ((this.bytes[bit >>> 3] & (1 << (bit & 7))) === 0) return false;
    return true;
  }

  /** A filter holding what either holds, as large as the larger of the two (the smaller is widened by repetition). */
  union(other: BloomFilter): BloomFilter {
    const size = Math.max(this.bytes.length, other.bytes.length);
    const out = new Uint8Array(size);
    for (const from of [this.bytes, other.bytes]) for (let i = 0; i < size; i++) out[i] |= from[i % from.length];
    return new BloomFilter(out);
  }

  /** The false-positive rate this filter has now, estimated from its share of set bits (fill^k). */
  estimatedFalsePositiveRate(): number {
    let ones = 0;
    for (const byte of this.bytes) for (let b = byte; b !== 0; b &= b - 1) ones++;
    return (ones / (this.bytes.length * 8)) ** BLOOM_HASHES;
  }

  /**
   * The k bit positions of a sha256 (Kirsch–Mitzenmacher double hashing): h1 + i·h2
   * from its first two 32-bit words, h2 made odd so that it steps through every
   * position of a power-of-two filter; the low bits make filters widenable.
   */
  private positions(sha: string): number[] {
    if (!SHA256_HEX.test(sha)) throw new Error(`not a sha256: ${sha}`);
    const h1 = parseInt(sha.slice(0, 8), 16);
    const h2 = parseInt(sha.slice(8, 16), 16) | 1;
    const mask = this.bytes.length * 8 - 1;
    return Array.from({ length: BLOOM_HASHES }, (_, i) => ((h1 + Math.imul(i, h2)) >>> 0) & mask);
  }
}
