import t, { type Test } from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LoginLimiter } from '../../../api/services/login-limiter.js';
import { openStore } from '../../../api/store/open-store.js';
import type { Store } from '../../../api/store/store.js';
import { testStoreConfig } from '../../../scripts/test-database.js';

const limits = { perUser: 3, perAddress: 5, global: 8, windowMs: 60_000 };

/** Stores on one installation in a fresh data dir (this run's back end): one per replica. */
async function replicasOf(t: Test, count: number): Promise<Store[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'awe-limiter-'));
  const stores: Store[] = [];
  for (let i = 0; i < count; i++) stores.push(await openStore({ ...testStoreConfig(dataDir), synchronous: 'normal' }));
  t.teardown(async () => {
    for (const store of stores) await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return stores;
}

const database = async (t: Test): Promise<Store> => (await replicasOf(t, 1))[0]!;

t.test('failures per user at an address, then per address whatever the names, then for everyone', async (t) => {
  const limiter = new LoginLimiter(await database(t), limits);
  for (let i = 0; i < 3; i++) await limiter.fail('admin', '10.0.0.1', 1000);
  t.ok((await limiter.retryAfter('admin', '10.0.0.1', 1000)) > 0, 'the user at that address waits');
  t.equal(await limiter.retryAfter('admin', '10.0.0.2', 1000), 0, 'the same user elsewhere may try');
  t.equal(await limiter.retryAfter('bob', '10.0.0.1', 1000), 0, 'another user from that address may try');

  await limiter.fail('random-1', '10.0.0.1', 1000);
  await limiter.fail('random-2', '10.0.0.1', 1000);
  t.ok((await limiter.retryAfter('random-3', '10.0.0.1', 1000)) > 0, 'fresh user names do not get round the address limit');
  t.equal(await limiter.retryAfter('random-3', '10.0.0.2', 1000), 0);

  for (let i = 0; i < 3; i++) await limiter.fail(`u${i}`, `10.1.0.${i}`, 1000);
  t.equal(await limiter.retryAfter('carol', '10.9.9.9', 1000), 60, 'past the global limit everyone waits until the oldest failure leaves the window');
  t.equal(await limiter.retryAfter('carol', '10.9.9.9', 61_001), 0, 'and may try again after the window');
});

t.test('a right password clears only its own user and address', async (t) => {
  const limiter = new LoginLimiter(await database(t), limits);
  for (let i = 0; i < 2; i++) await limiter.fail('admin', '10.0.0.1', 0);
  await limiter.succeed('admin', '10.0.0.1');
  await limiter.fail('admin', '10.0.0.1', 0);
  await limiter.fail('admin', '10.0.0.1', 0);
  t.equal(await limiter.retryAfter('admin', '10.0.0.1', 0), 0, 'two failures since the success');
  await limiter.fail('other', '10.0.0.1', 0);
  t.ok((await limiter.retryAfter('x', '10.0.0.1', 0)) > 0, 'the address count was not cleared by the success');
});

t.test('replicas on one database count the same failures', async (t) => {
  const [a, b] = (await replicasOf(t, 2)) as [Store, Store];
  const [onA, onB] = [new LoginLimiter(a, limits), new LoginLimiter(b, limits)];
  await onA.fail('admin', '10.0.0.1', 0);
  await onB.fail('admin', '10.0.0.1', 0);
  t.equal(await onA.retryAfter('admin', '10.0.0.1', 0), 0, 'two failures, one apiece, are under the limit');
  await onA.fail('admin', '10.0.0.1', 0);
  t.ok((await onB.retryAfter('admin', '10.0.0.1', 0)) > 0, 'the third, on the other replica, stops the guesser on this one');
});

t.test('pruning keeps only the failures that can still count', async (t) => {
  const store = await database(t);
  const limiter = new LoginLimiter(store, { ...limits, global: 1000 });
  for (let i = 0; i < 500; i++) await limiter.fail(`user-${i}`, `10.0.${i >> 8}.${i & 255}`, i * 1000);
  t.equal(await store.pruneSignInFailures(500_000 - limits.windowMs), 3 * 441, 'the failures older than the window are dropped');
  t.equal(await limiter.retryAfter('user-499', '10.0.1.243', 500_000), 0, 'one failure of that user remains, under the limit');
});
