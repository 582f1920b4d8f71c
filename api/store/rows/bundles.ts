import type { BundleFile } from '../../../core/bundle-manifest.js';
import { parse } from '../json-column.js';

export interface BundleRecord {
  id: string;
  owner: string;
  files: BundleFile[];
  fileCount: number;
  totalBytes: number;
  createdAt: number;
}

export interface BundleRow {
  id: string;
  owner: string;
  files: string;
  file_count: number;
  total_bytes: number;
  created_at: number;
}

export const fromRow = (row: BundleRow): BundleRecord => ({
  id: row.id,
  owner: row.owner,
  files: parse(row.files),
  fileCount: row.file_count,
  totalBytes: row.total_bytes,
  createdAt: row.created_at,
});
