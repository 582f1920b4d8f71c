import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import t, { type Test } from 'tap';
import { BundleCache, type FetchBlob } from '../../agent/bundle-cache.js';
import type { BundleFile } from '../../core/bundle-manifest.js';

const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

const contents = {
  recipe: Buffer.from('def run():\n    return 0\n'),
  config: Buffer.from('gain: 2.5\n'),
  script: Buffer.from('#!/bin/sh\necho run\n'),
};
const bodyOf = new Map(Object.values(contents).map((b) => [sha256(b), b]));
const entry = (path: string, body: Buffer, mode: BundleFile['mode'] = 0o644): BundleFile => ({ path, sha256: sha256(body), size: body.length, mode });
const manifest: BundleFile[] = [
  entry('pkg/recipe.py', contents.recipe),
  entry('pkg/sub/copy_of_recipe.py', contents.recipe),
  entry('config/astro.yaml', contents.config),
  entry('bin/run', contents.script, 0o755),
  entry('top.yaml', contents.config),
];

/** A fake service: serves the bodies above, counts fetches per sha, optionally slowly. */
function server(opts: { delayMs?: number } = {}): { fetch: FetchBlob; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const fetch: FetchBlob = async (sha) => {
    calls.set(sha, (calls.get(sha) ?? 0) + 1);
    if (opts.delayMs) await sleep(opts.delayMs);
    const body = bodyOf.get(sha);
    if (body === undefined) throw new Error(`404 ${sha}`);
    return Readable.from([body]);
  };
  return { fetch, calls };
}

