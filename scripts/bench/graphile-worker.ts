/**
 * The PostgreSQL peer of the dispatch scenarios: graphile-worker 0.17 (the last
 * release for Node 20) with the same job count, submit batch and concurrency,
 * on a fresh database of its own. Its worker runs in this process and takes
 * jobs straight from PostgreSQL, so it pays no HTTP; the awe-dp figures pay
 * one request per submit batch and per claim.
 */
import { Logger, makeWorkerUtils, run } from 'graphile-worker';
import { freshDatabase, peerPool, postgresProblem } from './postgres.js';
import { peerRun } from './peer-run.js';
import type { Figures, Skipped } from './scenario.js';

/** Its own progress lines would drown the bench's; errors still show. */
const quiet = new Logger(() => (level, message) => {
  if (level === 'error') process.stderr.write(`graphile-worker: ${message}\n`);
});

export async function graphileWorker(shape: { jobs: number; concurrency: number }, log: (m: string) => void): Promise<Figures | Skipped> {
  const problem = await postgresProblem();
  if (problem) return { skipped: problem };
  const database = await freshDatabase('graphile');
  try {
    const peer = peerRun(shape.jobs);
    // A connection per concurrent job, and one to listen and one to add with.
    const pool = peerPool(database.url, shape.concurrency + 2);
    const runner = await run({
      pgPool: pool,
      concurrency: shape.concurrency,
      noHandleSignals: true,
      logger: quiet,
      taskList: { noop: async () => undefined },
    });
    runner.events.on('job:complete', ({ error }) => {
      if (error) peer.fail(new Error(`graphile-worker: a no-op job failed: ${String(error)}`));
      peer.completed();
    });
    const utils = await makeWorkerUtils({ pgPool: pool, logger: quiet });
    try {
      log(`graphile-worker: ${shape.jobs} jobs, concurrency ${shape.concurrency}`);
      return await peer.measure((first, count) =>
        utils.addJobs(Array.from({ length: count }, (_, i) => ({ identifier: 'noop', payload: { i: first + i } }))),
      );
    } finally {
      await utils.release();
      await runner.stop();
      await pool.end();
    }
  } finally {
    await database.drop();
  }
}
