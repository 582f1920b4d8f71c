/**
 * Medians over several `--json` reports of the same mode, one line per figure,
 * as a Markdown table (docs/performance.md is made from it):
 *   node dist/scripts/bench/summarize.js run1.json run2.json run3.json
 */
import { readFileSync } from 'node:fs';
import type { Report } from './scenario.js';
import { median, round } from './stats.js';
import { rowsOf } from './table.js';

interface Run {
  mode: string;
  scenarios: Record<string, Report>;
}

const runs = process.argv.slice(2).map((file) => JSON.parse(readFileSync(file, 'utf8')) as Run);
if (runs.length === 0) {
  console.error('usage: summarize.js REPORT.json...');
  process.exit(2);
}
const values = new Map<string, { numbers: number[]; texts: Set<string>; target?: string; passes: number; checked: number }>();
const add = (key: string, value: unknown, target?: { text: string; pass: boolean }): void => {
  const entry = values.get(key) ?? { numbers: [], texts: new Set<string>(), passes: 0, checked: 0 };
  if (typeof value === 'number') entry.numbers.push(value);
  else entry.texts.add(String(value));
  if (target) {
    entry.target = target.text;
    entry.checked++;
    if (target.pass) entry.passes++;
  }
  values.set(key, entry);
};
for (const run of runs) {
  for (const row of rowsOf(run.scenarios)) {
    const key = row.figure ? `${row.scenario}.${row.figure}` : row.scenario;
    if ('skipped' in row) add(key, `skipped: ${row.skipped.split('\n')[0]}`);
    else add(key, row.value, row.target);
  }
}
console.log(`${runs.length} runs, mode ${[...new Set(runs.map((r) => r.mode))].join('/')}\n`);
console.log('| figure | median | runs | target | pass |');
console.log('|---|---|---|---|---|');
for (const [key, entry] of values) {
  const shown = entry.numbers.length > 0 ? `${round(median(entry.numbers))}` : [...entry.texts].join('; ');
  const spread = entry.numbers.length > 1 ? entry.numbers.map(round).join(', ') : '';
  console.log(`| ${key} | ${shown} | ${spread} | ${entry.target ?? ''} | ${entry.checked ? `${entry.passes}/${entry.checked}` : ''} |`);
}
