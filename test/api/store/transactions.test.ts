import t from 'tap';
import { BACK_END, namedRecipe as recipe, recipeNames as names, testStore } from '../../helpers/store.js';

// What every back end's transactions promise (api/store/store.ts: Store.tx, Store.afterCommit), on this run's back end.

t.test('a transaction that throws leaves nothing behind and runs none of its after-commit effects', async (t) => {
  const store = await testStore(t);
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
  const store = await testStore(t);
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

t.test('a transaction handle is dead once its transaction ended', async (t) => {
  const store = await testStore(t);
  const handle = await store.tx(async (s) => s);
  await t.rejects(handle.listRecipes(), { message: /this transaction has ended/ });
});

t.test(
  'two transactions that deadlock both commit: PostgreSQL aborts one and the store runs it again',
  { skip: BACK_END === 'sqlite' && 'SQLite transactions run one after another and cannot deadlock' },
  async (t) => {
    const store = await testStore(t);
    await store.putRecipe(recipe('A'));
    await store.putRecipe(recipe('B'));
    let arrived = 0;
    let bothArrived!: () => void;
    const barrier = new Promise<void>((resolve) => (bothArrived = resolve));
    const runs = { first: 0, second: 0 };
    const effects: string[] = [];
    // Each locks one recipe's row, waits until the other holds its lock, then asks for the other's: a deadlock.
    const crossing = (name: 'first' | 'second', mine: string, theirs: string) =>
      store.tx(async (s) => {
        runs[name]++;
        await s.putRecipe({ ...recipe(mine), description: name });
        if (++arrived === 2) bothArrived();
        await barrier;
        await s.putRecipe({ ...recipe(theirs), description: name });
        s.afterCommit(() => effects.push(name));
      });
    await Promise.all([crossing('first', 'A', 'B'), crossing('second', 'B', 'A')]);
    t.equal(runs.first + runs.second, 3, 'the deadlock victim ran once more');
    t.same(effects.sort(), ['first', 'second'], 'each committed once and announced it once');
    const [a, b] = await store.listRecipes();
    t.equal(a.description, b.description, 'the one that ran again wrote both rows last');
  },
);
