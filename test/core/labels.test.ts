import t from 'tap';
import { formatSelector, matches, parseLabels, unmatched } from '../../core/labels.js';

t.test('labels parse, and an agent may serve several values of one label', async (t) => {
  const labels = parseLabels('pool=cluster, pool=bigmem,gpu,site=groningen');
  t.same(labels, { pool: 'cluster|bigmem', gpu: 'true', site: 'groningen' });
  t.ok(matches({ pool: 'bigmem' }, labels));
  t.ok(matches({ pool: 'cluster', site: 'groningen' }, labels));
  t.notOk(matches({ pool: 'dbnear' }, labels));
  t.same(unmatched({ pool: 'dbnear', site: 'groningen' }, labels), ['pool=dbnear']);
  t.ok(matches({}, {}), 'an empty selector matches any node');
  t.equal(formatSelector({}), '(any node)');
  t.throws(() => parseLabels('bad name=x'), /bad label/);
});
