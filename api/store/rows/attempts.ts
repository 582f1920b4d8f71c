import type { FailureReason } from '../../../core/failures.js';
import type { Labels } from '../../../core/labels.js';
import type { JobState } from '../../../core/states.js';
import { parse } from '../json-column.js';

/** What became of the job when an attempt ended. */
export type AttemptOutcome = 'succeeded' | 'failed' | 'cancelled' | 'requeued';

/** What an agent says of itself at an attempt's end (older agents say neither): its base code's digest and its version. */
export interface AgentReport {
  baseDigest?: string | null;
  agentVersion?: string | null;
}

export interface OutputFile {
  path: string;
  sha256: string;
  size: number;
}

/** One attempt as recorded: never overwritten by the next one. */
export interface AttemptRecord {
  epoch: number;
  node: string;
  labels: Labels;
  executor: string;
  startedAt: number;
  finishedAt: number | null;
  outcome: AttemptOutcome | null;
  exitCode: number | null;
  signal: string | null;
  failureReason: FailureReason | null;
  message: string | null;
  batch: Record<string, unknown> | null;
  /** The attempt's bytes of the job's log: [logStart, logEnd). */
  logStart: number;
  logEnd: number;
  baseDigest: string | null;
  agentVersion: string | null;
  outputs: OutputFile[];
}

export interface AttemptRow {
  epoch: number;
  node: string;
  labels: string;
  executor: string;
  started_at: number;
  finished_at: number | null;
  outcome: AttemptOutcome | null;
  exit_code: number | null;
  signal: string | null;
  failure_reason: FailureReason | null;
  message: string | null;
  batch: string | null;
  log_start: number;
  base_digest: string | null;
  agent_version: string | null;
}

/** The outcome an attempt's record gets when its job went to `to`. */
export const attemptOutcome = (to: JobState): AttemptOutcome => (to === 'queued' ? 'requeued' : (to as AttemptOutcome));

/**
 * A job's attempts (rows in epoch order) with their outputs: each attempt's
 * range of the log ends where the next one's begins, the last one's at the
 * log's present size.
 */
export function fromRows(rows: AttemptRow[], outputs: Array<OutputFile & { epoch: number }>, logSize: number): AttemptRecord[] {
  return rows.map((row, i) => ({
    epoch: row.epoch,
    node: row.node,
    labels: parse(row.labels),
    executor: row.executor,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    outcome: row.outcome,
    exitCode: row.exit_code,
    signal: row.signal,
    failureReason: row.failure_reason,
    message: row.message,
    batch: parse(row.batch),
    logStart: row.log_start,
    logEnd: i + 1 < rows.length ? rows[i + 1].log_start : logSize,
    baseDigest: row.base_digest,
    agentVersion: row.agent_version,
    outputs: outputs.filter((o) => o.epoch === row.epoch).map(({ path, sha256, size }) => ({ path, sha256, size })),
  }));
}
