import type { Bound, CurrentOffer } from '../../core/bounds.js';
import type { Isolation, Route as FitRoute } from '../../core/fit.js';
import type { Labels } from '../../core/labels.js';
import type { JobState } from '../../core/states.js';
import type { Agent, AgentState } from './sqlite/agents.js';
import type { AuditEntry } from './sqlite/audit.js';
import type { BundleRecord } from './sqlite/bundles.js';
import type { EnrollmentTokenRecord } from './sqlite/enrollment.js';
import type { AppendResult } from './sqlite/jobs/append-log.js';
import type { CancelResult } from './sqlite/jobs/cancel-job.js';
import type { Claimant } from './sqlite/jobs/claim-jobs.js';
import type { FinishResult, Outcome } from './sqlite/jobs/finish-job.js';
import type { NewJob } from './sqlite/jobs/insert-job.js';
import type { JobRow } from './sqlite/jobs/job-row.js';
import type { JobFilter } from './sqlite/jobs/list-jobs.js';
import type { QueueKey } from './queue-order.js';
import type { LeaseReport, LeaseVerdict } from './sqlite/jobs/renew-leases.js';
import type { StoredRoute } from './sqlite/jobs/routes.js';
import type { Fence } from './sqlite/jobs/transition.js';
import type { Recipe } from './sqlite/recipes.js';
import type { Route } from './sqlite/routing.js';
import type { SealedSigningKey } from './sqlite/signing-keys.js';
import type { UserChange, UserRow } from './sqlite/users.js';
import type { Role } from './roles.js';

// The domain types routes and services use: import them from here, never from a back end.
export type {
  Agent,
  AgentState,
  AppendResult,
  AuditEntry,
  BundleRecord,
  CancelResult,
  Claimant,
  EnrollmentTokenRecord,
  Fence,
  FinishResult,
  JobFilter,
  JobRow,
  LeaseReport,
  LeaseVerdict,
  NewJob,
  Outcome,
  QueueKey,
  Recipe,
  Role,
  Route,
  SealedSigningKey,
  StoredRoute,
  UserChange,
  UserRow,
};
export { ROLES } from './roles.js';
export { claimOrder } from './queue-order.js';
export { parse } from './json-column.js';
export { AGING_STEP_MS } from './aging.js';

/** A job's output as recorded: its path in the job's output tree, the blob holding it, its size. */
export interface OutputRecord {
  path: string;
  sha256: string;
  size: number;
}

/** One lease renewal's answer (heartbeat). */
export interface LeaseRenewal {
  id: number;
  epoch: number;
  verdict: LeaseVerdict;
  leaseExpiresAt: number | null;
}

/**
 * Everything the service keeps in its database, as named operations. Routes
 * and services see only this; the back ends (api/store/sqlite/, and
 * api/store/postgres/ when AWE_DATABASE_URL names one) implement it. Each
 * method is atomic on its own; `tx` groups several into one commit. Rows come
 * back as the domain types above.
 *
 * Times are milliseconds since the epoch, given by the caller (`now`).
 */
export interface Store {
  readonly kind: 'sqlite' | 'postgres';

  /**
   * Runs `fn` in one transaction: all its writes commit together, or none
   * when it throws. Inside, use only `s` (operations on the outer store wait
   * for the transaction to end, on SQLite, and would deadlock). A `s.tx`
   * inside joins the outer transaction.
   */
  tx<R>(fn: (s: Store) => Promise<R>): Promise<R>;
  /**
   * Runs `fn` after the outermost transaction commits (at once outside one);
   * never if it rolls back. For wake-ups and notifications, which must not
   * announce what may yet be undone.
   */
  afterCommit(fn: () => void): void;
  /** Answers when the database answers (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;

  // Agents
  getAgent(id: number): Promise<Agent | undefined>;
  /** Agents that were not removed, with how many jobs each holds now. */
  listAgents(): Promise<Array<Agent & { running: number }>>;
  insertAgent(
    agent: Pick<Agent, 'name' | 'labels' | 'slots' | 'memoryMB' | 'executor' | 'isolation' | 'trustUserCode' | 'secretHash' | 'bound'>,
    now: number,
  ): Promise<number>;
  updateAgentOffer(id: number, offer: { labels?: Labels; slots?: number; memoryMB?: number; isolation?: Isolation; trustUserCode?: boolean }): Promise<void>;
  setAgentBound(id: number, bound: Bound, offer: CurrentOffer): Promise<boolean>;
  touchAgent(id: number, now: number): Promise<void>;
  setAgentState(id: number, state: AgentState): Promise<boolean>;
  setAgentSecret(id: number, secretHash: string): Promise<boolean>;

  // Audit trail
  insertAudit(entry: Omit<AuditEntry, 'id'>): Promise<void>;
  listAudit(before: number, limit: number): Promise<AuditEntry[]>;

