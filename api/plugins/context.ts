import fp from 'fastify-plugin';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerConfig } from '../config.js';
import { ClaimBroker } from '../services/claim-broker.js';
import { secureDataDir } from '../services/data-dir.js';
import { loadOrCreateKey } from '../services/key-files.js';
import { Metrics } from '../services/metrics.js';
import { Notifier } from '../services/notifier.js';
import { SecretBox } from '../services/secret-box.js';
import { BlobStore } from '../store/blob-store.js';
import { openStore } from '../store/open-store.js';

/** Opens the data dir (database, keys) and builds the shared services; closes them with the app. */
export default fp(
  async (app, opts: { config: ServerConfig; now?: () => number }) => {
    const { config } = opts;
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    // What an operator left readable (a copy from a backup, a chmod) is worth a warning.
    const loose = secureDataDir(config.dataDir);
    if (loose.length > 0) app.log.warn({ paths: loose }, 'made the data dir private: others could read these');
    const store = await openStore(config);
    try {
      // Again for the database files SQLite just made with the umask's mode.
      secureDataDir(config.dataDir);
    } catch (err) {
      await store.close();
      throw err;
    }
    const now = opts.now ?? Date.now;
    const metrics = new Metrics();
    const broker = new ClaimBroker(
      async (claimant, max) => {
        const agent = await store.getAgent(claimant.agentId);
        if (!agent || agent.state !== 'online') return [];
        const rows = await store.claimJobs(claimant, max, config.leaseSeconds * 1000, now());
        metrics.claimedJobs += rows.length;
        return rows;
      },
      () => store.hasRunnableQueued(now()),
      (error) => app.log.error({ err: error }, 'offering work to waiting agents failed; their next poll or the re-check retries'),
    );
    const blobs = new BlobStore(join(config.dataDir, 'blobs'), now);
    // Free space is measured here (statfs) before the first upload arrives.
    mkdirSync(blobs.dir, { recursive: true, mode: 0o700 });
    // Left by uploads cut off when the service last stopped; an hour is longer than any upload in progress waits.
    await blobs.removeStaleTemp(3600_000);
    app.decorate('awe', {
      config,
      store,
      blobs,
      box: new SecretBox(loadOrCreateKey(join(config.dataDir, 'secret.key'))),
      notifier: new Notifier(),
      broker,
      metrics,
      now,
    });
    // Long polls are answered before the server waits for in-flight requests to
    // end. Their keep-alive connections turn idle only after that answer, later
    // than the server's one sweep of idle connections at close, and would hold
    // the shutdown until their keep-alive timeout: sweep again until closed.
    let sweep: NodeJS.Timeout | undefined;
    app.addHook('preClose', async () => {
      broker.close();
      sweep = setInterval(() => app.server.closeIdleConnections(), 50);
      sweep.unref();
    });
    app.addHook('onClose', async () => {
      clearInterval(sweep);
      await store.close();
    });
  },
  { name: 'awe-context' },
);
