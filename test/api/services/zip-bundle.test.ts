import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import t, { type Test } from 'tap';
import { unpackZip, type ZipLimits } from '../../../api/services/zip-bundle.js';
import { BlobStore } from '../../../api/store/blob-store.js';
import { buildZip, type ZipEntrySpec } from '../../helpers/zip-writer.js';

const MiB = 1024 * 1024;
const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

/** Every path under `dir`, recursively, relative to it. */
async function tree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true }).catch(() => []);
  return entries.map((e) => relative(dir, join(dir, e))).sort();
}

interface Fixture {
  base: string;
  store: BlobStore;
  /** Everything under the fixture's base directory except stored blobs. */
  outsideBlobs: () => Promise<string[]>;
  blobs: () => Promise<string[]>;
  unpack: (entries: ZipEntrySpec[], limits?: Partial<ZipLimits>) => ReturnType<typeof unpackZip>;
  /** Paths that appeared outside the blobs since `before`, other than the uploaded zip and the store's (empty) temp dir. */
  strays: (before: string[]) => Promise<string[]>;
}

/** A store nested a few levels deep, so that `../` entries would have somewhere to land that the test can see. */
async function fixture(t: Test): Promise<Fixture> {
  const base = await mkdtemp(join(tmpdir(), 'awe-zip-'));
  t.teardown(() => rm(base, { recursive: true, force: true }));
  const storeDir = join(base, 'data', 'bundles', 'blobs');
  await mkdir(storeDir, { recursive: true });
  const store = new BlobStore(storeDir);
  const isBlob = (p: string): boolean => /^data\/bundles\/blobs\/[0-9a-f]{2}(\/|$)/.test(p);
  return {
    base,
    store,
    outsideBlobs: async () => (await tree(base)).filter((p) => !isBlob(p)),
    strays: async (before) => {
      const expected = new Set([...before, 'upload.zip', 'data/bundles/blobs/tmp']);
      return (await tree(base)).filter((p) => !isBlob(p) && !expected.has(p));
    },
    blobs: async () => (await tree(storeDir)).filter((p) => p.includes('/')),
    unpack: async (entries, limits) => {
      const zipPath = join(base, 'upload.zip');
      await writeFile(zipPath, buildZip(entries));
      return unpackZip(zipPath, store, limits);
    },
  };
}

t.test('a good zip unpacks to the exact manifest and its contents land in the store', async (t) => {
  const f = await fixture(t);
  const recipe = Buffer.from('def run():\n    pass\n');
  const config = Buffer.from('detector: ccd1\ngain: 2.5\n');
  const script = Buffer.from('#!/bin/sh\nexec python -m pkg.recipe "$@"\n');
  const blanks = Buffer.alloc(512 * 1024, 0x20); // compresses far past 200:1 but is below the ratio floor
  const files = await f.unpack([
    { name: 'pkg/' },
    { name: 'pkg/__init__.py', data: Buffer.alloc(0) },
    { name: 'pkg/recipe.py', data: recipe },
    { name: 'config/astro.yaml', data: config, deflate: false },
    { name: 'bin/run', data: script, unixMode: 0o100750 },
    { name: 'data/blank.txt', data: blanks },
    { name: 'windows-made.txt', data: config, unixMode: 0 },
  ]);
  t.same(files, [
    { path: 'pkg/__init__.py', sha256: sha256(''), size: 0, mode: 0o644 },
    { path: 'pkg/recipe.py', sha256: sha256(recipe), size: recipe.length, mode: 0o644 },
    { path: 'config/astro.yaml', sha256: sha256(config), size: config.length, mode: 0o644 },
    { path: 'bin/run', sha256: sha256(script), size: script.length, mode: 0o755 },
    { path: 'data/blank.txt', sha256: sha256(blanks), size: blanks.length, mode: 0o644 },
    { path: 'windows-made.txt', sha256: sha256(config), size: config.length, mode: 0o644 },
  ]);
  t.same(await readFile(f.store.path(sha256(script))), script);
  t.same(await readFile(f.store.path(sha256(blanks))), blanks);
  t.same(await readdir(join(f.store.dir, 'tmp')), [], 'no temp files left');
});

