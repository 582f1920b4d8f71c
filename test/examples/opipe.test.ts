import t from 'tap';
import { execFile } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Compiled to dist/test/examples/, so the repository root is three levels up.
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const examplesDir = join(repoRoot, 'examples');

/** Each recipe's product when run without arguments. */
const PRODUCTS: Record<string, string> = {
  ReadNoise: 'read_noise.json',
  Bias: 'master_bias.fits',
  HotPixels: 'hot_pixels.fits',
  ColdPixels: 'cold_pixels.fits',
  DomeFlat: 'dome_flat.fits',
  TwilightFlat: 'twilight_flat.fits',
  FringeFlat: 'fringe.fits',
  NightSkyFlat: 'nightsky_flat.fits',
  MasterFlat: 'master_flat.fits',
  Gain: 'gain.json',
  Zeropoint: 'zeropoint.json',
  Illumination: 'illumination.fits',
  Science: 'sci_synthetic.fits',
  Reduce: 'sci_synthetic_3.fits',
  Coadd: 'coadd.fits',
  SourceList: 'sources.csv',
  AssociateList: 'associations.csv',
};

// The truth of opipe/synth.py that the recipes must recover.
const BIAS_LEVEL = 400;
const STARS: Array<[number, number]> = [[30.6, 47.2], [16.0, 20.0], [45.3, 12.7], [52.4, 40.8]]; // brightest first
const HOT_PIXELS = ['5,7', '40,12', '22,50'].sort();
const COLD_PIXELS = ['10,30', '50,55', '33,3'].sort();

const root = mkdtempSync(join(tmpdir(), 'opipe-test-'));
t.teardown(() => rmSync(root, { recursive: true, force: true }));

