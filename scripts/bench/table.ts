import type { Report, Target } from './scenario.js';

const cell = (value: unknown): string => (typeof value === 'number' ? String(value) : value === undefined ? '' : String(value));

function targetFor(targets: readonly Target[], figure: string): Target | undefined {
  return targets.find((target) => target.figure === figure);
}

/** One line per figure: scenario, figure, value, and the target with PASS/MISS when there is one. */
export function renderTable(reports: Record<string, Report>): string {
  const rows: string[][] = [['scenario', 'figure', 'value', 'target', '']];
  for (const [name, report] of Object.entries(reports)) {
    if ('skipped' in report) {
      rows.push([name, '-', 'skipped', '', report.skipped]);
      continue;
    }
    const targets = report.targets ?? [];
    for (const [figure, value] of Object.entries(report.figures)) {
      const target = targetFor(targets, figure);
      rows.push([name, figure, cell(value), target?.text ?? '', target ? (target.pass ? 'PASS' : 'MISS') : '']);
    }
    for (const [peer, figures] of Object.entries(report.peers ?? {})) {
      if ('skipped' in figures) rows.push([name, `peers.${peer}`, 'skipped', '', String(figures.skipped)]);
      else for (const [figure, value] of Object.entries(figures)) rows.push([name, `peers.${peer}.${figure}`, cell(value), '', '']);
    }
  }
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row: string[]) => row.map((text, column) => text.padEnd(widths[column])).join('  ').trimEnd();
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}
