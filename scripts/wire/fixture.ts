/**
 * The recorded requests of one release's agent and CLI, as kept in
 * test/fixtures/wire/<release>.json: written by `record-wire.ts`, replayed by
 * test/scripts/wire-replay.test.ts. Secrets the service handed out (tokens,
 * credentials) are kept as placeholders (`{{credential-1}}`), bound again to
 * what the new service answers when the same request is replayed.
 */
import type { Recorded } from './proxy.js';

export type Body = { json: unknown } | { text: string } | { base64: string } | null;

export interface Exchange {
  /** Which client sent it: `setup` (the admin's set-up), `agent` or `cli`. */
  from: string;
  request: { method: string; path: string; headers: Record<string, string>; body: Body };
  response: { status: number; type: string; body: Body };
}

export interface WireFixture {
  /** The package version that was recorded. */
  release: string;
  /** The service's settings during the recording; the replay starts the new service with the same. */
  service: { leaseSeconds: number; maxWaitSeconds: number };
  /** In the order their answers ended, which is an order a single client could have sent them in. */
  exchanges: Exchange[];
}

/** Answer fields that hold secrets the service handed out. */
const SECRET_FIELDS = new Set(['token', 'credential', 'jobToken']);

export const isPlaceholder = (value: unknown): value is string => typeof value === 'string' && /^\{\{[a-zA-Z]+(-\d+)?\}\}$/.test(value);

function decode(buffer: Buffer, type: string): Body {
  if (buffer.length === 0) return null;
  if (type.startsWith('application/json')) return { json: JSON.parse(buffer.toString('utf8')) };
  const text = buffer.toString('utf8');
  return Buffer.from(text, 'utf8').equals(buffer) ? { text } : { base64: buffer.toString('base64') };
}

/** The raw bytes of a body, with placeholders replaced through `fill`. */
export function encode(body: Body, fill: (text: string) => string): Uint8Array<ArrayBuffer> | undefined {
  if (body === null) return undefined;
  if ('json' in body) return new TextEncoder().encode(fill(JSON.stringify(body.json)));
  if ('text' in body) return new TextEncoder().encode(fill(body.text));
  return Uint8Array.from(Buffer.from(body.base64, 'base64'));
}

function secretsIn(value: unknown, found: (secret: string, field: string) => void): void {
  if (Array.isArray(value)) value.forEach((item) => secretsIn(item, found));
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (SECRET_FIELDS.has(key) && typeof item === 'string') found(item, key);
      else secretsIn(item, found);
    }
  }
}

/** Orders the recorded exchanges by when they ended and replaces each secret by its placeholder. */
export function toFixture(recorded: Recorded[], release: string, service: WireFixture['service'], adminToken: string): WireFixture {
  const ordered = [...recorded].sort((a, b) => (a.endedAt < b.endedAt ? -1 : 1));
  const placeholders = new Map<string, string>([[adminToken, '{{admin}}']]);
  const counts = new Map<string, number>();
  for (const exchange of ordered) {
    const body = decode(exchange.response, exchange.responseType);
    if (body && 'json' in body) {
      secretsIn(body.json, (secret, field) => {
        if (placeholders.has(secret)) return;
        const n = (counts.get(field) ?? 0) + 1;
        counts.set(field, n);
        placeholders.set(secret, `{{${field}-${n}}}`);
      });
    }
  }
  const hide = (text: string): string => [...placeholders].reduce((out, [secret, name]) => out.split(secret).join(name), text);
  const hideBody = (body: Body): Body => {
    if (body === null || 'base64' in body) return body;
    return 'json' in body ? { json: JSON.parse(hide(JSON.stringify(body.json))) } : { text: hide(body.text) };
  };
  return {
    release,
    service,
    exchanges: ordered.map((exchange) => ({
      from: exchange.from,
      request: {
        method: exchange.method,
        path: hide(exchange.path),
        headers: Object.fromEntries(Object.entries(exchange.headers).map(([name, value]) => [name, hide(value)])),
        body: hideBody(decode(exchange.body, exchange.headers['content-type'] ?? '')),
      },
      response: { status: exchange.status, type: exchange.responseType, body: hideBody(decode(exchange.response, exchange.responseType)) },
    })),
  };
}
