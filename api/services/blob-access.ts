import type { Awe } from '../context.js';
import { forbidden } from '../errors.js';
import type { Principal } from '../plugins/auth.js';
import type { Role } from '../store/sqlite/users.js';
import { getBundle, holdsBlob, holdsBundle } from '../store/sqlite/bundles.js';
import { getJobRow, type JobRow } from '../store/sqlite/jobs/job-row.js';
import { parse, stmt } from '../store/sqlite/statements.js';

/**
 * A job token opens what its attempt needs and nothing else: the job's bundle,
 * its files, and the outputs it takes as inputs; only while that attempt holds
 * the lease, so a token that leaks from a finished job opens nothing.
 */
function liveJobOf(awe: Awe, principal: Principal | null): JobRow | null {
  if (principal?.kind !== 'job') return null;
  const row = getJobRow(awe.db, principal.jobId);
  const live = row && row.lease_epoch === principal.epoch && (row.state === 'running' || row.state === 'cancelling');
  if (!live) throw forbidden('this job token belongs to an attempt that no longer runs');
  return row;
}

/** A bundle is for those who registered it (each proved they hold its files), admins, and the job token of a job that runs it. */
export function mayReadBundle(awe: Awe, principal: Principal | null, bundleId: string): boolean {
  if (principal?.kind === 'user') return principal.role === 'admin' || holdsBundle(awe.db, bundleId, principal.username);
  return liveJobOf(awe, principal)?.bundle === bundleId;
}

/**
 * Blobs are read through a job token (its bundle's files and its inputs), by
 * admins, and through a content token by its user: what that user brought or
 * its own jobs produced, as the missing-blobs check counts them (never more).
 */
export function mayReadBlob(awe: Awe, principal: Principal | null, sha: string): boolean {
  if (principal?.kind === 'user') return principal.role === 'admin';
  if (principal?.kind === 'content') return principal.role === 'admin' || holdsBlob(awe.db, sha, principal.username);
  const job = liveJobOf(awe, principal);
  if (!job) return false;
  if (job.bundle !== null && getBundle(awe.db, job.bundle)?.files.some((file) => file.sha256 === sha)) return true;
  return inputShas(awe, job).includes(sha);
}

export function mayReadOutput(awe: Awe, principal: Principal | null, producer: JobRow, path: string): boolean {
  if (principal?.kind === 'user') return principal.role === 'admin' || principal.username === producer.owner;
  const job = liveJobOf(awe, principal);
  return job !== null && parse<Array<{ job: number; path: string }>>(job.inputs).some((input) => input.job === producer.id && input.path === path);
}

function inputShas(awe: Awe, job: JobRow): string[] {
  return parse<Array<{ job: number; path: string }>>(job.inputs).flatMap(
    (input) =>
      stmt<[number, string], { sha256: string }>(awe.db, 'SELECT sha256 FROM outputs WHERE job_id = ? AND path = ?')
        .all(input.job, input.path)
        .map((row) => row.sha256),
  );
}

/**
 * The shas (deduplicated, in first-seen order) this user still has to upload.
 * Stored bytes count as present only for those who brought them, or who may
 * read a job that produced them (admins may read all): knowing a file's hash
 * must not be enough to put its content into one's own bundle and read it back.
 */
export function missingBlobsFor(awe: Awe, user: { username: string; role: Role }, shas: readonly string[]): string[] {
  return [...new Set(shas)].filter((sha) => !awe.blobs.has(sha) || (user.role !== 'admin' && !holdsBlob(awe.db, sha, user.username)));
}
