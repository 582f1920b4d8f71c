import t from 'tap';
import { request } from 'undici';
import { startService } from '../helpers/service.js';

const json = async (response: Awaited<ReturnType<typeof request>>) => ({ status: response.statusCode, body: (await response.body.json()) as Record<string, unknown>, headers: response.headers });

t.test('without AWE_ANONYMOUS_VISITORS a request without a token is refused; with it, it browses as a visitor', async (t) => {
  const closed = await startService(t);
  t.equal((await request(`${closed.url}/v1/recipes`)).statusCode, 401, 'off by default');

  const open = await startService(t, { anonymousVisitors: true });
  const recipes = await json(await request(`${open.url}/v1/recipes`));
  t.equal(recipes.status, 200);
  t.ok((recipes.body.recipes as unknown[]).length > 0, 'the catalog is readable');
  t.equal((await request(`${open.url}/v1/nodes`)).statusCode, 200, 'nodes too');
  const ann = open.client(await open.user('ann', 'user'));
  const job = await ann.submitJob({ recipe: 'Bias' });
  const seen = await json(await request(`${open.url}/v1/jobs/${job.id}`));
  t.equal(seen.status, 200, "a job's public part is readable");
  t.equal(seen.body.env, undefined, 'its private part is not');
  t.equal((await request(`${open.url}/v1/jobs/${job.id}/log`)).statusCode, 403, 'nor its log');
  const submit = await json(await request(`${open.url}/v1/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"recipe":"Bias"}' }));
  t.equal(submit.status, 403, 'an anonymous visitor cannot submit');
  t.equal((await request(`${open.url}/v1/jobs/${job.id}/cancel`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).statusCode, 401, 'nor cancel');
  t.equal((await request(`${open.url}/v1/users`)).statusCode, 401, 'admin reads still need a token');
  t.equal((await request(`${open.url}/v1/me`)).statusCode, 401, 'an anonymous visitor has no account');
});

t.test('the session cookie signs the page in; changes made with it need the CSRF token, bearer clients none', async (t) => {
  const service = await startService(t);
  await service.user('ann', 'user');
  const wrong = await request(`${service.url}/v1/auth/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'ann', password: 'nope' }) });
  t.equal(wrong.statusCode, 401);
  await wrong.body.dump();
  const signIn = await json(await request(`${service.url}/v1/auth/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'ann', password: 'ann-password' }) }));
  t.equal(signIn.status, 200);
  const setCookie = String(signIn.headers['set-cookie']);
  t.match(setCookie, /^awe_session=[^;]+;/);
  t.match(setCookie, /HttpOnly/);
  t.match(setCookie, /SameSite=Strict/);
  t.notMatch(setCookie, /Secure/, 'not Secure over plain HTTP (it would never be sent back)');
  const cookie = setCookie.split(';')[0]!;
  const csrf = String(signIn.body.csrfToken);
  t.match(signIn.body, { username: 'ann', role: 'user' });

  const session = await json(await request(`${service.url}/v1/auth/session`, { headers: { cookie } }));
  t.match(session.body, { username: 'ann', csrfToken: csrf }, 'the page can ask for its CSRF token again');

  const submit = (headers: Record<string, string>) =>
    request(`${service.url}/v1/jobs`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"recipe":"Bias","params":{"count":2}}' }).then(json);
  const forged = await submit({ cookie });
  t.equal(forged.status, 403, 'a change with the cookie but without the CSRF token is refused');
  t.equal(forged.body.code, 'AWE_ERR_CSRF');
  t.equal((await submit({ cookie, 'x-csrf-token': csrf.slice(0, -2) + 'xx' })).status, 403, 'so is one with a wrong token');
  const made = await submit({ cookie, 'x-csrf-token': csrf });
  t.equal(made.status, 201, 'with the token it goes through');
  t.same(made.body.args, ['--count', '2']);
  t.equal((await submit({ authorization: `Bearer ${service.adminToken}` })).status, 201, 'a bearer client needs no CSRF token');

  const out = await request(`${service.url}/v1/auth/session`, { method: 'DELETE', headers: { cookie, 'x-csrf-token': csrf } });
  t.equal(out.statusCode, 204);
  t.match(String(out.headers['set-cookie']), /awe_session=;/, 'signing out clears the cookie');
});
