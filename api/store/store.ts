import type { BloomFilter } from '../../core/bloom.js';
import type { Bound, CurrentOffer } from '../../core/bounds.js';
import type { Route as FitRoute } from '../../core/fit.js';
import type { ContentItem } from '../../core/locality.js';
import type { JobState } from '../../core/states.js';
import type { Agent, AgentOffer, AgentState } from './sqlite/agents.js';
import type { AuditEntry } from './sqlite/audit.js';
import type { BundleRecord } from './sqlite/bundles.js';
import type { EnrollmentTokenRecord } from './sqlite/enrollment.js';
import type { AppendResult } from './sqlite/jobs/append-log.js';
import type { AttemptRecord } from './sqlite/jobs/attempts.js';
import type { BatchRecord, InsertedBatch } from './sqlite/jobs/batches.js';
import type { ContentUses } from './sqlite/jobs/lineage.js';
import type { CancelResult } from './sqlite/jobs/cancel-job.js';
import type { Claimant } from './sqlite/jobs/claim-jobs.js';
import type { FinishReport, FinishResult, Outcome } from './sqlite/jobs/finish-job.js';
import type { NewJob } from './sqlite/jobs/insert-job.js';
import type { JobRow } from './sqlite/jobs/job-row.js';
import type { Inserted, InsertedJob } from './rows/inserted-job.js';
import type { ClaimedRow } from './rows/claimed-row.js';
import type { JobFilter } from './sqlite/jobs/list-jobs.js';
import type { QueueKey } from './queue-order.js';
import type { LeaseReport, LeaseVerdict } from './sqlite/jobs/renew-leases.js';
import type { StoredRoute } from './sqlite/jobs/routes.js';
import type { Fence } from './sqlite/jobs/transition.js';
import type { JobContent } from './sqlite/locality.js';
import type { Recipe } from './sqlite/recipes.js';
import type { Route } from './sqlite/routing.js';
import type { SealedSigningKey } from './sqlite/signing-keys.js';
import type { UserChange, UserRow } from './sqlite/users.js';
import type { Role } from './roles.js';

