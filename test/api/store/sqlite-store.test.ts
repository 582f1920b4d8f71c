import t from 'tap';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { openSqliteStore } from '../../../api/store/sqlite/index.js';
import { namedRecipe as recipe, recipeNames as names } from '../../helpers/store.js';

t.test('while a transaction awaits, other operations wait for its end and see it committed whole', async (t) => {
  const store = openSqliteStore(':memory:');
  t.teardown(() => store.close());
  const order: string[] = [];
  let resume!: () => void;
  const paused = new Promise<void>((resolve) => (resume = resolve));
  const tx = store.tx(async (s) => {
    await s.putRecipe(recipe('A'));
    order.push('tx wrote A');
    await paused;
    await s.putRecipe(recipe('B'));
    order.push('tx wrote B');
  });
  await nextTurn();
  const read = store.listRecipes().then((recipes) => {
    order.push(`read ${names(recipes).join(',')}`);
  });
  await nextTurn();
  t.same(order, ['tx wrote A'], 'the read has not run inside the open transaction');
  resume();
  await Promise.all([tx, read]);
  t.same(order, ['tx wrote A', 'tx wrote B', 'read A,B'], 'it ran after the commit');
});

t.test('transactions run one after another', async (t) => {
  const store = openSqliteStore(':memory:');
  t.teardown(() => store.close());
  const order: string[] = [];
  const run = (name: string) =>
    store.tx(async (s) => {
      order.push(`${name} begins`);
      await nextTurn();
      await s.putRecipe(recipe(name));
      order.push(`${name} ends`);
    });
  await Promise.all([run('A'), run('B')]);
  t.same(order, ['A begins', 'A ends', 'B begins', 'B ends']);
});
