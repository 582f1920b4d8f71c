import type { Attempt } from '../../schemas/provenance.js';
import type { Principal } from '../plugins/auth.js';
import type { AttemptRecord } from '../store/store.js';
import { canSeePrivate } from './access.js';

const iso = (ms: number): string => new Date(ms).toISOString();

/** Attempts as the API shows them: what ran where for every signed-in person, the outputs for the owner and admins. */
export function attemptViews(records: AttemptRecord[], principal: Principal | null, owner: string): Attempt[] {
  const private_ = canSeePrivate(principal, owner);
  return records.map(({ startedAt, finishedAt, logStart, logEnd, outputs, batch, ...rest }) => ({
    ...rest,
    startedAt: iso(startedAt),
    finishedAt: finishedAt === null ? null : iso(finishedAt),
    batch: batch as Attempt['batch'],
    log: { start: logStart, end: logEnd },
    ...(private_ ? { outputs } : {}),
  }));
}
