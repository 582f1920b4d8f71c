import t from 'tap';
import { request } from 'undici';
import { startService } from '../helpers/service.js';

t.test('bad input gets a coded 4xx JSON error and changes nothing', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  await admin.putRecipe('Noop', { command: ['true'] });
  const send = async (method: string, path: string, body: string | Buffer, contentType = 'application/json') => {
    const response = await request(service.url + path, {
      method: method as 'POST',
      headers: { authorization: `Bearer ${service.adminToken}`, 'content-type': contentType },
      body,
    });
    return { status: response.statusCode, body: JSON.parse(await response.body.text()) as { statusCode: number; code: string; message: string } };
  };
  const cases: Array<[string, string, string, string | Buffer, number, string, string?]> = [
    ['malformed JSON', 'POST', '/v1/jobs', '{"recipe": "Noop",', 400, 'AWE_ERR_VALIDATION'],
    ['not an object', 'POST', '/v1/jobs', '[1,2]', 400, 'AWE_ERR_VALIDATION'],
    ['unknown field', 'POST', '/v1/jobs', '{"recipe":"Noop","colour":"red"}', 400, 'AWE_ERR_VALIDATION', 'colour'],
    ['wrong type', 'POST', '/v1/jobs', '{"recipe":"Noop","args":"one"}', 400, 'AWE_ERR_VALIDATION', 'args'],
    ['missing recipe', 'POST', '/v1/jobs', '{"args":[]}', 400, 'AWE_ERR_VALIDATION', 'recipe'],
    ['unknown recipe', 'POST', '/v1/jobs', '{"recipe":"Nope"}', 400, 'AWE_ERR_VALIDATION', 'Nope'],
    ['unknown parent', 'POST', '/v1/jobs', '{"recipe":"Noop","after":[999]}', 400, 'AWE_ERR_VALIDATION', '999'],
    ['LD_PRELOAD in env', 'POST', '/v1/jobs', '{"recipe":"Noop","env":{"LD_PRELOAD":"/tmp/evil.so"}}', 400, 'AWE_ERR_VALIDATION', 'LD_PRELOAD'],
    ['BASH_ENV in a batch', 'POST', '/v1/job-batches', '{"jobs":[{"recipe":"Noop"},{"recipe":"Noop","env":{"BASH_ENV":"x"}}]}', 400, 'AWE_ERR_VALIDATION', 'jobs[1]: env may not set'],
    ['unsafe input path', 'POST', '/v1/jobs', '{"recipe":"Noop","inputs":[{"job":1,"path":"../x"}]}', 400, 'AWE_ERR_VALIDATION', '..'],
    ['oversize body', 'POST', '/v1/jobs', JSON.stringify({ recipe: 'Noop', args: ['x'.repeat(60000)].concat(Array(20).fill('y'.repeat(60000))) }), 413, 'AWE_ERR_TOO_LARGE'],
    ['wrong content type', 'POST', '/v1/jobs', 'recipe=Noop', 415, 'AWE_ERR_UNSUPPORTED_MEDIA'],
    ['bad recipe command', 'PUT', '/v1/recipes/Bad', '{"command":[]}', 400, 'AWE_ERR_VALIDATION'],
    ['bad recipe name', 'PUT', '/v1/recipes/bad%20name', '{"command":["true"]}', 400, 'AWE_ERR_VALIDATION'],
    ['bad id', 'POST', '/v1/jobs/abc/cancel', '{}', 400, 'AWE_ERR_VALIDATION'],
    ['unknown job', 'POST', '/v1/jobs/4242/cancel', '{}', 404, 'AWE_ERR_NOT_FOUND'],
  ];
  for (const [what, method, path, body, status, code, mention] of cases) {
    const answer = await send(method, path, body, what === 'wrong content type' ? 'application/x-www-form-urlencoded' : 'application/json');
    t.equal(answer.status, status, `${what}: ${status}`);
    t.match(answer.body, { statusCode: status, code, message: String }, `${what}: coded body`);
    if (mention) t.match(answer.body.message, mention, `${what}: the message names ${mention}`);
    t.notMatch(answer.body.message, /\bat .*\.js:\d+/, `${what}: no stack trace`);
  }
  t.equal((await admin.listJobs()).jobs.length, 0, 'no bad request created a job');
  const login = await request(`${service.url}/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":"admin"}' });
  t.equal(login.statusCode, 400, 'a login without password is a 400');
  await login.body.dump();
  const unknown = await request(`${service.url}/v1/nowhere`);
  t.match(JSON.parse(await unknown.body.text()), { statusCode: 404, code: 'AWE_ERR_NOT_FOUND' });
});

t.test('repeated failed sign-ins are rate limited with 429', async (t) => {
  const service = await startService(t);
  const attempt = async () => {
    const response = await request(`${service.url}/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'wrong' }),
    });
    return { status: response.statusCode, body: JSON.parse(await response.body.text()) as { code: string }, retryAfter: response.headers['retry-after'] };
  };
  for (let i = 0; i < 10; i++) t.equal((await attempt()).status, 401, `attempt ${i + 1}: wrong password`);
  const limited = await attempt();
  t.equal(limited.status, 429);
  t.equal(limited.body.code, 'AWE_ERR_RATE_LIMITED');
  t.ok(Number(limited.retryAfter) > 0, 'says when to try again');
});

