import fp from 'fastify-plugin';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { blobDirOf, keysDirOf, type ServerConfig } from '../config.js';
import { ClaimBroker } from '../services/claim-broker.js';
import { DbClock } from '../services/db-clock.js';
import { secureDataDir } from '../services/data-dir.js';
import { loadOrCreateKey } from '../services/key-files.js';
import { Metrics } from '../services/metrics.js';
import { Notifier } from '../services/notifier.js';
import { SecretBox } from '../services/secret-box.js';
import { BlobStore } from '../store/blob-store.js';
import { openStore } from '../store/open-store.js';
import { openReplicaLink } from '../store/open-link.js';
import type { ReplicaLink } from '../store/replica-link.js';

/** This process's name in the leader lease and on the replica link: unique across hosts and restarts. */
const replicaName = (): string => `${hostname()}/${process.pid}/${randomBytes(3).toString('hex')}`;

/** Opens the data dir (database, keys) and builds the shared services; closes them with the app. */
export default fp(
  async (app, opts: { config: ServerConfig; now?: () => number; link?: ReplicaLink }) => {
    const { config } = opts;
    const keysDir = keysDirOf(config);
    for (const dir of new Set([config.dataDir, keysDir])) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      // What an operator left readable (a copy from a backup, a chmod) is worth a warning.
      const loose = secureDataDir(dir);
      if (loose.length > 0) app.log.warn({ paths: loose }, 'made the data dir private: others could read these');
    }
    const store = await openStore(config);
    const replica = replicaName();
    // Lease and retry times by the database's clock, which all replicas share; SQLite's is this process's.
    const clock = new DbClock(() => store.databaseTime());
    let link: ReplicaLink;
    try {
      // Again for the database files SQLite just made with the umask's mode.
      secureDataDir(config.dataDir);
      if (store.kind !== 'sqlite') await clock.start(60_000, (error) => app.log.warn({ err: error }, 'measuring the database clock failed; the last offset stays'));
      link = opts.link ?? (await openReplicaLink(config, replica, app.log));
    } catch (err) {
      clock.stop();
      await store.close();
      throw err;
    }
    const now = opts.now ?? clock.now;
    const metrics = new Metrics();
    const broker = new ClaimBroker(
      async (claimant, max, s = store) => {
        // An idle service answers most claims here: one indexed read of the shared database (so right
        // for every replica) instead of the agent's row and a claim under the write lock.
        if (!(await s.hasRunnableQueued(now()))) return [];
        const rows = await s.claimJobs(claimant, max, config.leaseSeconds * 1000, config.localityWaitSeconds * 1000, now());
        metrics.claimedJobs += rows.length;
        return rows;
      },
      () => store.hasRunnableQueued(now()),
      (error) => app.log.error({ err: error }, 'offering work to waiting agents failed; their next poll or the re-check retries'),
      link,
    );
    const notifier = new Notifier(link);
    link.onSignal(({ topics, work }) => {
      for (const topic of topics) notifier.deliver(topic);
      broker.offer(work);
    });
    const blobs = new BlobStore(blobDirOf(config), now);
    // Free space is measured here (statfs) before the first upload arrives.
    mkdirSync(blobs.dir, { recursive: true, mode: 0o700 });
    // Left by uploads cut off when the service last stopped; an hour is longer than any upload in progress waits.
    await blobs.removeStaleTemp(3600_000);
    app.decorate('awe', {
      config,
      store,
      blobs,
      box: new SecretBox(loadOrCreateKey(join(keysDir, 'secret.key'))),
      digestKey: loadOrCreateKey(join(keysDir, 'digest.key')),
      notifier,
      broker,
      metrics,
      now,
      replica,
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
      clock.stop();
      await link.close();
      await store.close();
    });
  },
  { name: 'awe-context' },
);
