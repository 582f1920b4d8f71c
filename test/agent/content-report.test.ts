import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import t from 'tap';
import { BundleCache } from '../../agent/bundle-cache.js';
import { ContentReport } from '../../agent/content-report.js';
import { BloomFilter } from '../../core/bloom.js';

const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

t.test("the node reports its cache's blobs, whole bundles by id and its site cache's files, each change once", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'awe-content-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const cache = new BundleCache(dir);
  const body = Buffer.from('print(1)\n');
  const file = { path: 'a.py', sha256: sha256(body), size: body.length, mode: 0o644 as const };
  await cache.ensure([file], async () => Readable.from([body]));
  const atSite = sha256('at the site');
  let now = 0;
  const report = new ContentReport(cache, { held: async () => BloomFilter.of([atSite]) }, () => now);

  const first = await report.next();
  t.ok(first !== undefined, 'the first claim carries a filter');
  const filter = BloomFilter.fromBase64(first!);
  t.ok(filter.has(file.sha256), 'with the cached blob');
  t.ok(filter.has(atSite), "and the site cache's file");
  report.taken(first!);
  t.equal(await report.next(), undefined, 'an unchanged filter is not sent again');

  const bundle = sha256('bundle');
  report.noteBundle(bundle, [file.sha256]);
  const second = await report.next();
  t.ok(second !== undefined && BloomFilter.fromBase64(second).has(bundle), 'a bundle whose files are all here is named by its id');
  report.taken(second!);
  report.noteBundle(sha256('partial'), [file.sha256, sha256('missing')]);
  const third = (await report.next()) ?? second!;
  t.notOk(BloomFilter.fromBase64(third).has(sha256('partial')), 'one with a file missing is not');
  report.taken(third);
  const spread = sha256('spread');
  report.noteBundle(spread, [file.sha256, atSite]);
  const fourth = (await report.next())!;
  t.ok(BloomFilter.fromBase64(fourth).has(spread), "one whose files are partly here and partly in the site's filter is whole");
  report.taken(fourth);

  now += 60_000;
  t.equal(await report.next(), undefined, 'listed again after a minute; still nothing new to send');
});
