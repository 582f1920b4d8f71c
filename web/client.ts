/**
 * The browser side of the web page: sign-in and sign-out, the submit form,
 * live job lists and job pages (state, live log, search), cancel and FITS
 * previews. Pages arrive rendered by the service; this only makes them live.
 * Changes carry the session's CSRF token from the page's meta tag.
 */
import type { Job } from '@awe-dp/sdk';
import { isTerminal } from '../core/states.js';
import { AnsiRenderer } from './ansi.js';
import { encodePath, escape } from './html.js';
import { jobRows, jobSummary, logLines, outputList } from './views.js';

const $ = <T extends HTMLElement>(selector: string): T | null => document.querySelector<T>(selector);
const csrf = (): string => document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? '';
const LIVE_MS = 2000;

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { 'x-csrf-token': csrf() };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 204) return undefined as T;
  const answer = (await response.json()) as T & { message?: string };
  if (!response.ok) throw new Error(answer.message ?? `${response.status}`);
  return answer;
}

const showError = (id: string, error: unknown): void => {
  const element = $(`#${id}`);
  if (element) element.textContent = error instanceof Error ? error.message : String(error);
};

function signIn(form: HTMLFormElement): void {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    try {
      await api('POST', '/v1/auth/session', { username: data.get('username'), password: data.get('password') });
      location.href = '/';
    } catch (error) {
      showError('signin-error', error);
    }
  });
}

/** Form fields → params by the parameter types the form was rendered with. */
function formParams(form: HTMLFormElement): { params?: Record<string, unknown>; args?: string[] } {
  const argsField = form.querySelector<HTMLInputElement>('[data-args]');
  if (argsField) return { args: argsField.value.split(/\s+/).filter(Boolean) };
  const params: Record<string, unknown> = {};
  for (const input of form.querySelectorAll<HTMLInputElement | HTMLSelectElement>('[data-type]')) {
    const type = input.dataset.type;
    if (type === 'boolean') {
      if ((input as HTMLInputElement).checked) params[input.name] = true;
      continue;
    }
    if (input.value.trim() === '') continue;
    const convert = (text: string): string | number => (type === 'integer' || type === 'number' ? Number(text) : text);
    params[input.name] = input.dataset.multiple ? input.value.trim().split(/\s+/).map(convert) : convert(input.value.trim());
  }
  return { params };
}

function submitForm(form: HTMLFormElement): void {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const job = await api<Job>('POST', '/v1/jobs', { recipe: form.dataset.recipe, ...formParams(form) });
      location.href = `/jobs/${job.id}`;
    } catch (error) {
      showError('submit-error', error);
    }
  });
}

/** The first page of the list, re-read every few seconds with the page's own filters. */
function liveJobList(table: HTMLElement): void {
  const body = $('#job-rows')!;
  const filters = new URLSearchParams(location.search);
  filters.delete('mine');
  const mine = new URLSearchParams(location.search).get('mine') === '1';
  const tick = async (): Promise<void> => {
    try {
      if (mine) filters.set('owner', (await api<{ username: string }>('GET', '/v1/me')).username);
      const page = await api<{ jobs: Job[] }>('GET', `/v1/jobs?${filters}`);
      body.innerHTML = jobRows(page.jobs);
    } finally {
      setTimeout(tick, LIVE_MS);
    }
  };
  if (table.dataset.live === '1') setTimeout(tick, LIVE_MS);
}

/** Follows the log from where the page's copy ends, appending whole lines as they arrive. */
async function followLog(pre: HTMLElement): Promise<void> {
  const ansi = new AnsiRenderer();
  let line = Number(pre.dataset.nextLine);
  let partial = '';
  const decoder = new TextDecoder();
  const response = await fetch(`/v1/jobs/${pre.dataset.job}/log?follow=1&offset=${pre.dataset.offset}`, { credentials: 'same-origin' });
  if (!response.ok || !response.body) return;
  const reader = response.body.getReader();
  const append = (lines: string[]): void => {
    if (lines.length === 0) return;
    // Follow the end only when the reader is already there, so scrolling back to read is not undone.
    const atEnd = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 8;
    pre.insertAdjacentHTML('beforeend', logLines(lines, line, ansi));
    line += lines.length;
    if (atEnd) pre.scrollTop = pre.scrollHeight;
  };
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const text = partial + decoder.decode(value, { stream: true });
    const lines = text.split('\n');
    partial = lines.pop()!;
    append(lines);
  }
  if (partial !== '') append([partial]);
}

interface Match {
  line: number;
  text: string;
}

