import t from 'tap';
import { hashPassword, needsRehash, PASSWORD_COSTS, verifyPassword } from '../../api/services/passwords.js';
import { startService } from '../helpers/service.js';

t.test('a hash made at an older cost is replaced at the next sign-in, and the password still works', async (t) => {
  const service = await startService(t, { passwordHashCost: 'standard' });
  const { store } = service.app.awe;
  // What the previous release stored: N=2^15, r=8, p=1.
  const old = await hashPassword('old-secret', { N: 1 << 15, r: 8, p: 1 });
  await store.insertUser({ username: 'vera', password_hash: old, role: 'user', can_route: 0, max_active_jobs: null }, Date.now());
  t.equal(needsRehash(old, PASSWORD_COSTS.standard), true);

  await service.client(undefined).login('vera', 'old-secret');
  const upgraded = (await store.getUser('vera'))!.password_hash;
  t.match(upgraded, /^scrypt\$32768\$8\$3\$/, 'rehashed at N=2^15, r=8, p=3');
  t.equal(needsRehash(upgraded, PASSWORD_COSTS.standard), false);
  t.ok(await service.client(undefined).login('vera', 'old-secret'), 'the password signs in against the new hash');
  const wrong = await service.client(undefined).login('vera', 'guess').catch((err: unknown) => err);
  t.match(wrong, { statusCode: 401 });
  t.equal((await store.getUser('vera'))!.password_hash, upgraded, 'a failed sign-in changes nothing');
});

t.test('stored hashes with out-of-range parameters are refused, not run', async (t) => {
  for (const stored of ['scrypt$1048576$8$1$c2FsdA==$aGFzaA==', 'scrypt$16$64$1$c2FsdA==$aGFzaA==', 'bcrypt$x', 'scrypt$16$8$1$c2FsdA==$', 'scrypt$16$8$1$c2FsdA==$aGFzaA==']) {
    t.equal(await verifyPassword('x', stored), false, stored);
  }
});
