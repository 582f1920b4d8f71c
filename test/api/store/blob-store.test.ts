import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import t, { type Test } from 'tap';
import { BlobStore } from '../../../api/store/blob-store.js';

const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

async function newStore(t: Test): Promise<BlobStore> {
  const dir = await mkdtemp(join(tmpdir(), 'awe-blobs-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return new BlobStore(dir);
}

/** A source of `chunks` fresh 1 MiB buffers that records how many were pulled. */
function chunkedSource(chunks: number): { stream: Readable; pulled: () => number } {
  let pulled = 0;
  const stream = Readable.from(
    (function* () {
      for (; pulled < chunks; ) {
        pulled++;
        yield Buffer.alloc(1024 * 1024, pulled % 251);
      }
    })(),
  );
  return { stream, pulled: () => pulled };
}

const tmpFiles = async (store: BlobStore): Promise<string[]> => readdir(join(store.dir, 'tmp')).catch(() => []);

t.test('put stores content under its sha256 and reads it back', async (t) => {
  const store = await newStore(t);
  const body = 'print("hello from the pipeline")\n';
  const { sha256: sha, size } = await store.put(Readable.from([Buffer.from(body)]));
  t.equal(sha, sha256(body));
  t.equal(size, Buffer.byteLength(body));
  t.equal(store.path(sha), join(store.dir, sha.slice(0, 2), sha));
  t.ok(store.has(sha));
  t.equal(store.size(sha), size);
  t.equal(await readFile(store.path(sha), 'utf8'), body);
  const back: Buffer[] = [];
  for await (const chunk of store.openRead(sha)) back.push(chunk as Buffer);
  t.equal(Buffer.concat(back).toString(), body);
  t.equal((await stat(store.path(sha))).mode & 0o777, 0o444, 'stored blobs are read-only');
  t.same(await tmpFiles(store), []);
});

t.test('storing the same content twice succeeds and keeps one blob', async (t) => {
  const store = await newStore(t);
  const a = await store.put(Readable.from([Buffer.from('same')]));
  const b = await store.put(Readable.from([Buffer.from('same')]), { expectedSha: sha256('same') });
  t.same(a, b);
  t.same(await readdir(join(store.dir, a.sha256.slice(0, 2))), [a.sha256]);
  t.same(await tmpFiles(store), []);
});

t.test('a sha256 mismatch is refused and leaves nothing behind', async (t) => {
  const store = await newStore(t);
  const claimed = sha256('what the client said');
  await t.rejects(store.put(Readable.from([Buffer.from('what it sent')]), { expectedSha: claimed }), {
    statusCode: 400,
    code: 'AWE_ERR_BAD_BUNDLE',
    message: /sha256 mismatch/,
  });
  t.notOk(store.has(claimed));
  t.notOk(store.has(sha256('what it sent')), 'the unverified content is not stored either');
  t.same(await tmpFiles(store), []);
});

t.test('an upload past maxBytes is refused early with 413 and leaves nothing behind', async (t) => {
  const store = await newStore(t);
  const src = chunkedSource(100);
  await t.rejects(store.put(src.stream, { maxBytes: 3 * 1024 * 1024 }), { statusCode: 413, code: 'AWE_ERR_TOO_LARGE' });
  t.ok(src.pulled() < 10, `stopped reading after ${src.pulled()} of 100 MiB`);
  t.same(await tmpFiles(store), []);
  t.same((await readdir(store.dir)).filter((d) => d !== 'tmp'), [], 'no blob directory was created');
});

t.test('a source that breaks mid-stream leaves nothing behind', async (t) => {
  const store = await newStore(t);
  let reads = 0;
  const broken = new Readable({
    read() {
      if (reads++ === 0) this.push(Buffer.alloc(1000));
      else this.destroy(new Error('client went away'));
    },
  });
  await t.rejects(store.put(broken), { message: 'client went away' });
  t.same(await tmpFiles(store), []);
});

t.test('a malformed sha is refused before any path is built', async (t) => {
  const store = await newStore(t);
  for (const bad of ['../../etc/passwd', 'A'.repeat(64), 'a'.repeat(63)]) {
    t.throws(() => store.path(bad), { statusCode: 400, code: 'AWE_ERR_VALIDATION' }, bad);
  }
  await t.rejects(store.put(Readable.from([Buffer.from('x')]), { expectedSha: '../x' }), { code: 'AWE_ERR_VALIDATION' });
  t.throws(() => store.openRead(sha256('absent')), { statusCode: 404, code: 'AWE_ERR_NOT_FOUND' });
  t.throws(() => store.size(sha256('absent')), { statusCode: 404, code: 'AWE_ERR_NOT_FOUND' });
});

t.test('memory stays flat while a large upload streams through', async (t) => {
  const store = await newStore(t);
  const mib = 512;
  const src = chunkedSource(mib);
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const { size } = await store.put(src.stream);
  clearInterval(timer);
  t.equal(size, mib * 1024 * 1024);
  const growth = (peak - before) / 1024 / 1024;
  t.ok(growth < 128, `rss grew by ${growth.toFixed(0)} MiB for a ${mib} MiB upload`);
});

t.test('temp files left by cut-off uploads are removed once stale; fresh ones are kept', async (t) => {
  const store = await newStore(t);
  await mkdir(join(store.dir, 'tmp'), { recursive: true });
  const stale = join(store.dir, 'tmp', 'crashed-upload');
  const fresh = join(store.dir, 'tmp', 'upload-in-progress');
  await writeFile(stale, 'half a file');
  await writeFile(fresh, 'still arriving');
  const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
  await utimes(stale, twoHoursAgo, twoHoursAgo);
  t.equal(await store.removeStaleTemp(3600_000), 1);
  t.same(await tmpFiles(store), ['upload-in-progress']);
  const stored = await store.put(Readable.from([Buffer.from('kept')]));
  t.equal(await store.removeStaleTemp(3600_000, Date.now() + 10 * 3600_000), 1, 'only temp files, never stored blobs');
  t.ok(store.has(stored.sha256));
});

t.test('replicas storing the same content at once on a shared directory leave one complete blob', async (t) => {
  const first = await newStore(t);
  const replicas = [first, new BlobStore(first.dir), new BlobStore(first.dir)];
  const { stream } = chunkedSource(4);
  const content = Buffer.concat(await stream.toArray());
  const results = await Promise.all(
    Array.from({ length: 9 }, (_, i) => replicas[i % 3]!.put(Readable.from([content.subarray(0, 1_000_000), content.subarray(1_000_000)]))),
  );
  t.same(new Set(results.map((r) => r.sha256)), new Set([sha256(content)]));
  t.same(await readdir(join(first.dir, sha256(content).slice(0, 2))), [sha256(content)], 'one file');
  t.ok((await readFile(first.path(sha256(content)))).equals(content), 'complete');
  t.same(await tmpFiles(first), [], 'no temp file left');
});

t.test('the collector keeps a blob that another replica uploaded since it looked, and removes an old one', async (t) => {
  const store = await newStore(t);
  const other = new BlobStore(store.dir);
  const { sha256: sha } = await store.put(Readable.from([Buffer.from('old content')]));
  const aged = async (): Promise<void> => {
    const old = (Date.now() - 48 * 3600_000) / 1000;
    await utimes(store.path(sha), old, old);
  };
  const cutoff = Date.now() - 24 * 3600_000;
  await aged();
  t.ok(store.uploadedBefore(sha, cutoff), 'the collector finds it old');
  await other.put(Readable.from([Buffer.from('old content')]));
  t.notOk(store.removeIfUploadedBefore(sha, cutoff), 'an upload on another replica since then keeps it');
  t.equal(await readFile(store.path(sha), 'utf8'), 'old content', 'the blob is there');

  await aged();
  t.ok(store.removeIfUploadedBefore(sha, cutoff), 'an old blob nobody uploaded meanwhile is collected');
  t.notOk(store.has(sha));
  t.same(await tmpFiles(store), [], 'nothing left aside');
});
