import type { BloomFilter } from '../../../core/bloom.js';
import type { Bound, CurrentOffer } from '../../../core/bounds.js';
import type { Route as FitRoute } from '../../../core/fit.js';
import type { Agent, AgentOffer, AgentState, AuditEntry, BundleRecord, Claimant, Fence, JobFilter, JobRow, LeaseReport, NewJob, OutputRecord, Outcome, Recipe, Route, SealedSigningKey, Store, UserChange, UserRow } from '../store.js';
import * as agents from './agents.js';
import * as audit from './audit.js';
import * as bundles from './bundles.js';
import { Checkpointer } from './checkpointer.js';
import { openDatabase, type Db, type DbOptions } from './db.js';
import * as enrollment from './enrollment.js';
import * as leaderLease from './leader-lease.js';
import { agePriorities } from './jobs/age-priorities.js';
import { appendLog } from './jobs/append-log.js';
import { cancelJob } from './jobs/cancel-job.js';
import { claimJobs, hasRunnableQueued } from './jobs/claim-jobs.js';
import { expireFinishedJobs } from './jobs/expire-jobs.js';
import { expireLeases, markSilentAgentsLost } from './jobs/expire-leases.js';
import { nextFairPosition } from './jobs/fair-share.js';
import { finishJob, finishJobs, type FinishReport } from './jobs/finish-job.js';
import { insertJob, insertJobs } from './jobs/insert-job.js';
import { blockingParents, childrenOf, getJobRow, jobRefs, jobState, parentsOf } from './jobs/job-row.js';
import * as attempts from './jobs/attempts.js';
import * as batches from './jobs/batches.js';
import * as lineage from './jobs/lineage.js';
import { countJobsByState, listJobs } from './jobs/list-jobs.js';
import { readLog } from './jobs/read-log.js';
import { renewLeases } from './jobs/renew-leases.js';
import { routeHead } from './jobs/route-head.js';
import { findRouteId, queuedRoutesFor, routesById } from './jobs/routes.js';
import { findReusable, settleReuse } from './jobs/reuse.js';
import { settleWaiting } from './jobs/settle-dependents.js';
import * as locality from './locality.js';
import * as recipes from './recipes.js';
import * as routing from './routing.js';
import * as signInFailures from './sign-in-failures.js';
import * as signingKeys from './signing-keys.js';
import { stmt } from './statements.js';
import * as users from './users.js';

/**
 * The Store over the synchronous SQLite functions of this folder. Each method
 * runs its function at once and answers a settled promise; `run` decides
 * whether it may run now (see SqliteStore and SqliteTx).
 */
abstract class SqliteOps implements Store {
  readonly kind = 'sqlite' as const;

  constructor(readonly db: Db) {}

  protected abstract run<R>(fn: () => R): Promise<R>;
  abstract tx<R>(fn: (s: Store) => Promise<R>): Promise<R>;
  abstract afterCommit(fn: () => void): void;
  abstract close(): Promise<void>;

  ping(): Promise<void> {
    return this.run(() => {
      stmt(this.db, 'SELECT 1').get();
    });
  }
  /** SQLite runs in this process: its clock is this process's. */
  databaseTime(): Promise<number> {
    return Promise.resolve(Date.now());
  }

  getAgent(id: number) {
    return this.run(() => agents.getAgent(this.db, id));
  }
  listAgents() {
    return this.run(() => agents.listAgents(this.db));
  }
  insertAgent(agent: Pick<Agent, 'name' | 'labels' | 'site' | 'slots' | 'memoryMB' | 'executor' | 'isolation' | 'trustUserCode' | 'secretHash' | 'bound'> & Partial<Pick<Agent, 'baseDigest'>>, now: number) {
    return this.run(() => agents.insertAgent(this.db, agent, now));
  }
  updateAgentOffer(id: number, offer: AgentOffer) {
    return this.run(() => agents.updateAgentOffer(this.db, id, offer));
  }
  setAgentBound(id: number, bound: Bound, offer: CurrentOffer) {
    return this.run(() => agents.setAgentBound(this.db, id, bound, offer));
  }
  touchAgent(id: number, now: number) {
    return this.run(() => agents.touchAgent(this.db, id, now));
  }
  setAgentState(id: number, state: AgentState) {
    return this.run(() => agents.setAgentState(this.db, id, state));
  }
  setAgentSecret(id: number, secretHash: string) {
    return this.run(() => agents.setAgentSecret(this.db, id, secretHash));
  }
  setContentFilter(agentId: number, filter: BloomFilter) {
    return this.run(() => locality.setContentFilter(this.db, agentId, filter));
  }
  onlineContentFilters() {
    return this.run(() => locality.onlineContentFilters(this.db));
  }
  jobContent(ids: number[]) {
    return this.run(() => locality.jobContent(this.db, ids));
  }
  specContent(bundle: string | null, inputs: Array<{ job: number; path: string }>) {
    return this.run(() => locality.specContent(this.db, bundle, inputs));
  }


