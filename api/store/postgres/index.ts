import type pg from 'pg';
import type { BloomFilter } from '../../../core/bloom.js';
import type { Bound, CurrentOffer } from '../../../core/bounds.js';
import type { Route as FitRoute } from '../../../core/fit.js';
import type { Agent, AgentOffer, AgentState, AuditEntry, BundleRecord, Claimant, Fence, FinishReport, JobFilter, JobRow, LeaseReport, NewJob, Outcome, OutputRecord, Recipe, Route, SealedSigningKey, Store, UserChange, UserRow } from '../store.js';
import { dropActiveCounts, gatherActiveCounts, writeActiveCounts } from './active-counts.js';
import * as agents from './agents.js';
import * as audit from './audit.js';
import * as bundles from './bundles.js';
import { databaseTime } from './clock.js';
import * as enrollment from './enrollment.js';
import { agePriorities } from './jobs/age-priorities.js';
import { appendLog } from './jobs/append-log.js';
import * as attempts from './jobs/attempts.js';
import * as batches from './jobs/batches.js';
import { cancelJob } from './jobs/cancel-job.js';
import { claimJobs, hasRunnableQueued } from './jobs/claim-jobs.js';
import { expireFinishedJobs } from './jobs/expire-jobs.js';
import { expireLeases, markSilentAgentsLost } from './jobs/expire-leases.js';
import { nextFairPosition } from './jobs/fair-share.js';
import { finishJob } from './jobs/finish-job.js';
import { insertJob } from './jobs/insert-job.js';
import { blockingParents, childrenOf, getJobRow, jobRefs, jobState, parentsOf } from './jobs/job-row.js';
import * as lineage from './jobs/lineage.js';
import { countJobsByState, listJobs } from './jobs/list-jobs.js';
import { readLog } from './jobs/read-log.js';
import { renewLeases } from './jobs/renew-leases.js';
import { routeHead } from './jobs/route-head.js';
import { findRouteId, queuedRoutesFor, routesById } from './jobs/routes.js';
import { findReusable, settleReuse } from './jobs/reuse.js';
import { settleWaiting } from './jobs/settle-dependents.js';
import * as leaderLease from './leader-lease.js';
import * as locality from './locality.js';
import { migrate } from './migrate.js';
import { openPool } from './pool.js';
import * as recipes from './recipes.js';
import * as routing from './routing.js';
import * as signInFailures from './sign-in-failures.js';
import * as signingKeys from './signing-keys.js';
import type { Sql } from './sql.js';
import * as users from './users.js';

/**
 * The Store over the async PostgreSQL functions of this folder. A method of
 * one statement runs on `sql`; one of several runs them in `atomic`, so they
 * commit together (PostgresStore) or join the open transaction (PostgresTx).
 */
abstract class PostgresOps implements Store {
  readonly kind = 'postgres' as const;

  protected abstract readonly sql: Sql;
  protected abstract atomic<R>(fn: (sql: Sql) => Promise<R>): Promise<R>;
  abstract tx<R>(fn: (s: Store) => Promise<R>): Promise<R>;
  abstract afterCommit(fn: () => void): void;
  abstract close(): Promise<void>;

  async ping(): Promise<void> {
    await this.sql.query('SELECT 1');
  }

  getAgent(id: number) {
    return agents.getAgent(this.sql, id);
  }
  listAgents() {
    return agents.listAgents(this.sql);
  }
  insertAgent(agent: Pick<Agent, 'name' | 'labels' | 'site' | 'slots' | 'memoryMB' | 'executor' | 'isolation' | 'trustUserCode' | 'secretHash' | 'bound'> & Partial<Pick<Agent, 'baseDigest'>>, now: number) {
    return agents.insertAgent(this.sql, agent, now);
  }
  updateAgentOffer(id: number, offer: AgentOffer) {
    return agents.updateAgentOffer(this.sql, id, offer);
  }
  setAgentBound(id: number, bound: Bound, offer: CurrentOffer) {
    return agents.setAgentBound(this.sql, id, bound, offer);
  }
  touchAgent(id: number, now: number) {
    return agents.touchAgent(this.sql, id, now);
  }
  setAgentState(id: number, state: AgentState) {
    return agents.setAgentState(this.sql, id, state);
  }
  setAgentSecret(id: number, secretHash: string) {
    return agents.setAgentSecret(this.sql, id, secretHash);
  }

