import t from 'tap';
import { assertTransition, canTransition, isTerminal, JOB_STATES, sourcesOf, TransitionError, type JobState } from '../../core/states.js';

// The table, written out once more by hand: a change to core/states.ts must be a deliberate change here too.
const ALLOWED = new Set([
  'waiting>queued',
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

t.test('final states have no way out and sourcesOf inverts the table', async (t) => {
  for (const state of JOB_STATES) {
    if (isTerminal(state)) t.same(JOB_STATES.filter((to) => canTransition(state, to)), [], `${state} is final`);
    const expected = JOB_STATES.filter((from) => ALLOWED.has(`${from}>${state}`)) as JobState[];
    t.same(sourcesOf(state), expected, `sources of ${state}`);
  }
});
