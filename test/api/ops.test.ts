import t from 'tap';
import { request } from 'undici';
import { startService } from '../helpers/service.js';

t.test('health, readiness, metrics and the served contract', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  await admin.putRecipe('Noop', { command: ['true'] });
  await admin.submitJob({ recipe: 'Noop' });
  const { client } = await service.agent('n1');
  await client.claim({ maxJobs: 1 });
  const get = async (path: string) => {
    const response = await request(service.url + path);
    return { status: response.statusCode, type: String(response.headers['content-type']), text: await response.body.text() };
  };
  t.same(JSON.parse((await get('/healthz')).text), { status: 'ok' });
  t.same(JSON.parse((await get('/readyz')).text), { status: 'ready' });
  const metrics = await get('/metrics');
  t.equal(metrics.status, 200, 'metrics are open to the local host');
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

t.test('metrics from another host need an admin token', async (t) => {
  const service = await startService(t);
  const answer = await service.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '10.1.2.3' });
  t.equal(answer.statusCode, 401);
  const withToken = await service.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '10.1.2.3', headers: { authorization: `Bearer ${service.adminToken}` } });
  t.equal(withToken.statusCode, 200);
});
