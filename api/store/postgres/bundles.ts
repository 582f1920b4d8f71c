import { fromRow, type BundleRecord, type BundleRow } from '../rows/bundles.js';
import type { OutputRecord } from '../store.js';
import type { Sql } from './sql.js';

export async function getBundle(sql: Sql, id: string): Promise<BundleRecord | undefined> {
  const row = (await sql.query<BundleRow>('SELECT * FROM bundles WHERE id = $1', [id])).rows[0];
  return row && fromRow(row);
}

/** Whether a bundle is registered, without reading its manifest (which may list 100,000 files). */
export async function hasBundle(sql: Sql, id: string): Promise<boolean> {
  return (await sql.query('SELECT 1 FROM bundles WHERE id = $1', [id])).rowCount === 1;
}

/**
 * Registers a bundle for `bundle.owner`: stored under its content id if new
 * (true), and in any case held by that user from now on. Ids are hashes, so a
 * second developer registering the same tree shares the one stored manifest.
 * One statement, so it commits whole without a transaction around it; the
 * foreign keys are checked at its end, when the bundle row exists.
 */
export async function registerBundle(sql: Sql, bundle: BundleRecord): Promise<boolean> {
  const { rows } = await sql.query<{ created: number }>(
    `WITH created AS (
       INSERT INTO bundles (id, owner, files, file_count, total_bytes, created_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT DO NOTHING RETURNING id
     ), listed AS (
       INSERT INTO bundle_files (sha256, bundle_id) SELECT DISTINCT f.sha256, c.id FROM created c, unnest($7::text[]) AS f (sha256)
       ON CONFLICT DO NOTHING
     ), held AS (
       INSERT INTO bundle_holders (bundle_id, username, created_at) VALUES ($1, $2, $6) ON CONFLICT DO NOTHING
     )
     SELECT count(*) AS created FROM created`,
    [
      bundle.id,
      bundle.owner,
      JSON.stringify(bundle.files),
      bundle.fileCount,
      bundle.totalBytes,
      bundle.createdAt,
      bundle.files.map((file) => file.sha256),
    ],
  );
  return rows[0].created === 1;
}

export async function holdsBundle(sql: Sql, bundleId: string, username: string): Promise<boolean> {
  return (await sql.query('SELECT 1 FROM bundle_holders WHERE bundle_id = $1 AND username = $2', [bundleId, username])).rowCount === 1;
}

/** Records that `username` brought this content (uploaded it, or a zip holding it). */
export async function recordBlobHolder(sql: Sql, sha256: string, username: string): Promise<void> {
  await sql.query('INSERT INTO blob_holders (sha256, username) VALUES ($1, $2) ON CONFLICT DO NOTHING', [sha256, username]);
}

/** Whether `username` brought this content, or an attempt of a job of theirs produced it as an output. */
export async function holdsBlob(sql: Sql, sha256: string, username: string): Promise<boolean> {
  const result = await sql.query(
    `SELECT 1 FROM blob_holders WHERE sha256 = $1 AND username = $2
     UNION ALL SELECT 1 FROM attempt_outputs o JOIN jobs j ON j.id = o.job_id WHERE o.sha256 = $1 AND j.owner = $2 LIMIT 1`,
    [sha256, username],
  );
  return result.rowCount === 1;
}

/** Whether a bundle or a (not yet expired) output of some attempt still needs this content (a job's outputs are its attempt's). */
export async function isBlobReferenced(sql: Sql, sha256: string): Promise<boolean> {
  return (await sql.query('SELECT 1 FROM bundle_files WHERE sha256 = $1 UNION ALL SELECT 1 FROM attempt_outputs WHERE sha256 = $1 LIMIT 1', [sha256])).rowCount === 1;
}

/** Forgets who brought a content whose file was collected: whoever wants it again uploads it again. */
export async function forgetBlobHolders(sql: Sql, sha256: string): Promise<void> {
  await sql.query('DELETE FROM blob_holders WHERE sha256 = $1', [sha256]);
}

export async function listOutputs(sql: Sql, jobId: number): Promise<OutputRecord[]> {
  return (await sql.query<OutputRecord>('SELECT path, sha256, size FROM outputs WHERE job_id = $1 ORDER BY path', [jobId])).rows;
}

export async function getOutput(sql: Sql, jobId: number, path: string): Promise<OutputRecord | undefined> {
  return (await sql.query<OutputRecord>('SELECT path, sha256, size FROM outputs WHERE job_id = $1 AND path = $2', [jobId, path])).rows[0];
}
