/** The cache's filter of what it holds, as files arrive beyond its size and leave. */
import { createHash } from 'node:crypto';
import t from 'tap';
import { HeldFilter } from '../../cache/held-filter.js';
import { BloomFilter } from '../../core/bloom.js';
import { LruIndex } from '../../core/lru-index.js';

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

t.test('the filter grows with the files it names, forgets the ones that left, and changes its ETag only when it changed', async (t) => {
  const index = new LruIndex();
  const held = new HeldFilter(index);
  const first = held.current();
  t.equal(held.current().etag, first.etag, 'nothing changed: the same ETag');

  const files = Array.from({ length: 2000 }, (_, i) => sha(`file ${i}`));
  for (const file of files) {
    index.add(file, 1);
    held.added(file);
  }
  const grown = held.current();
  const filter = BloomFilter.fromBase64(grown.filter);
  t.ok(files.every((file) => filter.has(file)), 'every file that arrived is in it');
  t.equal(filter.sizeBytes, BloomFilter.bytesFor(files.length), 'at the size for that many files (10 bits each)');
  t.not(grown.etag, first.etag, 'under a new ETag');

  for (const file of files.slice(0, 1000)) {
    index.remove(file);
    held.removed();
  }
  const shrunk = BloomFilter.fromBase64(held.current().filter);
  t.ok(files.slice(1000).every((file) => shrunk.has(file)), 'the files still held stay');
  t.ok(files.slice(0, 1000).filter((file) => shrunk.has(file)).length < 30, 'the ones that left are gone, but for false positives');
});
