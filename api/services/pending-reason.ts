import { fits } from '../../core/fit.js';
import { claimOrder, type Agent, type JobRow, type QueueKey, type Store, type StoredRoute } from '../store/store.js';
import { judgeNodes } from './node-fit.js';

type Listed = Agent & { running: number };

/** How far into each route's queue `jobsAhead` counts: past this a user learns "at least". */
const AHEAD_CAP = 1000;

/** A job's place in line and the nodes that may run it. */
export interface Ask {
  key: QueueKey;
  fitting: Agent[];
}

/**
 * For each ask, the claimable jobs a claim would hand out first (claim order:
 * priority, then fair share, then age), counting only those on routes that fit
 * one of the same nodes: a queue of cluster work is no reason for a Coadd to
 * wait. Each competing route's head is read once for all asks, at most
 * AHEAD_CAP rows, so a page costs a query per competing route however deep the
 * queue.
 */
export async function jobsAhead(store: Store, asks: Ask[], now: number): Promise<Array<string | null>> {
  const names = [...new Set(asks.flatMap((ask) => ask.fitting.map((agent) => agent.name)))];
  const routes = names.length > 0 ? await store.queuedRoutesFor(names) : [];
  const heads = new Map<number, QueueKey[]>();
  const headOf = async (route: StoredRoute): Promise<QueueKey[]> => {
    let head = heads.get(route.id);
    if (!head) heads.set(route.id, (head = await store.routeHead(route.id, now, AHEAD_CAP)));
    return head;
  };
  const answers: Array<string | null> = [];
  for (const { key, fitting } of asks) {
    let n = 0;
    let capped = false;
    for (const route of routes) {
      if (!fitting.some((agent) => fits(route, agent))) continue;
      const head = await headOf(route);
      const before = head.filter((other) => claimOrder(other, key) < 0).length;
      n += before;
      capped ||= before === AHEAD_CAP;
    }
    answers.push(n === 0 ? null : `${capped ? 'at least ' : ''}${n} job${n === 1 ? '' : 's'} ahead in the queue`);
  }
  return answers;
}

/**
 * Why each job that has not started is still waiting, in the words a user
 * needs: a dependency, a retry delay, no node that may run it (by the fit rule
 * of the claim), all such nodes busy, or other jobs first in line for the same
 * nodes. A whole page costs a few queries: one for dependencies, one for the
 * routes, one per competing route.
 */
export async function pendingReasons(store: Store, rows: JobRow[], agents: Listed[], now: number): Promise<Array<string | null>> {
  const waiting = rows.filter((row) => row.state === 'waiting').map((row) => row.id);
  const parents = waiting.length > 0 ? await store.blockingParents(waiting) : new Map<number, { id: number; state: string }>();
  const ready = rows.filter((row) => row.state === 'queued' && row.not_before <= now);
  const routes = ready.length > 0 ? await store.routesById([...new Set(ready.map((row) => row.route_id))]) : new Map<number, StoredRoute>();
  const judged = new Map([...routes].map(([id, route]) => [id, judgeNodes(agents, route)]));
  const unblocked = ready.filter((row) => judged.get(row.route_id)!.blocked === null);
  const ahead = await jobsAhead(store, unblocked.map((row) => ({ key: row, fitting: judged.get(row.route_id)!.fitting })), now);
  const aheadOf = new Map(unblocked.map((row, i) => [row.id, ahead[i]]));
  return rows.map((row) => {
    if (row.state === 'waiting') {
      const parent = parents.get(row.id);
      return parent ? `waiting for job ${parent.id} (${parent.state})` : 'dependencies finished; about to be queued';
    }
    if (row.state !== 'queued') return null;
    if (row.not_before > now) return `retrying after a failure; eligible at ${new Date(row.not_before).toISOString()}`;
    return judged.get(row.route_id)!.blocked ?? aheadOf.get(row.id) ?? 'about to be claimed by a matching node';
  });
}
