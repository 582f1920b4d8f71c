import t from 'tap';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { openSqliteStore } from '../../../api/store/sqlite/index.js';
import type { Recipe } from '../../../api/store/store.js';

const recipe = (name: string): Recipe => ({
  name,
  command: ['true'],
  description: '',
  placement: null,
  labels: {},
  minMemoryMB: null,
  timeoutSeconds: null,
  maxAttempts: 1,
  priority: 0,
  resources: {},
  parameters: [],
  updatedAt: 0,
});

const names = (recipes: Recipe[]): string[] => recipes.map((r) => r.name);

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

t.test('a transaction that throws leaves nothing behind and runs none of its after-commit effects', async (t) => {
  const store = openSqliteStore(':memory:');
  t.teardown(() => store.close());
  const effects: string[] = [];
  await t.rejects(
    store.tx(async (s) => {
      await s.putRecipe(recipe('A'));
      s.afterCommit(() => effects.push('A'));
      throw new Error('refused');
    }),
    { message: 'refused' },
  );
  t.same(names(await store.listRecipes()), [], 'the write was rolled back');
  t.same(effects, [], 'no effect announced what did not happen');
  await store.putRecipe(recipe('C'));
  t.same(names(await store.listRecipes()), ['C'], 'the store works on after a rollback');
});

t.test('effects run after the outermost commit; a nested transaction joins the outer one', async (t) => {
  const store = openSqliteStore(':memory:');
  t.teardown(() => store.close());
  const seen: string[] = [];
  await store.tx(async (s) => {
    await s.tx(async (inner) => {
      await inner.putRecipe(recipe('A'));
      inner.afterCommit(() => seen.push('inner effect'));
    });
    seen.push('inner tx returned');
    await t.rejects(
      s.tx(async (inner) => {
        await inner.putRecipe(recipe('B'));
        throw new Error('inner refused');
      }),
    );
    s.afterCommit(() => seen.push('outer effect'));
  });
  t.same(seen, ['inner tx returned', 'inner effect', 'outer effect'], 'effects wait for the outermost commit, in order');
  t.same(names(await store.listRecipes()), ['A', 'B'], 'the nested writes committed with the outer transaction, which did not throw');
  store.afterCommit(() => seen.push('outside'));
  t.equal(seen.at(-1), 'outside', 'outside a transaction an effect runs at once');
});

t.test('transactions run one after another, and a transaction handle is dead once it ended', async (t) => {
  const store = openSqliteStore(':memory:');
  t.teardown(() => store.close());
  const order: string[] = [];
  const run = (name: string) =>
    store.tx(async (s) => {
      order.push(`${name} begins`);
      await nextTurn();
      await s.putRecipe(recipe(name));
      order.push(`${name} ends`);
      return s;
    });
  const [first] = await Promise.all([run('A'), run('B')]);
  t.same(order, ['A begins', 'A ends', 'B begins', 'B ends']);
  await t.rejects(first.listRecipes(), { message: /this transaction has ended/ });
});
