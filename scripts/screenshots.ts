/**
 * `npm run screenshots`: the main pages at desktop and phone width, as PNGs in
 * docs/screenshots/ (shown in the README). A fresh service with one local
 * agent runs a few catalog recipes first, so the pages show real jobs, a log
 * and a FITS preview.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { agentHarness } from '../test/helpers/agent-harness.js';
import { browserMissing, launchBrowser } from '../test/helpers/browser.js';
import { ROOT } from './server-process.js';

const OUT = join(ROOT, 'docs', 'screenshots');
const SIZES = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };

async function main(): Promise<void> {
  const missing = browserMissing();
  if (missing) throw new Error(`cannot take screenshots: ${missing}`);
  const teardowns: Array<() => unknown> = [];
  try {
    const h = await agentHarness({ teardown: (fn) => teardowns.push(fn) }, { anonymousVisitors: true });
    const token = await h.service.user('ann', 'user');
    const ann = h.service.client(token);
    await h.agent({ labels: { pool: 'cluster' }, baseCode: join(ROOT, 'examples'), name: 'node-cluster-1' });
    const bias = await ann.submitJob({ recipe: 'Bias', params: { count: 3 } });
    await h.waitFor(bias.id, ['succeeded']);
    await ann.submitJob({ recipe: 'DomeFlat', params: { bias: 'master_bias.fits' }, inputs: [{ job: bias.id, path: 'master_bias.fits' }] });
    await ann.submitJob({ recipe: 'Coadd', params: { method: 'mean' } });
    await h.waitFor(bias.id + 1, ['succeeded']);

    mkdirSync(OUT, { recursive: true });
    for (const [size, viewport] of Object.entries(SIZES)) {
      const browser = await launchBrowser(viewport);
      try {
        const page = await browser.context.newPage();
        await page.goto(`${h.url}/signin`);
        await page.getByLabel('User name').fill('ann');
        await page.getByLabel('Password').fill('ann-password');
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.locator('.who', { hasText: 'ann' }).waitFor();
        const shoot = async (name: string, path: string, prepare?: () => Promise<void>) => {
          await page.goto(`${h.url}${path}`);
          await prepare?.();
          await page.screenshot({ path: join(OUT, `${name}-${size}.png`), fullPage: size === 'desktop' });
        };
        await shoot('catalog', '/');
        await shoot('submit', '/recipes/Bias');
        await shoot('jobs', '/jobs');
        await shoot('job', `/jobs/${bias.id}`, async () => {
          await page.getByRole('button', { name: 'Preview' }).click();
          await page.getByRole('img', { name: /preview of master_bias/ }).waitFor();
        });
        await shoot('nodes', '/nodes');
      } finally {
        await browser.close();
      }
    }
    process.stdout.write(`wrote ${Object.keys(SIZES).length * 5} screenshots to ${OUT}\n`);
  } finally {
    for (const fn of teardowns.reverse()) await fn();
  }
}

await main();
process.exit();
