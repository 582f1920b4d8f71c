import t from 'tap';
import { LruIndex, watermarks } from '../../core/lru-index.js';

t.test('nothing is evicted at or under the high watermark', async (t) => {
  const index = new LruIndex();
  index.add('a', 500);
  index.add('b', 500);
  t.same(index.victims(watermarks(1000)), []);
  t.equal(index.totalBytes, 1000);
});

t.test('past the high watermark the least recently used go, down to the low one, skipping those in use', async (t) => {
  const index = new LruIndex();
  for (const key of ['a', 'b', 'c', 'd']) index.add(key, 300);
  index.touch('a');
  // 1,200 bytes over a mark of 1,000 (low 900): one 300-byte entry is enough, the least recently used: b.
  t.same(index.victims(watermarks(1000)), ['b']);
  t.same(index.victims(watermarks(1000), (key) => key === 'b'), ['c'], 'an entry in use is skipped');
  t.same(index.victims(watermarks(500)), ['b', 'c', 'd'], 'down to 450: three go, the recently used a stays');
  index.remove('b');
  t.equal(index.totalBytes, 900);
  t.equal(index.count, 3);
  index.add('c', 100);
  t.equal(index.totalBytes, 700, 'adding a key again re-sizes it');
  t.same([...index.keys()], ['d', 'a', 'c'], 'and makes it the most recently used');
});

t.test('the low watermark is 90% of the high one', async (t) => {
  t.same(watermarks(10_000), { high: 10_000, low: 9_000 });
});
