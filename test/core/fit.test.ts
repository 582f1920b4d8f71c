import t from 'tap';
import { describeMisfit, describeRoute, fits, misfit, type NodeOffer, type Route } from '../../core/fit.js';

const node: NodeOffer = { name: 'big1', labels: { pool: 'cluster|bigmem' }, memoryMB: 64000, isolation: 'none', trustUserCode: false };
const route: Route = { selector: { pool: 'bigmem' }, requestedNode: null, minMemoryMB: 32000, shipsCode: false };

t.test('one fit rule: node, labels, memory, then shipped code', async (t) => {
  t.ok(fits(route, node));
  t.same(misfit({ ...route, requestedNode: 'big2' }, node), { kind: 'node', wanted: 'big2' });
  t.ok(fits({ ...route, requestedNode: 'big1' }, node), 'the pinned node');
  t.same(misfit({ ...route, selector: { pool: 'dbnear', site: 'x' } }, node), { kind: 'labels', missing: ['pool=dbnear', 'site=x'] });
  t.same(misfit({ ...route, minMemoryMB: 128000 }, node), { kind: 'memory', has: 64000, needs: 128000 });
  t.same(misfit(route, { ...node, memoryMB: null }), { kind: 'memory', has: null, needs: 32000 }, 'unknown memory is none');

  const shipped = { ...route, shipsCode: true };
  t.same(misfit(shipped, node), { kind: 'isolation' }, 'shipped code needs a box or trust');
  t.ok(fits(shipped, { ...node, isolation: 'bwrap' }));
  t.ok(fits(shipped, { ...node, trustUserCode: true }));
  t.same(misfit({ ...shipped, minMemoryMB: 128000 }, node)?.kind, 'memory', 'the first misfit is the one named');
});

t.test('misfits and routes in words', async (t) => {
  t.equal(describeMisfit({ kind: 'labels', missing: ['pool=bigmem'] }), 'lacks pool=bigmem');
  t.equal(describeMisfit({ kind: 'memory', has: null, needs: 100 }), 'has unknown MB, needs 100 MB');
  t.equal(describeMisfit({ kind: 'isolation' }), 'may not run shipped code (nodes without isolation need --trust-user-code)');
  t.equal(describeRoute(route), 'pool=bigmem with 32000 MB');
  t.equal(describeRoute({ selector: {}, minMemoryMB: null }), '');
  t.equal(describeRoute({ selector: {}, minMemoryMB: 8 }), '8 MB');
});