// The domain types routes and services use: import them from here, never from a back end.
export type {
  ClaimedRow,
  Agent,
  AgentOffer,
  AgentState,
  AppendResult,
  AttemptRecord,
  AuditEntry,
  BatchRecord,
  InsertedBatch,
  ContentUses,
  BundleRecord,
  CancelResult,
  Claimant,
  EnrollmentTokenRecord,
  Fence,
  FinishReport,
  FinishResult,
  Inserted,
  InsertedJob,
  JobContent,
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
export { initialState } from './job-values.js';
export { AGING_STEP_MS } from './aging.js';
export { LINEAGE_LIMIT } from './sqlite/jobs/lineage.js';

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
  /** The database's clock (ms since the epoch): what lease and retry times are measured by (api/services/db-clock.ts). */
  databaseTime(): Promise<number>;
  close(): Promise<void>;

  // Agents
  getAgent(id: number): Promise<Agent | undefined>;
  /** Agents that were not removed, with how many jobs each holds now. */
  listAgents(): Promise<Array<Agent & { running: number }>>;
  insertAgent(
    agent: Pick<Agent, 'name' | 'labels' | 'site' | 'slots' | 'memoryMB' | 'executor' | 'isolation' | 'trustUserCode' | 'secretHash' | 'bound'> & Partial<Pick<Agent, 'baseDigest'>>,
    now: number,
  ): Promise<number>;
  updateAgentOffer(id: number, offer: AgentOffer): Promise<void>;
  setAgentBound(id: number, bound: Bound, offer: CurrentOffer): Promise<boolean>;
  touchAgent(id: number, now: number): Promise<void>;
  setAgentState(id: number, state: AgentState): Promise<boolean>;
  setAgentSecret(id: number, secretHash: string): Promise<boolean>;

  // Locality (core/locality.ts): what nodes hold near them, what jobs need
  /** Keeps the content filter an agent reported with a claim. */
  setContentFilter(agentId: number, filter: BloomFilter): Promise<void>;
  /** The last content filter of every online agent that reported one, by agent id. */
  onlineContentFilters(): Promise<Map<number, BloomFilter>>;
  /** The content (bundle, inputs) of these jobs and when their present wait began; a job without content is left out. */
  jobContent(ids: number[]): Promise<Map<number, JobContent>>;
  /** The content a job of this bundle and these inputs would have (explain). */
  specContent(bundle: string | null, inputs: Array<{ job: number; path: string }>): Promise<ContentItem[]>;

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
  /** Records an upload under its attempt if that attempt still holds the lease (checked in the same transaction); false if not. */
  insertAttemptOutput(jobId: number, fence: Fence, file: OutputRecord): Promise<boolean>;
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
  insertJob(job: NewJob): Promise<Inserted>;
  /** `insertJob` for many in one transaction, answered in their order. */
  insertJobs(jobs: NewJob[]): Promise<Inserted[]>;
  getJobRow(id: number): Promise<JobRow | undefined>;
  /** Only the state, for pollers that need nothing else. */
  jobState(id: number): Promise<JobState | undefined>;
  childrenOf(id: number): Promise<number[]>;
  parentsOf(id: number): Promise<number[]>;
  listJobs(filter: JobFilter): Promise<JobRow[]>;
  countJobsByState(): Promise<Record<string, number>>;
  /** Queues a waiting job whose parents all succeeded (or fails it); answers the ids that became queued. */
  settleWaiting(jobId: number, now: number): Promise<number[]>;
  /** The newest job with this reuse key whose work a new job may take: succeeded with outputs stored, else still on its way. */
  findReusable(key: string, owner: string, shared: boolean): Promise<JobRow | undefined>;
  /** Settles a job waiting to reuse another's work (succeeds with its outputs, or queues); answers the ids that became queued. */
  settleReuse(jobId: number, now: number): Promise<number[]>;
  /** For each waiting job, its first (lowest id) parent that has not succeeded. */
  blockingParents(ids: number[]): Promise<Map<number, { id: number; state: JobState }>>;

  // Jobs: attempts, lineage, batches
  listAttempts(id: number): Promise<AttemptRecord[]>;
  /** Whether this attempt (agent and epoch) still holds the job's lease. */
  holdsLease(id: number, fence: Fence): Promise<boolean>;
  ancestorIds(id: number, limit?: number): Promise<number[]>;
  descendantIds(id: number, limit?: number): Promise<number[]>;
  inputFiles(row: Pick<JobRow, 'inputs'>): Promise<Array<{ job: number; path: string; sha256: string | null; size: number | null }>>;
  contentUses(sha256: string): Promise<ContentUses>;
  jobRefs(ids: number[]): Promise<Array<{ id: number; recipe: string; state: JobState; owner: string }>>;
  /** A new batch, or with an idempotency key an earlier submit of the owner used, that submit's batch (created false). */
  insertBatch(owner: string, rerunOf: number | null, now: number, idempotencyKey?: string | null): Promise<InsertedBatch>;
  getBatch(id: number): Promise<BatchRecord | undefined>;

  // Jobs: the queue
  /** Leases queued jobs the agent fits, none unless it is online; a job whose data another fitting node's site holds more of is left to it for up to `localityWaitMs`. */
  claimJobs(agent: Claimant, wanted: number, leaseMs: number, localityWaitMs: number, now: number): Promise<ClaimedRow[]>;
  /** Whether any queued job is past its retry delay: worth waking waiting claims for. */
  hasRunnableQueued(now: number): Promise<boolean>;
  renewLeases(agentId: number, reports: LeaseReport[], leaseMs: number, now: number): Promise<LeaseRenewal[]>;
  finishJob(id: number, fence: Fence, outcome: Outcome, now: number): Promise<FinishResult>;
  /** `finishJob` for many reports in one transaction, answered in their order. */
  finishJobs(reports: FinishReport[], now: number): Promise<FinishResult[]>;
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

  // Several replicas: the leader lease and sign-in failures
  /**
   * Takes or renews the lease `name` for `holder` for `ttlMs`: when nobody holds it, its holder's time ran
   * out, or `holder` holds it already. The term held (it goes up at every change of holder), or null while
   * another holder's lease lasts. SQLite measures by `now`; PostgreSQL by its own clock.
   */
  takeLease(name: string, holder: string, ttlMs: number, now: number): Promise<number | null>;
  /** Ends `holder`'s lease now, so another replica takes it at its next try. */
  releaseLease(name: string, holder: string): Promise<void>;
  /** Times of the key's failed sign-ins since `since`, newest first, at most `limit`. */
  recentSignInFailures(key: string, since: number, limit: number): Promise<number[]>;
  recordSignInFailure(keys: readonly string[], at: number): Promise<void>;
  forgetSignInFailures(key: string): Promise<void>;
  /** Drops failures at or before `before`; answers how many. */
  pruneSignInFailures(before: number): Promise<number>;
}
