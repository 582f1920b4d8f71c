/**
 * The worker thread of checkpointer.ts: its own connection to the service's
 * database, copying the WAL back into the file with PASSIVE checkpoints, which
 * never wait for the service's writes nor make them wait. Checks often while
 * there is work to copy and rarely when there is none, so an idle service is
 * not woken for it.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

const { file, synchronous, busyMs, idleMs } = workerData as { file: string; synchronous: number; busyMs: number; idleMs: number };
const db = new Database(file);
db.pragma('busy_timeout = 5000');
// A checkpoint syncs the files as the service's own connection would.
db.pragma(`synchronous = ${synchronous}`);

let timer: NodeJS.Timeout;
const check = (): void => {
  const [result] = db.pragma('wal_checkpoint(PASSIVE)') as Array<{ busy: number; log: number; checkpointed: number }>;
  timer = setTimeout(check, result.checkpointed > 0 ? busyMs : idleMs);
};
timer = setTimeout(check, busyMs);

parentPort!.on('message', () => {
  clearTimeout(timer);
  db.close();
  parentPort!.close();
});
