import t from 'tap';
import { assertTransition, canTransition, isTerminal, JOB_STATES, TransitionError } from '../../core/states.js';

// The table, written out once more by hand: a change to core/states.ts must be a deliberate change here too.
const ALLOWED = new Set([
  'waiting>queued',
  'waiting>succeeded',
  'waiting>failed',
  'waiting>cancelled',
  'queued>running',
  'queued>cancelled',
  'running>succeeded',
  'running>failed',
  'running>cancelling',
  'running>queued',
  'cancelling>cancelled',
  'cancelling>succeeded',
  'cancelling>failed',
]);

t.test('every pair of states is allowed exactly as the table says', async (t) => {
  for (const from of JOB_STATES) {
    for (const to of JOB_STATES) {
      const allowed = ALLOWED.has(`${from}>${to}`);
      t.equal(canTransition(from, to), allowed, `${from} → ${to}`);
      if (allowed) t.doesNotThrow(() => assertTransition(from, to));
      else t.throws(() => assertTransition(from, to), TransitionError);
    }
  }
});

t.test('exactly the states with no way out are final', async (t) => {
  for (const state of JOB_STATES) {
    const exits = [...ALLOWED].filter((pair) => pair.startsWith(`${state}>`));
    t.equal(isTerminal(state), exits.length === 0, `${state} is ${exits.length === 0 ? '' : 'not '}final`);
  }
});