let dirCount = 0;
function freshDir(name: string): string {
  const dir = join(root, `${name}-${++dirCount}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

interface Job {
  cwd: string;
  home: string;
  output: string;
}

/** A job directory of its own, with an empty HOME beside it. */
function newJob(name: string): Job {
  const cwd = freshDir(name);
  const home = join(cwd, 'home');
  mkdirSync(home);
  return { cwd, home, output: join(cwd, 'output') };
}

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

// Recipes are started at most this many at a time, so a busy machine slows them down rather than timing them out.
const MAX_RUNNING = Math.max(2, availableParallelism());
let running = 0;
const waiting: Array<() => void> = [];

async function slot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_RUNNING) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** Runs `python3 -m <module> ...args` as the agent would: a clean environment, HOME and AWE_OUTPUT_DIR set. */
function python(job: Job, module: string, args: string[] = [], env: Record<string, string> = {}, pythonPath = examplesDir): Promise<Result> {
  const fullEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: job.home,
    AWE_OUTPUT_DIR: job.output,
    PYTHONPATH: pythonPath,
    PYTHONDONTWRITEBYTECODE: '1',
    ...env,
  };
  return slot(() => new Promise((resolve) => {
    execFile('python3', ['-m', module, ...args], { cwd: job.cwd, env: fullEnv, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  }));
}

const recipe = (job: Job, name: string, args: string[] = [], env: Record<string, string> = {}): Promise<Result> =>
  python(job, `opipe.recipes.${name}`, args, env);

/** Copies earlier products into a job's working directory, as the agent places a job's inputs. */
function placeInputs(job: Job, files: string[]): void {
  for (const file of files) copyFileSync(file, join(job.cwd, file.split('/').pop()!));
}

type CardValue = string | number | boolean;

interface FitsImage {
  header: Record<string, CardValue>;
  width: number;
  height: number;
  pixels: number[];
}

/** An independent reader of what opipe writes: primary 2-D image, BITPIX -32 or 16, big-endian. */
function readFits(path: string): FitsImage {
  const buf = readFileSync(path);
  if (buf.length % 2880 !== 0) throw new Error(`${path}: size ${buf.length} is not a multiple of 2880`);
  const header: Record<string, CardValue> = {};
  let offset = 0;
  for (;;) {
    if (offset >= buf.length) throw new Error(`${path}: no END card`);
    const card = buf.toString('latin1', offset, offset + 80);
    offset += 80;
    const key = card.slice(0, 8).trim();
    if (key === 'END') break;
    if (card.slice(8, 10) === '= ') header[key] = cardValue(card.slice(10));
  }
  const dataStart = Math.ceil(offset / 2880) * 2880;
  const width = Number(header.NAXIS1);
  const height = Number(header.NAXIS2);
  const view = new DataView(buf.buffer, buf.byteOffset + dataStart);
  const pixels: number[] = [];
  for (let i = 0; i < width * height; i++) {
    if (header.BITPIX === -32) pixels.push(view.getFloat32(4 * i, false));
    else if (header.BITPIX === 16) pixels.push(view.getInt16(2 * i, false));
    else throw new Error(`${path}: unexpected BITPIX ${String(header.BITPIX)}`);
  }
  return { header, width, height, pixels };
}

function cardValue(text: string): CardValue {
  const trimmed = text.trim();
  const quoted = /^'((?:[^']|'')*)'/.exec(trimmed);
  if (quoted) return quoted[1]!.replace(/''/g, "'").trimEnd();
  const token = trimmed.split('/')[0]!.trim();
  if (token === 'T' || token === 'F') return token === 'T';
  return Number(token);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The table of a CSV product, after its `#` provenance lines. */
function readCsv(path: string): { provenance: string[]; rows: Array<Record<string, string>> } {
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  const provenance = lines.filter((l) => l.startsWith('#'));
  const [head, ...body] = lines.filter((l) => !l.startsWith('#'));
  const columns = head!.split(',');
  return { provenance, rows: body.map((l) => Object.fromEntries(l.split(',').map((v, i) => [columns[i]!, v]))) };
}

function flagged(mask: FitsImage): string[] {
  return mask.pixels.flatMap((v, i) => (v === 1 ? [`${i % mask.width},${Math.floor(i / mask.width)}`] : [])).sort();
}

/** The injected stars not found within `tolerance` pixels by the source at the same brightness rank. */
function missedStars(rows: Array<Record<string, string>>, tolerance: number): string[] {
  if (rows.length !== STARS.length) return [`${rows.length} sources for ${STARS.length} stars`];
  return STARS.flatMap(([x, y], i) => {
    const row = rows[i]!;
    const found = Math.hypot(Number(row.x) - x, Number(row.y) - y) < tolerance;
    return found ? [] : [`star at (${x}, ${y}) found at (${row.x}, ${row.y})`];
  });
}

t.test('every recipe runs without arguments on synthetic frames and writes its product', async (t) => {
  const names = Object.keys(PRODUCTS);
  t.equal(names.length, 17);
  const jobs = names.map((name) => newJob(name));
  const results = await Promise.all(names.map((name, i) => recipe(jobs[i]!, name)));
  const product = (name: string): string => join(jobs[names.indexOf(name)]!.output, PRODUCTS[name]!);

  names.forEach((name, i) => {
    const { code, stdout, stderr } = results[i]!;
    t.equal(code, 0, `${name} exits 0 (stderr: ${stderr.trim()})`);
    t.match(stdout, /^context: \(empty\)$/m, `${name} prints its context`);
    t.match(stdout, new RegExp(`^${name}: no inputs?, `, 'm'), `${name} says it makes synthetic inputs`);
    const lines = stdout.trim().split('\n');
    t.equal(lines[lines.length - 1], `${name}: wrote ${PRODUCTS[name]}`, `${name} ends naming its product`);
    t.ok(existsSync(product(name)), `${name} product exists in AWE_OUTPUT_DIR`);
    if (PRODUCTS[name]!.endsWith('.fits')) t.equal(readFits(product(name)).header.RECIPE, name, `${name} FITS card RECIPE`);
    if (PRODUCTS[name]!.endsWith('.json')) t.equal(JSON.parse(readFileSync(product(name), 'utf8')).recipe, name);
    if (PRODUCTS[name]!.endsWith('.csv')) t.same(readCsv(product(name)).provenance, [`# recipe: ${name}`]);
  });

  const bias = readFits(product('Bias'));
  t.equal(bias.width, 64);
  t.equal(bias.height, 64);
  t.ok(Math.abs(median(bias.pixels) - BIAS_LEVEL) < 0.5, `master bias level ${median(bias.pixels)} is ${BIAS_LEVEL}`);
  t.ok(Math.abs(Number(bias.header.BIASLEV) - BIAS_LEVEL) < 0.5, 'BIASLEV card');
  t.equal(bias.header.NCOMBINE, 5);

  const readNoise = JSON.parse(readFileSync(product('ReadNoise'), 'utf8')).read_noise;
  t.ok(Math.abs(readNoise - 4) < 0.3, `read noise ${readNoise} ADU is 4`);
  const gain = JSON.parse(readFileSync(product('Gain'), 'utf8')).gain;
  t.ok(Math.abs(gain - 2) < 0.2, `gain ${gain} e-/ADU is 2`);
  const zeropoint = JSON.parse(readFileSync(product('Zeropoint'), 'utf8')).zeropoint;
  t.ok(Math.abs(zeropoint - 25) < 0.05, `zeropoint ${zeropoint} is 25`);
  t.same(flagged(readFits(product('HotPixels'))), HOT_PIXELS, 'the injected hot pixels, and only those');
  t.same(flagged(readFits(product('ColdPixels'))), COLD_PIXELS, 'the injected cold pixels, and only those');
  t.equal(readFits(product('HotPixels')).header.BITPIX, 16);
  t.ok(Math.abs(median(readFits(product('DomeFlat')).pixels) - 1) < 1e-3, 'dome flat normalized to 1');
  const illumination = Number(readFits(product('Illumination')).header.ILLUMX) * 63;
  t.ok(Math.abs(illumination - 0.04) < 0.01, `illumination changes ${illumination} across x`);

  t.same(missedStars(readCsv(product('SourceList')).rows, 0.3), [], 'SourceList finds the injected stars');
  const associations = readCsv(product('AssociateList')).rows;
  t.equal(associations.length, STARS.length, 'all stars associated between two frames');
  t.ok(associations.every((row) => Number(row.separation) < 0.5), 'associated at small separations');
});

t.test('the AWE context reaches stdout and products; environment overrules it; secrets stay hidden', async (t) => {
  const cfg = [
    '# the user context',
    '[global]',
    'project : XYZ',
    'database_user = bob',
    'database_password : hunter2-secret',
    '[archive]',
    'host = archive.example',
    'api_key = sk-archive-0001',
    'access_token : tok-archive-0002',
  ].join('\n');
  const withCfg = (name: string): Job => {
    const job = newJob(name);
    mkdirSync(join(job.home, '.awe'));
    writeFileSync(join(job.home, '.awe', 'Environment.cfg'), cfg);
    return job;
  };
  const secrets = ['hunter2-secret', 'sk-archive-0001', 'tok-archive-0002', 'env-secret-0003'];

  const [plain, plainSources, overruled, prefixed] = [withCfg('ctx'), withCfg('ctx-csv'), withCfg('ctx-env'), withCfg('ctx-awe')];
  const results = await Promise.all([
    recipe(plain, 'Bias', ['--count', '2']),
    recipe(plainSources, 'SourceList'),
    recipe(overruled, 'Bias', ['--count', '2'], { PROJECT: 'OVERRULED', DATABASE_PASSWORD: 'env-secret-0003' }),
    recipe(prefixed, 'Bias', ['--count', '2'], { PROJECT: 'OVERRULED', AWE_PROJECT: 'PREFIXED', AWE_DATABASE_USER: 'alice' }),
  ]);
  for (const r of results) {
    t.equal(r.code, 0, r.stderr);
    for (const secret of secrets) t.notOk((r.stdout + r.stderr).includes(secret), `secret ${secret} not printed`);
  }
  const [plainRun, sourcesRun, overruledRun, prefixedRun] = results;

  t.match(plainRun!.stdout, /^context: project=XYZ database_user=bob archive.host=archive.example$/m, 'non-secret keys printed');
  t.equal(readFits(join(plain.output, 'master_bias.fits')).header.PROJECT, 'XYZ', 'project in the FITS header');
  t.same(readCsv(join(plainSources.output, 'sources.csv')).provenance, ['# recipe: SourceList', '# project: XYZ']);
  for (const job of [plain, overruled, prefixed]) {
    const raw = readFileSync(join(job.output, 'master_bias.fits'), 'latin1');
    for (const secret of secrets) t.notOk(raw.includes(secret), `secret ${secret} not in the product`);
  }

  t.match(overruledRun!.stdout, /^context: project=OVERRULED database_user=bob archive.host=archive.example$/m, 'PROJECT overrules the file');
  t.equal(readFits(join(overruled.output, 'master_bias.fits')).header.PROJECT, 'OVERRULED');
  t.match(prefixedRun!.stdout, /^context: project=PREFIXED database_user=alice archive.host=archive.example$/m, 'AWE_-prefixed names win');
  t.equal(readFits(join(prefixed.output, 'master_bias.fits')).header.PROJECT, 'PREFIXED');
  t.match(sourcesRun!.stdout, /^context: project=XYZ /m, 'SourceList prints the context too');
});

t.test('a PROJECT variable alone sets the project', async (t) => {
  const job = newJob('env-only');
  const r = await recipe(job, 'Coadd', ['--count', '2'], { PROJECT: 'ONLYENV' });
  t.equal(r.code, 0);
  t.match(r.stdout, /^context: project=ONLYENV$/m);
  t.equal(readFits(join(job.output, 'coadd.fits')).header.PROJECT, 'ONLYENV');
});

t.test('bad arguments exit 2, processing errors exit 1, --help exits 0', async (t) => {
  const job = newJob('errors');
  writeFileSync(join(job.cwd, 'broken.fits'), 'this is not FITS');
  const [unknown, badChoice, badCount, badName, broken, missing, help] = await Promise.all([
    recipe(job, 'Bias', ['--no-such-option']),
    recipe(job, 'Coadd', ['--method', 'average']),
    recipe(job, 'ReadNoise', ['only-one.fits']),
    recipe(job, 'Bias', ['--output', '../escape.fits']),
    recipe(job, 'Bias', ['broken.fits']),
    recipe(job, 'SourceList', ['missing.fits']),
    recipe(job, 'Science', ['--help']),
  ]);
  for (const [r, what] of [[unknown, 'unknown option'], [badChoice, 'bad choice'], [badCount, 'wrong input count'], [badName, 'path as product name']] as const) {
    t.equal(r.code, 2, `${what} exits 2`);
    t.match(r.stderr, /usage: python3 -m opipe\.recipes\.\w+/, `${what} shows usage`);
    t.match(r.stderr, /error: /, `${what} says what is wrong`);
  }
  t.match(badChoice.stderr, /average/);
  t.match(badCount.stderr, /exactly two bias frames, got 1/);
  t.equal(broken.code, 1, 'unreadable FITS exits 1');
  t.match(broken.stderr, /^Bias: error: broken\.fits: not a FITS file/m);
  t.equal(missing.code, 1, 'missing input exits 1');
  t.match(missing.stderr, /SourceList: error: .*missing\.fits/);
  t.notOk(existsSync(join(job.output, 'master_bias.fits')), 'no product after a failure');
  t.notOk(existsSync(join(root, 'escape.fits')));
  t.equal(help.code, 0);
  t.match(help.stdout, /--bias FILE/);
  t.match(help.stdout, /\(raw - bias\) \/ flat/, '--help shows the module docstring');
});

t.test('by hand: Bias -> DomeFlat -> MasterFlat -> Science -> Coadd -> SourceList, products passed along', async (t) => {
  const rawJob = newJob('raw');
  const made = await Promise.all([
    python(rawJob, 'opipe.makeraw', ['bias', '--count', '5', '--seed', '7', '--dir', 'raw']),
    python(rawJob, 'opipe.makeraw', ['dome', '--count', '3', '--seed', '7', '--dir', 'raw']),
    python(rawJob, 'opipe.makeraw', ['science', '--count', '3', '--seed', '7', '--dir', 'raw']),
  ]);
  for (const r of made) t.equal(r.code, 0, r.stderr);
  const raw = (name: string): string => join(rawJob.cwd, 'raw', name);

  // Each step runs in its own job directory holding copies of its inputs, named relatively.
  const step = async (name: string, inputs: string[], args: string[], product: string): Promise<string> => {
    const job = newJob(name);
    placeInputs(job, inputs);
    const r = await recipe(job, name, args);
    t.equal(r.code, 0, `${name} exits 0 (stderr: ${r.stderr.trim()})`);
    t.match(r.stdout, new RegExp(`^${name}: wrote ${product}$`, 'm'));
    return join(job.output, product);
  };

  const biases = [1, 2, 3, 4, 5].map((i) => raw(`bias_${i}.fits`));
  const masterBias = await step('Bias', biases, biases.map((f) => f.split('/').pop()!), 'master_bias.fits');
  t.ok(Math.abs(median(readFits(masterBias).pixels) - BIAS_LEVEL) < 0.5, 'master bias from files has the bias level');

  const domes = [1, 2, 3].map((i) => raw(`dome_${i}.fits`));
  const domeFlat = await step('DomeFlat', [masterBias, ...domes],
    ['--bias', 'master_bias.fits', 'dome_1.fits', 'dome_2.fits', 'dome_3.fits'], 'dome_flat.fits');
  const masterFlat = await step('MasterFlat', [domeFlat], ['dome_flat.fits'], 'master_flat.fits');
  const flat = readFits(masterFlat);
  t.ok(Math.abs(median(flat.pixels) - 1) < 1e-3, 'master flat normalized');
  t.ok(flat.pixels[30 * 64 + 10]! < 0.4, 'cold pixel (10, 30) kept in the master flat');

  const reduced = await Promise.all([1, 2, 3].map((i) =>
    step('Science', [masterBias, masterFlat, raw(`science_${i}.fits`)],
      ['--bias', 'master_bias.fits', '--flat', 'master_flat.fits', `science_${i}.fits`], `sci_science_${i}.fits`)));
  const sci = readFits(reduced[0]!);
  t.equal(sci.header.EXPTIME, 10, 'raw header carried into the reduced frame');
  t.equal(sci.header.FLATFILE, 'master_flat.fits');
  t.ok(Math.abs(median(sci.pixels) - 200) < 10, `reduced sky ${median(sci.pixels)} near 200 ADU`);

  const coadd = await step('Coadd', reduced, ['--input', ...reduced.map((f) => f.split('/').pop()!)], 'coadd.fits');
  t.equal(readFits(coadd).header.NCOMBINE, 3);
  const sourceList = await step('SourceList', [coadd], ['coadd.fits'], 'sources.csv');
  t.same(missedStars(readCsv(sourceList).rows, 0.3), [], 'the stars are found in the coadd');
});

t.test('a copy of the package elsewhere runs the same', async (t) => {
  const copyRoot = freshDir('bundle');
  cpSync(join(examplesDir, 'opipe'), join(copyRoot, 'opipe'), { recursive: true });
  const job = newJob('bundle-run');
  // No AWE_OUTPUT_DIR: products go to ./output of the working directory.
  const r = await python(job, 'opipe.recipes.SourceList', [], { AWE_OUTPUT_DIR: '' }, copyRoot);
  t.equal(r.code, 0, r.stderr);
  t.same(missedStars(readCsv(join(job.cwd, 'output', 'sources.csv')).rows, 0.3), []);
});
