import t, { type Test } from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LoginLimiter } from '../../../api/services/login-limiter.js';
import { openDatabase, type Db } from '../../../api/store/sqlite/db.js';
import { pruneSignInFailures } from '../../../api/store/sqlite/sign-in-failures.js';

const limits = { perUser: 3, perAddress: 5, global: 8, windowMs: 60_000 };

function database(t: Test): Db {
  const db = openDatabase(':memory:');
  t.teardown(() => db.close());
  return db;
}

t.test('failures per user at an address, then per address whatever the names, then for everyone', async (t) => {
  const limiter = new LoginLimiter(database(t), limits);
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
  const limiter = new LoginLimiter(database(t), limits);
  for (let i = 0; i < 2; i++) limiter.fail('admin', '10.0.0.1', 0);
  limiter.succeed('admin', '10.0.0.1');
  limiter.fail('admin', '10.0.0.1', 0);
  limiter.fail('admin', '10.0.0.1', 0);
  t.equal(limiter.retryAfter('admin', '10.0.0.1', 0), 0, 'two failures since the success');
  limiter.fail('other', '10.0.0.1', 0);
  t.ok(limiter.retryAfter('x', '10.0.0.1', 0) > 0, 'the address count was not cleared by the success');
});

t.test('replicas on one database count the same failures', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'awe-limiter-'));
  const [a, b] = [openDatabase(join(dir, 'awe.db')), openDatabase(join(dir, 'awe.db'))];
  t.teardown(() => {
    a.close();
    b.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const [onA, onB] = [new LoginLimiter(a, limits), new LoginLimiter(b, limits)];
  onA.fail('admin', '10.0.0.1', 0);
  onB.fail('admin', '10.0.0.1', 0);
  t.equal(onA.retryAfter('admin', '10.0.0.1', 0), 0, 'two failures, one apiece, are under the limit');
  onA.fail('admin', '10.0.0.1', 0);
  t.ok(onB.retryAfter('admin', '10.0.0.1', 0) > 0, 'the third, on the other replica, stops the guesser on this one');
});

t.test('pruning keeps only the failures that can still count', async (t) => {
  const db = database(t);
  const limiter = new LoginLimiter(db, { ...limits, global: 1000 });
  for (let i = 0; i < 500; i++) limiter.fail(`user-${i}`, `10.0.${i >> 8}.${i & 255}`, i * 1000);
  t.equal(pruneSignInFailures(db, 500_000 - limits.windowMs), 3 * 441, 'the failures older than the window are dropped');
  t.equal(limiter.retryAfter('user-499', '10.0.1.243', 500_000), 0, 'one failure of that user remains, under the limit');
});
