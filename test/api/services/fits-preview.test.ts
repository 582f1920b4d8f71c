import t from 'tap';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { PreviewCache, renderPng, summarize } from '../../../api/services/fits/preview.js';
import { zscale } from '../../../api/services/fits/zscale.js';
import { writeMosaic } from '../../helpers/fits-writer.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'test', 'fixtures', 'fits');
const real = (name: string): string => join(fixtures, name);
const dir = mkdtempSync(join(tmpdir(), 'awe-fits-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

t.test('real multi-extension files: the empty primary HDU is passed over for the first image', async (t) => {
  const wfpc2 = await summarize(real('test0.fits'));
  t.equal(wfpc2.hdus.length, 5);
  t.match(wfpc2.hdus[0], { kind: 'empty', previewable: false });
  t.equal(wfpc2.chosen, 1);
  t.match(wfpc2.hdus[1]!.description, /^SCI: image 40×40, BITPIX 16$/);
  const png = PNG.sync.read(await renderPng(real('test0.fits'), 3));
  t.same([png.width, png.height], [40, 40], 'another extension on request');

  const stis = await summarize(real('o4sp040b0_raw.fits'));
  t.equal(stis.chosen, 1);
  t.same(stis.hdus.map((h) => h.kind), ['empty', 'image', 'empty', 'empty', 'image', 'empty', 'empty'], 'SCI images; header-only ERR and DQ');
});

t.test('what previews cannot show is said plainly', async (t) => {
  const compressed = await summarize(real('comp.fits'));
  t.match(compressed.hdus[1], { kind: 'unsupported', description: /tile-compressed image/ });
  t.equal(compressed.chosen, null);
  const cube = await summarize(real('arange.fits'));
  t.match(cube.hdus[0], { kind: 'image', description: /cube of 11×10×7 .*first 11×10 plane only/ });
  const plane = PNG.sync.read(await renderPng(real('arange.fits'), 0));
  t.same([plane.width, plane.height], [11, 10]);
  t.rejects(renderPng(real('comp.fits'), 1), /cannot be shown as an image: .*tile-compressed/);
  t.rejects(summarize(real('test0.fits'), 9), /has 5 HDUs \(0 to 4\), not 9/);
  t.rejects(summarize(join(fixtures, 'README.md')), /not a FITS file|truncated/);
});

t.test('tables show their first rows', async (t) => {
  const binary = await summarize(real('tb.fits'));
  t.equal(binary.chosen, 1);
  t.match(binary.hdus[1], { kind: 'table', columns: ['c1', 'c2', 'c3', 'c4'] });
  t.equal(binary.hdus[1]!.rows!.length, 2);
  t.same(binary.hdus[1]!.rows![0]!.slice(0, 2), ['1', 'abc']);
  const ascii = await summarize(real('ascii.fits'));
  t.match(ascii.hdus[1], { kind: 'table', description: /ASCII table, 5 rows/ });
  t.equal(ascii.hdus[1]!.rows!.length, 5);
});

t.test('BSCALE/BZERO, BLANK and NaN pixels', async (t) => {
  t.ok(PNG.sync.read(await renderPng(real('scale.fits'), 0)).width === 20, 'BITPIX 16 with BSCALE and BZERO renders');
  const blank = PNG.sync.read(await renderPng(real('blank.fits'), 0));
  t.equal(blank.data[3], 0, 'a BLANK pixel (BITPIX 64) is transparent');
  const limits = zscale(Float64Array.from([NaN, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, NaN, 1000]));
  t.ok(limits && limits.low >= 1 && limits.high < 1000, 'zscale ignores NaN and is not stretched by one bright pixel');
});

t.test('a 32-CCD OmegaCAM-shaped file: first CCD by default, any other on request, cached by content hash', async (t) => {
  const file = join(dir, 'omegacam.fits');
  writeMosaic(file);
  const summary = await summarize(file);
  t.equal(summary.hdus.length, 33);
  t.equal(summary.chosen, 1);
  t.match(summary.hdus[32]!.description, /^ESO_CCD_#96: image 64×64/);
  const png = PNG.sync.read(await renderPng(file, 32));
  t.same([png.width, png.height], [64, 64]);
  t.equal(png.data[(0 * 64 + 7) * 4 + 3], 0, 'the BLANK column is transparent');
  t.equal(png.data[(0 * 64 + 8) * 4 + 3], 255);
  // The brightest star (x 20, y 30 in FITS rows) is white after the flip to north up.
  t.equal(png.data[((63 - 30) * 64 + 20) * 4], 255);
  const cache = new PreviewCache(join(dir, 'previews'));
  const first = await cache.png('ab'.repeat(32), file, 5);
  t.same(await cache.png('ab'.repeat(32), join(dir, 'gone.fits'), 5), first, 'the second request is served from the cache');
  t.same(readdirSync(join(dir, 'previews')), [`${'ab'.repeat(32)}-5.png`]);
});