  setContentFilter(agentId: number, filter: BloomFilter) {
    return locality.setContentFilter(this.sql, agentId, filter);
  }
  onlineContentFilters() {
    return locality.onlineContentFilters(this.sql);
  }
  jobContent(ids: number[]) {
    return locality.jobContent(this.sql, ids);
  }
  specContent(bundle: string | null, inputs: Array<{ job: number; path: string }>) {
    return locality.specContent(this.sql, bundle, inputs);
  }

  insertAudit(entry: Omit<AuditEntry, 'id'>) {
    return audit.insertAudit(this.sql, entry);
  }
  listAudit(before: number, limit: number) {
    return audit.listAudit(this.sql, before, limit);
  }

  getBundle(id: string) {
    return bundles.getBundle(this.sql, id);
  }
  hasBundle(id: string) {
    return bundles.hasBundle(this.sql, id);
  }
  registerBundle(bundle: BundleRecord) {
    return bundles.registerBundle(this.sql, bundle);
  }
  holdsBundle(bundleId: string, username: string) {
    return bundles.holdsBundle(this.sql, bundleId, username);
  }
  recordBlobHolder(sha256: string, username: string) {
    return bundles.recordBlobHolder(this.sql, sha256, username);
  }
  holdsBlob(sha256: string, username: string) {
    return bundles.holdsBlob(this.sql, sha256, username);
  }
  isBlobReferenced(sha256: string) {
    return bundles.isBlobReferenced(this.sql, sha256);
  }
  forgetBlobHolders(sha256: string) {
    return bundles.forgetBlobHolders(this.sql, sha256);
  }
  listOutputs(jobId: number) {
    return bundles.listOutputs(this.sql, jobId);
  }
  getOutput(jobId: number, path: string) {
    return bundles.getOutput(this.sql, jobId, path);
  }

  insertEnrollmentToken(token: { hash: string; uses: number; expiresAt: number; bound: Bound }, createdBy: string, now: number) {
    return enrollment.insertEnrollmentToken(this.sql, token, createdBy, now);
  }
  spendEnrollmentToken(tokenHash: string, now: number) {
    return enrollment.spendEnrollmentToken(this.sql, tokenHash, now);
  }
  listEnrollmentTokens() {
    return enrollment.listEnrollmentTokens(this.sql);
  }
  revokeEnrollmentToken(id: number, now: number) {
    return enrollment.revokeEnrollmentToken(this.sql, id, now);
  }

  getRecipe(name: string) {
    return recipes.getRecipe(this.sql, name);
  }
  listRecipes() {
    return recipes.listRecipes(this.sql);
  }
  putRecipe(recipe: Recipe) {
    return recipes.putRecipe(this.sql, recipe);
  }
  deleteRecipe(name: string) {
    return recipes.deleteRecipe(this.sql, name);
  }
  listRoutes() {
    return routing.listRoutes(this.sql);
  }
  getRoute(placement: string) {
    return routing.getRoute(this.sql, placement);
  }
  putRoute(route: Route) {
    return routing.putRoute(this.sql, route);
  }
  deleteRoute(placement: string) {
    return routing.deleteRoute(this.sql, placement);
  }

  getSigningKey(kid: string) {
    return signingKeys.getSigningKey(this.sql, kid);
  }
  newestSigningKey() {
    return signingKeys.newestSigningKey(this.sql);
  }
  insertSigningKey(key: SealedSigningKey) {
    return signingKeys.insertSigningKey(this.sql, key);
  }

  getUser(username: string) {
    return users.getUser(this.sql, username);
  }
  countUsers() {
    return users.countUsers(this.sql);
  }
  listUsers() {
    return users.listUsers(this.sql);
  }
  activeJobs(username: string) {
    return users.activeJobs(this.sql, username);
  }
  insertUser(user: Pick<UserRow, 'username' | 'password_hash' | 'role' | 'can_route' | 'max_active_jobs'>, now: number) {
    return users.insertUser(this.sql, user, now);
  }
  updateUser(username: string, change: UserChange) {
    return users.updateUser(this.sql, username, change);
  }
  deleteUser(username: string, now: number) {
    return users.deleteUser(this.sql, username, now);
  }
  countActiveAdmins() {
    return users.countActiveAdmins(this.sql);
  }
  setPasswordHash(username: string, previous: string, hash: string) {
    return users.setPasswordHash(this.sql, username, previous, hash);
  }

