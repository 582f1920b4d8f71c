import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import t, { type Test } from 'tap';
import { IgnoreRules } from '../../cli/aweignore.js';
import { scanTree } from '../../cli/code-tree.js';
import { HashCache } from '../../cli/hash-cache.js';

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

async function makeTree(t: Test, files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'awe-tree-'));
  t.teardown(() => rm(root, { recursive: true, force: true }));
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return root;
}

t.test('ships code and config files, leaves out .git, __pycache__ and .pyc', async (t) => {
  const root = await makeTree(t, {
    'pkg/__init__.py': '',
    'pkg/recipe.py': 'def run(): pass\n',
    'pkg/__pycache__/recipe.cpython-311.pyc': 'bytecode',
    'pkg/stale.pyc': 'bytecode',
    'config/astro.yaml': 'gain: 2.5\n',
    'config/.env': 'AWE_MODE=dev\n',
    'setup.cfg': '[metadata]\n',
    'pyproject.toml': '[project]\n',
    'bin/run': '#!/bin/sh\n',
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.git/objects/ab/cdef': 'x',
    'vendor/lib/.git': 'gitdir: ../../.git/modules/lib\n',
  });
  await chmod(join(root, 'bin/run'), 0o750);
  const { files, totalBytes, skipped } = await scanTree(root);
  t.same(
    files.map((f) => f.path),
    ['bin/run', 'config/.env', 'config/astro.yaml', 'pkg/__init__.py', 'pkg/recipe.py', 'pyproject.toml', 'setup.cfg'],
  );
  const recipe = files.find((f) => f.path === 'pkg/recipe.py')!;
  t.same(recipe, { path: 'pkg/recipe.py', sha256: sha256('def run(): pass\n'), size: 16, mode: 0o644, absPath: join(root, 'pkg/recipe.py') });
  t.equal(files.find((f) => f.path === 'bin/run')!.mode, 0o755, 'executable bit kept');
  t.equal(totalBytes, files.reduce((n, f) => n + f.size, 0));
  t.same(skipped, []);
});

t.test('.aweignore patterns: names, anchors, directories, globs, ** and negation', async (t) => {
  const root = await makeTree(t, {
    '.aweignore': ['# data products are not code', '', '*.fits', '!keep.fits', '/build', 'output/', '**/cache', 'tmp/**', 'docs/*.pdf   '].join('\n'),
    'data/img.fits': 'FITS',
    'data/keep.fits': 'FITS kept',
    'build/lib.py': 'built',
    'pkg/build/step.py': 'not the root build',
    'pkg/output/result.txt': 'output dir at any depth',
    output: 'a file named output is not a directory',
    'a/b/cache/blob': 'cached',
    'cache/top': 'cached',
    'tmp/x/y': 'scratch',
    'pkg/tmp/z.py': 'not the root tmp',
    'docs/manual.pdf': 'pdf',
    'docs/sub/other.pdf': 'pdf one level down',
  });
  const { files } = await scanTree(root);
  t.same(
    files.map((f) => f.path),
    ['.aweignore', 'data/keep.fits', 'docs/sub/other.pdf', 'output', 'pkg/build/step.py', 'pkg/tmp/z.py'],
  );
});

t.test('IgnoreRules matches like the documented gitignore subset', async (t) => {
  const rules = IgnoreRules.parse('*.log\n/dist\nsrc/**/gen/\nout/**\n!important.log\n# *.py\n');
  t.ok(rules.ignores('a/b/debug.log', false));
  t.notOk(rules.ignores('a/important.log', false), 'negated');
  t.ok(rules.ignores('dist', true));
  t.notOk(rules.ignores('pkg/dist', true), 'anchored to the root');
  t.ok(rules.ignores('src/gen', true), '** matches zero directories');
  t.ok(rules.ignores('src/a/b/gen', true));
  t.notOk(rules.ignores('src/a/gen', false), 'directory-only pattern');
  t.ok(rules.ignores('out/x/y.txt', false));
  t.notOk(rules.ignores('out', true), 'out/** is what is inside, not out itself');
  t.notOk(rules.ignores('x.py', false), 'comment line');
  t.notOk(IgnoreRules.parse('a.b').ignores('axb', false), 'dots are literal');
});

