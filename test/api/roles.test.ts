import t from 'tap';
import { request } from 'undici';
import { startService } from '../helpers/service.js';

type Role = 'anonymous' | 'visitor' | 'user' | 'router' | 'developer' | 'admin';
const ROLES: Role[] = ['anonymous', 'visitor', 'user', 'router', 'developer', 'admin'];

/**
 * The role × action matrix: who may do what, on their own objects and on
 * someone else's. `router` is a user with canRoute. Each row lists the roles
 * that succeed; every other role must get 401 (anonymous) or 403.
 */
t.test('role × route × own/other matrix', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  await admin.putRecipe('Noop', { command: ['true'] });
  const tokens: Record<Role, string | null> = {
    anonymous: null,
    visitor: await service.user('vera', 'visitor'),
    user: await service.user('ulla', 'user'),
    router: await service.user('rudi', 'user', true),
    developer: await service.user('dirk', 'developer'),
    admin: service.adminToken,
  };
  // Otto's job is "another's" object for every role in the matrix; the admin sees all.
  const otto = await service.user('otto', 'user');
  const ullas = await service.client(otto).submitJob({ recipe: 'Noop', env: { COLOR: 'blue' } });

  const call = async (role: Role, method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = {};
    if (tokens[role]) headers.authorization = `Bearer ${tokens[role]}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await request(service.url + path, { method: method as 'GET', headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.body.text();
    return { status: response.statusCode, body: text };
  };

  const rows: Array<{ what: string; method: string; path: () => string; body?: () => unknown; allowed: Role[] }> = [
    { what: 'list recipes', method: 'GET', path: () => '/v1/recipes', allowed: ['visitor', 'user', 'router', 'developer', 'admin'] },
    { what: 'list jobs', method: 'GET', path: () => '/v1/jobs', allowed: ['visitor', 'user', 'router', 'developer', 'admin'] },
    { what: "read another's job metadata", method: 'GET', path: () => `/v1/jobs/${ullas.id}`, allowed: ['visitor', 'user', 'router', 'developer', 'admin'] },
    { what: 'list nodes', method: 'GET', path: () => '/v1/nodes', allowed: ['visitor', 'user', 'router', 'developer', 'admin'] },
    { what: 'submit a catalog recipe', method: 'POST', path: () => '/v1/jobs', body: () => ({ recipe: 'Noop' }), allowed: ['user', 'router', 'developer', 'admin'] },
    { what: 'pick a node', method: 'POST', path: () => '/v1/jobs', body: () => ({ recipe: 'Noop', node: 'n1' }), allowed: ['router', 'developer', 'admin'] },
    { what: 'explain a spec', method: 'POST', path: () => '/v1/explain', body: () => ({ recipe: 'Noop' }), allowed: ['user', 'router', 'developer', 'admin'] },
    { what: 'ship code (blob check)', method: 'POST', path: () => '/v1/blobs/missing', body: () => ({ sha256s: [] }), allowed: ['developer', 'admin'] },
    { what: 'ship code (bundle)', method: 'POST', path: () => '/v1/bundles', body: () => ({ files: [] }), allowed: ['developer', 'admin'] },
    { what: "read another's job log", method: 'GET', path: () => `/v1/jobs/${ullas.id}/log`, allowed: ['admin'] },
    { what: "read another's outputs", method: 'GET', path: () => `/v1/jobs/${ullas.id}/outputs`, allowed: ['admin'] },
    { what: 'edit the catalog', method: 'PUT', path: () => '/v1/recipes/Other', body: () => ({ command: ['true'] }), allowed: ['admin'] },
    { what: 'edit routing', method: 'PUT', path: () => '/v1/routing/bigmem', body: () => ({ selector: { pool: 'bigmem' } }), allowed: ['admin'] },
    { what: 'create users', method: 'GET', path: () => '/v1/users', allowed: ['admin'] },
    { what: 'create enrollment tokens', method: 'POST', path: () => '/v1/enrollment-tokens', body: () => ({}), allowed: ['admin'] },
    { what: 'list enrollment tokens', method: 'GET', path: () => '/v1/enrollment-tokens', allowed: ['admin'] },
    { what: 'change users', method: 'PATCH', path: () => '/v1/users/otto', body: () => ({ canRoute: false }), allowed: ['admin'] },
    { what: 'read the audit trail', method: 'GET', path: () => '/v1/audit', allowed: ['admin'] },
  ];
  for (const row of rows) {
    for (const role of ROLES) {
      const { status, body } = await call(role, row.method, row.path(), row.body?.());
      const expected = row.allowed.includes(role) ? 'ok' : role === 'anonymous' ? 401 : 403;
      if (expected === 'ok') t.ok(status < 300, `${role} may ${row.what} (got ${status} ${body.slice(0, 120)})`);
      else t.equal(status, expected, `${role} may not ${row.what}`);
      if (status >= 400) t.match(JSON.parse(body), { statusCode: status, code: /^AWE_ERR_/, message: String }, 'coded JSON error');
    }
  }

  // Own objects: the owner sees env and log of his job and may cancel it; others may not cancel it.
  tokens.user = otto;
  const own = await service.client(otto).getJob(ullas.id);
  t.same(own.env, { COLOR: 'blue' }, 'the owner sees her env');
  const foreign = await service.client(tokens.developer!).getJob(ullas.id);
  t.equal(foreign.env, undefined, "another user does not see the job's env");
  t.equal((await call('developer', 'POST', `/v1/jobs/${ullas.id}/cancel`)).status, 403, "a developer cannot cancel another's job");
  t.equal((await call('user', 'GET', `/v1/jobs/${ullas.id}/log`)).status, 200, 'the owner reads her log');
  t.equal((await call('user', 'POST', `/v1/jobs/${ullas.id}/cancel`)).status, 200, 'the owner cancels her job');

  const why = JSON.parse((await call('user', 'POST', '/v1/jobs', { recipe: 'Noop', node: 'n1' })).body);
  t.match(why.message, /canRoute/, 'the 403 says why a plain user may not pick a node');
});

t.test('each kind of token works only on its own routes', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  await admin.putRecipe('Noop', { command: ['true'] });
  // A job with a bundle (an empty one), so that its claim carries a job token: a job with nothing to fetch is sent none.
  const job = await admin.submitJob({ recipe: 'Noop', bundle: (await admin.createBundle([])).id });
  const agent = await service.agent('n1');
  const [claimed] = (await agent.client.claim({ maxJobs: 1 })).jobs;
  const agentCredential = agent.client.token!;
  const userToken = service.adminToken;
  const jobToken = claimed.jobToken;
  const status = async (token: string, method: string, path: string, body?: unknown) =>
    (
      await request(service.url + path, {
        method: method as 'GET',
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      })
    ).statusCode;

  t.equal(await status(agentCredential, 'GET', '/v1/jobs'), 403, 'an agent credential is no user token');
  t.equal(await status(jobToken, 'GET', '/v1/jobs'), 401, 'a job token is no user token');
  t.equal(await status(userToken, 'POST', '/v1/agents/heartbeat', { jobs: [] }), 403, 'a user token is no agent credential');
  t.equal(await status(jobToken, 'POST', '/v1/agents/heartbeat', { jobs: [] }), 403, 'a job token is no agent credential');
  t.equal(await status(agentCredential, 'POST', '/v1/agents/heartbeat', { jobs: [{ id: job.id, epoch: claimed.epoch }] }), 200);
  const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${userToken.split('.')[1]}.`;
  t.equal(await status(unsigned, 'GET', '/v1/jobs'), 401, 'alg:none is refused');
});