  insertJob(job: NewJob) {
    return this.atomic((sql) => insertJob(sql, job));
  }
  insertJobs(jobs: NewJob[]) {
    return this.atomic(async (sql) => {
      const inserted = [];
      for (const job of jobs) inserted.push(await insertJob(sql, job));
      return inserted;
    });
  }
  getJobRow(id: number) {
    return getJobRow(this.sql, id);
  }
  jobState(id: number) {
    return jobState(this.sql, id);
  }
  childrenOf(id: number) {
    return childrenOf(this.sql, id);
  }
  parentsOf(id: number) {
    return parentsOf(this.sql, id);
  }
  listJobs(filter: JobFilter) {
    return listJobs(this.sql, filter);
  }
  countJobsByState() {
    return countJobsByState(this.sql);
  }
  settleWaiting(jobId: number, now: number) {
    return this.atomic((sql) => settleWaiting(sql, jobId, now));
  }
  findReusable(key: string, owner: string, shared: boolean) {
    return findReusable(this.sql, key, owner, shared);
  }
  settleReuse(jobId: number, now: number) {
    return this.atomic((sql) => settleReuse(sql, jobId, now));
  }
  blockingParents(ids: number[]) {
    return blockingParents(this.sql, ids);
  }

  insertAttemptOutput(jobId: number, fence: Fence, file: OutputRecord) {
    return this.atomic((sql) => attempts.insertAttemptOutput(sql, jobId, fence, file));
  }
  listAttempts(id: number) {
    return attempts.listAttempts(this.sql, id);
  }
  holdsLease(id: number, fence: Fence) {
    return attempts.holdsLease(this.sql, id, fence);
  }
  ancestorIds(id: number, limit?: number) {
    return lineage.ancestorIds(this.sql, id, limit);
  }
  descendantIds(id: number, limit?: number) {
    return lineage.descendantIds(this.sql, id, limit);
  }
  inputFiles(row: Pick<JobRow, 'inputs'>) {
    return lineage.inputFiles(this.sql, row);
  }
  contentUses(sha256: string) {
    return lineage.contentUses(this.sql, sha256);
  }
  jobRefs(ids: number[]) {
    return jobRefs(this.sql, ids);
  }
  insertBatch(owner: string, rerunOf: number | null, now: number, idempotencyKey: string | null = null) {
    return batches.insertBatch(this.sql, owner, rerunOf, now, idempotencyKey);
  }
  getBatch(id: number) {
    return batches.getBatch(this.sql, id);
  }

  claimJobs(agent: Claimant, wanted: number, leaseMs: number, localityWaitMs: number, now: number) {
    return this.atomic((sql) => claimJobs(sql, agent, wanted, leaseMs, localityWaitMs, now));
  }
  hasRunnableQueued(now: number) {
    return hasRunnableQueued(this.sql, now);
  }
  renewLeases(agentId: number, reports: LeaseReport[], leaseMs: number, now: number) {
    return this.atomic((sql) => renewLeases(sql, agentId, reports, leaseMs, now));
  }
  finishJob(id: number, fence: Fence, outcome: Outcome, now: number) {
    return this.atomic((sql) => finishJob(sql, id, fence, outcome, now));
  }
  finishJobs(reports: FinishReport[], now: number) {
    return this.atomic(async (sql) => {
      const results = [];
      for (const report of reports) results.push(await finishJob(sql, report.id, report.fence, report.outcome, now));
      return results;
    });
  }
  cancelJob(id: number, now: number) {
    return this.atomic((sql) => cancelJob(sql, id, now));
  }
  appendLog(id: number, fence: Fence, offset: number, data: Buffer, cap: number) {
    return this.atomic((sql) => appendLog(sql, id, fence, offset, data, cap));
  }
  readLog(id: number, offset: number, maxBytes?: number) {
    return readLog(this.sql, id, offset, maxBytes);
  }

  findRouteId(route: FitRoute) {
    return findRouteId(this.sql, route);
  }
  queuedRoutesFor(nodes: string[]) {
    return queuedRoutesFor(this.sql, nodes);
  }
  routesById(ids: number[]) {
    return routesById(this.sql, ids);
  }
  routeHead(routeId: number, now: number, limit: number) {
    return routeHead(this.sql, routeId, now, limit);
  }
  nextFairPosition(routeId: number | undefined, owner: string, priority: number) {
    return nextFairPosition(this.sql, routeId, owner, priority);
  }

