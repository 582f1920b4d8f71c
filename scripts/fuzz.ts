/**
 * `npm run fuzz -- --requests N --seed S`: a longer run of the contract fuzzer
 * than the test suite's. Prints the seed first, so any run can be repeated.
 */
import { parseArgs } from 'node:util';
import { runFuzz } from './fuzz/run.js';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '100000' }, seed: { type: 'string' } }, strict: true });
const requests = Number(values.requests);
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
if (!Number.isSafeInteger(requests) || requests < 1 || !Number.isSafeInteger(seed)) {
  console.error('usage: npm run fuzz -- [--requests N] [--seed S]');
  process.exit(2);
}
console.log(`fuzz: seed ${seed}, ${requests} requests`);
const started = Date.now();
const report = await runFuzz({ requests, seed, logger: { level: 'error' } });
console.log(`answers by status: ${JSON.stringify(report.statuses)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
for (const failure of report.failures.slice(0, 20)) console.log(JSON.stringify(failure).slice(0, 600));
console.log(report.failures.length === 0 ? 'fuzz: no answer ≥ 500, every 4xx coded' : `fuzz: ${report.failures.length} bad answers (seed ${seed})`);
process.exit(report.failures.length === 0 ? 0 : 1);
