import { randomUUID } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { downloadOutputs, followLog, waitForJob, type DownloadedOutput, type FollowOptions, type WaitOptions } from './jobs.js';
import { connectionReleased, Transport, type Method, type RawRequest, type TransportOptions } from './transport.js';
import type { Answer, Body, Job, JobSpec, Operation, Query } from './types.js';

/** An output path as the contract's one `{path}` segment: its slashes too are percent-encoded. */
const encodeOutputPath = (path: string): string => encodeURIComponent(path);

export interface ClientOptions extends TransportOptions {
  /** A user token, an agent credential or a job token. */
  token?: string;
}

type CallOptions<K extends Operation> = {
  json?: Body<K>;
  body?: RawRequest['body'];
  query?: Query<K>;
  headers?: Record<string, string>;
  token?: string;
  signal?: AbortSignal;
  idempotent?: boolean;
};

/**
 * A typed client for every route of openapi.yaml, over undici: one keep-alive
 * connection pool, TLS verification always on (with a private CA when given),
 * failover between several service URLs, retries of requests that are safe to
 * repeat, and an idempotency key on every submit so a retried submit never
 * makes a second job.
 */
export class AweClient {
  token: string | undefined;
  private readonly transport: Transport;

  constructor(options: ClientOptions) {
    this.transport = new Transport(options);
    this.token = options.token;
  }

  /** The service URL requests go to first (the one that answered last). */
  get server(): string {
    return this.transport.server;
  }

  async close(): Promise<void> {
    await this.transport.close();
  }

  /** Any request; error answers throw AweApiError (a subclass per kind of status). The caller reads (or dumps) the body. */
  raw(req: RawRequest): Promise<Dispatcher.ResponseData> {
    return this.transport.send(req, this.token);
  }

  /** A route by operation: a typed JSON body (or raw bytes) in, the typed JSON answer out. */
  async call<K extends Operation>(_operation: K, method: Method, path: string, options: CallOptions<K> = {}): Promise<Answer<K>> {
    const response = await this.raw({ method, path, ...options, query: options.query as RawRequest['query'] });
    const answer = response.statusCode === 204 ? await response.body.dump() : await response.body.json();
    await connectionReleased();
    return answer as Answer<K>;
  }

