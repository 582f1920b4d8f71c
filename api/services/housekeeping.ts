import { setImmediate as yieldToRequests } from 'node:timers/promises';
import type { Awe } from '../context.js';
import { forgetBlobHolders, isBlobReferenced } from '../store/sqlite/bundles.js';
import { expireFinishedJobs } from '../store/sqlite/jobs/expire-jobs.js';

const DAY_MS = 86400_000;
const HOUR_MS = 3600_000;
const EXPIRY_BATCH = 500;

/**
 * Retention, then blob collection. Logs and outputs of jobs that finished more
 * than AWE_RETENTION_DAYS ago are deleted (the rows stay, marked expired); then
 * every blob that no bundle and no output references and that was last
 * uploaded more than AWE_BLOB_GRACE_HOURS ago is removed. The grace period is
 * what keeps an upload that is about to be referenced (its bundle not yet
 * registered, its output not yet recorded) from being collected; every upload
 * of an existing blob renews it. Work goes in batches with a yield between
 * them, so requests are served meanwhile.
 */
export async function housekeep(awe: Awe): Promise<{ expiredJobs: number; collectedBlobs: number }> {
  const { db, blobs, config } = awe;
  const now = awe.now();
  let expiredJobs = 0;
  if (config.retentionDays > 0) {
    for (;;) {
      const ids = expireFinishedJobs(db, now - config.retentionDays * DAY_MS, now, EXPIRY_BATCH);
      expiredJobs += ids.length;
      for (const id of ids) awe.notifier.notify(`job:${id}`);
      if (ids.length < EXPIRY_BATCH) break;
      await yieldToRequests();
    }
  }
  const graceMs = config.blobGraceHours * HOUR_MS;
  let collectedBlobs = 0;
  for await (const sha of blobs.shas()) {
    // Check, removal and forgetting its holders in one synchronous step: nothing in between.
    if (blobs.removeIfUnreferenced(sha, now - graceMs, () => isBlobReferenced(db, sha))) {
      forgetBlobHolders(db, sha);
      collectedBlobs++;
    }
  }
  // Temp files are judged by the wall clock they were written by.
  await blobs.removeStaleTemp(graceMs);
  return { expiredJobs, collectedBlobs };
}
