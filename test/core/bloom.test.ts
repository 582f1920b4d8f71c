import { createHash } from 'node:crypto';
import t from 'tap';
import { BLOOM_MAX_BYTES, BloomFilter, falsePositiveRate } from '../../core/bloom.js';

const sha = (label: string): string => createHash('sha256').update(label).digest('hex');
const shas = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => sha(`${prefix}${i}`));

/** The share of `probes` shas never added that the filter claims to hold. */
function measuredRate(filter: BloomFilter, probes: string[]): number {
  return probes.filter((one) => filter.has(one)).length / probes.length;
}

t.test('holds what was added, never a false negative', async (t) => {
  const held = shas('held', 5000);
  const filter = BloomFilter.of(held);
  t.ok(held.every((one) => filter.has(one)));
  t.notOk(BloomFilter.of([]).has(sha('x')), 'an empty filter holds nothing');
});

t.test('the documented false-positive rate holds, and the size stays within 64 KiB', async (t) => {
  const probes = shas('absent', 100_000);
  for (const n of [100, 5000, 52_428]) {
    const filter = BloomFilter.of(shas(`n${n}-`, n));
    t.ok(filter.sizeBytes <= BLOOM_MAX_BYTES);
    const rate = measuredRate(filter, probes);
    t.ok(rate <= 0.01, `${n} items: measured ${rate} within the documented 1 %`);
    t.ok(rate <= falsePositiveRate(n, filter.sizeBytes * 8) * 1.5, `${n} items: near the formula`);
    t.ok(Math.abs(filter.estimatedFalsePositiveRate() - rate) < 0.005, 'the estimate from the fill is close to what is measured');
  }
  const crowded = BloomFilter.of(shas('crowded', 100_000));
  t.equal(crowded.sizeBytes, BLOOM_MAX_BYTES, 'never larger than 64 KiB');
  const rate = measuredRate(crowded, probes);
  t.ok(rate > 0.05 && rate < 0.15, `past the cap the rate grows as documented (11.8 % at 100,000): ${rate}`);
});

t.test('filters of different sizes join without losing anything', async (t) => {
  const small = shas('small', 10);
  const large = shas('large', 20_000);
  const joined = BloomFilter.of(small).union(BloomFilter.of(large));
  t.equal(joined.sizeBytes, BloomFilter.of(large).sizeBytes);
  t.ok([...small, ...large].every((one) => joined.has(one)));
  t.ok(measuredRate(joined, shas('absent', 20_000)) <= 0.01);
});

t.test('the wire form round-trips and refuses what is not a filter', async (t) => {
  const filter = BloomFilter.of(shas('w', 300));
  const back = BloomFilter.fromBase64(filter.toBase64());
  t.ok(shas('w', 300).every((one) => back.has(one)));
  t.throws(() => BloomFilter.fromBase64(Buffer.alloc(100).toString('base64')), /power of two/);
  t.throws(() => BloomFilter.fromBase64(Buffer.alloc(128 * 1024).toString('base64')), /power of two/);
  t.throws(() => BloomFilter.fromBase64('not base64!'), /base64/);
  t.throws(() => filter.has('ABC'), /not a sha256/);
});
