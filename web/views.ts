/**
 * The web pages as HTML strings from API answers. The service renders whole
 * pages with them (so browsing works without JavaScript), and the browser
 * re-renders parts with the same functions when live data arrives.
 */
import type { Parameter, ParamValue } from '../core/params.js';
import { JOB_STATES, isTerminal } from '../core/states.js';
import type { Explanation, Job, Node, Recipe } from '@awe-dp/sdk';
import type { AnsiRenderer } from './ansi.js';
import { encodePath, escape, query } from './html.js';

export interface Viewer {
  username: string | null;
  role: 'visitor' | 'user' | 'developer' | 'admin';
  csrfToken: string | null;
}

export interface JobFilters {
  state?: string;
  recipe?: string;
  owner?: string;
  node?: string;
  mine?: string;
  cursor?: string;
}

export interface OutputFile {
  path: string;
  size: number;
  sha256: string;
}

const mayRun = (viewer: Viewer): boolean => viewer.username !== null && viewer.role !== 'visitor';
const when = (iso: string | null): string => (iso === null ? '–' : `<time datetime="${escape(iso)}">${escape(iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z'))}</time>`);
const stateBadge = (state: string): string => `<span class="state s-${escape(state)}">${escape(state)}</span>`;

export function layout(viewer: Viewer, title: string, body: string): string {
  const who =
    viewer.username === null
      ? `<a href="/signin">Sign in</a>`
      : `<span>${escape(viewer.username)} (${escape(viewer.role)})</span> <button type="button" id="signout">Sign out</button>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} · awe-dp</title><link rel="stylesheet" href="/assets/style.css">
${viewer.csrfToken ? `<meta name="csrf-token" content="${escape(viewer.csrfToken)}">` : ''}
<script type="module" src="/assets/web/client.js"></script></head>
<body><header><nav aria-label="main"><a href="/" class="brand">awe-dp</a> <a href="/">Catalog</a> <a href="/jobs">Jobs</a> <a href="/nodes">Nodes</a></nav>
<div class="who">${who}</div></header>
<main id="main"><h1>${escape(title)}</h1>
${body}</main></body></html>`;
}