t.test('symlinks and special files are not followed but reported', async (t) => {
  const root = await makeTree(t, { 'pkg/recipe.py': 'x = 1\n', 'real/inner.py': 'y = 2\n' });
  const outside = await makeTree(t, { 'secret.txt': 'outside the tree' });
  await symlink(join(outside, 'secret.txt'), join(root, 'pkg/link-out.txt'));
  await symlink('recipe.py', join(root, 'pkg/link-in.py'));
  await symlink(outside, join(root, 'linked-dir'));
  await symlink(join(root, 'real'), join(root, 'pkg/loop'));
  await writeFile(join(root, 'weird\\name.py'), 'backslash in the name');
  let fifo = true;
  try {
    execFileSync('mkfifo', [join(root, 'pkg/pipe')]);
  } catch {
    fifo = false;
  }
  const { files, skipped } = await scanTree(root);
  t.same(files.map((f) => f.path), ['pkg/recipe.py', 'real/inner.py'], 'regular files only, nothing from outside');
  const bySkip = Object.fromEntries(skipped.map((s) => [s.path, s.reason]));
  t.match(bySkip, {
    'pkg/link-out.txt': /symbolic link/,
    'pkg/link-in.py': /symbolic link/,
    'linked-dir': /symbolic link/,
    'pkg/loop': /symbolic link/,
    'weird\\name.py': /cannot be shipped/,
  });
  if (fifo) t.match(bySkip, { 'pkg/pipe': /not a regular file/ });
});

t.test('a hash cache spares reading unchanged files and notices every change', async (t) => {
  const root = await makeTree(t, {});
  const cacheDir = await mkdtemp(join(tmpdir(), 'awe-hashes-'));
  t.teardown(() => rm(cacheDir, { recursive: true, force: true }));
  const hourAgo = new Date(Date.now() - 3600_000);
  writeFileSync(join(root, 'a.py'), 'print("a")\n');
  writeFileSync(join(root, 'fresh.py'), 'print("f")\n');
  utimesSync(join(root, 'a.py'), hourAgo, hourAgo);
  const first = await scanTree(root, await HashCache.load(cacheDir, root));
  const [cacheFile] = readdirSync(cacheDir);
  const saved = JSON.parse(readFileSync(join(cacheDir, cacheFile), 'utf8')) as Record<string, { sha256: string }>;
  t.same(Object.keys(saved), ['a.py'], 'a file written just now is not remembered (racily clean)');
  // A forged hash in the cache is believed while the file's stat is unchanged: proof that it was not read again.
  saved['a.py'].sha256 = 'f'.repeat(64);
  writeFileSync(join(cacheDir, cacheFile), JSON.stringify(saved));
  const second = await scanTree(root, await HashCache.load(cacheDir, root));
  t.equal(second.files.find((f) => f.path === 'a.py')!.sha256, 'f'.repeat(64), 'unchanged file: hash taken from the cache');
  // Same size, old mtime put back: the ctime still moves, so the change is seen.
  writeFileSync(join(root, 'a.py'), 'print("b")\n');
  utimesSync(join(root, 'a.py'), hourAgo, hourAgo);
  const third = await scanTree(root, await HashCache.load(cacheDir, root));
  const truth = await scanTree(root);
  t.equal(third.files.find((f) => f.path === 'a.py')!.sha256, truth.files.find((f) => f.path === 'a.py')!.sha256, 'a rewritten file is hashed again');
  t.not(first.files.find((f) => f.path === 'a.py')!.sha256, truth.files.find((f) => f.path === 'a.py')!.sha256);
});