  login(username: string, password: string) {
    return this.call('createToken', 'POST', '/v1/auth/token', { json: { username, password } });
  }
  me() {
    return this.call('whoAmI', 'GET', '/v1/me');
  }
  listRecipes() {
    return this.call('listRecipes', 'GET', '/v1/recipes');
  }
  getRecipe(name: string) {
    return this.call('getRecipe', 'GET', `/v1/recipes/${encodeURIComponent(name)}`);
  }
  putRecipe(name: string, recipe: Body<'putRecipe'>) {
    return this.call('putRecipe', 'PUT', `/v1/recipes/${encodeURIComponent(name)}`, { json: recipe });
  }
  createUser(user: Body<'createUser'>) {
    return this.call('createUser', 'POST', '/v1/users', { json: user });
  }
  listUsers() {
    return this.call('listUsers', 'GET', '/v1/users');
  }
  updateUser(name: string, change: Body<'updateUser'>) {
    return this.call('updateUser', 'PATCH', `/v1/users/${encodeURIComponent(name)}`, { json: change });
  }
  deleteUser(name: string) {
    return this.call('deleteUser', 'DELETE', `/v1/users/${encodeURIComponent(name)}`);
  }
  /** Every token of the user stops working; the answer is a fresh one. */
  changePassword(currentPassword: string, newPassword: string) {
    return this.call('changePassword', 'PUT', '/v1/users/me/password', { json: { currentPassword, newPassword } });
  }
  listAudit(query: Query<'listAudit'> = {}) {
    return this.call('listAudit', 'GET', '/v1/audit', { query });
  }
  /** Submits a job. The key (a fresh one by default) makes retries of this submit return the same job. */
  submitJob(spec: JobSpec, idempotencyKey: string = randomUUID()) {
    return this.call('submitJob', 'POST', '/v1/jobs', { json: spec, headers: { 'idempotency-key': idempotencyKey }, idempotent: true });
  }
  /** Up to 1,000 jobs in one request, all or none; retried under one idempotency key like submitJob. */
  submitJobs(jobs: Body<'submitJobs'>['jobs'], idempotencyKey: string = randomUUID()) {
    return this.call('submitJobs', 'POST', '/v1/job-batches', { json: { jobs }, headers: { 'idempotency-key': idempotencyKey }, idempotent: true });
  }
  listJobs(query: Query<'listJobs'> = {}) {
    return this.call('listJobs', 'GET', '/v1/jobs', { query });
  }
  getJob(id: number) {
    return this.call('getJob', 'GET', `/v1/jobs/${id}`);
  }
  cancelJob(id: number) {
    return this.call('cancelJob', 'POST', `/v1/jobs/${id}/cancel`);
  }
  /** Every attempt of the job, oldest first (the owner also sees each attempt's outputs). */
  listAttempts(id: number) {
    return this.call('listAttempts', 'GET', `/v1/jobs/${id}/attempts`);
  }
  /** What went into the job and what came out (`depth: 'all'`: with every ancestor). */
  provenance(id: number, depth: 'one' | 'all' = 'one') {
    return this.call('getProvenance', 'GET', `/v1/jobs/${id}/provenance`, { query: { depth } });
  }
  /** The job's provenance as a Workflow Run RO-Crate: the JSON-LD of `ro-crate-metadata.json`. */
  async provenanceCrate(id: number, depth: 'one' | 'all' = 'one'): Promise<Record<string, unknown>> {
    const response = await this.raw({ method: 'GET', path: `/v1/jobs/${id}/provenance`, query: { format: 'ro-crate', depth } });
    return (await response.body.json()) as Record<string, unknown>;
  }
  /** A new job like this one with edits (args or params replace the list; env and settings merge by key, null removes one). */
  rerunJob(id: number, edits: Body<'rerunJob'> = {}) {
    return this.call('rerunJob', 'POST', `/v1/jobs/${id}/rerun`, { json: edits });
  }
  getJobBatch(id: number) {
    return this.call('getJobBatch', 'GET', `/v1/job-batches/${id}`);
  }
  /** Reruns the batch's failed members as a new batch. */
  rerunJobBatch(id: number) {
    return this.call('rerunJobBatch', 'POST', `/v1/job-batches/${id}/rerun`, { json: { only: 'failed' } });
  }
  lineage(id: number) {
    return this.call('getLineage', 'GET', `/v1/jobs/${id}/lineage`);
  }
  /** Which of the caller's jobs produced or used a content. */
  outputUses(sha256: string) {
    return this.call('getOutputUses', 'GET', `/v1/outputs/${sha256}`);
  }
  explain(spec: Body<'explainJob'>) {
    return this.call('explainJob', 'POST', '/v1/explain', { json: spec, idempotent: true });
  }
  listNodes() {
    return this.call('listNodes', 'GET', '/v1/nodes');
  }
  /** Drains a node or brings it back (a state), or changes its state and bound together. */
  updateNode(id: number, update: 'online' | 'draining' | Body<'updateNode'>) {
    return this.call('updateNode', 'PATCH', `/v1/nodes/${id}`, { json: typeof update === 'string' ? { state: update } : update });
  }
  removeNode(id: number) {
    return this.call('removeNode', 'DELETE', `/v1/nodes/${id}`);
  }
  rotateNodeCredential(id: number) {
    return this.call('rotateNodeCredential', 'POST', `/v1/nodes/${id}/credential`);
  }
  listRoutes() {
    return this.call('listRoutes', 'GET', '/v1/routing');
  }
  putRoute(placement: string, route: Body<'putRoute'>) {
    return this.call('putRoute', 'PUT', `/v1/routing/${encodeURIComponent(placement)}`, { json: route });
  }
  deleteRoute(placement: string) {
    return this.call('deleteRoute', 'DELETE', `/v1/routing/${encodeURIComponent(placement)}`);
  }
  deleteRecipe(name: string) {
    return this.call('deleteRecipe', 'DELETE', `/v1/recipes/${encodeURIComponent(name)}`);
  }
  createEnrollmentToken(options: Body<'createEnrollmentToken'> = {}) {
    return this.call('createEnrollmentToken', 'POST', '/v1/enrollment-tokens', { json: options });
  }
  listEnrollmentTokens() {
    return this.call('listEnrollmentTokens', 'GET', '/v1/enrollment-tokens');
  }
  revokeEnrollmentToken(id: number) {
    return this.call('revokeEnrollmentToken', 'DELETE', `/v1/enrollment-tokens/${id}`);
  }