  insertAudit(entry: Omit<AuditEntry, 'id'>) {
    return this.run(() => audit.insertAudit(this.db, entry));
  }
  listAudit(before: number, limit: number) {
    return this.run(() => audit.listAudit(this.db, before, limit));
  }

  getBundle(id: string) {
    return this.run(() => bundles.getBundle(this.db, id));
  }
  hasBundle(id: string) {
    return this.run(() => bundles.hasBundle(this.db, id));
  }
  registerBundle(bundle: BundleRecord) {
    return this.run(() => bundles.registerBundle(this.db, bundle));
  }
  holdsBundle(bundleId: string, username: string) {
    return this.run(() => bundles.holdsBundle(this.db, bundleId, username));
  }
  recordBlobHolder(sha256: string, username: string) {
    return this.run(() => bundles.recordBlobHolder(this.db, sha256, username));
  }
  holdsBlob(sha256: string, username: string) {
    return this.run(() => bundles.holdsBlob(this.db, sha256, username));
  }
  isBlobReferenced(sha256: string) {
    return this.run(() => bundles.isBlobReferenced(this.db, sha256));
  }
  forgetBlobHolders(sha256: string) {
    return this.run(() => bundles.forgetBlobHolders(this.db, sha256));
  }
  insertAttemptOutput(jobId: number, fence: Fence, file: OutputRecord) {
    return this.run(() => attempts.insertAttemptOutput(this.db, jobId, fence, file));
  }
  listAttempts(id: number) {
    return this.run(() => attempts.listAttempts(this.db, id));
  }
  holdsLease(id: number, fence: Fence) {
    return this.run(() => attempts.holdsLease(this.db, id, fence));
  }
  ancestorIds(id: number, limit?: number) {
    return this.run(() => lineage.ancestorIds(this.db, id, limit));
  }
  descendantIds(id: number, limit?: number) {
    return this.run(() => lineage.descendantIds(this.db, id, limit));
  }
  inputFiles(row: Pick<JobRow, 'inputs'>) {
    return this.run(() => lineage.inputFiles(this.db, row));
  }
  contentUses(sha256: string) {
    return this.run(() => lineage.contentUses(this.db, sha256));
  }
  jobRefs(ids: number[]) {
    return this.run(() => jobRefs(this.db, ids));
  }
  insertBatch(owner: string, rerunOf: number | null, now: number, idempotencyKey: string | null = null) {
    return this.run(() => batches.insertBatch(this.db, owner, rerunOf, now, idempotencyKey));
  }
  getBatch(id: number) {
    return this.run(() => batches.getBatch(this.db, id));
  }
  listOutputs(jobId: number) {
    return this.run(() => bundles.listOutputs(this.db, jobId));
  }
  getOutput(jobId: number, path: string) {
    return this.run(() => bundles.getOutput(this.db, jobId, path));
  }

  insertEnrollmentToken(token: { hash: string; uses: number; expiresAt: number; bound: Bound }, createdBy: string, now: number) {
    return this.run(() => enrollment.insertEnrollmentToken(this.db, token, createdBy, now));
  }
  spendEnrollmentToken(tokenHash: string, now: number) {
    return this.run(() => enrollment.spendEnrollmentToken(this.db, tokenHash, now));
  }
  listEnrollmentTokens() {
    return this.run(() => enrollment.listEnrollmentTokens(this.db));
  }
  revokeEnrollmentToken(id: number, now: number) {
    return this.run(() => enrollment.revokeEnrollmentToken(this.db, id, now));
  }

  getRecipe(name: string) {
    return this.run(() => recipes.getRecipe(this.db, name));
  }
  listRecipes() {
    return this.run(() => recipes.listRecipes(this.db));
  }
  putRecipe(recipe: Recipe) {
    return this.run(() => recipes.putRecipe(this.db, recipe));
  }
  deleteRecipe(name: string) {
    return this.run(() => recipes.deleteRecipe(this.db, name));
  }
  listRoutes() {
    return this.run(() => routing.listRoutes(this.db));
  }
  getRoute(placement: string) {
    return this.run(() => routing.getRoute(this.db, placement));
  }
  putRoute(route: Route) {
    return this.run(() => routing.putRoute(this.db, route));
  }
  deleteRoute(placement: string) {
    return this.run(() => routing.deleteRoute(this.db, placement));
  }

