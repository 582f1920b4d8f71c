import { createHash } from 'node:crypto';
import t from 'tap';
import { BloomFilter } from '../../core/bloom.js';
import type { Route } from '../../core/fit.js';
import { describeHoldings, holdings, leaveTo, takeNearData, type LocalNode } from '../../core/locality.js';

const sha = (label: string): string => createHash('sha256').update(label).digest('hex');
const route: Route = { selector: { pool: 'cluster' }, requestedNode: null, minMemoryMB: null, shipsCode: false };
const bias = { sha256: sha('bias'), bytes: 3.2e9 };
const flat = { sha256: sha('flat'), bytes: 0.2e9 };
const node = (name: string, site: string | null, holds: string[] | null, labels = { pool: 'cluster' }): LocalNode => ({
  name,
  site,
  labels,
  memoryMB: null,
  isolation: 'bwrap',
  trustUserCode: false,
  holds: holds === null ? null : BloomFilter.of(holds),
});

const munich = node('m1', 'munich', [bias.sha256]);
const naples = node('n1', 'naples', []);
const job = { route, content: [bias, flat], waitingSince: 1000 };

t.test('a place holds what any of its nodes holds', async (t) => {
  const both = holdings([bias, flat], [munich, node('m2', 'munich', [flat.sha256]), naples, node('old', null, null)]);
  t.same(both, [{ place: 'munich', bytes: 3.4e9 }], 'munich holds both; naples nothing; a node that never reported counts for nothing');
  t.same(holdings([bias], [node('lone', null, [bias.sha256])]), [{ place: 'node lone', bytes: 3.2e9 }], 'a node of no site is its own place');
});

t.test('a claimant leaves a job to a fitting place that holds more of it, only within the bound', async (t) => {
  t.equal(leaveTo(job, naples, [munich], 2000, 30_000), 'munich', 'naples leaves it to munich, idle or not');
  t.equal(leaveTo(job, munich, [naples], 2000, 30_000), null, 'munich takes it');
  t.equal(leaveTo(job, naples, [munich], 31_000, 30_000), null, 'after the bound anyone takes it');
  t.equal(leaveTo(job, naples, [node('m1', 'munich', [bias.sha256], { pool: 'bigmem' })], 2000, 30_000), null, 'not to a place whose nodes the job does not fit');
  t.equal(leaveTo(job, naples, [], 2000, 30_000), null, 'not to a place with no online node');
  t.equal(leaveTo(job, node('n2', 'naples', [bias.sha256]), [munich], 2000, 30_000), null, 'not when the claimant holds as much');
  t.equal(leaveTo({ ...job, content: [] }, naples, [munich], 2000, 30_000), null, 'a job without content goes to whoever asks');
});

t.test('the claim takes, in claim order, what no other place pulls away', async (t) => {
  const candidates = [
    { id: 1, route },
    { id: 2, route },
    { id: 3, route },
  ];
  const jobs = new Map([
    [1, { content: [bias], waitingSince: 1000 }],
    [2, { content: [], waitingSince: 1000 }],
    [3, { content: [bias], waitingSince: 0 }],
  ]);
  let asked = 0;
  const nodes = () => (asked++, { claimant: naples, online: [munich] });
  t.same(
    takeNearData(candidates, 2, jobs, nodes, 2000, 1500).map((c) => c.id),
    [2, 3],
    'job 1 is left to munich; job 3 waited past the bound',
  );
  t.equal(asked, 1);
  takeNearData(candidates, 2, new Map([[2, { content: [], waitingSince: 0 }]]), nodes, 2000, 1500);
  t.equal(asked, 1, 'the nodes are not read when no job has content');
});

t.test('where the inputs are, in words', async (t) => {
  t.equal(describeHoldings([bias, flat], [{ place: 'munich', bytes: 3.2e9 }]), 'inputs at munich: 3.2 of 3.4 GB');
  t.equal(
    describeHoldings([bias, flat], [
      { place: 'munich', bytes: 3.4e9 },
      { place: 'naples', bytes: 0.2e9 },
    ]),
    'inputs at munich: 3.4 of 3.4 GB, naples: 0.2 of 3.4 GB',
  );
  t.equal(describeHoldings([flat], []), 'inputs (200.0 MB) at no site yet');
  t.equal(describeHoldings([{ sha256: sha('tiny'), bytes: 12 }], []), 'inputs (12 B) at no site yet');
  t.equal(describeHoldings([], []), null);
});
