/**
 * One timed run of a peer queue (BullMQ, graphile-worker), measured as the
 * awe-dp dispatch figures are: jobs added in batches of SUBMIT_BATCH, from the
 * first add to the last completion.
 */
import { SUBMIT_BATCH } from './fleet.js';
import { perSecond, round } from './stats.js';

export interface PeerRun {
  /** The peer's worker calls this once per job that completed. */
  completed(): void;
  /** A job went wrong: the run ends with this error. */
  fail(error: Error): void;
  /** Adds every job through `add` (first index, count) and waits for the last completion. */
  measure(add: (first: number, count: number) => Promise<unknown>): Promise<{ jobsPerSec: number; addPerSec: number }>;
}

export function peerRun(jobs: number): PeerRun {
  let completed = 0;
  let lastCompleted = 0;
  let allDone!: () => void;
  let failed!: (error: Error) => void;
  const done = new Promise<void>((resolve, reject) => {
    allDone = resolve;
    failed = reject;
  });
  return {
    completed() {
      if (++completed === jobs) {
        lastCompleted = performance.now();
        allDone();
      }
    },
    fail: (error) => failed(error),
    async measure(add) {
      const start = performance.now();
      for (let first = 0; first < jobs; first += SUBMIT_BATCH) await add(first, Math.min(SUBMIT_BATCH, jobs - first));
      const added = performance.now();
      await done;
      return { jobsPerSec: round(perSecond(jobs, lastCompleted - start)), addPerSec: round(perSecond(jobs, added - start)) };
    },
  };
}
