import type { BundleFile } from '../../core/bundle-manifest.js';
import type { Db } from './db.js';
import { json, parse, stmt } from './statements.js';

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

/**
 * Stores a bundle under its content id; false when that id exists already (the
 * same tree, maybe from someone else: ids are hashes, so the first owner keeps it
 * and later uploaders share it read-only through their jobs).
 */
export function insertBundle(db: Db, bundle: BundleRecord): boolean {
  return (
    stmt(db, 'INSERT OR IGNORE INTO bundles (id, owner, files, file_count, total_bytes, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      bundle.id,
      bundle.owner,
      json(bundle.files),
      bundle.fileCount,
      bundle.totalBytes,
      bundle.createdAt,
    ).changes === 1
  );
}

export function insertOutput(db: Db, jobId: number, path: string, sha256: string, size: number): void {
  stmt(db, 'INSERT OR REPLACE INTO outputs (job_id, path, sha256, size) VALUES (?, ?, ?, ?)').run(jobId, path, sha256, size);
}

export function listOutputs(db: Db, jobId: number): Array<{ path: string; sha256: string; size: number }> {
  return stmt<[number], { path: string; sha256: string; size: number }>(db, 'SELECT path, sha256, size FROM outputs WHERE job_id = ? ORDER BY path').all(
    jobId,
  );
}
