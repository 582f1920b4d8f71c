import type { Parameter } from '../../core/params.js';

export interface CatalogEntry {
  placement: string;
  description: string;
  parameters: Parameter[];
}

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
      { name: 'seed', type: 'integer', default: 42, help: 'seed of the synthetic inputs made when none are given', flag: '--seed' },
      { name: 'inputs', type: 'file-input', help: 'two raw bias frames', multiple: true },
      { name: 'output', type: 'string', default: 'read_noise.json', help: 'file name of the product in the output directory', flag: '--output' },
    ],
  },
  Bias: {
    placement: 'cluster',
    description: 'Master bias from raw bias frames',
    parameters: [
      { name: 'seed', type: 'integer', default: 42, help: 'seed of the synthetic inputs made when none are given', flag: '--seed' },
      { name: 'inputs', type: 'file-input', help: 'raw bias frames', multiple: true },
      { name: 'count', type: 'integer', default: 5, help: 'number of synthetic biases when no inputs are given', flag: '--count' },
      { name: 'output', type: 'string', default: 'master_bias.fits', help: 'file name of the product in the output directory', flag: '--output' },
    ],
  },
  HotPixels: {
    placement: 'cluster',
    description: 'Hot pixel map from dark frames',
    parameters: [
      { name: 'seed', type: 'integer', default: 42, help: 'seed of the synthetic inputs made when none are given', flag: '--seed' },
      { name: 'inputs', type: 'file-input', help: 'raw dark frames', multiple: true },
      { name: 'threshold', type: 'number', default: 10, help: 'robust sigmas above the median that make a pixel hot', flag: '--threshold' },
      { name: 'output', type: 'string', default: 'hot_pixels.fits', help: 'file name of the product in the output directory', flag: '--output' },
    ],
  },
  ColdPixels: {
    placement: 'cluster',
    description: 'Cold pixel map from flat frames',
    parameters: [
      { name: 'seed', type: 'integer', default: 42, help: 'seed of the synthetic inputs made when none are given', flag: '--seed' },
      { name: 'inputs', type: 'file-input', help: 'flat frames', multiple: true },
      { name: 'bias', type: 'file-input', help: 'master bias to subtract (default: the synthetic bias level)', flag: '--bias' },
      { name: 'no_debias', type: 'boolean', default: false, help: 'inputs are already bias-subtracted flats', flag: '--no-debias' },
      { name: 'fraction', type: 'number', default: 0.7, help: 'response relative to the median below which a pixel is cold', flag: '--fraction' },
      { name: 'output', type: 'string', default: 'cold_pixels.fits', help: 'file name of the product in the output directory', flag: '--output' },
    ],
  },
  DomeFlat: {
    placement: 'cluster',
    description: 'Master dome flat',
    parameters: [
      { name: 'seed', type: 'integer', default: 42, help: 'seed of the synthetic inputs made when none are given', flag: '--seed' },
      { name: 'inputs', type: 'file-input', help: 'raw dome flat frames', multiple: true },
      { name: 'bias', type: 'file-input', help: 'master bias to subtract, e.g. Bias\'s product (default: the synthetic bias level)', flag: '--bias' },
      { name: 'count', type: 'integer', default: 3, help: 'number of synthetic frames when no inputs are given', flag: '--count' },
      { name: 'output', type: 'string', default: 'dome_flat.fits', help: 'file name of the product in the output directory', flag: '--output' },
    ],
  },
  TwilightFlat: {
    placement: 'cluster',
    description: 'Master twilight flat',
    parameters: [
      { name: 'seed', type: 'integer', default: 42, help: 'seed of the synthetic inputs made when none are given', flag: '--seed' },
      { name: 'inputs', type: 'file-input', help: 'raw twilight flat frames', multiple: true },
      { name: 'bias', type: 'file-input', help: 'master bias to subtract, e.g. Bias\'s product (default: the synthetic bias level)', flag: '--bias' },
      { name: 'count', type: 'integer', default: 3, help: 'number of synthetic frames when no inputs are given', flag: '--count' },
      { name: 'output', type: 'string', default: 'twilight_flat.fits', help: 'file name of the product in the output directory', flag: '--output' },
    ],
  },
  FringeFlat: {
    placement: 'cluster',
    description: 'Fringe map',
    parameters: [
      { name: 'seed', type: 'integer', default: 42, help: 'seed of the synthetic inputs made when none are given', flag: '--seed' },
      { name: 'inputs', type: 'file-input', help: 'raw night-sky frames', multiple: true },
      { name: 'bias', type: 'file-input', help: 'master bias (default: the synthetic bias level)', flag: '--bias' },
      { name: 'flat', type: 'file-input', help: 'master flat (default: the synthetic camera\'s flat)', flag: '--flat' },
      { name: 'count', type: 'integer', default: 7, help: 'number of synthetic sky frames when no inputs are given', flag: '--count' },
      { name: 'output', type: 'string', default: 'fringe.fits', help: 'file name of the product in the output directory', flag: '--output' },
    ],
  },
  NightSkyFlat: {
    placement: 'cluster',
    description: 'Night-sky flat from science frames',
    parameters: [
      { name: 'seed', type: 'integer', default: 42, help: 'seed of the synthetic inputs made when none are given', flag: '--seed' },
      { name: 'inputs', type: 'file-input', help: 'raw night-sky frames', multiple: true },
      { name: 'bias', type: 'file-input', help: 'master bias to subtract, e.g. Bias\'s product (default: the synthetic bias level)', flag: '--bias' },
      { name: 'count', type: 'integer', default: 7, help: 'number of synthetic frames when no inputs are given', flag: '--count' },
      { name: 'output', type: 'string', default: 'nightsky_flat.fits', help: 'file name of the product in the output directory', flag: '--output' },
    ],
  },
  MasterFlat: {
    placement: 'cluster',
    description: 'Master flat from dome and twilight flats',
    parameters: [
      { name: 'seed', type: 'integer', default: 42, help: 'seed of the synthetic inputs made when none are given', flag: '--seed' },
      { name: 'inputs', type: 'file-input', help: 'flats, e.g. DomeFlat/TwilightFlat/NightSkyFlat products', multiple: true },
      { name: 'method', type: 'string', default: 'mean', help: 'how to combine the flats', choices: ['mean', 'median'], flag: '--method' },
      { name: 'illumination', type: 'file-input', help: 'illumination correction to multiply by', flag: '--illumination' },
      { name: 'output', type: 'string', default: 'master_flat.fits', help: 'file name of the product in the output directory', flag: '--output' },
    ],
  },
  Gain: {
    placement: 'cluster',
    description: 'Gain from flat pairs',
    parameters: [
      { name: 'seed', type: 'integer', default: 42, help: 'seed of the synthetic inputs made when none are given', flag: '--seed' },
      { name: 'inputs', type: 'file-input', help: 'raw flats, in pairs of equal level', multiple: true },
      { name: 'bias', type: 'file-input', help: 'master bias (default: the synthetic bias level)', flag: '--bias' },
      { name: 'read_noise', type: 'number', default: 0, help: 'read noise, used only with a single pair', flag: '--read-noise' },
      { name: 'output', type: 'string', default: 'gain.json', help: 'file name of the product in the output directory', flag: '--output' },
    ],
  },
  Zeropoint: {
    placement: 'cluster',
    description: 'Photometric zeropoint from standard stars',
    parameters: [
      { name: 'seed', type: 'integer', default: 42, help: 'seed of the synthetic inputs made when none are given', flag: '--seed' },
      { name: 'inputs', type: 'file-input', help: 'one raw standard-star frame', multiple: true },
      { name: 'bias', type: 'file-input', help: 'master bias (default: the synthetic bias level)', flag: '--bias' },
      { name: 'flat', type: 'file-input', help: 'master flat (default: the synthetic camera\'s flat)', flag: '--flat' },
      { name: 'x', type: 'number', help: 'x of the standard star, 0-based pixels', flag: '--x' },
      { name: 'y', type: 'number', help: 'y of the standard star, 0-based pixels', flag: '--y' },
      { name: 'mag', type: 'number', default: 15, help: 'magnitude of the standard star', flag: '--mag' },
      { name: 'exptime', type: 'number', help: 'exposure time in seconds', flag: '--exptime' },
      { name: 'radius', type: 'number', default: 6, help: 'aperture radius in pixels', flag: '--radius' },
      { name: 'output', type: 'string', default: 'zeropoint.json', help: 'file name of the product in the output directory', flag: '--output' },
    ],
  },
  Illumination: {
    placement: 'cluster',
    description: 'Illumination correction',
    parameters: [
      { name: 'seed', type: 'integer', default: 42, help: 'seed of the synthetic inputs made when none are given', flag: '--seed' },
      { name: 'inputs', type: 'file-input', help: 'reduced (bias-subtracted, flat-fielded) frames', multiple: true },
      { name: 'count', type: 'integer', default: 5, help: 'number of synthetic frames when no inputs are given', flag: '--count' },
      { name: 'output', type: 'string', default: 'illumination.fits', help: 'file name of the product in the output directory', flag: '--output' },
    ],
  },
  Science: {
    placement: 'cluster',
    description: 'Calibrated science frames (runs best in parallel on a cluster)',
    parameters: [
      { name: 'seed', type: 'integer', default: 42, help: 'seed of the synthetic inputs made when none are given', flag: '--seed' },
      { name: 'inputs', type: 'file-input', help: 'one raw science frame', multiple: true },
      { name: 'bias', type: 'file-input', help: 'master bias (default: the synthetic bias level)', flag: '--bias' },
      { name: 'flat', type: 'file-input', help: 'master flat (default: the synthetic camera\'s flat)', flag: '--flat' },
      { name: 'output', type: 'string', help: 'file name of the product (default sci_<raw stem>.fits)', flag: '--output' },
    ],
  },
  Reduce: {
    placement: 'cluster',
    description: 'Calibrate a list of raw science frames',
    parameters: [
      { name: 'seed', type: 'integer', default: 42, help: 'seed of the synthetic inputs made when none are given', flag: '--seed' },
      { name: 'inputs', type: 'file-input', help: 'raw science frames', multiple: true },
      { name: 'bias', type: 'file-input', help: 'master bias (default: the synthetic bias level)', flag: '--bias' },
      { name: 'flat', type: 'file-input', help: 'master flat (default: the synthetic camera\'s flat)', flag: '--flat' },
      { name: 'count', type: 'integer', default: 3, help: 'number of synthetic frames when no inputs are given', flag: '--count' },
    ],
  },
  Coadd: {
    placement: 'bigmem',
    description: 'Coadd regridded frames (needs a machine with much memory)',
    parameters: [
      { name: 'seed', type: 'integer', default: 42, help: 'seed of the synthetic inputs made when none are given', flag: '--seed' },
      { name: 'inputs', type: 'file-input', help: 'reduced frames', multiple: true },
      { name: 'method', type: 'string', default: 'median', help: 'how to combine the frames', choices: ['median', 'mean'], flag: '--method' },
      { name: 'count', type: 'integer', default: 3, help: 'number of synthetic frames when no inputs are given', flag: '--count' },
      { name: 'output', type: 'string', default: 'coadd.fits', help: 'file name of the product in the output directory', flag: '--output' },
    ],
  },
  SourceList: {
    placement: 'dbnear',
    description: 'Source list from science or coadded frames (close to the database)',
    parameters: [
      { name: 'seed', type: 'integer', default: 42, help: 'seed of the synthetic inputs made when none are given', flag: '--seed' },
      { name: 'inputs', type: 'file-input', help: 'one reduced image', multiple: true },
      { name: 'threshold', type: 'number', default: 5, help: 'detection threshold in sigmas above the sky', flag: '--threshold' },
      { name: 'min_pixels', type: 'integer', default: 3, help: 'fewest connected pixels of a source', flag: '--min-pixels' },
      { name: 'output', type: 'string', default: 'sources.csv', help: 'file name of the product in the output directory', flag: '--output' },
    ],
  },
  AssociateList: {
    placement: 'dbnear',
    description: 'Associate source lists by position (close to the database)',
    parameters: [
      { name: 'seed', type: 'integer', default: 42, help: 'seed of the synthetic inputs made when none are given', flag: '--seed' },
      { name: 'inputs', type: 'file-input', help: 'two source lists (SourceList products)', multiple: true },
      { name: 'radius', type: 'number', default: 2, help: 'largest separation of a match in pixels', flag: '--radius' },
      { name: 'output', type: 'string', default: 'associations.csv', help: 'file name of the product in the output directory', flag: '--output' },
    ],
  },
};
