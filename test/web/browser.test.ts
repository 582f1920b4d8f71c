import t from 'tap';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { agentHarness } from '../helpers/agent-harness.js';
import { browserMissing, launchBrowser } from '../helpers/browser.js';

const examples = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'examples');
const missing = browserMissing();
// A browser, an agent and real recipes: more than the suite's usual two minutes on a loaded machine.
t.setTimeout(300_000);

t.test('the web page in a real Chromium', { skip: missing ?? false }, async (t) => {
  const h = await agentHarness(t, { anonymousVisitors: true, leaseSeconds: 10 });
  await h.service.user('ann', 'user');
  const browser = await launchBrowser();
  t.teardown(() => browser.close());
  const page = await browser.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));

  await t.test('a visitor browses recipes and jobs and cannot submit', async (t) => {
    const earlier = await h.admin.submitJob({ recipe: 'Coadd' });
    await page.goto(`${h.url}/`);
    await page.getByRole('link', { name: 'Bias', exact: true }).click();
    t.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Bias');
    t.equal(await page.getByRole('button', { name: 'Submit' }).count(), 0, 'no Submit button for a visitor');
    t.match(await page.locator('main').textContent(), /Sign in to submit/);
    await page.getByRole('link', { name: 'Jobs', exact: true }).click();
    t.equal(await page.getByRole('link', { name: String(earlier.id), exact: true }).count(), 1, 'the job list shows the job');
    await page.getByRole('link', { name: String(earlier.id), exact: true }).click();
    t.match(await page.locator('#summary').textContent(), /Coadd/);
    t.equal(await page.getByRole('button', { name: 'Cancel' }).count(), 0, 'a visitor cannot cancel');
    await h.admin.cancelJob(earlier.id);
  });

  await t.test('a user signs in, submits Bias from its form, watches the live log and previews the product', async (t) => {
    await page.goto(`${h.url}/signin`);
    await page.getByLabel('User name').fill('ann');
    await page.getByLabel('Password').fill('ann-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.who', { hasText: 'ann (user)' }).waitFor();
    await page.getByRole('link', { name: 'Bias', exact: true }).click();
    await page.getByLabel('count').fill('3');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.locator('#summary').waitFor();
    const id = Number(page.url().split('/').pop());
    const job = await h.admin.getJob(id);
    t.same(job.params, { count: 3 }, 'the form sent the non-default parameter by name');
    t.same(job.args, ['--count', '3']);
    t.equal(await page.getByRole('log').textContent(), '', 'nothing has run yet');

    // The agent starts only now, so every line the log element shows arrived live.
    await h.agent({ labels: { pool: 'cluster' }, baseCode: examples });
    await page.getByRole('log').filter({ hasText: 'generating 3 synthetic biases' }).waitFor({ timeout: 30_000 });
    await page.getByRole('log').filter({ hasText: 'wrote master_bias.fits' }).waitFor();
    await page.locator('#summary [data-state="succeeded"]').waitFor({ timeout: 30_000 });
    t.pass('the page shows the job succeeded');

    await page.getByRole('button', { name: 'Preview' }).click();
    const image = page.getByRole('img', { name: /preview of master_bias\.fits/ });
    await image.waitFor();
    const width = await image.evaluate((img: HTMLImageElement) =>
      img.complete ? img.naturalWidth : new Promise<number>((resolve) => img.addEventListener('load', () => resolve(img.naturalWidth), { once: true })),
    );
    t.equal(width, 64, 'the PNG preview loaded, 64 pixels wide');

    await page.getByLabel('Search the whole log').fill('combining');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    // The answer comes from the service: wait for the page to show it before reading.
    await page.locator('#match-info', { hasText: /match 1 of/ }).waitFor();
    t.match(await page.locator('#match-info').textContent(), /match 1 of 1: line \d+/);
    t.equal(await page.locator('.line.hit').count(), 1, 'the match is marked in the log');

    await page.getByRole('link', { name: 'Rerun' }).click();
    t.equal(await page.getByLabel('count').inputValue(), '3', '"Rerun" fills the form with the parameters of the job');
  });

  await t.test('cancelling a running job from its page stops it', async (t) => {
    await h.recipe('Sleeper', 'echo started; sleep 300');
    const ann = h.service.client(await h.service.client().login('ann', 'ann-password').then((r) => r.token));
    const job = await ann.submitJob({ recipe: 'Sleeper' });
    await h.agent({});
    await h.waitFor(job.id, ['running']);
    await page.goto(`${h.url}/jobs/${job.id}`);
    await page.getByRole('log').filter({ hasText: 'started' }).waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('#summary [data-state="cancelled"]').waitFor({ timeout: 30_000 });
    t.equal((await h.admin.getJob(job.id)).state, 'cancelled', 'the agent stopped the recipe and said so');
  });

  await t.test('a change asked for by a page of another origin is refused', async (t) => {
    const ann = h.service.client(await h.service.client().login('ann', 'ann-password').then((r) => r.token));
    const job = await ann.submitJob({ recipe: 'Coadd' });
    // Another origin (another port: the same site, so a SameSite cookie alone would not stop it).
    const evil = createServer((_request, response) => {
      response.setHeader('content-type', 'text/html');
      response.end(`<!doctype html><script>
        fetch(${JSON.stringify(`${h.url}/v1/jobs/${job.id}/cancel`)}, { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: '{}' })
          .then(() => { document.title = 'sent'; }, () => { document.title = 'failed'; });
      </script>`);
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    t.teardown(() => {
      evil.closeAllConnections();
      return new Promise((resolve) => evil.close(resolve));
    });
    const port = (evil.address() as { port: number }).port;
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => document.title !== '');
    t.equal((await h.admin.getJob(job.id)).state, 'queued', 'the job was not cancelled');
    await h.admin.cancelJob(job.id);
  });

  t.same(errors, [], 'no script errors on any page');
});
