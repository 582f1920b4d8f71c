import t from 'tap';
import { checkParameters, formatParameter, ParamError, paramsToArgs, type Parameter } from '../../core/params.js';

const COADD: Parameter[] = [
  { name: 'seed', type: 'integer', default: 42, flag: '--seed' },
  { name: 'inputs', type: 'file-input', multiple: true },
  { name: 'method', type: 'string', choices: ['median', 'mean'], default: 'median', flag: '--method' },
  { name: 'fast', type: 'boolean', flag: '--fast' },
  { name: 'exclude', type: 'string', flag: '-x', multiple: true },
  { name: 'scale', type: 'number', flag: '--scale' },
];

t.test('named values become args in declared order: flags with their value, positionals bare, lists repeated', async (t) => {
  t.same(paramsToArgs(COADD, {}), [], 'nothing given: the recipe keeps its own defaults');
  t.same(
    paramsToArgs(COADD, { scale: 1.5, exclude: ['a', 'b'], fast: true, method: 'mean', inputs: ['sci_1.fits', 'sci_2.fits'], seed: 3 }),
    ['--seed', '3', 'sci_1.fits', 'sci_2.fits', '--method', 'mean', '--fast', '-x', 'a', '-x', 'b', '--scale', '1.5'],
  );
  t.same(paramsToArgs(COADD, { fast: false, seed: null }), [], 'a false boolean and a null leave nothing');
});

t.test('unknown names, wrong types, bad choices and unsafe values are refused', async (t) => {
  t.throws(() => paramsToArgs(COADD, { sed: 1 }), new ParamError('unknown parameter "sed"; the recipe has seed, inputs, method, fast, exclude, scale'));
  t.throws(() => paramsToArgs(COADD, { seed: '3' }), /must be an integer/);
  t.throws(() => paramsToArgs(COADD, { seed: 1.5 }), /must be an integer/);
  t.throws(() => paramsToArgs(COADD, { method: 'sum' }), /one of median, mean/);
  t.throws(() => paramsToArgs(COADD, { inputs: 'one.fits' }), /takes a list/);
  t.throws(() => paramsToArgs(COADD, { seed: [1] }), /one value, not a list/);
  t.throws(() => paramsToArgs(COADD, { inputs: ['../etc/passwd'] }), /parameter "inputs"/);
  t.throws(() => paramsToArgs(COADD, { inputs: ['-rf'] }), /may not start with "-"/);
  t.throws(() => paramsToArgs(COADD, { fast: 'yes' }), /must be a boolean/);
  t.throws(() => paramsToArgs([], { x: 1 }), /the recipe has none/);
});

t.test('a parameter list is checked for what would make forms or args wrong', async (t) => {
  t.same(checkParameters(COADD), []);
  t.same(checkParameters([
    { name: 'a', type: 'boolean' },
    { name: 'a', type: 'integer', flag: 'count', default: 'x' },
    { name: 'm', type: 'string', flag: '--m', choices: ['x'], default: 'y' },
  ]), [
    'parameter "a": a boolean needs a flag',
    'parameter "a" is declared twice',
    'parameter "a": flag "count" must look like -x or --name',
    'parameter "a": default "x" is not an integer',
    'parameter "m": default is not one of its choices',
  ]);
});

t.test('help lines say shape, type and default', async (t) => {
  t.equal(formatParameter(COADD[2]), '--method METHOD (string, one of median|mean, default median)');
  t.equal(formatParameter(COADD[1]), 'INPUTS (file-input, multiple)');
  t.equal(formatParameter({ name: 'fast', type: 'boolean', flag: '--fast', help: 'skip checks' }), '--fast (boolean): skip checks');
});
