import t from 'tap';
import {
  MAX_BUNDLE_BYTES,
  MAX_BUNDLE_FILES,
  ManifestError,
  SHA256_HEX,
  bundleId,
  canonicalManifest,
  normalizeMode,
  validateManifest,
  type BundleFile,
} from '../../core/bundle-manifest.js';

const sha = (c: string): string => c.repeat(64);
const files: BundleFile[] = [
  { path: 'pkg/__init__.py', sha256: sha('a'), size: 0, mode: 0o644 },
  { path: 'pkg/recipe.py', sha256: sha('b'), size: 120, mode: 0o644 },
  { path: 'bin/run', sha256: sha('c'), size: 33, mode: 0o755 },
  { path: 'config/astro.yaml', sha256: sha('d'), size: 7, mode: 0o644 },
];

t.test('bundle id is the same whatever order the files are listed in', async (t) => {
  const id = bundleId(files);
  t.match(id, SHA256_HEX);
  t.equal(bundleId([...files].reverse()), id);
  t.equal(bundleId([files[2]!, files[0]!, files[3]!, files[1]!]), id);
});

t.test('bundle id changes with any change of path, content, size or mode', async (t) => {
  const id = bundleId(files);
  const changed = (i: number, patch: Partial<BundleFile>): string =>
    bundleId(files.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  t.not(changed(1, { path: 'pkg/recipe2.py' }), id, 'path');
  t.not(changed(1, { sha256: 'b'.repeat(63) + 'c' }), id, 'one hex digit of content');
  t.not(changed(1, { size: 121 }), id, 'size');
  t.not(changed(1, { mode: 0o755 }), id, 'mode');
  t.not(bundleId(files.slice(1)), id, 'a file removed');
});

t.test('canonical form is sorted compact JSON with fixed keys, ignoring extra properties', async (t) => {
  const withExtra = files.map((f) => ({ ...f, absPath: '/home/dev/' + f.path }));
  t.equal(canonicalManifest(withExtra), canonicalManifest(files));
  t.equal(
    canonicalManifest([files[1]!, files[0]!]),
    `[{"path":"pkg/__init__.py","sha256":"${sha('a')}","size":0,"mode":420},` +
      `{"path":"pkg/recipe.py","sha256":"${sha('b')}","size":120,"mode":420}]`,
  );
});

t.test('paths sort by code point, as other languages sort them', async (t) => {
  // U+FF21 (fullwidth A) sorts before U+1F600 by code point, but after it in UTF-16 units.
  const a = { path: '\uFF21', sha256: sha('a'), size: 1, mode: 0o644 } as const;
  const b = { path: '\u{1F600}', sha256: sha('b'), size: 1, mode: 0o644 } as const;
  t.match(canonicalManifest([b, a]), /^\[\{"path":"Ａ"/);
});

t.test('normalizeMode keeps only the executable bit', async (t) => {
  t.equal(normalizeMode(0o100600), 0o644);
  t.equal(normalizeMode(0o100700), 0o755);
  t.equal(normalizeMode(0o664), 0o644);
  t.equal(normalizeMode(0o701), 0o755);
});

t.test('a valid manifest passes', async (t) => {
  t.doesNotThrow(() => validateManifest(files));
  t.doesNotThrow(() => validateManifest([]));
});

t.test('invalid manifests are refused with a message naming the problem', async (t) => {
  const bad = (patch: Partial<BundleFile>): BundleFile[] => [...files, { path: 'x.py', sha256: sha('e'), size: 1, mode: 0o644, ...patch }];
  const cases: Array<[string, BundleFile[], RegExp]> = [
    ['parent segment', bad({ path: '../evil.py' }), /unsafe path.*\.\./],
    ['absolute', bad({ path: '/etc/passwd' }), /absolute/],
    ['backslash', bad({ path: 'a\\b' }), /backslash/],
    ['drive letter', bad({ path: 'C:/x' }), /drive letter/],
    ['empty segment', bad({ path: 'a//b' }), /empty segment/],
    ['lone surrogate', bad({ path: 'a\uD800.py' }), /not valid Unicode/],
    ['duplicate', [...files, files[0]!], /duplicate path "pkg\/__init__.py"/],
    ['file is a directory of another', bad({ path: 'bin/run/x' }), /"bin\/run" is a file but also the directory of "bin\/run\/x"/],
    ['uppercase sha', bad({ sha256: 'A'.repeat(64) }), /sha256 must be 64 lowercase hex/],
    ['short sha', bad({ sha256: 'a'.repeat(63) }), /sha256 must be/],
    ['negative size', bad({ size: -1 }), /size must be a non-negative integer/],
    ['fractional size', bad({ size: 1.5 }), /size must be/],
    ['odd mode', bad({ mode: 0o600 as BundleFile['mode'] }), /mode must be/],
    ['one sha with two sizes', bad({ sha256: sha('b'), size: 5 }), /listed with two sizes/],
  ];
  for (const [name, manifest, message] of cases) {
    t.throws(() => validateManifest(manifest), { name: 'ManifestError', problem: 'invalid', message }, name);
  }
});

t.test('limits on file count and total size are reported as too_large', async (t) => {
  const many = Array.from({ length: MAX_BUNDLE_FILES + 1 }, (_, i): BundleFile => ({ path: `f${i}`, sha256: sha('a'), size: 0, mode: 0o644 }));
  t.throws(() => validateManifest(many), { problem: 'too_large', message: /more than the limit of 100000/ });
  t.doesNotThrow(() => validateManifest(many.slice(1)));
  const huge: BundleFile[] = [
    { path: 'a', sha256: sha('a'), size: MAX_BUNDLE_BYTES, mode: 0o644 },
    { path: 'b', sha256: sha('b'), size: 1, mode: 0o644 },
  ];
  const err = t.throws(() => validateManifest(huge));
  t.ok(err instanceof ManifestError);
  t.match(err, { problem: 'too_large' });
});
