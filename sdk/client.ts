import { readFileSync } from 'node:fs';
import { Agent, request, type Dispatcher } from 'undici';
import type { Answer, Body, Operation, Query } from './types.js';

/** An output path as the contract's one `{path}` segment: its slashes too are percent-encoded. */
const encodeOutputPath = (path: string): string => encodeURIComponent(path);

/** An error answer of the service: `{statusCode, code, message}` as documented in docs/errors.md. */
export class AweApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly body: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AweApiError';
  }
}

export interface ClientOptions {
  /** `http(s)://host:port` of the service. */
  server: string;
  /** A user token, an agent credential or a job token. */
  token?: string;
  /** PEM file of a private CA that signed the service's certificate. */
  caFile?: string;
  /** Headers and body time limits; long polls need more than their wait. */
  timeoutMs?: number;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RawRequest {
  method: Method;
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  json?: unknown;
  body?: Buffer | NodeJS.ReadableStream;
  contentType?: string;
  headers?: Record<string, string>;
  token?: string;
  signal?: AbortSignal;
}

/**
 * A thin typed client over undici for every route of openapi.yaml. One
 * keep-alive connection pool per client; TLS verification is always on, with a
 * private CA when given.
 */
export class AweClient {
  readonly server: string;
  token: string | undefined;
  private readonly dispatcher: Dispatcher;
  private readonly timeoutMs: number;

  constructor(options: ClientOptions) {
    this.server = options.server.replace(/\/+$/, '');
    this.token = options.token;
    this.timeoutMs = options.timeoutMs ?? 90_000;
    this.dispatcher = new Agent({
      connect: options.caFile ? { ca: readFileSync(options.caFile) } : {},
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
      keepAliveTimeout: 30_000,
    });
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  /** Any request; error answers throw AweApiError. The caller reads (or dumps) the body. */
  async raw(req: RawRequest): Promise<Dispatcher.ResponseData> {
    const url = new URL(this.server + req.path);
    for (const [name, value] of Object.entries(req.query ?? {})) if (value !== undefined) url.searchParams.set(name, String(value));
    const headers: Record<string, string> = { ...req.headers };
    const token = req.token ?? this.token;
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | Buffer | NodeJS.ReadableStream | undefined = req.body;
    if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      headers['content-type'] = 'application/json';
    } else if (req.body !== undefined) {
      headers['content-type'] = req.contentType ?? 'application/octet-stream';
    }
    const response = await request(url, {
      method: req.method,
      headers,
      body: body as Dispatcher.DispatchOptions['body'],
      dispatcher: this.dispatcher,
      signal: req.signal,
    });
    if (response.statusCode >= 400) {
      const text = await response.body.text();
      let parsed: Record<string, unknown> = {};
      try {
        parsed = JSON.parse(text) as Record<string, unknown>;
      } catch {
        parsed = { message: text.slice(0, 500) };
      }
      throw new AweApiError(response.statusCode, String(parsed.code ?? 'AWE_ERR_HTTP'), String(parsed.message ?? `HTTP ${response.statusCode}`), parsed);
    }
    return response;
  }

  /** A route by operation: a typed JSON body (or raw bytes) in, the typed JSON answer out. */
  async call<K extends Operation>(
    _operation: K,
    method: Method,
    path: string,
    options: { json?: Body<K>; body?: RawRequest['body']; query?: Query<K>; headers?: Record<string, string>; token?: string; signal?: AbortSignal } = {},
  ): Promise<Answer<K>> {
    const response = await this.raw({ method, path, ...options, query: options.query as RawRequest['query'] });
    if (response.statusCode === 204) {
      await response.body.dump();
      return undefined as Answer<K>;
    }
    return (await response.body.json()) as Answer<K>;
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
  submitJob(spec: Body<'submitJob'>, idempotencyKey?: string) {
    return this.call('submitJob', 'POST', '/v1/jobs', { json: spec, headers: idempotencyKey ? { 'idempotency-key': idempotencyKey } : {} });
  }
  /** Up to 1,000 jobs in one request, all or none. */
  submitJobs(jobs: Body<'submitJobs'>['jobs']) {
    return this.call('submitJobs', 'POST', '/v1/job-batches', { json: { jobs } });
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
  explain(spec: Body<'explainJob'>) {
    return this.call('explainJob', 'POST', '/v1/explain', { json: spec });
  }
  listNodes() {
    return this.call('listNodes', 'GET', '/v1/nodes');
  }
  updateNode(id: number, state: 'online' | 'draining') {
    return this.call('updateNode', 'PATCH', `/v1/nodes/${id}`, { json: { state } });
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

  /** The job's log from `offset`; with `follow`, an endless stream until the job ends. */
  async log(id: number, options: { offset?: number; follow?: boolean; signal?: AbortSignal } = {}) {
    const response = await this.raw({
      method: 'GET',
      path: `/v1/jobs/${id}/log`,
      query: { offset: options.offset ?? 0, follow: options.follow ? '1' : undefined },
      signal: options.signal,
    });
    return response.body;
  }

  // Code bundles and outputs.
  missingBlobs(sha256s: string[]) {
    return this.call('missingBlobs', 'POST', '/v1/blobs/missing', { json: { sha256s } });
  }
  uploadBlob(sha256: string, body: Buffer | NodeJS.ReadableStream) {
    return this.call('uploadBlob', 'PUT', `/v1/blobs/${sha256}`, { body });
  }
  createBundle(files: Body<'createBundle'>['files']) {
    return this.call('createBundle', 'POST', '/v1/bundles', { json: { files } });
  }
  getBundle(id: string, token?: string) {
    return this.call('getBundle', 'GET', `/v1/bundles/${id}`, { token });
  }
  async downloadBlob(sha256: string, token?: string) {
    return (await this.raw({ method: 'GET', path: `/v1/blobs/${sha256}`, token })).body;
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