  /** The job's log from `offset`; with `follow`, a stream that lasts until the job ends (or the connection drops). */
  async log(id: number, options: { offset?: number; follow?: boolean; signal?: AbortSignal } = {}) {
    const response = await this.raw({
      method: 'GET',
      path: `/v1/jobs/${id}/log`,
      query: { offset: options.offset ?? 0, follow: options.follow ? '1' : undefined },
      signal: options.signal,
    });
    return response.body;
  }
  /** The job's log live, picked up again where it broke off after a dropped connection, until the job is final. */
  followLog(id: number, options: FollowOptions = {}): AsyncGenerator<Buffer> {
    return followLog(this, id, options);
  }
  /** The job once it is final (succeeded, failed or cancelled). */
  wait(id: number, options: WaitOptions = {}): Promise<Job> {
    return waitForJob(this, id, options);
  }
  /** Every output of the job into `dir` (paths kept, hashes checked); with `cache`, read from a site's awe-cache first (with a content token). */
  downloadOutputs(id: number, dir: string, cache?: AweClient): Promise<DownloadedOutput[]> {
    return downloadOutputs(this, id, dir, cache);
  }

  // Code bundles and outputs.
  missingBlobs(sha256s: string[]) {
    return this.call('missingBlobs', 'POST', '/v1/blobs/missing', { json: { sha256s }, idempotent: true });
  }
  uploadBlob(sha256: string, body: Buffer | NodeJS.ReadableStream) {
    return this.call('uploadBlob', 'PUT', `/v1/blobs/${sha256}`, { body });
  }
  /** A bundle is named by its content: creating the same one twice answers the same id. */
  createBundle(files: Body<'createBundle'>['files']) {
    return this.call('createBundle', 'POST', '/v1/bundles', { json: { files }, idempotent: true });
  }
  getBundle(id: string, token?: string) {
    return this.call('getBundle', 'GET', `/v1/bundles/${id}`, { token });
  }
  async downloadBlob(sha256: string, token?: string) {
    return (await this.raw({ method: 'GET', path: `/v1/blobs/${sha256}`, token })).body;
  }
  /** Whether `token` may download the blob: resolves (204) or throws the refusal. For site caches. */
  blobAccess(sha256: string, token?: string) {
    return this.call('blobAccess', 'GET', `/v1/blobs/${sha256}/access`, { token });
  }
  /** A short-lived read-only token for what this user may read: the only token to send to a site cache. */
  createContentToken() {
    return this.call('createContentToken', 'POST', '/v1/content-tokens');
  }
  listOutputs(jobId: number) {
    return this.call('listOutputs', 'GET', `/v1/jobs/${jobId}/outputs`);
  }
  async downloadOutput(jobId: number, path: string, token?: string) {
    return (await this.raw({ method: 'GET', path: `/v1/jobs/${jobId}/outputs/${encodeOutputPath(path)}`, token })).body;
  }
  uploadOutput(jobId: number, epoch: number, path: string, body: Buffer | NodeJS.ReadableStream) {
    return this.call('uploadOutput', 'PUT', `/v1/jobs/${jobId}/outputs/${encodeOutputPath(path)}`, { query: { epoch }, body });
  }

  // Agent side of the protocol (docs/protocol.md).
  registerAgent(body: Body<'registerAgent'>) {
    return this.call('registerAgent', 'POST', '/v1/agents/register', { json: body });
  }
  agentHello(body: Body<'agentHello'>) {
    return this.call('agentHello', 'POST', '/v1/agents/hello', { json: body });
  }
  claim(body: Body<'claimJobs'>, signal?: AbortSignal) {
    return this.call('claimJobs', 'POST', '/v1/agents/claim', { json: body, signal });
  }
  heartbeat(body: Body<'heartbeat'>) {
    return this.call('heartbeat', 'POST', '/v1/agents/heartbeat', { json: body });
  }
  finish(body: Body<'finishJob'>) {
    return this.call('finishJob', 'POST', `/v1/jobs/${body.id}/finish`, { json: body });
  }
  appendLog(id: number, epoch: number, offset: number, data: Buffer) {
    return this.call('appendJobLog', 'PUT', `/v1/jobs/${id}/log`, { query: { epoch, offset }, body: data });
  }
}
