import t from 'tap';
import { UNBOUNDED } from '../../core/bounds.js';
import { enrollmentSite, withSite } from '../../core/sites.js';

t.test('the site an agent enrolls at: asked for, else the one its token names', async (t) => {
  const bound = { ...UNBOUNDED, labels: { site: 'munich' } };
  t.equal(enrollmentSite('naples', {}, bound), 'naples', 'asked for (the bound check then refuses it)');
  t.equal(enrollmentSite(undefined, { site: 'naples' }, UNBOUNDED), 'naples', 'from its label');
  t.equal(enrollmentSite(undefined, {}, bound), 'munich', 'from the token');
  t.equal(enrollmentSite(undefined, {}, { ...UNBOUNDED, labels: { site: 'munich|naples' } }), null, 'a token allowing two names none');
  t.equal(enrollmentSite(undefined, {}, UNBOUNDED), null);
  t.throws(() => enrollmentSite(undefined, { site: 'a|b' }, UNBOUNDED), /one site/);
  t.throws(() => enrollmentSite('a', { site: 'b' }, UNBOUNDED), /disagree/);
});

t.test('a node offers the site it was enrolled at', async (t) => {
  t.same(withSite({ pool: 'x', site: 'other' }, 'munich'), { pool: 'x', site: 'munich' });
  t.same(withSite({ pool: 'x', site: 'other' }, null), { pool: 'x' });
});
