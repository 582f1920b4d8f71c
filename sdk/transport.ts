/**
 * Sends a request to one of the service's URLs: on a connection error or a 5xx
 * answer it moves to the next URL, and requests that are safe to repeat are
 * retried with jittered backoff. The URL that answered last is tried first.
 */
import { readFileSync } from 'node:fs';
import { Agent, request, type Dispatcher } from 'undici';
import { Backoff, pause } from './backoff.js';
import { apiError, AweServerError } from './errors.js';
import { isRetryable, neverReached } from './request-errors.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

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
  /**
   * Whether sending it twice does no harm: GET, PUT and DELETE are; a POST is
   * when it says so (a submit with its idempotency key, a read by POST).
   */
  idempotent?: boolean;
}

export interface TransportOptions {
  /** One URL, several as an array or comma-separated (`AWE_SERVER=https://a:8080,https://b:8080`). */
  server: string | string[];
  /** PEM file of a private CA that signed the service's certificate. */
  caFile?: string;
  /** The PEM text itself, instead of a file. */
  ca?: string | Buffer;
  /** Headers and body time limits; long polls need more than their wait. */
  timeoutMs?: number;
  /** How many more rounds over the URLs a repeatable request gets after a retryable failure (default 4; 0 = none). */
  retries?: number;
}

export function serverList(server: string | string[]): string[] {
  const list = (Array.isArray(server) ? server : server.split(','))
    .map((url) => url.trim().replace(/\/+$/, ''))
    .filter((url) => url !== '');
  if (list.length === 0) throw new Error('no server URL given');
  for (const url of list) if (!/^https?:\/\/[^/]+/.test(url)) throw new Error(`a server must be an http(s) URL, not "${url.slice(0, 100)}"`);
  return list;
}

/**
 * Settles once undici has put the connection of an answer just read back in
 * its pool, which it does a few microtasks after the body ends. A request sent
 * sooner, like an agent's next long poll, finds that connection busy and opens
 * another: every agent would hold two, and the service would accept a new
 * connection for most polls of an idle fleet.
 */
export function connectionReleased(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class Transport {
  readonly servers: string[];
  private current = 0;
  private readonly dispatcher: Dispatcher;
  private readonly retries: number;

  constructor(options: TransportOptions) {
    this.servers = serverList(options.server);
    this.retries = options.retries ?? 4;
    const timeoutMs = options.timeoutMs ?? 90_000;
    const ca = options.ca ?? (options.caFile ? readFileSync(options.caFile) : undefined);
    // TLS verification is always on; a private CA is added, never a switch to turn checks off.
    this.dispatcher = new Agent({ connect: ca ? { ca } : {}, headersTimeout: timeoutMs, bodyTimeout: timeoutMs, keepAliveTimeout: 30_000 });
  }

  /** The URL requests go to first. */
  get server(): string {
    return this.servers[this.current];
  }

  close(): Promise<void> {
    return this.dispatcher.close();
  }

  /** The answer (status < 400) of the first URL that gives one; error answers throw AweApiError. */
  async send(req: RawRequest, bearer: string | undefined): Promise<Dispatcher.ResponseData> {
    // A stream body can be sent once only.
    const repeatable = (req.idempotent ?? ['GET', 'PUT', 'DELETE'].includes(req.method)) && !isStream(req.body);
    const backoff = new Backoff(300, 5_000);
    for (let round = 0; ; round++) {
      let failure: unknown;
      for (let i = 0; i < this.servers.length; i++) {
        const index = (this.current + i) % this.servers.length;
        try {
          const response = await this.once(this.servers[index], req, bearer);
          if (response.statusCode < 400) {
            this.current = index;
            return response;
          }
          const error = apiError(response.statusCode, await response.body.text());
          // A 5xx of a request that must not repeat is final: the service may have acted on it.
          if (!(error instanceof AweServerError) || !repeatable) throw error;
          failure = error;
        } catch (err) {
          if (req.signal?.aborted || !isRetryable(err)) throw err;
          // Another URL may only get a one-shot request that never reached this one.
          if (!repeatable && !neverReached(err)) throw err;
          failure = err;
        }
      }
      if (!repeatable || round >= this.retries) throw failure;
      await pause(backoff.next(), req.signal);
      if (req.signal?.aborted) throw failure;
    }
  }

  private once(server: string, req: RawRequest, bearer: string | undefined): Promise<Dispatcher.ResponseData> {
    const url = new URL(server + req.path);
    for (const [name, value] of Object.entries(req.query ?? {})) if (value !== undefined) url.searchParams.set(name, String(value));
    const headers: Record<string, string> = { ...req.headers };
    const token = req.token ?? bearer;
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | Buffer | NodeJS.ReadableStream | undefined = req.body;
    if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      headers['content-type'] = 'application/json';
    } else if (req.body !== undefined) {
      headers['content-type'] = req.contentType ?? 'application/octet-stream';
    }
    return request(url, {
      method: req.method,
      headers,
      body: body as Dispatcher.DispatchOptions['body'],
      dispatcher: this.dispatcher,
      signal: req.signal,
    });
  }
}

function isStream(body: RawRequest['body']): boolean {
  return body !== undefined && !Buffer.isBuffer(body);
}
