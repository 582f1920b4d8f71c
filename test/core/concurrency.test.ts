import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { mapLimit } from '../../core/concurrency.js';

t.test('keeps at most `limit` calls in flight and results in input order', async (t) => {
  let running = 0;
  let peak = 0;
  const out = await mapLimit([5, 1, 4, 2, 3, 0, 6, 2], 3, async (ms) => {
    peak = Math.max(peak, ++running);
    await sleep(ms);
    running--;
    return ms * 10;
  });
  t.same(out, [50, 10, 40, 20, 30, 0, 60, 20]);
  t.equal(peak, 3);
  t.same(await mapLimit([], 4, async () => 1), []);
});

t.test('after a failure starts nothing new and rejects once running calls settled', async (t) => {
  const started: number[] = [];
  let settled = 0;
  const run = mapLimit([0, 1, 2, 3, 4, 5], 2, async (i) => {
    started.push(i);
    if (i === 0) throw new Error('first fails');
    await sleep(20);
    settled++;
  });
  await t.rejects(run, { message: 'first fails' });
  t.same(started, [0, 1], 'no call started after the failure');
  t.equal(settled, 1, 'the call already running finished before the rejection');
});