  // Bundles, blob holders and outputs
  getBundle(id: string): Promise<BundleRecord | undefined>;
  /** Whether a bundle of this id is registered (without reading its manifest). */
  hasBundle(id: string): Promise<boolean>;
  registerBundle(bundle: BundleRecord): Promise<boolean>;
  holdsBundle(bundleId: string, username: string): Promise<boolean>;
  recordBlobHolder(sha256: string, username: string): Promise<void>;
  holdsBlob(sha256: string, username: string): Promise<boolean>;
  isBlobReferenced(sha256: string): Promise<boolean>;
  forgetBlobHolders(sha256: string): Promise<void>;
  insertOutput(jobId: number, path: string, sha256: string, size: number): Promise<void>;
  listOutputs(jobId: number): Promise<OutputRecord[]>;
  getOutput(jobId: number, path: string): Promise<OutputRecord | undefined>;

  // Enrollment tokens
  insertEnrollmentToken(token: { hash: string; uses: number; expiresAt: number; bound: Bound }, createdBy: string, now: number): Promise<number>;
  spendEnrollmentToken(tokenHash: string, now: number): Promise<Bound | undefined>;
  listEnrollmentTokens(): Promise<EnrollmentTokenRecord[]>;
  revokeEnrollmentToken(id: number, now: number): Promise<boolean>;

  // Recipes and the routing table
  getRecipe(name: string): Promise<Recipe | undefined>;
  listRecipes(): Promise<Recipe[]>;
  /** True when the recipe is new. */
  putRecipe(recipe: Recipe): Promise<boolean>;
  deleteRecipe(name: string): Promise<boolean>;
  listRoutes(): Promise<Route[]>;
  getRoute(placement: string): Promise<Route | undefined>;
  putRoute(route: Route): Promise<void>;
  deleteRoute(placement: string): Promise<boolean>;

  // Token signing keys
  getSigningKey(kid: string): Promise<SealedSigningKey | undefined>;
  newestSigningKey(): Promise<SealedSigningKey | undefined>;
  insertSigningKey(key: SealedSigningKey): Promise<void>;

  // Users
  getUser(username: string): Promise<UserRow | undefined>;
  countUsers(): Promise<number>;
  listUsers(): Promise<UserRow[]>;
  activeJobs(username: string): Promise<{ active: number; limit: number | null }>;
  insertUser(user: Pick<UserRow, 'username' | 'password_hash' | 'role' | 'can_route' | 'max_active_jobs'>, now: number): Promise<boolean>;
  updateUser(username: string, change: UserChange): Promise<boolean>;
  deleteUser(username: string, now: number): Promise<boolean>;
  countActiveAdmins(): Promise<number>;
  /** Replaces the hash only if it is still `previous` (a rehash racing a password change loses). */
  setPasswordHash(username: string, previous: string, hash: string): Promise<boolean>;

  // Jobs: submit, read
  insertJob(job: NewJob): Promise<{ row: JobRow; created: boolean }>;
  getJobRow(id: number): Promise<JobRow | undefined>;
  /** Only the state, for pollers that need nothing else. */
  jobState(id: number): Promise<JobState | undefined>;
  childrenOf(id: number): Promise<number[]>;
  parentsOf(id: number): Promise<number[]>;
  listJobs(filter: JobFilter): Promise<JobRow[]>;
  countJobsByState(): Promise<Record<string, number>>;
  /** Queues a waiting job whose parents all succeeded (or fails it); answers the ids that became queued. */
  settleWaiting(jobId: number, now: number): Promise<number[]>;
  /** For each waiting job, its first (lowest id) parent that has not succeeded. */
  blockingParents(ids: number[]): Promise<Map<number, { id: number; state: JobState }>>;

  // Jobs: the queue
  claimJobs(agent: Claimant, wanted: number, leaseMs: number, now: number): Promise<JobRow[]>;
  /** Whether any queued job is past its retry delay: worth waking waiting claims for. */
  hasRunnableQueued(now: number): Promise<boolean>;
  renewLeases(agentId: number, reports: LeaseReport[], leaseMs: number, now: number): Promise<LeaseRenewal[]>;
  finishJob(id: number, fence: Fence, outcome: Outcome, now: number): Promise<FinishResult>;
  cancelJob(id: number, now: number): Promise<CancelResult>;
  appendLog(id: number, fence: Fence, offset: number, data: Buffer, cap: number): Promise<AppendResult>;
  readLog(id: number, offset: number, maxBytes?: number): Promise<Buffer>;

  // Jobs: routes and the claim order (pendingReason, explain)
  findRouteId(route: FitRoute): Promise<number | undefined>;
  queuedRoutesFor(nodes: string[]): Promise<StoredRoute[]>;
  routesById(ids: number[]): Promise<Map<number, StoredRoute>>;
  routeHead(routeId: number, now: number, limit: number): Promise<QueueKey[]>;
  nextFairPosition(routeId: number | undefined, owner: string, priority: number): Promise<number>;

  // Jobs: the sweeper and housekeeping
  expireLeases(now: number): Promise<{ queued: number[]; expired: number }>;
  markSilentAgentsLost(silenceMs: number, now: number): Promise<number>;
  agePriorities(now: number, step?: number, cap?: number): Promise<number>;
  expireFinishedJobs(finishedBefore: number, now: number, batch?: number): Promise<number[]>;
}