  getSigningKey(kid: string) {
    return this.run(() => signingKeys.getSigningKey(this.db, kid));
  }
  newestSigningKey() {
    return this.run(() => signingKeys.newestSigningKey(this.db));
  }
  insertSigningKey(key: SealedSigningKey) {
    return this.run(() => signingKeys.insertSigningKey(this.db, key));
  }

  getUser(username: string) {
    return this.run(() => users.getUser(this.db, username));
  }
  countUsers() {
    return this.run(() => users.countUsers(this.db));
  }
  listUsers() {
    return this.run(() => users.listUsers(this.db));
  }
  activeJobs(username: string) {
    return this.run(() => users.activeJobs(this.db, username));
  }
  insertUser(user: Pick<UserRow, 'username' | 'password_hash' | 'role' | 'can_route' | 'max_active_jobs'>, now: number) {
    return this.run(() => users.insertUser(this.db, user, now));
  }
  updateUser(username: string, change: UserChange) {
    return this.run(() => users.updateUser(this.db, username, change));
  }
  deleteUser(username: string, now: number) {
    return this.run(() => users.deleteUser(this.db, username, now));
  }
  countActiveAdmins() {
    return this.run(() => users.countActiveAdmins(this.db));
  }
  setPasswordHash(username: string, previous: string, hash: string) {
    return this.run(() => users.setPasswordHash(this.db, username, previous, hash));
  }

  insertJob(job: NewJob) {
    return this.run(() => insertJob(this.db, job));
  }
  insertJobs(jobs: NewJob[]) {
    return this.run(() => insertJobs(this.db, jobs));
  }
  getJobRow(id: number) {
    return this.run(() => getJobRow(this.db, id));
  }
  jobState(id: number) {
    return this.run(() => jobState(this.db, id));
  }
  childrenOf(id: number) {
    return this.run(() => childrenOf(this.db, id));
  }
  parentsOf(id: number) {
    return this.run(() => parentsOf(this.db, id));
  }
  listJobs(filter: JobFilter) {
    return this.run(() => listJobs(this.db, filter));
  }
  countJobsByState() {
    return this.run(() => countJobsByState(this.db));
  }
  settleWaiting(jobId: number, now: number) {
    return this.run(() => settleWaiting(this.db, jobId, now));
  }
  findReusable(key: string, owner: string, shared: boolean) {
    return this.run(() => findReusable(this.db, key, owner, shared));
  }
  settleReuse(jobId: number, now: number) {
    return this.run(() => settleReuse(this.db, jobId, now));
  }
  blockingParents(ids: number[]) {
    return this.run(() => blockingParents(this.db, ids));
  }

  claimJobs(agent: Claimant, wanted: number, leaseMs: number, localityWaitMs: number, now: number) {
    return this.run(() => claimJobs(this.db, agent, wanted, leaseMs, localityWaitMs, now));
  }
  hasRunnableQueued(now: number) {
    return this.run(() => hasRunnableQueued(this.db, now));
  }
  renewLeases(agentId: number, reports: LeaseReport[], leaseMs: number, now: number) {
    return this.run(() => renewLeases(this.db, agentId, reports, leaseMs, now));
  }
  finishJob(id: number, fence: Fence, outcome: Outcome, now: number) {
    return this.run(() => finishJob(this.db, id, fence, outcome, now));
  }
  finishJobs(reports: FinishReport[], now: number) {
    return this.run(() => finishJobs(this.db, reports, now));
  }
  cancelJob(id: number, now: number) {
    return this.run(() => cancelJob(this.db, id, now));
  }
  appendLog(id: number, fence: Fence, offset: number, data: Buffer, cap: number) {
    return this.run(() => appendLog(this.db, id, fence, offset, data, cap));
  }
  readLog(id: number, offset: number, maxBytes?: number) {
    return this.run(() => readLog(this.db, id, offset, maxBytes));
  }

  findRouteId(route: FitRoute) {
    return this.run(() => findRouteId(this.db, route));
  }
  queuedRoutesFor(nodes: string[]) {
    return this.run(() => queuedRoutesFor(this.db, nodes));
  }
  routesById(ids: number[]) {
    return this.run(() => routesById(this.db, ids));
  }
  routeHead(routeId: number, now: number, limit: number) {
    return this.run(() => routeHead(this.db, routeId, now, limit));
  }
  nextFairPosition(routeId: number | undefined, owner: string, priority: number) {
    return this.run(() => nextFairPosition(this.db, routeId, owner, priority));
  }

