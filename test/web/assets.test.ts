import t from 'tap';
import { request } from 'undici';
import { loadWebAssets } from '../../api/services/web-assets.js';
import { javascriptKBgz } from '../../api/services/web-size.js';
import { startService } from '../helpers/service.js';

const BUDGET_KB = 150;

t.test(`the page's JavaScript stays under ${BUDGET_KB} kB gzipped`, async (t) => {
  const assets = loadWebAssets();
  t.ok(assets.has('web/client.js') && assets.has('web/views.js') && assets.has('core/states.js'), 'the entry module and what it imports');
  const size = javascriptKBgz(assets);
  t.ok(size < BUDGET_KB, `${size.toFixed(1)} kB gzipped`);
});

t.test('only the style sheet and the modules the page imports are served under /assets/', async (t) => {
  const service = await startService(t);
  const get = async (path: string) => {
    const response = await request(service.url + path);
    await response.body.dump();
    return response.statusCode;
  };
  t.equal(await get('/assets/web/client.js'), 200);
  t.equal(await get('/assets/style.css'), 200);
  for (const path of ['/assets/api/server.js', '/assets/core/secrets.js', '/assets/web/client.js.map', '/assets/%2e%2e/package.json', '/assets/../data/jwt.key']) {
    t.equal(await get(path), 404, `${path} is not served`);
  }
});

t.test('pages answer without JavaScript: server-rendered HTML with a strict content security policy', async (t) => {
  const service = await startService(t, { anonymousVisitors: true });
  const response = await request(`${service.url}/`);
  t.equal(response.statusCode, 200);
  t.match(String(response.headers['content-security-policy']), /script-src 'self'/);
  const html = await response.body.text();
  t.match(html, /<a href="\/recipes\/Bias">Bias<\/a>/, 'the catalog is in the HTML itself');
  const closed = await startService(t);
  const refused = await request(`${closed.url}/jobs`);
  t.equal(refused.statusCode, 401, 'without anonymous visitors the page asks to sign in');
  t.match(await refused.body.text(), /Sign in to browse/);
});
