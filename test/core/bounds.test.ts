import t from 'tap';
import { changeBound, checkOffer, clampOffer, UNBOUNDED } from '../../core/bounds.js';
import type { Labels } from '../../core/labels.js';

const bound = { labels: { site: 'paris', pool: 'cluster|bigmem' }, slots: 4, memoryMB: 64000 };

t.test('an offer within the bound passes whole: fewer labels, some of the alternatives, less of everything', async (t) => {
  for (const labels of [{}, { site: 'paris' }, { pool: 'bigmem' }, { pool: 'bigmem|cluster', site: 'paris' }] as Labels[]) {
    const offer = { labels, slots: 4, memoryMB: 1000 };
    t.same(checkOffer(offer, bound), { allowed: offer, refused: [] }, JSON.stringify(labels));
  }
});

t.test('a part beyond the bound is left out whole and named; the other parts stay', async (t) => {
  const { allowed, refused } = checkOffer({ labels: { site: 'paris|lyon', gpu: 'true' }, slots: 2, memoryMB: 128000 }, bound);
  t.same(refused, ['label site=lyon', 'label gpu=true', '128000 MB of memory (at most 64000)']);
  t.same(allowed, { labels: undefined, slots: 2, memoryMB: undefined });
  t.same(checkOffer({ labels: { gpu: 'true' }, slots: 1024 }, UNBOUNDED).refused, [], 'no bound, anything goes');
});

t.test('a narrower bound cuts the offer: values and labels outside go, slots and memory are capped', async (t) => {
  const narrow = { labels: { pool: 'cluster' }, slots: 2, memoryMB: null };
  t.same(clampOffer({ labels: { site: 'paris', pool: 'cluster|bigmem' }, slots: 4, memoryMB: 64000 }, narrow), {
    labels: { pool: 'cluster' },
    slots: 2,
    memoryMB: 64000,
  });
  t.same(changeBound(bound, { slots: null, memoryMB: 1000 }), { labels: bound.labels, slots: null, memoryMB: 1000 }, 'null lifts, left out stays');
});
