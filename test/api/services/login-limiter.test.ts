import t from 'tap';
import { LoginLimiter } from '../../../api/services/login-limiter.js';

const limits = { perUser: 3, perAddress: 5, global: 8, windowMs: 60_000, maxKeys: 100 };

t.test('failures per user at an address, then per address whatever the names, then for everyone', async (t) => {
  const limiter = new LoginLimiter(limits);
  for (let i = 0; i < 3; i++) limiter.fail('admin', '10.0.0.1', 1000);
  t.ok(limiter.retryAfter('admin', '10.0.0.1', 1000) > 0, 'the user at that address waits');
  t.equal(limiter.retryAfter('admin', '10.0.0.2', 1000), 0, 'the same user elsewhere may try');
  t.equal(limiter.retryAfter('bob', '10.0.0.1', 1000), 0, 'another user from that address may try');

  limiter.fail('random-1', '10.0.0.1', 1000);
  limiter.fail('random-2', '10.0.0.1', 1000);
  t.ok(limiter.retryAfter('random-3', '10.0.0.1', 1000) > 0, 'fresh user names do not get round the address limit');
  t.equal(limiter.retryAfter('random-3', '10.0.0.2', 1000), 0);

  for (let i = 0; i < 3; i++) limiter.fail(`u${i}`, `10.1.0.${i}`, 1000);
  t.equal(limiter.retryAfter('carol', '10.9.9.9', 1000), 60, 'past the global limit everyone waits until the oldest failure leaves the window');
  t.equal(limiter.retryAfter('carol', '10.9.9.9', 61_001), 0, 'and may try again after the window');
});

t.test('a right password clears only its own user and address', async (t) => {
  const limiter = new LoginLimiter(limits);
  for (let i = 0; i < 2; i++) limiter.fail('admin', '10.0.0.1', 0);
  limiter.succeed('admin', '10.0.0.1');
  limiter.fail('admin', '10.0.0.1', 0);
  limiter.fail('admin', '10.0.0.1', 0);
  t.equal(limiter.retryAfter('admin', '10.0.0.1', 0), 0, 'two failures since the success');
  limiter.fail('other', '10.0.0.1', 0);
  t.ok(limiter.retryAfter('x', '10.0.0.1', 0) > 0, 'the address count was not cleared by the success');
});

t.test('memory stays bounded under failures from ever new names and addresses', async (t) => {
  const limiter = new LoginLimiter({ ...limits, global: 1000 });
  for (let i = 0; i < 50_000; i++) limiter.fail(`user-${i}`, `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, i);
  t.ok(limiter.keys <= 2 * limits.maxKeys + 1, `${limiter.keys} keys held`);
});
