import type { Report, Target } from './scenario.js';

/** One figure of a report, or one skipped scenario (figure '') or peer (figure `peers.<name>`). */
export type Row = { scenario: string; figure: string } & ({ value: unknown; target?: Target } | { skipped: string });

/** Every figure of the reports in order: the scenario's own with their targets, then its peers'. */
export function* rowsOf(reports: Record<string, Report>): Generator<Row> {
  for (const [scenario, report] of Object.entries(reports)) {
    if ('skipped' in report) {
      yield { scenario, figure: '', skipped: report.skipped };
      continue;
    }
    for (const [figure, value] of Object.entries(report.figures)) yield { scenario, figure, value, target: report.targets?.find((target) => target.figure === figure) };
    for (const [peer, figures] of Object.entries(report.peers ?? {})) {
      if ('skipped' in figures) yield { scenario, figure: `peers.${peer}`, skipped: String(figures.skipped) };
      else for (const [figure, value] of Object.entries(figures)) yield { scenario, figure: `peers.${peer}.${figure}`, value };
    }
  }
}

/** One line per figure: scenario, figure, value, and the target with PASS/MISS when there is one. */
export function renderTable(reports: Record<string, Report>): string {
  const rows: string[][] = [['scenario', 'figure', 'value', 'target', '']];
  for (const row of rowsOf(reports)) {
    if ('skipped' in row) rows.push([row.scenario, row.figure || '-', 'skipped', '', row.skipped]);
    else rows.push([row.scenario, row.figure, String(row.value), row.target?.text ?? '', row.target ? (row.target.pass ? 'PASS' : 'MISS') : '']);
  }
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row: string[]) => row.map((text, column) => text.padEnd(widths[column])).join('  ').trimEnd();
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}