export function catalogPage(recipes: Recipe[]): string {
  const rows = recipes
    .map(
      (r) => `<tr><td><a href="/recipes/${encodeURIComponent(r.name)}">${escape(r.name)}</a></td><td>${escape(r.description)}</td>
<td>${escape(r.placement ?? 'any node')}</td><td>${r.parameters.map((p) => escape(p.name)).join(', ') || '–'}</td></tr>`,
    )
    .join('\n');
  return `<p>The standard recipes. Open one to see where it would run now and to submit it.</p>
<div class="scroll"><table><thead><tr><th scope="col">Recipe</th><th scope="col">Description</th><th scope="col">Placement</th><th scope="col">Parameters</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

function field(p: Parameter, value: ParamValue | ParamValue[] | undefined): string {
  const id = `p-${escape(p.name)}`;
  const help = p.help ? `<small id="${id}-help">${escape(p.help)}${p.default !== undefined ? ` (default ${escape(p.default)})` : ''}</small>` : '';
  const described = p.help ? ` aria-describedby="${id}-help"` : '';
  const common = `id="${id}" name="${escape(p.name)}" data-type="${p.type}"${p.multiple ? ' data-multiple="1"' : ''}${described}`;
  const label = `<label for="${id}">${escape(p.name)}${p.flag ? ` <code>${escape(p.flag)}</code>` : ''}</label>`;
  if (p.type === 'boolean') {
    return `<div class="field check"><input type="checkbox" ${common}${value === true ? ' checked' : ''}> ${label} ${help}</div>`;
  }
  const shown = value === undefined ? '' : Array.isArray(value) ? value.join(' ') : String(value);
  if (p.choices) {
    const options = [`<option value="">(default${p.default !== undefined ? `: ${escape(p.default)}` : ''})</option>`]
      .concat(p.choices.map((c) => `<option${String(c) === shown ? ' selected' : ''}>${escape(c)}</option>`))
      .join('');
    return `<div class="field">${label}<select ${common}>${options}</select>${help}</div>`;
  }
  const kind = p.type === 'integer' || p.type === 'number' ? (p.multiple ? 'text' : 'number') : 'text';
  const step = p.type === 'number' ? ' step="any"' : '';
  const placeholder = p.multiple ? 'separate values by spaces' : p.default !== undefined ? String(p.default) : '';
  return `<div class="field">${label}<input type="${kind}"${step} ${common} value="${escape(shown)}" placeholder="${escape(placeholder)}">${help}</div>`;
}

export function recipePage(recipe: Recipe, viewer: Viewer, explanation: Explanation | null, prefill: Record<string, ParamValue | ParamValue[] | null> = {}, fromJob?: number): string {
  const where = explanation ? `<p class="explain"><strong>Where it would run now:</strong> ${escape(explanation.summary)}</p>` : '';
  const intro = `<p>${escape(recipe.description)}</p><dl class="facts"><dt>Placement</dt><dd>${escape(recipe.placement ?? 'any node')}</dd>
<dt>Command</dt><dd><code>${escape(recipe.command.join(' '))}</code></dd></dl>${where}`;
  if (!mayRun(viewer)) {
    const why = viewer.username === null ? '<a href="/signin">Sign in</a> to submit this recipe.' : 'Visitors may browse but not run recipes.';
    return `${intro}<p class="note">${why}</p>`;
  }
  const fields =
    recipe.parameters.length > 0
      ? recipe.parameters.map((p) => field(p, prefill[p.name] ?? undefined)).join('\n')
      : `<div class="field"><label for="p-args">Arguments</label><input type="text" id="p-args" name="args" data-args="1" value="${escape(Array.isArray(prefill.args) ? prefill.args.join(' ') : '')}"><small>passed to the recipe as they are, split at spaces</small></div>`;
  return `${intro}<h2>Submit${fromJob !== undefined ? ` again (from job ${fromJob})` : ''}</h2>
<form id="submit-form" data-recipe="${escape(recipe.name)}">${fields}
<p role="alert" id="submit-error" class="error"></p><button type="submit">Submit</button></form>`;
}

export function jobRows(jobs: Job[]): string {
  if (jobs.length === 0) return `<tr><td colspan="7">No jobs.</td></tr>`;
  return jobs
    .map(
      (j) =>
        `<tr><td><a href="/jobs/${j.id}">${j.id}</a></td><td>${stateBadge(j.state)}</td><td>${escape(j.recipe)}</td><td>${escape(j.owner)}</td><td>${escape(j.node ?? '–')}</td><td>${when(j.createdAt)}</td><td>${escape(j.pendingReason ?? j.message ?? '')}</td></tr>`,
    )
    .join('\n');
}

export function jobsPage(jobs: Job[], nextCursor: string | null, filters: JobFilters, viewer: Viewer): string {
  const options = ['', ...JOB_STATES].map((s) => `<option value="${s}"${filters.state === s ? ' selected' : ''}>${s === '' ? 'any' : s}</option>`).join('');
  const text = (name: keyof JobFilters, label: string) =>
    `<div class="field"><label for="f-${name}">${label}</label><input id="f-${name}" name="${name}" value="${escape(filters[name] ?? '')}"></div>`;
  const mine = viewer.username !== null ? `<div class="field check"><input type="checkbox" id="f-mine" name="mine" value="1"${filters.mine ? ' checked' : ''}> <label for="f-mine">mine</label></div>` : '';
  const { cursor: _cursor, ...kept } = filters;
  const older = nextCursor !== null ? `<a rel="next" href="/jobs${query({ ...kept, cursor: nextCursor })}">Older jobs</a>` : '';
  const newest = filters.cursor ? `<a href="/jobs${query(kept)}">Newest jobs</a>` : '';
  return `<form method="get" action="/jobs" class="filters" aria-label="filters">
<div class="field"><label for="f-state">state</label><select id="f-state" name="state">${options}</select></div>
${text('recipe', 'recipe')}${text('owner', 'owner')}${text('node', 'node')}${mine}<button type="submit">Filter</button></form>
<div class="scroll"><table id="jobs" data-live="${filters.cursor ? '' : '1'}"><thead><tr><th scope="col">Job</th><th scope="col">State</th><th scope="col">Recipe</th><th scope="col">Owner</th><th scope="col">Node</th><th scope="col">Created</th><th scope="col">Why / note</th></tr></thead>
<tbody id="job-rows">${jobRows(jobs)}</tbody></table></div><p class="pager">${newest} ${older}</p>`;
}

const jobLink = (id: number): string => `<a href="/jobs/${id}">${id}</a>`;

export function jobSummary(job: Job): string {
  const facts: Array<[string, string]> = [
    ['State', stateBadge(job.state)],
    ['Why pending', escape(job.pendingReason ?? '–')],
    ['Recipe', `<a href="/recipes/${encodeURIComponent(job.recipe)}">${escape(job.recipe)}</a> <code>${escape(job.args.join(' '))}</code>`],
    ['Owner', escape(job.owner)],
    ['Node', escape(job.node ?? '–')],
    ['Attempt', `${job.attempts} of ${job.maxAttempts}`],
    ['Exit', job.exitCode === null ? (job.signal ? escape(job.signal) : '–') : String(job.exitCode)],
    ['Failure', escape([job.failureReason, job.message].filter(Boolean).join(': ') || '–')],
    ['Created', when(job.createdAt)],
    ['Started', when(job.startedAt)],
    ['Finished', when(job.finishedAt)],
    ['Parents', job.after.map(jobLink).join(', ') || '–'],
    ['Children', (job.children ?? []).map(jobLink).join(', ') || '–'],
  ];
  if (job.batch) facts.push(['Batch', escape(`${job.batch.system} ${job.batch.id}: ${job.batch.state}${job.batch.reason ? ` (${job.batch.reason})` : ''}`)]);
  return `<dl class="facts" data-state="${escape(job.state)}">${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

export function outputList(job: Job, outputs: OutputFile[]): string {
  if (outputs.length === 0) return `<p>${isTerminal(job.state) ? 'No outputs.' : 'Outputs appear when the job has finished.'}</p>`;
  return `<ul class="outputs">${outputs
    .map((o) => {
      const href = `/v1/jobs/${job.id}/outputs/${encodePath(o.path)}`;
      const preview = /\.fits?$/i.test(o.path) ? ` <button type="button" class="preview" data-path="${escape(o.path)}">Preview</button>` : '';
      return `<li><a href="${href}" download>${escape(o.path)}</a> <small>${o.size} bytes</small>${preview}</li>`;
    })
    .join('')}</ul><div id="preview" aria-live="polite"></div>`;
}

/** Log lines (each without its newline) as numbered line elements, so a search can jump to line N. */
export function logLines(lines: string[], firstLine: number, ansi: AnsiRenderer): string {
  return lines.map((text, i) => `<span class="line" id="L${firstLine + i}">${ansi.line(text)}\n</span>`).join('');
}

/** The complete lines of a log read so far, and the byte offset where the rest begins (after the last newline). */
export interface LogStart {
  lines: string[];
  /** The number of the first of `lines` (a long log's page copy starts late). */
  firstLine: number;
  resumeAt: number;
}

export function jobPage(job: Job, outputs: OutputFile[] | null, log: LogStart | null, viewer: Viewer, ansi: AnsiRenderer): string {
  const canCancel = mayRun(viewer) && (viewer.role === 'admin' || viewer.username === job.owner);
  const actions = [
    canCancel && !isTerminal(job.state) ? `<button type="button" id="cancel">Cancel</button>` : '',
    // Until attempts can be rerun in place, "Rerun" submits the job again with its parameters in the form, editable.
    mayRun(viewer) ? `<a class="button" href="/recipes/${encodeURIComponent(job.recipe)}?from=${job.id}" title="submit again, pre-filled">Rerun</a>` : '',
  ].join(' ');
  const logPart =
    log === null
      ? '<p class="note">The log and outputs are for the job\'s owner and admins.</p>'
      : `<form id="log-search" class="search" role="search"><label for="log-q">Search the whole log</label> <input id="log-q" name="q">
<button type="submit">Search</button> <button type="button" id="prev-match">Previous</button> <button type="button" id="next-match">Next</button>
<button type="button" id="first-error">First error</button> <a href="/v1/jobs/${job.id}/log" download="job-${job.id}.log">Raw log</a> <span id="match-info" aria-live="polite"></span></form>
<pre id="log" role="log" aria-label="log of job ${job.id}" data-job="${job.id}" data-offset="${log.resumeAt}" data-next-line="${log.firstLine + log.lines.length}">${logLines(log.lines, log.firstLine, ansi)}</pre>
<h2>Outputs</h2><div id="outputs">${outputList(job, outputs ?? [])}</div>`;
  return `<p class="actions">${actions}</p><p role="alert" id="action-error" class="error"></p>
<div id="summary" data-job="${job.id}">${jobSummary(job)}</div><h2>Log</h2>${logPart}`;
}

export function nodesPage(nodes: Node[], running: Job[]): string {
  if (nodes.length === 0) return '<p>No nodes are enrolled.</p>';
  const byNode = new Map<string, number[]>();
  for (const job of running) if (job.node) byNode.set(job.node, [...(byNode.get(job.node) ?? []), job.id]);
  const rows = nodes
    .map((n) => {
      const labels = Object.entries(n.labels).map(([k, v]) => `${k}=${v}`).join(', ');
      const status = n.state === 'lost' ? 'offline' : n.state;
      return `<tr><td>${escape(n.name)}</td><td><span class="state n-${escape(status)}">${escape(status)}</span></td><td>${escape(labels || '–')}</td>
<td>${n.running} of ${n.slots}</td><td>${(byNode.get(n.name) ?? []).map(jobLink).join(', ') || '–'}</td><td>${when(n.lastSeenAt)}</td></tr>`;
    })
    .join('\n');
  return `<div class="scroll"><table id="nodes"><thead><tr><th scope="col">Node</th><th scope="col">State</th><th scope="col">Labels</th><th scope="col">Slots in use</th><th scope="col">Current jobs</th><th scope="col">Last contact</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

export function signInPage(): string {
  return `<form id="signin-form" class="narrow"><div class="field"><label for="username">User name</label><input id="username" name="username" autocomplete="username" required></div>
<div class="field"><label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required></div>
<p role="alert" id="signin-error" class="error"></p><button type="submit">Sign in</button></form>`;
}

export const messagePage = (message: string): string => `<p class="error">${escape(message)}</p>`;
