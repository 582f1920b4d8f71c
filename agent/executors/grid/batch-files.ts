/**
 * The files an attempt leaves in its job directory (shared with the compute
 * nodes, beside the recipe's work directory): the wrapper script and its data
 * files (batch-script.ts), the submission record and the exit-code file; only
 * the agent's user may read them (0700 and 0600), since the shared dir is
 * usually seen by every user of the cluster.
 * The record is written before the submit command runs, so an agent that
 * crashes at any point finds out, after restarting, whether it may have
 * submitted this attempt already.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BatchInfo, ExecutorJob } from '../executor.js';

export interface BatchRecord {
  system: BatchInfo['system'];
  /** The attempt's name (`awe-<jobId>-<epoch>`): a record of another attempt in the same directory is not ours. */
  name: string;
  submittedAt: string;
  /** Absent until the submit command has answered. */
  id?: string;
}

export const scriptPath = (job: ExecutorJob) => join(job.dir, '.awe-batch.sh');
export const recordPath = (job: ExecutorJob) => join(job.dir, '.awe-batch.json');
export const exitCodePath = (job: ExecutorJob) => join(job.dir, '.awe-exit-code');

export async function writeRecord(job: ExecutorJob, record: BatchRecord): Promise<void> {
  const path = recordPath(job);
  await writeFile(`${path}.tmp`, `${JSON.stringify(record)}\n`, { mode: 0o600 });
  await rename(`${path}.tmp`, path);
}

/** This attempt's record, or null when there is none (or it belongs to another attempt). */
export async function readRecord(job: ExecutorJob): Promise<BatchRecord | null> {
  let text: string;
  try {
    text = await readFile(recordPath(job), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const record = JSON.parse(text) as BatchRecord;
  return record.name === job.name ? record : null;
}

/** The recipe's exit code as the wrapper wrote it, or null while there is none. */
export async function readExitCode(job: ExecutorJob): Promise<number | null> {
  try {
    const text = (await readFile(exitCodePath(job), 'utf8')).trim();
    return /^\d+$/.test(text) ? Number(text) : null;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}
