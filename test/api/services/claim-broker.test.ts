/**
 * The long-poll broker on its own: when waits that find no work end. Long
 * waits end on a shared one-second grid, so an idle fleet's polls are answered
 * together; none ends late, and none more than a second early.
 */
import t, { type Test } from 'tap';
import { ClaimBroker } from '../../../api/services/claim-broker.js';
import type { Claimant } from '../../../api/store/store.js';

const claimant = { agentId: 1 } as unknown as Claimant;

function idleBroker(t: Test): ClaimBroker {
  const broker = new ClaimBroker(
    () => Promise.resolve([]),
    () => Promise.resolve(false),
    (error) => t.fail(String(error)),
  );
  t.teardown(() => broker.close());
  return broker;
}

t.test('long waits started together end within the second they are due, in at most two answers', async (t) => {
  const broker = idleBroker(t);
  const waits = [2000, 2250, 2500, 2750, 2999];
  const start = performance.now();
  const ended = await Promise.all(waits.map((ms) => broker.wait(claimant, 1, ms).then((rows) => ({ rows, at: performance.now() - start }))));
  for (const [i, { rows, at }] of ended.entries()) {
    t.same(rows, [], 'no work: an empty answer');
    t.ok(at > waits[i] - 1000, `the ${waits[i]} ms wait ended less than a second early (${Math.round(at)} ms)`);
    t.ok(at <= waits[i] + 250, `and not late (${Math.round(at)} ms)`);
  }
  // All five end on one or two grid seconds: their answers go out in bursts, not one by one.
  const times = ended.map(({ at }) => at).sort((a, b) => a - b);
  const moments = 1 + times.slice(1).filter((at, i) => at - times[i] > 100).length;
  t.ok(moments <= 2, `answered at ${moments} moments`);
  t.equal(broker.waiting, 0);
});

t.test('a short wait keeps its own exact timer', async (t) => {
  const broker = idleBroker(t);
  const start = performance.now();
  await broker.wait(claimant, 1, 600);
  t.ok(performance.now() - start >= 590, 'not answered before its time');
});

t.test('closing the broker answers held waits at once and leaves no timer behind', async (t) => {
  const timers = (): number => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
  const broker = idleBroker(t);
  const before = timers();
  const held = broker.wait(claimant, 1, 20_000);
  t.equal(timers(), before + 1, 'the wait holds a timer');
  broker.close();
  t.same(await held, []);
  // A timer left for the 20 s wait would keep a stopping service alive that long.
  t.ok(timers() < before + 1, 'and gives it up');
});