  expireLeases(now: number) {
    return this.atomic((sql) => expireLeases(sql, now));
  }
  markSilentAgentsLost(silenceMs: number, now: number) {
    return this.atomic((sql) => markSilentAgentsLost(sql, silenceMs, now));
  }
  agePriorities(now: number, step?: number, cap?: number) {
    return this.atomic((sql) => agePriorities(sql, now, step, cap));
  }
  expireFinishedJobs(finishedBefore: number, now: number, batch?: number) {
    return this.atomic((sql) => expireFinishedJobs(sql, finishedBefore, now, batch));
  }

  databaseTime() {
    return databaseTime(this.sql);
  }
  /** By the database's clock, not `now`: replicas' clocks may disagree. */
  takeLease(name: string, holder: string, ttlMs: number) {
    return leaderLease.takeLease(this.sql, name, holder, ttlMs);
  }
  releaseLease(name: string, holder: string) {
    return leaderLease.releaseLease(this.sql, name, holder);
  }
  recentSignInFailures(key: string, since: number, limit: number) {
    return signInFailures.recentSignInFailures(this.sql, key, since, limit);
  }
  recordSignInFailure(keys: readonly string[], at: number) {
    return signInFailures.recordSignInFailure(this.sql, keys, at);
  }
  forgetSignInFailures(key: string) {
    return signInFailures.forgetSignInFailures(this.sql, key);
  }
  pruneSignInFailures(before: number) {
    return signInFailures.pruneSignInFailures(this.sql, before);
  }
}

/** PostgreSQL's codes for "run the transaction again": a serialization failure, a deadlock. */
const RETRYABLE = new Set(['40001', '40P01']);
const ATTEMPTS = 5;

const isRetryable = (error: unknown): boolean => RETRYABLE.has((error as { code?: unknown }).code as string);

/**
 * The store of one PostgreSQL database (or one schema in it). Outside a
 * transaction each method takes a pooled connection for its statement; `tx`
 * holds one connection from BEGIN to COMMIT.
 *
 * A transaction that PostgreSQL aborts as a deadlock victim or a
 * serialization failure is run again from the start (up to five times):
 * `fn` must therefore do nothing but store calls and computation, and leave
 * effects to afterCommit, whose hooks run once, after the COMMIT that
 * counted.
 */
export class PostgresStore extends PostgresOps {
  protected readonly sql: Sql;

  constructor(private readonly pool: pg.Pool) {
    super();
    this.sql = pool;
  }

  protected atomic<R>(fn: (sql: Sql) => Promise<R>): Promise<R> {
    return this.transaction((scope) => fn(scope.client));
  }

  tx<R>(fn: (s: Store) => Promise<R>): Promise<R> {
    return this.transaction(fn);
  }

  private async transaction<R>(fn: (s: PostgresTx) => Promise<R>): Promise<R> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      const scope = new PostgresTx(client);
      let broken: Error | undefined;
      try {
        let result: R;
        try {
          await client.query('BEGIN');
          gatherActiveCounts(client);
          result = await fn(scope);
          await writeActiveCounts(client);
          await client.query('COMMIT');
        } catch (error) {
          dropActiveCounts(client);
          await client.query('ROLLBACK').catch((rollback: Error) => (broken = rollback));
          throw error;
        } finally {
          scope.ended = true;
        }
        for (const effect of scope.effects) effect();
        return result;
      } catch (error) {
        if (attempt < ATTEMPTS && isRetryable(error)) continue;
        throw error;
      } finally {
        // A connection that could not even roll back is closed, not handed to the next caller.
        client.release(broken);
      }
    }
  }

  afterCommit(fn: () => void): void {
    fn();
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

/** What a transaction's handle runs on once the transaction ended: its connection went back to the pool. */
const ENDED: Sql = {
  query: () => Promise.reject(new Error('this transaction has ended: use the store, not its transaction, after tx() answered')),
};

/** The `s` of a PostgresStore transaction: its operations run on the transaction's connection. */
class PostgresTx extends PostgresOps {
  readonly effects: Array<() => void> = [];
  ended = false;

  constructor(readonly client: pg.PoolClient) {
    super();
  }

  protected get sql(): Sql {
    return this.ended ? ENDED : this.client;
  }

  protected atomic<R>(fn: (sql: Sql) => Promise<R>): Promise<R> {
    return fn(this.sql);
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

/** The PostgreSQL store of a `postgres://` URL (`?schema=` picks a schema), its tables created or migrated as needed. */
export async function openPostgresStore(url: string, options: { poolSize?: number } = {}): Promise<PostgresStore> {
  const { pool, schema } = openPool(url, { max: options.poolSize });
  try {
    await migrate(pool, schema);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return new PostgresStore(pool);
}