function logSearch(form: HTMLFormElement, jobId: string): void {
  let matches: Match[] = [];
  let current = -1;
  const info = $('#match-info')!;
  const jump = (target: Match | null, label: string): void => {
    document.querySelector('.line.hit')?.classList.remove('hit');
    if (target === null) {
      info.textContent = label;
      return;
    }
    const element = document.getElementById(`L${target.line}`);
    element?.classList.add('hit');
    element?.scrollIntoView({ block: 'center' });
    info.textContent = `${label}: line ${target.line}`;
  };
  const search = (q: string) => api<{ matches: Match[]; truncated: boolean; firstError: Match | null }>('GET', `/v1/jobs/${jobId}/log/search?q=${encodeURIComponent(q)}`);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const answer = await search(new FormData(form).get('q') as string);
    matches = answer.matches;
    current = matches.length > 0 ? 0 : -1;
    jump(matches[0] ?? null, matches.length === 0 ? 'no match' : `match 1 of ${matches.length}${answer.truncated ? '+' : ''}`);
  });
  const step = (by: number): void => {
    if (matches.length === 0) return;
    current = (current + by + matches.length) % matches.length;
    jump(matches[current]!, `match ${current + 1} of ${matches.length}`);
  };
  $('#next-match')?.addEventListener('click', () => step(1));
  $('#prev-match')?.addEventListener('click', () => step(-1));
  $('#first-error')?.addEventListener('click', async () => {
    const answer = await search('');
    jump(answer.firstError, answer.firstError ? 'first error' : 'no error line');
  });
}

/** The job's facts, re-read until it is final; its outputs once it is. */
function liveJob(summary: HTMLElement): void {
  const id = summary.dataset.job!;
  const tick = async (): Promise<void> => {
    let job: Job;
    try {
      job = await api<Job>('GET', `/v1/jobs/${id}`);
    } catch {
      setTimeout(tick, LIVE_MS); // the service restarting, or a network hiccup: try again
      return;
    }
    summary.innerHTML = jobSummary(job);
    if (!isTerminal(job.state)) {
      setTimeout(tick, LIVE_MS);
      return;
    }
    $('#cancel')?.remove();
    const outputs = $('#outputs');
    if (outputs) outputs.innerHTML = outputList(job, (await api<{ outputs: Array<{ path: string; size: number; sha256: string }> }>('GET', `/v1/jobs/${id}/outputs`)).outputs);
  };
  const state = summary.querySelector<HTMLElement>('[data-state]')?.dataset.state;
  if (state && !isTerminal(state as Job['state'])) setTimeout(tick, LIVE_MS);
}

interface FitsInfo {
  hdus: Array<{ index: number; kind: string; description: string; previewable: boolean; rows?: string[][]; columns?: string[] }>;
  chosen: number | null;
}

async function preview(jobId: string, path: string, hdu?: number): Promise<void> {
  const box = $('#preview')!;
  const base = `/v1/jobs/${jobId}/previews/${encodePath(path)}`;
  box.textContent = 'Loading preview…';
  try {
    const info = await api<FitsInfo>('GET', `${base}?format=json${hdu === undefined ? '' : `&hdu=${hdu}`}`);
    const chosen = info.hdus.find((h) => h.index === info.chosen);
    const options = info.hdus
      .map((h) => `<option value="${h.index}"${h.index === info.chosen ? ' selected' : ''}${h.previewable ? '' : ' disabled'}>HDU ${h.index}: ${escape(h.description)}</option>`)
      .join('');
    let shown = `<p>${chosen ? escape(chosen.description) : 'Nothing in this file can be previewed.'}</p>`;
    if (chosen?.kind === 'image') shown = `<img src="${base}?hdu=${chosen.index}" alt="preview of ${escape(path)}, HDU ${chosen.index}">`;
    if (chosen?.kind === 'table' && chosen.rows) {
      const head = (chosen.columns ?? []).map((c) => `<th scope="col">${escape(c)}</th>`).join('');
      shown = `<div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>${chosen.rows.map((r) => `<tr>${r.map((v) => `<td>${escape(v)}</td>`).join('')}</tr>`).join('')}</tbody></table></div>`;
    }
    box.innerHTML = `<h3>${escape(path)}</h3><label for="hdu">Extension</label> <select id="hdu">${options}</select>${shown}`;
    $('#hdu')!.addEventListener('change', (event) => void preview(jobId, path, Number((event.target as HTMLSelectElement).value)));
  } catch (error) {
    box.textContent = error instanceof Error ? error.message : String(error);
  }
}

function jobPage(summary: HTMLElement): void {
  const id = summary.dataset.job!;
  liveJob(summary);
  const pre = $('#log');
  if (pre) void followLog(pre);
  const search = $<HTMLFormElement>('#log-search');
  if (search) logSearch(search, id);
  $('#cancel')?.addEventListener('click', async () => {
    try {
      await api('POST', `/v1/jobs/${id}/cancel`, {});
      summary.innerHTML = jobSummary(await api<Job>('GET', `/v1/jobs/${id}`));
    } catch (error) {
      showError('action-error', error);
    }
  });
  $('#outputs')?.addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest<HTMLElement>('button.preview');
    if (button) void preview(id, button.dataset.path!);
  });
}

function start(): void {
  $('#signout')?.addEventListener('click', async () => {
    await api('DELETE', '/v1/auth/session');
    location.href = '/';
  });
  const signin = $<HTMLFormElement>('#signin-form');
  if (signin) signIn(signin);
  const submit = $<HTMLFormElement>('#submit-form');
  if (submit) submitForm(submit);
  const jobs = $('#jobs');
  if (jobs) liveJobList(jobs);
  const summary = $('#summary');
  if (summary) jobPage(summary);
}

start();