const hostile: Array<[string, ZipEntrySpec[], RegExp]> = [
  ['parent segments', [{ name: '../../../evil.py', data: Buffer.from('x') }], /invalid relative path: \.\.\/\.\.\/\.\.\/evil\.py/],
  ['parent segment in the middle', [{ name: 'pkg/../../evil.py', data: Buffer.from('x') }], /invalid relative path: pkg\/\.\.\/\.\.\/evil\.py/],
  ['absolute path', [{ name: '/abs.py', data: Buffer.from('x') }], /absolute path: \/abs\.py/],
  ['backslash', [{ name: '..\\evil.py', data: Buffer.from('x') }], /invalid characters in fileName: \.\.\\evil\.py/],
  ['drive letter', [{ name: 'C:/x.py', data: Buffer.from('x') }], /absolute path: C:\/x\.py/],
  ['dot segment', [{ name: 'pkg/./x.py', data: Buffer.from('x') }], /"pkg\/\.\/x\.py" refused: .*"\." segment/],
  ['empty segment', [{ name: 'pkg//x.py', data: Buffer.from('x') }], /"pkg\/\/x\.py" refused: .*empty segment/],
  ['symlink', [{ name: 'link', data: Buffer.from('../../../etc/passwd'), unixMode: 0o120777 }], /"link" refused: it is a symbolic link/],
  ['character device', [{ name: 'tty', unixMode: 0o020666 }], /"tty" refused: it is a device, fifo or socket/],
  ['block device', [{ name: 'disk', unixMode: 0o060660 }], /"disk" refused: it is a device/],
  ['fifo', [{ name: 'pipe', unixMode: 0o010644 }], /"pipe" refused: it is a device, fifo or socket/],
  ['socket', [{ name: 'sock', unixMode: 0o140755 }], /"sock" refused: it is a device/],
  [
    'duplicate name',
    [
      { name: 'a.py', data: Buffer.from('one') },
      { name: 'a.py', data: Buffer.from('two') },
    ],
    /"a\.py" refused: the zip holds this path twice/,
  ],
  [
    'directory and file of the same name',
    [{ name: 'pkg', data: Buffer.from('x') }, { name: 'pkg/' }],
    /"pkg\/" refused: the zip holds this path twice/,
  ],
  [
    'file that is also a directory',
    [
      { name: 'a', data: Buffer.from('file') },
      { name: 'a/b', data: Buffer.from('inside') },
    ],
    /"a" is a file but also the directory of "a\/b"/,
  ],
  ['encrypted entry', [{ name: 'secret.py', data: Buffer.from('x'), flags: 1 }], /"secret\.py" refused: it is encrypted/],
  [
    'header that understates a deflated size',
    [{ name: 'liar.bin', data: randomBytes(100_000), declaredSize: 1000 }],
    /"liar\.bin" refused: too many bytes in the stream/,
  ],
  [
    'stored entry whose sizes disagree',
    [{ name: 'liar.txt', data: Buffer.from('0123456789'), deflate: false, declaredSize: 4 }],
    /size mismatch for stored file/,
  ],
  ['high compression ratio', [{ name: 'zeros.bin', data: Buffer.alloc(5 * MiB) }], /"zeros\.bin" refused: it expands more than 200:1/],
];

for (const [name, entries, message] of hostile) {
  t.test(`refused with 400 AWE_ERR_BAD_BUNDLE, nothing outside the store: ${name}`, async (t) => {
    const f = await fixture(t);
    const before = await f.outsideBlobs();
    await t.rejects(f.unpack(entries), { name: 'ApiError', statusCode: 400, code: 'AWE_ERR_BAD_BUNDLE', message });
    t.same(await f.strays(before), [], 'nothing new but the zip itself and an empty temp dir');
  });
}

t.test('a file that is not a zip is refused with 400', async (t) => {
  const f = await fixture(t);
  const path = join(f.base, 'not.zip');
  await writeFile(path, 'PK but not really');
  await t.rejects(unpackZip(path, f.store), { statusCode: 400, code: 'AWE_ERR_BAD_BUNDLE', message: /zip refused: End of central directory record signature not found/ });
});

t.test('too many entries is refused with 413 before anything is stored', async (t) => {
  const f = await fixture(t);
  const entries = Array.from({ length: 51 }, (_, i): ZipEntrySpec => ({ name: `f${i}.py`, data: Buffer.from(`${i}`) }));
  await t.rejects(f.unpack(entries, { maxEntries: 50 }), { statusCode: 413, code: 'AWE_ERR_TOO_LARGE', message: /51 entries, more than the limit of 50/ });
  t.same(await f.blobs(), []);
  t.same((await f.unpack(entries.slice(1), { maxEntries: 50 })).length, 50, 'one fewer is accepted');
});

t.test('a bomb is stopped at the total size limit, counted on the decompressed bytes', async (t) => {
  const f = await fixture(t);
  const before = await f.outsideBlobs();
  // 50 MiB of zeros deflate to ~50 KiB; the ratio check is lifted to show the size limit on its own.
  const entries = [{ name: 'zeros.bin', data: Buffer.alloc(50 * MiB) }];
  await t.rejects(f.unpack(entries, { maxTotalBytes: 10 * MiB, maxRatio: 1e6 }), {
    statusCode: 413,
    code: 'AWE_ERR_TOO_LARGE',
    message: /zip expands to more than 10485760 bytes \(reached at entry "zeros\.bin"\)/,
  });
  t.same(await f.blobs(), [], 'nothing stored');
  t.same(await f.strays(before), [], 'no temp file left');
});

t.test('the total size limit spans entries; blobs completed before the refusal are the only trace', async (t) => {
  const f = await fixture(t);
  const parts = [randomBytes(4 * MiB), randomBytes(4 * MiB), randomBytes(4 * MiB)];
  const entries = parts.map((data, i) => ({ name: `part${i}.bin`, data }));
  await t.rejects(f.unpack(entries, { maxTotalBytes: 10 * MiB }), { statusCode: 413, message: /reached at entry "part2\.bin"/ });
  t.same((await f.blobs()).sort(), parts.slice(0, 2).map((p) => `${sha256(p).slice(0, 2)}/${sha256(p)}`).sort());
  t.same(await readdir(join(f.store.dir, 'tmp')), []);
});
