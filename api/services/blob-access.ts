import type { Awe } from '../context.js';
import { forbidden } from '../errors.js';
import type { Principal } from '../plugins/auth.js';
import { parse, type JobRow, type Role } from '../store/store.js';

/**
 * A job token opens what its attempt needs and nothing else: the job's bundle,
 * its files, and the outputs it takes as inputs; only while that attempt holds
 * the lease, so a token that leaks from a finished job opens nothing.
 */
async function liveJobOf(awe: Awe, principal: Principal | null): Promise<JobRow | null> {
  if (principal?.kind !== 'job') return null;
  const row = await awe.store.getJobRow(principal.jobId);
  const live = row && row.lease_epoch === principal.epoch && (row.state === 'running' || row.state === 'cancelling');
  if (!live) throw forbidden('this job token belongs to an attempt that no longer runs');
  return row;
}

/** A bundle is for those who registered it (each proved they hold its files), admins, and the job token of a job that runs it. */
export async function mayReadBundle(awe: Awe, principal: Principal | null, bundleId: string): Promise<boolean> {
  if (principal?.kind === 'user') return principal.role === 'admin' || (await awe.store.holdsBundle(bundleId, principal.username));
  return (await liveJobOf(awe, principal))?.bundle === bundleId;
}

/** Blobs are read through a job token (its bundle's files and its inputs) or by admins. */
export async function mayReadBlob(awe: Awe, principal: Principal | null, sha: string): Promise<boolean> {
  if (principal?.kind === 'user') return principal.role === 'admin';
  const job = await liveJobOf(awe, principal);
  if (!job) return false;
  if (job.bundle !== null && (await awe.store.getBundle(job.bundle))?.files.some((file) => file.sha256 === sha)) return true;
  return (await inputShas(awe, job)).includes(sha);
}

export async function mayReadOutput(awe: Awe, principal: Principal | null, producer: JobRow, path: string): Promise<boolean> {
  if (principal?.kind === 'user') return principal.role === 'admin' || principal.username === producer.owner;
  const job = await liveJobOf(awe, principal);
  return job !== null && parse<Array<{ job: number; path: string }>>(job.inputs).some((input) => input.job === producer.id && input.path === path);
}

async function inputShas(awe: Awe, job: JobRow): Promise<string[]> {
  const shas: string[] = [];
  for (const input of parse<Array<{ job: number; path: string }>>(job.inputs)) {
    const output = await awe.store.getOutput(input.job, input.path);
    if (output) shas.push(output.sha256);
  }
  return shas;
}

/**
 * The shas (deduplicated, in first-seen order) this user still has to upload.
 * Stored bytes count as present only for those who brought them, or who may
 * read a job that produced them (admins may read all): knowing a file's hash
 * must not be enough to put its content into one's own bundle and read it back.
 */
export async function missingBlobsFor(awe: Awe, user: { username: string; role: Role }, shas: readonly string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const sha of new Set(shas)) {
    if (!awe.blobs.has(sha) || (user.role !== 'admin' && !(await awe.store.holdsBlob(sha, user.username)))) missing.push(sha);
  }
  return missing;
}
