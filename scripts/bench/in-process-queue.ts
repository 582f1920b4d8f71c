/**
 * The queue's own store operations without HTTP: what the store alone allows on
 * this machine, the ceiling for the service's claim path.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULTS } from '../../api/config.js';
import { openStore } from '../../api/store/open-store.js';
import type { Claimant, ClaimedRow, Store } from '../../api/store/store.js';
import { NOOP_RECIPE } from './fleet.js';
import { UNBOUNDED } from '../../core/bounds.js';

export const LEASE_MS = 60_000;

export interface TempStore {
  store: Store;
  dir: string;
  close(): Promise<void>;
}

/** A fresh store as the service opens it (migrations, pragmas) on a temporary data dir. */
export async function tempStore(dir = mkdtempSync(join(tmpdir(), 'awe-bench-db-'))): Promise<TempStore> {
  const store = await openStore({ ...DEFAULTS, dataDir: dir });
  return {
    store,
    dir,
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function addClaimants(store: Store, count: number, slots: number): Promise<Claimant[]> {
  const claimants: Claimant[] = [];
  for (let i = 0; i < count; i++) {
    const offer = { name: `ceiling${i}`, labels: {}, site: null, memoryMB: null, isolation: 'none', trustUserCode: false } as const;
    const agentId = await store.insertAgent({ ...offer, slots, executor: 'local', secretHash: 'x', bound: UNBOUNDED }, Date.now());
    claimants.push({ ...offer, agentId });
  }
  return claimants;
}

/** One job as a submit stores it (insertJob): of `priority` for nodes with these labels. */
export async function insertNoop(store: Store, i: number, { priority = 0, selector = {} }: { priority?: number; selector?: Record<string, string> } = {}): Promise<void> {
  await store.insertJob({
    owner: 'admin',
    recipe: NOOP_RECIPE,
    args: [String(i)],
    params: null,
    command: ['true'],
    requestedNode: null,
    selector,
    routeRule: '',
    minMemoryMB: null,
    resources: {},
    bundle: null,
    env: {},
    settings: {},
    sealedSecrets: null,
    inputs: [],
    priority,
    timeoutSeconds: null,
    maxAttempts: 1,
    after: [],
    idempotencyKey: null,
    now: Date.now(),
  });
}

/** Finishes a claimed job with exit 0, as the claim route does with a finish report. */
export async function finishOk(store: Store, agent: Claimant, row: ClaimedRow): Promise<void> {
  await store.finishJob(row.id, { agentId: agent.agentId, epoch: row.lease_epoch }, { exitCode: 0 }, Date.now());
}

/**
 * Agents take turns: each reports the jobs it finished last turn and claims up
 * to `slots` more, until `total` jobs were finished. With `oneTransaction` the
 * turn's finishes go together (finishJobs) and commit with its claim, as the
 * claim route does; without, each finish and the claim commit on their own, as
 * the route did before reports travelled with claims. Answers the elapsed milliseconds.
 */
export async function drainInProcess(store: Store, agents: Claimant[], slots: number, total: number, oneTransaction: boolean): Promise<number> {
  const held = agents.map((): ClaimedRow[] => []);
  let finished = 0;
  const start = performance.now();
  const claim = (s: Store, i: number): Promise<ClaimedRow[]> => {
    finished += held[i].length;
    return s.claimJobs(agents[i], slots, LEASE_MS, DEFAULTS.localityWaitSeconds * 1000, Date.now());
  };
  const together = async (s: Store, i: number): Promise<ClaimedRow[]> => {
    await s.finishJobs(
      held[i].map((row) => ({ id: row.id, fence: { agentId: agents[i].agentId, epoch: row.lease_epoch }, outcome: { exitCode: 0 } })),
      Date.now(),
    );
    return claim(s, i);
  };
  const apart = async (i: number): Promise<ClaimedRow[]> => {
    for (const row of held[i]) await finishOk(store, agents[i], row);
    return claim(store, i);
  };
  while (finished < total) {
    for (let i = 0; i < agents.length && finished < total; i++) held[i] = oneTransaction ? await store.tx((s) => together(s, i)) : await apart(i);
    if (finished < total && held.every((rows) => rows.length === 0)) throw new Error(`the queue ran dry after ${finished} of ${total} jobs`);
  }
  return performance.now() - start;
}
