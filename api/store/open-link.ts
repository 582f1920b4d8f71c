import type { ServerConfig } from '../config.js';
import { NotifyLink, type LinkLog } from './postgres/notify-link.js';
import { IN_PROCESS, type ReplicaLink } from './replica-link.js';

/**
 * The one place that picks how replicas wake each other: LISTEN/NOTIFY on
 * PostgreSQL (over AWE_PG_NOTIFY's URL when it names one, else over
 * AWE_DATABASE_URL), nothing to tell on SQLite or with AWE_PG_NOTIFY=off
 * (the waiters' timed re-checks find other replicas' work then).
 */
export async function openReplicaLink(config: Pick<ServerConfig, 'databaseUrl' | 'pgNotify'>, replica: string, log: LinkLog): Promise<ReplicaLink> {
  if (config.pgNotify === 'off') return IN_PROCESS;
  const url = config.pgNotify === 'on' ? config.databaseUrl : config.pgNotify;
  return url === null ? IN_PROCESS : NotifyLink.open(url, replica, log);
}
