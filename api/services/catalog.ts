import type { Parameter } from '../../core/params.js';

export interface CatalogEntry {
  placement: string;
  description: string;
  parameters: Parameter[];
}

// What every opipe recipe shares, as its cli.py declares it: --seed, input files, --output.
const SEED: Parameter = { name: 'seed', type: 'integer', default: 42, help: 'seed of the synthetic inputs made when none are given', flag: '--seed' };
const inputs = (help: string): Parameter => ({ name: 'inputs', type: 'file-input', help, multiple: true });
const output = (file: string): Parameter => ({ name: 'output', type: 'string', default: file, help: 'file name of the product in the output directory', flag: '--output' });
/** A calibration product of an earlier recipe, e.g. --bias FILE. */
const file = (name: string, help: string): Parameter => ({ name, type: 'file-input', help, flag: `--${name}` });

/**
 * The proposal's tasks, where each belongs, and their parameters as the
 * example pipeline's argparse declares them (`python3 -m opipe.describe`; a test
 * keeps the two equal).
 */
export const CATALOG: Record<string, CatalogEntry> = {
  ReadNoise: {
    placement: 'cluster',
    description: 'Read noise from pairs of bias frames',
    parameters: [
      SEED,
      inputs('two raw bias frames'),
      output('read_noise.json'),
    ],
  },
  Bias: {
    placement: 'cluster',
    description: 'Master bias from raw bias frames',
    parameters: [
      SEED,
      inputs('raw bias frames'),
      { name: 'count', type: 'integer', default: 5, help: 'number of synthetic biases when no inputs are given', flag: '--count' },
      output('master_bias.fits'),
    ],
  },
  HotPixels: {
    placement: 'cluster',
    description: 'Hot pixel map from dark frames',
    parameters: [
      SEED,
      inputs('raw dark frames'),
      { name: 'threshold', type: 'number', default: 10, help: 'robust sigmas above the median that make a pixel hot', flag: '--threshold' },
      output('hot_pixels.fits'),
    ],
  },
  ColdPixels: {
    placement: 'cluster',
    description: 'Cold pixel map from flat frames',
    parameters: [
      SEED,
      inputs('flat frames'),
      file('bias', 'master bias to subtract (default: the synthetic bias level)'),
      { name: 'no_debias', type: 'boolean', default: false, help: 'inputs are already bias-subtracted flats', flag: '--no-debias' },
      { name: 'fraction', type: 'number', default: 0.7, help: 'response relative to the median below which a pixel is cold', flag: '--fraction' },
      output('cold_pixels.fits'),
    ],
  },
  DomeFlat: {
    placement: 'cluster',
    description: 'Master dome flat',
    parameters: [
      SEED,
      inputs('raw dome flat frames'),
      file('bias', 'master bias to subtract, e.g. Bias\'s product (default: the synthetic bias level)'),
      { name: 'count', type: 'integer', default: 3, help: 'number of synthetic frames when no inputs are given', flag: '--count' },
      output('dome_flat.fits'),
    ],
  },
  TwilightFlat: {
    placement: 'cluster',
    description: 'Master twilight flat',
    parameters: [
      SEED,
      inputs('raw twilight flat frames'),
      file('bias', 'master bias to subtract, e.g. Bias\'s product (default: the synthetic bias level)'),
      { name: 'count', type: 'integer', default: 3, help: 'number of synthetic frames when no inputs are given', flag: '--count' },
      output('twilight_flat.fits'),
    ],
  },
  FringeFlat: {
    placement: 'cluster',
    description: 'Fringe map',
    parameters: [
      SEED,
      inputs('raw night-sky frames'),
      file('bias', 'master bias (default: the synthetic bias level)'),
      file('flat', 'master flat (default: the synthetic camera\'s flat)'),
      { name: 'count', type: 'integer', default: 7, help: 'number of synthetic sky frames when no inputs are given', flag: '--count' },
      output('fringe.fits'),
    ],
  },
  NightSkyFlat: {
    placement: 'cluster',
    description: 'Night-sky flat from science frames',
    parameters: [
      SEED,
      inputs('raw night-sky frames'),
      file('bias', 'master bias to subtract, e.g. Bias\'s product (default: the synthetic bias level)'),
      { name: 'count', type: 'integer', default: 7, help: 'number of synthetic frames when no inputs are given', flag: '--count' },
      output('nightsky_flat.fits'),
    ],
  },
  MasterFlat: {
    placement: 'cluster',
    description: 'Master flat from dome and twilight flats',
    parameters: [
      SEED,
      inputs('flats, e.g. DomeFlat/TwilightFlat/NightSkyFlat products'),
      { name: 'method', type: 'string', default: 'mean', help: 'how to combine the flats', choices: ['mean', 'median'], flag: '--method' },
      file('illumination', 'illumination correction to multiply by'),
      output('master_flat.fits'),
    ],
  },
  Gain: {
    placement: 'cluster',
    description: 'Gain from flat pairs',
    parameters: [
      SEED,
      inputs('raw flats, in pairs of equal level'),
      file('bias', 'master bias (default: the synthetic bias level)'),
      { name: 'read_noise', type: 'number', default: 0, help: 'read noise, used only with a single pair', flag: '--read-noise' },
      output('gain.json'),
    ],
  },
  Zeropoint: {
    placement: 'cluster',
    description: 'Photometric zeropoint from standard stars',
    parameters: [
      SEED,
      inputs('one raw standard-star frame'),
      file('bias', 'master bias (default: the synthetic bias level)'),
      file('flat', 'master flat (default: the synthetic camera\'s flat)'),
      { name: 'x', type: 'number', help: 'x of the standard star, 0-based pixels', flag: '--x' },
      { name: 'y', type: 'number', help: 'y of the standard star, 0-based pixels', flag: '--y' },
      { name: 'mag', type: 'number', default: 15, help: 'magnitude of the standard star', flag: '--mag' },
      { name: 'exptime', type: 'number', help: 'exposure time in seconds', flag: '--exptime' },
      { name: 'radius', type: 'number', default: 6, help: 'aperture radius in pixels', flag: '--radius' },
      output('zeropoint.json'),
    ],
  },
  Illumination: {
    placement: 'cluster',
    description: 'Illumination correction',
    parameters: [
      SEED,
      inputs('reduced (bias-subtracted, flat-fielded) frames'),
      { name: 'count', type: 'integer', default: 5, help: 'number of synthetic frames when no inputs are given', flag: '--count' },
      output('illumination.fits'),
    ],
  },
  Science: {
    placement: 'cluster',
    description: 'Calibrated science frames (runs best in parallel on a cluster)',
    parameters: [
      SEED,
      inputs('one raw science frame'),
      file('bias', 'master bias (default: the synthetic bias level)'),
      file('flat', 'master flat (default: the synthetic camera\'s flat)'),
      { name: 'output', type: 'string', help: 'file name of the product (default sci_<raw stem>.fits)', flag: '--output' },
    ],
  },
  Reduce: {
    placement: 'cluster',
    description: 'Calibrate a list of raw science frames',
    parameters: [
      SEED,
      inputs('raw science frames'),
      file('bias', 'master bias (default: the synthetic bias level)'),
      file('flat', 'master flat (default: the synthetic camera\'s flat)'),
      { name: 'count', type: 'integer', default: 3, help: 'number of synthetic frames when no inputs are given', flag: '--count' },
    ],
  },
  Coadd: {
    placement: 'bigmem',
    description: 'Coadd regridded frames (needs a machine with much memory)',
    parameters: [
      SEED,
      inputs('reduced frames'),
      { name: 'method', type: 'string', default: 'median', help: 'how to combine the frames', choices: ['median', 'mean'], flag: '--method' },
      { name: 'count', type: 'integer', default: 3, help: 'number of synthetic frames when no inputs are given', flag: '--count' },
      output('coadd.fits'),
    ],
  },
  SourceList: {
    placement: 'dbnear',
    description: 'Source list from science or coadded frames (close to the database)',
    parameters: [
      SEED,
      inputs('one reduced image'),
      { name: 'threshold', type: 'number', default: 5, help: 'detection threshold in sigmas above the sky', flag: '--threshold' },
      { name: 'min_pixels', type: 'integer', default: 3, help: 'fewest connected pixels of a source', flag: '--min-pixels' },
      output('sources.csv'),
    ],
  },
  AssociateList: {
    placement: 'dbnear',
    description: 'Associate source lists by position (close to the database)',
    parameters: [
      SEED,
      inputs('two source lists (SourceList products)'),
      { name: 'radius', type: 'number', default: 2, help: 'largest separation of a match in pixels', flag: '--radius' },
      output('associations.csv'),
    ],
  },
};
