import t from 'tap';
import { request } from 'undici';
import { listenMetrics } from '../../api/services/metrics-listener.js';
import { startService } from '../helpers/service.js';

t.test('health, readiness, metrics and the served contract', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  await admin.putRecipe('Noop', { command: ['true'] });
  await admin.submitJob({ recipe: 'Noop' });
  const { client } = await service.agent('n1');
  await client.claim({ maxJobs: 1 });
  const get = async (path: string, token?: string) => {
    const response = await request(service.url + path, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    return { status: response.statusCode, type: String(response.headers['content-type']), text: await response.body.text() };
  };
  t.same(JSON.parse((await get('/healthz')).text), { status: 'ok' });
  t.same(JSON.parse((await get('/readyz')).text), { status: 'ready' });
  t.equal((await get('/metrics')).status, 401, 'metrics need a token, even from the local host (a proxy is local too)');
  const metrics = await get('/metrics', service.adminToken);
  t.equal(metrics.status, 200, 'an admin reads them');
  t.match(metrics.type, 'text/plain');
  t.match(metrics.text, /awe_jobs\{state="running"\} 1/);
  t.match(metrics.text, /awe_claimed_jobs_total 1/);
  t.match(metrics.text, /awe_http_request_duration_seconds_bucket\{method="POST",route="\/v1\/jobs",le="0.005"\} \d+/);
  const spec = await get('/openapi.yaml');
  t.match(spec.text, /operationId: submitJob/);
  const docs = await get('/docs/');
  t.equal(docs.status, 200, 'the docs page is served');
  t.match(docs.text, /swagger/i);
});

t.test('metrics need an admin token, not just any user', async (t) => {
  const service = await startService(t);
  const user = await service.user('ursula', 'developer');
  const asUser = await service.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${user}` } });
  t.equal(asUser.statusCode, 403);
});

t.test('with AWE_METRICS_HOST, metrics are served only on their own listener, without a token', async (t) => {
  const service = await startService(t, { metricsHost: '127.0.0.1', metricsPort: 0 });
  const onService = await request(`${service.url}/metrics`, { headers: { authorization: `Bearer ${service.adminToken}` } });
  t.equal(onService.statusCode, 404, 'not on the service port');
  await onService.body.dump();
  const listener = await listenMetrics(service.app.awe, '127.0.0.1', 0);
  t.teardown(listener.close);
  const scraped = await request(`http://127.0.0.1:${listener.port}/metrics`);
  t.equal(scraped.statusCode, 200);
  t.match(await scraped.body.text(), /awe_claimed_jobs_total 0/);
  const other = await request(`http://127.0.0.1:${listener.port}/v1/jobs`);
  t.equal(other.statusCode, 404, 'nothing else is served there');
  await other.body.dump();
});

t.test('behind a trusted proxy, sign-in limits count the client address it forwards', async (t) => {
  const failures = async (url: string, forwardedFor: string, count: number) => {
    const statuses: number[] = [];
    for (let i = 0; i < count; i++) {
      const response = await request(`${url}/v1/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
        body: JSON.stringify({ username: 'admin', password: 'wrong' }),
      });
      await response.body.dump();
      statuses.push(response.statusCode);
    }
    return statuses;
  };
  const proxied = await startService(t, { trustProxy: ['127.0.0.1'] });
  t.equal((await failures(proxied.url, '203.0.113.5', 11)).at(-1), 429, 'one client address runs into the limit');
  t.same(await failures(proxied.url, '198.51.100.7', 1), [401], 'another client behind the same proxy still may try');

  const direct = await startService(t);
  t.equal((await failures(direct.url, '203.0.113.5', 11)).at(-1), 429);
  t.same(await failures(direct.url, '198.51.100.7', 1), [429], 'without AWE_TRUST_PROXY the header is not believed');
});