t.test('an idempotency key makes a retried submit return the same job', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  await admin.putRecipe('Noop', { command: ['true'] });
  const first = await admin.submitJob({ recipe: 'Noop' }, 'key-1');
  const again = await admin.submitJob({ recipe: 'Noop' }, 'key-1');
  const other = await admin.submitJob({ recipe: 'Noop' }, 'key-2');
  t.equal(again.id, first.id);
  t.not(other.id, first.id);
  t.equal((await admin.listJobs()).jobs.length, 2);
});

t.test('a batch retried under its idempotency key answers the jobs of the first, and stores no more', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  await admin.putRecipe('Noop', { command: ['true'] });
  const specs = [{ recipe: 'Noop', args: ['a'] }, { recipe: 'Noop', args: ['b'] }];
  const first = await admin.submitJobs(specs, 'batch-1');
  const again = await admin.submitJobs(specs, 'batch-1');
  const other = await admin.submitJobs(specs, 'batch-2');
  t.same(again.ids, first.ids);
  t.equal(new Set([...first.ids, ...other.ids]).size, 4, 'another key is another batch');
  t.equal((await admin.listJobs()).jobs.length, 4);
});

t.test('secret-looking values are never returned', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  await admin.putRecipe('Noop', { command: ['true'] });
  const job = await admin.submitJob({ recipe: 'Noop', env: { DB_PASSWORD: 'hunter2-secret', COLOR: 'red' }, settings: { 'database.password': 'pw-value-1', project: 'OmegaCAM' } });
  const text = JSON.stringify(await admin.getJob(job.id)) + JSON.stringify(await admin.listJobs());
  t.notMatch(text, 'hunter2-secret');
  t.notMatch(text, 'pw-value-1');
  t.match(text, 'OmegaCAM');
  const { env, settings, sealed_secrets } = (await service.app.awe.store.getJobRow(job.id))!;
  t.notMatch(JSON.stringify({ env, settings, sealed_secrets }), 'hunter2-secret', 'not stored in clear either');
  const agent = await service.agent('n1');
  const [claimed] = (await agent.client.claim({ maxJobs: 1 })).jobs;
  t.equal(claimed.env.DB_PASSWORD, 'hunter2-secret', 'only the agent running the job receives it');
  t.equal(claimed.settings['database.password'], 'pw-value-1');
});

t.test('a batch of jobs is stored all or none, and a refused spec names its place', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  await admin.putRecipe('Noop', { command: ['true'] });
  const batch = await admin.submitJobs(Array.from({ length: 50 }, (_, i) => ({ recipe: 'Noop', args: [String(i)] })));
  t.equal(batch.ids.length, 50);
  t.same(batch.states, Array(50).fill('queued'));
  const jobs = await admin.listJobs({ limit: 100 });
  t.same(
    jobs.jobs.map((job) => job.args[0]).reverse(),
    Array.from({ length: 50 }, (_, i) => String(i)),
    'stored in the order of the specs',
  );
  const refused = await admin.submitJobs([{ recipe: 'Noop' }, { recipe: 'Nope' }]).catch((e: unknown) => e);
  t.match(refused, { statusCode: 400, code: 'AWE_ERR_VALIDATION', message: /^jobs\[1\]: unknown recipe "Nope"/ });
  t.equal((await admin.listJobs({ limit: 100 })).jobs.length, 50, 'nothing of the refused batch was stored');
  const visitor = service.client(await service.user('vera', 'visitor'));
  t.match(await visitor.submitJobs([{ recipe: 'Noop' }]).catch((e: unknown) => e), { statusCode: 403 });
});
