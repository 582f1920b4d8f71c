import t, { type Test } from 'tap';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STARS, writeMosaic } from '../helpers/fits-writer.js';

// The example pipeline on camera files as they come: multi-extension, empty primary HDU, BLANK and NaN pixels.
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const fixtures = join(repoRoot, 'test', 'fixtures', 'fits');
const dir = mkdtempSync(join(tmpdir(), 'opipe-fits-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

let runs = 0;
function recipe(name: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string; output: string }> {
  const output = join(dir, `out-${++runs}`);
  return new Promise((resolve) => {
    execFile(
      'python3',
      ['-m', `opipe.recipes.${name}`, ...args],
      { cwd: dir, env: { PATH: process.env.PATH, HOME: dir, PYTHONPATH: join(repoRoot, 'examples'), AWE_OUTPUT_DIR: output } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr, output }),
    );
  });
}

const sources = (output: string): Array<{ x: number; y: number }> =>
  readFileSync(join(output, 'sources.csv'), 'utf8')
    .split('\n')
    .filter((line) => /^\d/.test(line))
    .map((line) => line.split(','))
    .map(([, x, y]) => ({ x: Number(x), y: Number(y) }));

/** Each star of the synthetic field, found within a pixel. */
function findsTheStars(t: Test, found: Array<{ x: number; y: number }>): void {
  t.equal(found.length, STARS.length, `${STARS.length} sources`);
  for (const [x, y] of STARS) t.ok(found.some((s) => Math.hypot(s.x - x, s.y - y) < 1), `a source at ${x},${y}`);
}

t.test('SourceList on a 32-CCD OmegaCAM-shaped file: the first CCD, or one picked by number or name', async (t) => {
  const file = join(dir, 'omegacam.fits');
  writeMosaic(file);
  for (const input of [file, `${file}[17]`, `${file}[ESO_CCD_#96]`]) {
    const run = await recipe('SourceList', [input]);
    t.equal(run.code, 0, run.stderr);
    t.notMatch(run.stdout, /nan/i, 'no NaN sky although a column is BLANK');
    findsTheStars(t, sources(run.output));
  }
});

t.test('SourceList on a float image with NaN pixels finds a finite sky and the stars', async (t) => {
  const file = join(dir, 'float.fits');
  writeMosaic(file, { ccds: 2, bitpix: -32 });
  const run = await recipe('SourceList', [file]);
  t.equal(run.code, 0, run.stderr);
  t.notMatch(run.stdout, /nan/i);
  findsTheStars(t, sources(run.output));
});

t.test('real instrument files: HST WFPC2 chips combine into a bias; an HST STIS raw frame gives a source list', async (t) => {
  const wfpc2 = join(fixtures, 'test0.fits');
  const bias = await recipe('Bias', [`${wfpc2}[1]`, `${wfpc2}[2]`, `${wfpc2}[3]`]);
  t.equal(bias.code, 0, bias.stderr);
  t.match(bias.stdout, /combining 3 frames/);
  const stis = await recipe('SourceList', [join(fixtures, 'o4sp040b0_raw.fits')]);
  t.equal(stis.code, 0, stis.stderr);
  t.match(stis.stdout, /SourceList: wrote sources\.csv/);
});

t.test('what the pipeline cannot read is said plainly, exit 1', async (t) => {
  const compressed = await recipe('SourceList', [join(fixtures, 'comp.fits')]);
  t.equal(compressed.code, 1);
  t.match(compressed.stderr, /HDU 1 is a tile-compressed image; decompress it first \(funpack\)/);
  const cube = await recipe('SourceList', [join(fixtures, 'arange.fits')]);
  t.match(cube.stderr, /HDU 0 is not a 2-D image \(NAXIS is 3\)/);
  const missing = await recipe('SourceList', [`${join(fixtures, 'test0.fits')}[9]`]);
  t.match(missing.stderr, /no HDU '9' \(the file has 5\)/);
});
