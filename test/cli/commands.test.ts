import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { startService, type TestService } from '../helpers/service.js';
import { awrecipe } from './cli-process.js';

async function tempDir(t: Test, prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function setup(t: Test): Promise<{ service: TestService; env: (token: string) => Promise<Record<string, string>> }> {
  const service = await startService(t);
  await service.client().putRecipe('Hello', { command: ['python3', '-m', 'mypkg.hello'] });
  const env = async (token: string) => ({ AWE_SERVER: service.url, AWE_TOKEN: token, HOME: await tempDir(t, 'awe-home-') });
  return { service, env };
}

t.test('-detach prints the job id; status, list and cancel', async (t) => {
  const { service, env } = await setup(t);
  const alice = await env(await service.user('alice', 'user'));
  const submitted = await awrecipe(['-detach', '-task', 'Hello', 'a', '-b'], { env: alice });
  t.equal(submitted.code, 0, submitted.stderr);
  t.match(submitted.stdout, /^\d+\n$/);
  const id = Number(submitted.stdout);
  const job = await service.client().getJob(id);
  t.same(job.args, ['a', '-b'], 'params passed verbatim');
  t.equal(job.owner, 'alice');

  const status = await awrecipe(['status', String(id)], { env: alice });
  t.equal(status.code, 0, status.stderr);
  t.match(status.stdout, new RegExp(`job ${id}  Hello a -b`));
  t.match(status.stdout, /state\s+queued/);

  const bob = await env(await service.user('bob', 'user'));
  await awrecipe(['-detach', '-task', 'Hello'], { env: bob });
  const all = await awrecipe(['list'], { env: alice });
  t.equal(all.code, 0, all.stderr);
  t.match(all.stdout, /ID\s+STATE/);
  t.match(all.stdout, /alice/);
  t.match(all.stdout, /bob/);
  const mine = await awrecipe(['list', '--mine', '--state', 'queued'], { env: alice });
  t.match(mine.stdout, new RegExp(`^${id}\\s+queued`, 'm'));
  t.notMatch(mine.stdout, /bob/);
  const newest = await awrecipe(['list', '--limit', '1'], { env: alice });
  t.equal(newest.stdout.trim().split('\n').length, 2, 'a header and the newest job only');
  t.match(newest.stdout, /bob/);
  t.match(newest.stderr, /older jobs not shown: --limit 2/, 'says that there is more');

  const cancelled = await awrecipe(['cancel', String(id)], { env: alice });
  t.equal(cancelled.code, 0, cancelled.stderr);
  t.equal(cancelled.stdout, `job ${id} cancelled\n`);
  t.equal((await service.client().getJob(id)).state, 'cancelled');
  const again = await awrecipe(['cancel', String(id)], { env: alice });
  t.equal(again.code, 1);
  t.equal(again.stderr, `awrecipe: job ${id} is cancelled and cannot be cancelled\n`, 'the service message, no stack');
});

t.test('refusals of the service are shown as its message', async (t) => {
  const { service, env } = await setup(t);
  const code = await tempDir(t, 'awe-code-');
  await mkdir(join(code, 'mypkg'));
  await writeFile(join(code, 'mypkg', 'hello.py'), 'print("hi")\n');

  const plain = await env(await service.user('carol', 'user'));
  const withCode = await awrecipe(['-mycode', code, '-task', 'Hello'], { env: plain });
  t.equal(withCode.code, 1);
  t.match(withCode.stderr, /^awrecipe: .*developer/);
  t.notMatch(withCode.stderr, /\n\s+at /, 'no stack');

  const visitor = await env(await service.user('vera', 'visitor'));
  const submit = await awrecipe(['-task', 'Hello'], { env: visitor });
  t.equal(submit.code, 1);
  t.equal(submit.stderr, 'awrecipe: visitors may browse but not run recipes\n');

  const unknown = await awrecipe(['-detach', '-task', 'Nope'], { env: plain });
  t.equal(unknown.code, 1);
  t.match(unknown.stderr, /unknown recipe "Nope"/);

  const badUsage = await awrecipe(['-task'], { env: plain });
  t.equal(badUsage.code, 2);
  t.match(badUsage.stderr, /-task needs a value[\s\S]*usage:/);

  const noServer = await awrecipe(['list'], { env: { HOME: plain.HOME } });
  t.equal(noServer.code, 1);
  t.match(noServer.stderr, /no service configured/);

  // A damaged saved login is reported when it is needed, and does not matter when server and token are given.
  await mkdir(join(plain.HOME!, '.awe'), { recursive: true });
  await writeFile(join(plain.HOME!, '.awe', 'dp.json'), '{"server": ');
  const damaged = await awrecipe(['list'], { env: { HOME: plain.HOME! } });
  t.equal(damaged.code, 1);
  t.match(damaged.stderr, /dp\.json is not a saved login/);
  const given = await awrecipe(['list'], { env: plain });
  t.equal(given.code, 0, given.stderr);
});

t.test('login stores server and token (0600) for later commands', async (t) => {
  const { service, env } = await setup(t);
  await service.user('dave', 'user');
  const { HOME } = await env('unused');
  const login = await awrecipe(['login', '-server', service.url, '-user', 'dave', '--password-stdin'], { env: { HOME }, stdin: 'dave-password\n' });
  t.equal(login.code, 0, login.stderr);
  t.match(login.stderr, /signed in to .* as dave/);
  const path = join(HOME, '.awe', 'dp.json');
  t.equal((await stat(path)).mode & 0o777, 0o600);
  const saved = JSON.parse(await readFile(path, 'utf8')) as { server: string; token: string };
  t.equal(saved.server, service.url);
  t.ok(saved.token.length > 20);
  t.notMatch(await readFile(path, 'utf8'), /dave-password/);

  const submitted = await awrecipe(['-detach', '-task', 'Hello'], { env: { HOME } });
  t.equal(submitted.code, 0, submitted.stderr);
  t.equal((await service.client().getJob(Number(submitted.stdout))).owner, 'dave');

  // The saved token is not sent to another server named in the environment.
  const elsewhere = await awrecipe(['list'], { env: { HOME, AWE_SERVER: 'http://127.0.0.1:9' } });
  t.equal(elsewhere.code, 1);
  t.match(elsewhere.stderr, /no token for http:\/\/127\.0\.0\.1:9/);

  const wrong = await awrecipe(['login', '-server', service.url, '--password-stdin'], { env: { HOME }, stdin: 'dave\nnot-the-password\n' });
  t.equal(wrong.code, 1);
  t.match(wrong.stderr, /^awrecipe: /);
  t.notMatch(wrong.stderr, /\(awrecipe login\)/, 'no hint to log in while logging in');
  // A refused token points at login, also when a recipe parameter happens to be the word "login".
  const refused = await awrecipe(['-detach', '-task', 'Hello', 'login'], { env: { HOME, AWE_SERVER: service.url, AWE_TOKEN: 'not-a-token' } });
  t.equal(refused.code, 1);
  t.match(refused.stderr, /\(awrecipe login\)\n$/);
  const notTty = await awrecipe(['login', '-server', service.url, '-user', 'dave'], { env: { HOME } });
  t.equal(notTty.code, 2);
  t.match(notTty.stderr, /--password-stdin/);
});

t.test('explain says where a recipe would run', async (t) => {
  const { service, env } = await setup(t);
  await service.agent('n1', { pool: 'default' });
  const alice = await env(await service.user('alice', 'developer'));
  const result = await awrecipe(['explain', '-task', 'Hello'], { env: alice });
  t.equal(result.code, 0, result.stderr);
  t.match(result.stdout, /rule: /);
  t.match(result.stdout, /NODE\s+MATCHES/);
  t.match(result.stdout, /^n1\s+/m);
});