  expireLeases(now: number) {
    return this.run(() => expireLeases(this.db, now));
  }
  markSilentAgentsLost(silenceMs: number, now: number) {
    return this.run(() => markSilentAgentsLost(this.db, silenceMs, now));
  }
  agePriorities(now: number, step?: number, cap?: number) {
    return this.run(() => agePriorities(this.db, now, step, cap));
  }
  expireFinishedJobs(finishedBefore: number, now: number, batch?: number) {
    return this.run(() => expireFinishedJobs(this.db, finishedBefore, now, batch));
  }

  takeLease(name: string, holder: string, ttlMs: number, now: number) {
    return this.run(() => leaderLease.takeLease(this.db, name, holder, ttlMs, now));
  }
  releaseLease(name: string, holder: string) {
    return this.run(() => leaderLease.releaseLease(this.db, name, holder));
  }
  recentSignInFailures(key: string, since: number, limit: number) {
    return this.run(() => signInFailures.recentSignInFailures(this.db, key, since, limit));
  }
  recordSignInFailure(keys: readonly string[], at: number) {
    return this.run(() => signInFailures.recordSignInFailure(this.db, keys, at));
  }
  forgetSignInFailures(key: string) {
    return this.run(() => signInFailures.forgetSignInFailures(this.db, key));
  }
  pruneSignInFailures(before: number) {
    return this.run(() => signInFailures.pruneSignInFailures(this.db, before));
  }
}

/** A settled promise of what `fn` answers or throws: the store's work is done by the time the caller awaits. */
function settled<R>(fn: () => R): Promise<R> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * The store of one SQLite database. better-sqlite3 is synchronous and the
 * service shares one connection, so a transaction whose callback awaits would
 * let another request's statements land inside it. While a transaction is
 * open, operations that do not come through its `s` (and other transactions)
 * therefore wait until it ends; with none open, an operation runs at once,
 * without queueing, which is the common case of claims, finishes, heartbeats
 * and log appends.
 */
export class SqliteStore extends SqliteOps {
  /** Settles when the open transaction ends; null while none is open. */
  private open: Promise<void> | null = null;

  constructor(
    db: Db,
    private readonly checkpointer: Checkpointer | null = null,
  ) {
    super(db);
  }

  protected run<R>(fn: () => R): Promise<R> {
    return this.open === null ? settled(fn) : this.afterOpen(fn);
  }

  private async afterOpen<R>(fn: () => R): Promise<R> {
    while (this.open !== null) await this.open;
    return fn();
  }

  async tx<R>(fn: (s: Store) => Promise<R>): Promise<R> {
    while (this.open !== null) await this.open;
    let ended!: () => void;
    this.open = new Promise((resolve) => (ended = resolve));
    const scope = new SqliteTx(this.db);
    let result: R;
    try {
      // The write lock up front, as every write of this store takes it: two writers never deadlock upgrading.
      stmt(this.db, 'BEGIN IMMEDIATE').run();
      try {
        result = await fn(scope);
        stmt(this.db, 'COMMIT').run();
      } catch (error) {
        if (this.db.inTransaction) stmt(this.db, 'ROLLBACK').run();
        throw error;
      }
    } finally {
      scope.ended = true;
      this.open = null;
      ended();
    }
    // Before any waiting operation runs: effects see the committed state and nothing newer.
    for (const effect of scope.effects) effect();
    return result;
  }

  afterCommit(fn: () => void): void {
    fn();
  }

  async close(): Promise<void> {
    await this.checkpointer?.stop();
    return this.run(() => {
      this.db.close();
    });
  }
}

/** The `s` of a SqliteStore transaction: its operations run at once, inside the transaction. */
class SqliteTx extends SqliteOps {
  readonly effects: Array<() => void> = [];
  ended = false;

  protected run<R>(fn: () => R): Promise<R> {
    if (this.ended) return Promise.reject(new Error('this transaction has ended: use the store, not its transaction, after tx() answered'));
    return settled(fn);
  }

  /** A transaction inside a transaction joins it: one commit for all. */
  tx<R>(fn: (s: Store) => Promise<R>): Promise<R> {
    return fn(this);
  }

  afterCommit(fn: () => void): void {
    this.effects.push(fn);
  }

  close(): Promise<void> {
    return Promise.reject(new Error('close the store, not one of its transactions'));
  }
}

/** The SQLite store of a database file (created and migrated as needed). */
export function openSqliteStore(file: string, options: DbOptions = {}): SqliteStore {
  const db = openDatabase(file, options);
  return new SqliteStore(db, Checkpointer.start(db));
}
