import type { BundleFile } from '../../../core/bundle-manifest.js';
import type { OutputRecord } from '../store.js';
import type { Db } from './db.js';
import { immediate, json, parse, stmt } from './statements.js';

export interface BundleRecord {
  id: string;
  owner: string;
  files: BundleFile[];
  fileCount: number;
  totalBytes: number;
  createdAt: number;
}

interface BundleRow {
  id: string;
  owner: string;
  files: string;
  file_count: number;
  total_bytes: number;
  created_at: number;
}

export function getBundle(db: Db, id: string): BundleRecord | undefined {
  const row = stmt<[string], BundleRow>(db, 'SELECT * FROM bundles WHERE id = ?').get(id);
  return (
    row && { id: row.id, owner: row.owner, files: parse(row.files), fileCount: row.file_count, totalBytes: row.total_bytes, createdAt: row.created_at }
  );
}

/** Whether a bundle is registered, without reading its manifest (which may list 100,000 files). */
export function hasBundle(db: Db, id: string): boolean {
  return stmt(db, 'SELECT 1 FROM bundles WHERE id = ?').get(id) !== undefined;
}

/**
 * Registers a bundle for `bundle.owner`: stored under its content id if new
 * (true), and in any case held by that user from now on. Ids are hashes, so a
 * second developer registering the same tree shares the one stored manifest.
 */
export function registerBundle(db: Db, bundle: BundleRecord): boolean {
  return immediate(db, () => {
    const created =
      stmt(db, 'INSERT OR IGNORE INTO bundles (id, owner, files, file_count, total_bytes, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
        bundle.id,
        bundle.owner,
        json(bundle.files),
        bundle.fileCount,
        bundle.totalBytes,
        bundle.createdAt,
      ).changes === 1;
    if (created) {
      const listed = stmt(db, 'INSERT OR IGNORE INTO bundle_files (sha256, bundle_id) VALUES (?, ?)');
      for (const file of bundle.files) listed.run(file.sha256, bundle.id);
    }
    stmt(db, 'INSERT OR IGNORE INTO bundle_holders (bundle_id, username, created_at) VALUES (?, ?, ?)').run(bundle.id, bundle.owner, bundle.createdAt);
    return created;
  });
}

export function holdsBundle(db: Db, bundleId: string, username: string): boolean {
  return stmt(db, 'SELECT 1 FROM bundle_holders WHERE bundle_id = ? AND username = ?').get(bundleId, username) !== undefined;
}

/** Records that `username` brought this content (uploaded it, or a zip holding it). */
export function recordBlobHolder(db: Db, sha256: string, username: string): void {
  stmt(db, 'INSERT OR IGNORE INTO blob_holders (sha256, username) VALUES (?, ?)').run(sha256, username);
}

/** Whether `username` brought this content, or a job of theirs produced it as an output. */
export function holdsBlob(db: Db, sha256: string, username: string): boolean {
  return (
    stmt(
      db,
      `SELECT 1 FROM blob_holders WHERE sha256 = @sha256 AND username = @username
       UNION ALL SELECT 1 FROM outputs o JOIN jobs j ON j.id = o.job_id WHERE o.sha256 = @sha256 AND j.owner = @username LIMIT 1`,
    ).get({ sha256, username }) !== undefined
  );
}

/** Whether a bundle or a (not yet expired) output still needs this content. */
export function isBlobReferenced(db: Db, sha256: string): boolean {
  return (
    stmt(db, 'SELECT 1 FROM bundle_files WHERE sha256 = @sha256 UNION ALL SELECT 1 FROM outputs WHERE sha256 = @sha256 LIMIT 1').get({ sha256 }) !==
    undefined
  );
}

/** Forgets who brought a content whose file was collected: whoever wants it again uploads it again. */
export function forgetBlobHolders(db: Db, sha256: string): void {
  stmt(db, 'DELETE FROM blob_holders WHERE sha256 = ?').run(sha256);
}

export function insertOutput(db: Db, jobId: number, path: string, sha256: string, size: number): void {
  stmt(db, 'INSERT OR REPLACE INTO outputs (job_id, path, sha256, size) VALUES (?, ?, ?, ?)').run(jobId, path, sha256, size);
}

export function listOutputs(db: Db, jobId: number): OutputRecord[] {
  return stmt<[number], OutputRecord>(db, 'SELECT path, sha256, size FROM outputs WHERE job_id = ? ORDER BY path').all(jobId);
}

export function getOutput(db: Db, jobId: number, path: string): OutputRecord | undefined {
  return stmt<[number, string], OutputRecord>(db, 'SELECT path, sha256, size FROM outputs WHERE job_id = ? AND path = ?').get(jobId, path);
}
