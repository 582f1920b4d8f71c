/**
 * The web page: the size of its JavaScript as a browser fetches it (gzipped),
 * the first render of the job list in Debian's Chromium with 1,000 jobs in the
 * database (navigation start to first contentful paint, median of 5 loads), and
 * the service's time to render a page of the list at 100,000 jobs (newest page,
 * a page deep in the list by cursor, and a filter matching nothing, which reads
 * every row). Visitors browse anonymously (AWE_ANONYMOUS_VISITORS=1).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWebAssets } from '../../api/services/web-assets.js';
import { javascriptKBgz } from '../../api/services/web-size.js';
import { browserMissing, launchBrowser } from '../../test/helpers/browser.js';
import { startServerProcess, type ServerProcess } from '../server-process.js';
import { insertNoop, tempStore } from './in-process-queue.js';
import { bySize, type Context, type Report } from './scenario.js';
import { median, round } from './stats.js';

const LOADS = 5;

async function withServer<T>(jobs: number, ctx: Context, use: (server: ServerProcess) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), 'awe-bench-web-'));
  const { store } = await tempStore(dataDir);
  // Stored as a submit stores them (insertJob), in one transaction.
  await store.tx(async (s) => {
    for (let i = 0; i < jobs; i++) await insertNoop(s, i);
  });
  await store.close();
  const server = await startServerProcess({ dataDir, env: { AWE_ANONYMOUS_VISITORS: '1' }, nodeOptions: ctx.serverNodeOptions });
  try {
    return await use(server);
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function firstRenderMs(url: string): Promise<number[]> {
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    const times: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      await page.goto(`${url}/jobs`, { waitUntil: 'load' });
      times.push(await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? performance.timing.loadEventEnd - performance.timing.navigationStart));
    }
    return times;
  } finally {
    await browser.close();
  }
}

/** Server time for one page of the list (the HTML), median of 5. */
async function pageMs(url: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    const start = performance.now();
    const response = await fetch(url);
    await response.text();
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    times.push(performance.now() - start);
  }
  return median(times);
}

export async function runWeb(ctx: Context): Promise<Report> {
  const jsKBgz = round(javascriptKBgz(loadWebAssets()));
  const listed = bySize(ctx.mode, 1000, 1000, 100);
  const deep = bySize(ctx.mode, 100_000, 100_000, 1000);
  const missing = browserMissing();
  const render = missing ? null : await withServer(listed, ctx, (server) => firstRenderMs(server.url));
  const pages = await withServer(deep, ctx, async (server) => ({
    newest: await pageMs(`${server.url}/jobs`),
    middle: await pageMs(`${server.url}/jobs?cursor=${Math.floor(deep / 2)}`),
    nothingMatches: await pageMs(`${server.url}/jobs?recipe=NoSuchRecipe`),
  }));
  ctx.log(`web: ${jsKBgz} kB gzipped; first render ${render ? `${round(median(render))} ms` : 'skipped'}`);
  return {
    figures: {
      jsKBgz,
      firstRenderMs: render ? round(median(render)) : null,
      [`listPageMs@${deep}`]: round(pages.newest),
      [`deepPageMs@${deep}`]: round(pages.middle),
      [`noMatchPageMs@${deep}`]: round(pages.nothingMatches),
    },
    targets: [
      { figure: 'jsKBgz', text: 'the whole client under 150 kB of JavaScript gzipped', pass: jsKBgz < 150 },
      ...(render ? [{ figure: 'firstRenderMs', text: `first render under 1 s for a list of ${listed} jobs`, pass: median(render) < 1000 }] : []),
    ],
    notes: [
      `jsKBgz: every module the page loads, gzip level 9`,
      render
        ? `firstRenderMs: /jobs in Chromium (${listed} jobs in the database, the page shows the newest 100), navigation start to first contentful paint, median of ${LOADS} loads`
        : `firstRenderMs: skipped, ${missing}`,
      `page times: the service rendering /jobs (HTML, 100 rows) with ${deep} jobs stored, over HTTP from this process, median of ${LOADS}; "noMatch" filters by a recipe no job ran (no index: it reads every row)`,
    ],
  };
}