async function scratch(t: Test, parent = tmpdir()): Promise<string> {
  const dir = await mkdtemp(join(parent, 'awe-cache-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const tmpFiles = async (cache: BundleCache): Promise<string[]> => readdir(join(cache.dir, 'tmp')).catch(() => []);

t.test('ensure fetches each missing blob once and nothing already cached', async (t) => {
  const cache = new BundleCache(await scratch(t));
  const first = server();
  await cache.ensure(manifest, first.fetch);
  t.same([...first.calls.values()], [1, 1, 1], 'three distinct blobs, each fetched once');
  for (const f of manifest) t.ok(cache.has(f.sha256), f.path);
  t.same(await readFile(cache.blobPath(sha256(contents.recipe))), contents.recipe);
  t.equal((await stat(cache.blobPath(sha256(contents.recipe)))).mode & 0o777, 0o444, 'cached blobs are read-only');
  const second = server();
  await cache.ensure(manifest, second.fetch);
  t.equal(second.calls.size, 0, 'a second job needs no download');
});

t.test('concurrent jobs asking for the same blobs share one fetch', async (t) => {
  const cache = new BundleCache(await scratch(t));
  const slow = server({ delayMs: 50 });
  await Promise.all([cache.ensure(manifest, slow.fetch), cache.ensure(manifest, slow.fetch), cache.ensure(manifest.slice(0, 2), slow.fetch)]);
  t.same([...slow.calls.values()], [1, 1, 1]);
  t.same(await tmpFiles(cache), []);
});

t.test('a blob with the wrong hash is refused, not cached, and does not poison later fetches', async (t) => {
  const cache = new BundleCache(await scratch(t));
  const files = [entry('pkg/recipe.py', contents.recipe)];
  // Same size as the real content, so only the hash can tell.
  const liar: FetchBlob = async () => Readable.from([Buffer.alloc(contents.recipe.length, 'x')]);
  await t.rejects(cache.ensure(files, liar), { message: /sha256 mismatch/ });
  t.notOk(cache.has(files[0]!.sha256));
  t.same(await tmpFiles(cache), [], 'no temp file left');
  await cache.ensure(files, server().fetch);
  t.ok(cache.has(files[0]!.sha256), 'the honest download afterwards succeeds');
});

t.test('a download longer than the manifest says is cut off', async (t) => {
  const cache = new BundleCache(await scratch(t));
  const files = [entry('config/astro.yaml', contents.config)];
  let pulled = 0;
  const endless: FetchBlob = async () =>
    Readable.from(
      (function* () {
        for (;;) {
          pulled++;
          yield Buffer.alloc(64 * 1024);
        }
      })(),
    );
  await t.rejects(cache.ensure(files, endless), { message: /longer than the 10 bytes/ });
  t.ok(pulled < 5, `stopped after ${pulled} chunks`);
  t.same(await tmpFiles(cache), []);
});

t.test('materialize hard-links every file to its blob, with dirs and read-only modes', async (t) => {
  const base = await scratch(t);
  const cache = new BundleCache(join(base, 'cache'));
  await cache.ensure(manifest, server().fetch);
  const dest = join(base, 'job-1', 'code');
  await cache.materialize(manifest, dest);
  for (const f of manifest) {
    const placed = await stat(join(dest, f.path));
    t.equal(placed.mode & 0o777, f.mode === 0o755 ? 0o555 : 0o444, `${f.path} mode`);
    t.same(await readFile(join(dest, f.path)), bodyOf.get(f.sha256), `${f.path} content`);
  }
  const recipeInode = (await stat(cache.blobPath(sha256(contents.recipe)))).ino;
  t.equal((await stat(join(dest, 'pkg/recipe.py'))).ino, recipeInode, 'same inode as the cache');
  t.equal((await stat(join(dest, 'pkg/sub/copy_of_recipe.py'))).ino, recipeInode, 'duplicates share it too');
  t.not((await stat(join(dest, 'bin/run'))).ino, (await stat(cache.blobPath(sha256(contents.script)))).ino, 'executables link to their own 0o555 copy');

  const second = join(base, 'job-2', 'code');
  await cache.materialize(manifest, second);
  t.equal((await stat(join(second, 'bin/run'))).ino, (await stat(join(dest, 'bin/run'))).ino, 'the executable copy is made once');

  if (process.getuid?.() !== 0) {
    await t.rejects(writeFile(join(dest, 'pkg/recipe.py'), 'corrupted'), { code: 'EACCES' }, 'a recipe cannot write through to the cache');
  }
  t.same(await readFile(cache.blobPath(sha256(contents.recipe))), contents.recipe);
});

const OTHER_FS = '/dev/shm';
const otherFsDev = statSync(OTHER_FS, { throwIfNoEntry: false })?.dev;
const noOtherFs = otherFsDev === undefined || otherFsDev === statSync(tmpdir()).dev;

t.test('materialize copies across file systems (EXDEV), read-only as well', { skip: noOtherFs && `${OTHER_FS} is not a second file system` }, async (t) => {
  const base = await scratch(t);
  const cache = new BundleCache(join(base, 'cache'));
  await cache.ensure(manifest, server().fetch);
  const dest = join(await scratch(t, OTHER_FS), 'code');
  await cache.materialize(manifest, dest);
  const placed = await stat(join(dest, 'bin/run'));
  t.not(placed.dev, (await stat(cache.dir)).dev);
  t.equal(placed.mode & 0o777, 0o555);
  t.equal((await stat(join(dest, 'top.yaml'))).mode & 0o777, 0o444);
  t.same(await readFile(join(dest, 'pkg/recipe.py')), contents.recipe);
});

t.test('materialize refuses unsafe manifests, uncached blobs and busy destinations before touching anything', async (t) => {
  const base = await scratch(t);
  const cache = new BundleCache(join(base, 'cache'));
  await cache.ensure(manifest, server().fetch);
  const dest = join(base, 'job', 'code');
  for (const path of ['../escape.py', '/abs.py', 'a\\b.py', 'pkg/./x.py']) {
    await t.rejects(cache.materialize([{ ...manifest[0]!, path }], dest), { name: 'ManifestError' }, path);
  }
  await t.rejects(cache.materialize([...manifest, { ...manifest[0]!, path: 'top.yaml/inner.py' }], dest), { message: /is a file but also the directory/ });
  await t.rejects(cache.materialize([entry('new.py', Buffer.from('never fetched'))], dest), { message: /not in the cache: call ensure\(\) first/ });
  t.same(await readdir(base), ['cache'], 'nothing created for refused manifests');
  await mkdir(dest, { recursive: true });
  await writeFile(join(dest, 'leftover'), 'x');
  await t.rejects(cache.materialize(manifest, dest), { message: /not empty/ });
  await t.rejects(cache.ensure([{ ...manifest[0]!, sha256: '../../x' }], server().fetch), { name: 'ManifestError' });
});

t.test('past its high watermark the cache evicts least recently used blobs, never one a job is about to link, and keeps the order over a restart', async (t) => {
  const base = await scratch(t);
  const dir = join(base, 'cache');
  const big = [0, 1, 2].map((i) => Buffer.alloc(400, i));
  for (const body of big) bodyOf.set(sha256(body), body);
  const one = (i: number): BundleFile[] => [entry(`f${i}`, big[i]!)];
  // 1,000 bytes: two 400-byte blobs fit, a third passes the mark and one goes (down to 900).
  const cache = new BundleCache(dir, 1000);
  const fetched = server();
  await cache.ensure(one(0), fetched.fetch);
  await cache.materialize(one(0), join(base, 'job0'));
  await cache.ensure(one(1), fetched.fetch);
  await cache.materialize(one(1), join(base, 'job1'));
  // f0 is used again: f1 is now the least recently used.
  await cache.ensure(one(0), fetched.fetch);
  await cache.materialize(one(0), join(base, 'job0b'));
  await cache.ensure(one(2), fetched.fetch);
  t.ok(cache.has(sha256(big[1]!)), 'nothing is evicted while a job waits to link its files');
  await cache.materialize(one(2), join(base, 'job2'));
  t.same([0, 1, 2].map((i) => cache.has(sha256(big[i]!))), [true, false, true], 'then the least recently used blob goes');
  t.equal(await cache.heldBytes(), 800);
  t.same(await readFile(join(base, 'job1', 'f1')), big[1], 'a job laid out before keeps its file');

  // A new process on the same directory knows what is there and in which order it was used.
  const restarted = new BundleCache(dir, 1000);
  t.equal(await restarted.heldBytes(), 800);
  await restarted.ensure(one(1), fetched.fetch);
  await restarted.materialize(one(1), join(base, 'job1b'));
  t.same([0, 1, 2].map((i) => restarted.has(sha256(big[i]!))), [false, true, true], 'f0, used before f2, went first');
});
