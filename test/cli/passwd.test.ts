import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { startService } from '../helpers/service.js';
import { awrecipe } from './cli-process.js';

t.test('passwd changes the password, revokes the old tokens and saves a new one', async (t) => {
  const service = await startService(t);
  await service.user('pete', 'user');
  const HOME = await mkdtemp(join(tmpdir(), 'awe-home-'));
  t.teardown(() => rm(HOME, { recursive: true, force: true }));
  const login = await awrecipe(['login', '-server', service.url, '-user', 'pete', '--password-stdin'], { env: { HOME }, stdin: 'pete-password\n' });
  t.equal(login.code, 0, login.stderr);
  const path = join(HOME, '.awe', 'dp.json');
  const before = (JSON.parse(await readFile(path, 'utf8')) as { token: string }).token;

  const wrong = await awrecipe(['passwd', '--password-stdin'], { env: { HOME }, stdin: 'not-it\nnew-password-1\n' });
  t.equal(wrong.code, 1);
  t.match(wrong.stderr, /current password is wrong/);
  const changed = await awrecipe(['passwd', '--password-stdin'], { env: { HOME }, stdin: 'pete-password\nnew-password-1\n' });
  t.equal(changed.code, 0, changed.stderr);
  t.match(changed.stderr, /password changed; every earlier token of yours is revoked/);
  const after = (JSON.parse(await readFile(path, 'utf8')) as { token: string }).token;
  t.not(after, before, 'a new token is saved');
  t.equal((await stat(path)).mode & 0o777, 0o600);

  const old = await awrecipe(['list'], { env: { HOME, AWE_SERVER: service.url, AWE_TOKEN: before } });
  t.equal(old.code, 1, 'the old token is refused');
  t.match(old.stderr, /revoked.*\(awrecipe login\)/);
  t.equal((await awrecipe(['list'], { env: { HOME } })).code, 0, 'the saved one works');
  t.ok(await service.client(undefined).login('pete', 'new-password-1'), 'the new password signs in');
  const notTty = await awrecipe(['passwd'], { env: { HOME } });
  t.equal(notTty.code, 2);
  t.match(notTty.stderr, /--password-stdin/);
});
