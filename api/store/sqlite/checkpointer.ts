import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { Db } from './db.js';

/** How often the worker checks the WAL while it found pages to copy, and while it found none. */
const BUSY_MS = 100;
const IDLE_MS = 5000;
/**
 * SQLite's own checkpoint stays on, at 20 times its default. The worker's
 * checkpoints copy the pages but cannot restart the WAL while commits keep
 * coming (only a writer restarts it, once every frame is copied), so under
 * steady writes the WAL grows to this size (about 80 MB); then the service's
 * own checkpoint finds little left to copy, and the next commit restarts the
 * WAL from its start. It is also what copies the WAL if the worker fails.
 */
const FALLBACK_PAGES = 20_000;

/**
 * Moves WAL checkpoints off the service's thread. SQLite runs a checkpoint
 * inside the COMMIT that takes the WAL past 1,000 pages: it copies the pages
 * back into the database file and syncs it, and the request that committed,
 * with every request behind it, waits. Here a worker thread with its own
 * connection does that instead (checkpoint-worker.ts), on another core.
 * Durability is the WAL's either way: a commit is in the WAL before it is answered.
 */
export class Checkpointer {
  private constructor(
    private readonly worker: Worker,
    private readonly exited: Promise<unknown>,
  ) {}

  /** Starts the worker for a database file (an in-memory database has no WAL to copy). */
  static start(db: Db): Checkpointer | null {
    if (db.memory) return null;
    const worker = new Worker(new URL('./checkpoint-worker.js', import.meta.url), {
      workerData: { file: db.name, synchronous: db.pragma('synchronous', { simple: true }), busyMs: BUSY_MS, idleMs: IDLE_MS },
    });
    const exited = once(worker, 'exit');
    // The worker must not keep the service running, nor its failure stop the service: SQLite's own checkpoint takes over.
    worker.unref();
    worker.on('error', () => {
      if (db.open) db.pragma('wal_autocheckpoint = 1000');
    });
    db.pragma(`wal_autocheckpoint = ${FALLBACK_PAGES}`);
    return new Checkpointer(worker, exited);
  }

  /** Stops the worker, closing its connection; the service's own close checkpoints what is left. */
  async stop(): Promise<void> {
    // Held now: a process closing its store waits for the worker's connection to close first.
    this.worker.ref();
    this.worker.postMessage('stop');
    await this.exited;
  }
}
