/**
 * The service keeps answering the agents and CLIs of earlier releases: each
 * fixture in test/fixtures/wire/ holds the requests one release's agent and
 * CLI really sent (scripts/record-wire.ts); they are replayed in order against
 * this service, and each answer must have the recorded status, every field the
 * old client got (with the same JSON type), and the same values where the old
 * clients act on them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { ROOT } from '../../scripts/server-process.js';
import { encode, isPlaceholder, type Body, type WireFixture } from '../../scripts/wire/fixture.js';
import { startService } from '../helpers/service.js';

const FIXTURES = join(ROOT, 'test/fixtures/wire');

/**
 * Answer fields whose values old agents and CLIs act on (which job to run and how, lease verdicts,
 * log offsets, states, outputs, error codes), with everything inside them but times (`…At`), which
 * differ on every run; the other fields (messages, times) must only still be there, with the same type.
 */
const ACTED_ON = new Set([
  'agentId', 'leaseSeconds', 'heartbeatSeconds', 'maxWaitSeconds', 'refused',
  'jobs', 'finished', 'draining', 'id', 'epoch', 'recipe', 'argv', 'env', 'settings', 'bundle', 'inputs', 'timeoutSeconds', 'resources',
  'verdict', 'status', 'state', 'failureReason', 'exitCode', 'next', 'truncated',
  'outputs', 'path', 'sha256', 'size', 'statusCode', 'code',
]);

const typeOf = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** What differs between the recorded answer and the live one, as `path: why` lines. */
function differences(recorded: unknown, live: unknown, at: string, compareValues: boolean, out: string[]): void {
  if (typeOf(recorded) !== typeOf(live)) {
    out.push(`${at}: was ${typeOf(recorded)}, now ${typeOf(live)}`);
    return;
  }
  if (Array.isArray(recorded)) {
    const now = live as unknown[];
    if (compareValues && recorded.length !== now.length) out.push(`${at}: ${recorded.length} items, now ${now.length}`);
    recorded.slice(0, now.length).forEach((item, i) => differences(item, now[i], `${at}[${i}]`, compareValues, out));
  } else if (recorded && typeof recorded === 'object') {
    const now = live as Record<string, unknown>;
    for (const [key, value] of Object.entries(recorded)) {
      if (!(key in now)) out.push(`${at}.${key}: missing`);
      else differences(value, now[key], `${at}.${key}`, !key.endsWith('At') && (compareValues || ACTED_ON.has(key)), out);
    }
  } else if (compareValues && !isPlaceholder(recorded) && recorded !== live) {
    out.push(`${at}: was ${JSON.stringify(recorded)}, now ${JSON.stringify(live)}`);
  }
}

/** Binds each placeholder of the recorded answer to the value the live one has in its place. */
function bind(recorded: unknown, live: unknown, bound: Map<string, string>): void {
  if (isPlaceholder(recorded) && typeof live === 'string') bound.set(recorded, live);
  else if (recorded && typeof recorded === 'object' && live && typeof live === 'object') {
    for (const [key, value] of Object.entries(recorded)) bind(value, (live as Record<string, unknown>)[key], bound);
  }
}

async function liveBody(response: Response, recorded: Body): Promise<Body> {
  const bytes = Buffer.from(await response.arrayBuffer());
  if (recorded === null) return bytes.length === 0 ? null : { text: bytes.toString('utf8') };
  if ('json' in recorded) return { json: JSON.parse(bytes.toString('utf8')) };
  return 'text' in recorded ? { text: bytes.toString('utf8') } : { base64: bytes.toString('base64') };
}

const fixtures = readdirSync(FIXTURES).filter((name) => name.endsWith('.json'));

t.ok(fixtures.length > 0, 'there is at least one recorded release');

for (const name of fixtures) {
  const fixture = JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as WireFixture;
  t.test(`the agent and CLI of release ${fixture.release} work with this service`, async (t) => {
    const service = await startService(t, fixture.service);
    const bound = new Map([['{{admin}}', service.adminToken]]);
    const fill = (text: string): string => text.replace(/\{\{[a-zA-Z]+(-\d+)?\}\}/g, (placeholder) => bound.get(placeholder) ?? placeholder);
    for (const [i, exchange] of fixture.exchanges.entries()) {
      const { request, response: recorded } = exchange;
      const what = `#${i} ${exchange.from}: ${request.method} ${request.path}`;
      const headers = Object.fromEntries(Object.entries(request.headers).map(([header, value]) => [header, fill(value)]));
      const response = await fetch(`${service.url}${fill(request.path)}`, { method: request.method, headers, body: encode(request.body, fill) });
      const body = await liveBody(response, recorded.body);
      const found: string[] = [];
      if (response.status !== recorded.status) found.push(`status ${recorded.status}, now ${response.status}`);
      // A log or an output's bytes are compared whole; JSON answers field by field.
      differences(recorded.body, body, 'body', recorded.body !== null && !('json' in recorded.body), found);
      t.same(found, [], `${what}: ${response.status}, answered as before`);
      if (recorded.body && body && 'json' in recorded.body && 'json' in body) bind(recorded.body.json, body.json, bound);
    }
  });
}
