import { setImmediate as yieldToRequests } from 'node:timers/promises';
import type { Awe } from '../context.js';

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
  const { store, blobs, config } = awe;
  const now = awe.now();
  let expiredJobs = 0;
  if (config.retentionDays > 0) {
    for (;;) {
      const ids = await store.expireFinishedJobs(now - config.retentionDays * DAY_MS, now, EXPIRY_BATCH);
      expiredJobs += ids.length;
      for (const id of ids) awe.notifier.notify(`job:${id}`);
      if (ids.length < EXPIRY_BATCH) break;
      await yieldToRequests();
    }
  }
  const graceMs = config.blobGraceHours * HOUR_MS;
  let collectedBlobs = 0;
  const cutoff = now - graceMs;
  for await (const sha of blobs.shas()) {
    if (!blobs.uploadedBefore(sha, cutoff) || (await store.isBlobReferenced(sha))) continue;
    // Checked again in one transaction with the removal and the forgetting of its holders:
    // a bundle or output registered since the first check keeps the blob.
    const collected = await store.tx(async (s) => {
      if ((await s.isBlobReferenced(sha)) || !blobs.removeIfUploadedBefore(sha, cutoff)) return false;
      await s.forgetBlobHolders(sha);
      return true;
    });
    if (collected) collectedBlobs++;
  }
  // Temp files are judged by the wall clock they were written by.
  await blobs.removeStaleTemp(graceMs);
  return { expiredJobs, collectedBlobs };
}
