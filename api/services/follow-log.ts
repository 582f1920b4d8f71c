import { isTerminal } from '../../core/states.js';
import type { Awe } from '../context.js';

/** How often a follower re-reads without a wake-up (other replicas write logs too). */
const RECHECK_MS = 1000;

/** The log from `offset` on, then new output as it arrives, until the job is final and all of it was sent. */
export async function* followLog(awe: Awe, id: number, offset: number, signal: AbortSignal): AsyncGenerator<Buffer> {
  let position = offset;
  while (!signal.aborted) {
    const wake = awe.notifier.waitFor(`job:${id}`, RECHECK_MS, signal);
    // Only the state, once a second per follower: not the whole row.
    const final = isTerminal((await awe.store.jobState(id))!);
    const data = await awe.store.readLog(id, position);
    if (data.length > 0) {
      position += data.length;
      yield data;
      continue;
    }
    if (final) return;
    await wake;
  }
}
