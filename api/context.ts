import type { ServerConfig } from './config.js';
import type { ClaimBroker } from './services/claim-broker.js';
import type { Metrics } from './services/metrics.js';
import type { Notifier } from './services/notifier.js';
import type { SecretBox } from './services/secret-box.js';
import type { BlobStore } from './store/blob-store.js';
import type { Store } from './store/store.js';

/** What every route and service of one running service shares. */
export interface Awe {
  config: ServerConfig;
  /** The database, through its one interface (SQLite or PostgreSQL). */
  store: Store;
  /** Bundle files and job outputs, content-addressed. */
  blobs: BlobStore;
  box: SecretBox;
  /** Keys the digests of settings and env (provenance, reuse): equal values give equal digests that nobody can guess offline. */
  digestKey: Buffer;
  notifier: Notifier;
  broker: ClaimBroker;
  metrics: Metrics;
  now: () => number;
  /** This process's name among the replicas of the service (leader lease, replica link). */
  replica: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    awe: Awe;
  }
}
