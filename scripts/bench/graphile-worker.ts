/**
 * The PostgreSQL peer of the dispatch scenarios: graphile-worker 0.17 (the last
 * release for Node 20) with the same job count, submit batch and concurrency,
 * on a fresh database of its own. Its worker runs in this process and takes
 * jobs straight from PostgreSQL, so it pays no HTTP; the awe-dp figures pay
 * one request per submit batch and per claim.
 */
import { Logger, makeWorkerUtils, run } from 'graphile-worker';
import { freshDatabase, postgresProblem } from './postgres.js';
import { SUBMIT_BATCH } from './fleet.js';
import type { Figures, Skipped } from './scenario.js';
import { perSecond, round } from './stats.js';

/** Its own progress lines would drown the bench's; errors still show. */
const quiet = new Logger(() => (level, message) => {
  if (level === 'error') process.stderr.write(`graphile-worker: ${message}\n`);
});

export async function graphileWorker(shape: { jobs: number; concurrency: number }, log: (m: string) => void): Promise<Figures | Skipped> {
  const problem = await postgresProblem();
  if (problem) return { skipped: problem };
  const database = await freshDatabase('graphile');
  try {
    let completed = 0;
    let lastCompleted = 0;
    let allDone!: () => void;
    let failed!: (error: Error) => void;
    const done = new Promise<void>((resolve, reject) => {
      allDone = resolve;
      failed = reject;
    });
    const runner = await run({
      connectionString: database.url,
      concurrency: shape.concurrency,
      // Its own pool needs a connection per concurrent job, and one to listen and one to add with.
      maxPoolSize: shape.concurrency + 2,
      noHandleSignals: true,
      logger: quiet,
      taskList: { noop: async () => undefined },
    });
    runner.events.on('job:complete', ({ error }) => {
      if (error) failed(new Error(`graphile-worker: a no-op job failed: ${String(error)}`));
      if (++completed === shape.jobs) {
        lastCompleted = performance.now();
        allDone();
      }
    });
    const utils = await makeWorkerUtils({ connectionString: database.url, logger: quiet });
    try {
      log(`graphile-worker: ${shape.jobs} jobs, concurrency ${shape.concurrency}`);
      const start = performance.now();
      for (let first = 0; first < shape.jobs; first += SUBMIT_BATCH) {
        const count = Math.min(SUBMIT_BATCH, shape.jobs - first);
        await utils.addJobs(Array.from({ length: count }, (_, i) => ({ identifier: 'noop', payload: { i: first + i } })));
      }
      const added = performance.now();
      await done;
      return {
        jobsPerSec: round(perSecond(shape.jobs, lastCompleted - start)),
        addPerSec: round(perSecond(shape.jobs, added - start)),
      };
    } finally {
      await utils.release();
      await runner.stop();
    }
  } finally {
    await database.drop();
  }
}
