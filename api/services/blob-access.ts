import type { Awe } from '../context.js';
import { forbidden } from '../errors.js';
import type { Principal } from '../plugins/auth.js';
import { getBundle } from '../store/bundles.js';
import { getJobRow, type JobRow } from '../store/jobs/job-row.js';
import { parse, stmt } from '../store/statements.js';

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

export function mayReadBundle(awe: Awe, principal: Principal | null, bundleId: string, owner: string): boolean {
  if (principal?.kind === 'user') return principal.role === 'admin' || principal.username === owner;
  return liveJobOf(awe, principal)?.bundle === bundleId;
}

/** Blobs are read through a job token (its bundle's files and its inputs) or by admins. */
export function mayReadBlob(awe: Awe, principal: Principal | null, sha: string): boolean {
  if (principal?.kind === 'user') return principal.role === 'admin';
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
