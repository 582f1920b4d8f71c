/**
 * Fuzzing from the contract: for every operation of openapi.yaml, requests
 * built from its schemas and deliberately broken ones, sent with inject() to a
 * real service on a fresh data dir. An answer ≥ 500, or a 4xx without the coded
 * body of docs/errors.md, is a failure. Cases are drawn from one seed, so a run
 * is repeated exactly by its seed and count.
 */
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer } from '../../api/build.js';
import { DEFAULTS } from '../../api/config.js';
import { ERROR_CODES } from '../../api/errors.js';
import { bootstrap } from '../../api/services/bootstrap.js';
import { broken, hostileText, valid, type Schema } from './schema-arbitrary.js';
import { testStoreConfig } from '../test-database.js';

interface Operation {
  id: string;
  method: string;
  path: string;
  parameters: { in: string; name: string; required?: boolean; schema: Schema }[];
  bodies: Record<string, Schema>;
}

export interface FuzzCase {
  operation: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

export interface FuzzFailure {
  case: FuzzCase;
  status: number;
  body: string;
}

export interface FuzzReport {
  seed: number;
  requests: number;
  statuses: Record<number, number>;
  failures: FuzzFailure[];
}

/** Credentials of every kind, and values of ids that exist, from a small world built before the run. */
interface World {
  tokens: Record<string, string>;
  known: string[];
}

async function call(app: FastifyInstance, method: string, url: string, token: string, payload?: unknown) {
  const answer = await app.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${token}` }, ...(payload === undefined ? {} : { payload: payload as object }) });
  if (answer.statusCode >= 400) throw new Error(`fuzz setup: ${method} ${url} answered ${answer.statusCode} ${answer.body}`);
  return answer.json() as Record<string, unknown>;
}

async function buildWorld(app: FastifyInstance): Promise<World> {
  const admin = (await app.signUserToken('admin')).token;
  const tokens: Record<string, string> = { admin };
  for (const role of ['visitor', 'user', 'developer'] as const) {
    await call(app, 'POST', '/v1/users', admin, { username: `fuzz-${role}`, password: `fuzz-${role}-password`, role, canRoute: false });
    tokens[role] = (await app.signUserToken(`fuzz-${role}`)).token;
  }
  await call(app, 'PUT', '/v1/recipes/Noop', admin, { command: ['true'] });
  // With a bundle (an empty one), so that its claim carries a job token: a job with nothing to fetch is sent none.
  const bundle = await call(app, 'POST', '/v1/bundles', admin, { files: [] });
  const job = await call(app, 'POST', '/v1/jobs', admin, { recipe: 'Noop', bundle: bundle.id });
  const enrollment = await call(app, 'POST', '/v1/enrollment-tokens', admin, { uses: 1 });
  const agentEnrollment = await call(app, 'POST', '/v1/enrollment-tokens', admin, { uses: 1 });
  const registered = await app.inject({ method: 'POST', url: '/v1/agents/register', payload: { token: agentEnrollment.token, name: 'fuzz-node', labels: {}, slots: 4, isolation: 'bwrap' } });
  tokens.agent = String(registered.json().credential);
  const claimed = await call(app, 'POST', '/v1/agents/claim', tokens.agent, { maxJobs: 1 });
  const [first] = claimed.jobs as { jobToken: string }[];
  tokens.job = first!.jobToken;
  tokens.enrollment = String(enrollment.token);
  // A JWT with alg "none", and a user token signed by some other key.
  tokens.unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"sub":"admin","aud":"awe-dp:user","iss":"awe-dp","exp":9999999999}').toString('base64url')}.`;
  tokens.forged = `${admin.slice(0, admin.lastIndexOf('.'))}.${Buffer.alloc(32, 7).toString('base64url')}`;
  return { tokens, known: [String(job.id), String(registered.json().agentId), 'Noop', 'admin', 'fuzz-user', '0'.repeat(64), 'calibration'] };
}

/** The contract's operations, from the running app's own OpenAPI document. */
function operationsOf(app: FastifyInstance): Operation[] {
  const document = app.swagger() as unknown as {
    paths: Record<string, Record<string, { operationId: string; parameters?: Operation['parameters']; requestBody?: { content: Record<string, { schema: Schema }> } }>>;
  };
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      id: operation.operationId,
      method: method.toUpperCase(),
      path,
      parameters: operation.parameters ?? [],
      bodies: Object.fromEntries(Object.entries(operation.requestBody?.content ?? {}).map(([type, { schema }]) => [type, schema])),
    })),
  );
}

const ODD_PATH_VALUES = ['0', '-1', '99999999999999999999999', '1e3', '1.5', '..', '%2e%2e', '%00', '%ff', '%', 'a'.repeat(5000), '%F0%9F%98%80', '..%2F..%2Fetc%2Fpasswd', '%20', 'null', '[]', '{}'];
const WRONG_CONTENT_TYPES = ['text/plain', 'application/octet-stream', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=fuzz', 'multipart/form-data', 'application/json; charset=utf-16', 'application/xml', 'application/json', ''];

// Past the 1 MiB JSON body limit.
const OVERSIZE_JSON = JSON.stringify({ padding: 'x'.repeat(1_100_000) });

const text = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value) ?? 'null');

function pathArbitrary(operation: Operation, world: World): fc.Arbitrary<string> {
  const names = [...operation.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  if (names.length === 0) return fc.constant(operation.path);
  const param = (name: string) => {
    const schema = operation.parameters.find((p) => p.in === 'path' && p.name === name)?.schema;
    return fc.oneof(
      { weight: 3, arbitrary: valid(schema).map((value) => encodeURIComponent(text(value))) },
      { weight: 3, arbitrary: fc.constantFrom(...world.known) },
      { weight: 2, arbitrary: fc.constantFrom(...ODD_PATH_VALUES) },
      { weight: 1, arbitrary: fc.constantFrom('plots/a.png', 'a/../../b', 'x%2Fy') },
    );
  };
  return fc.tuple(...names.map(param)).map((values) => names.reduce((path, name, i) => path.replace(`{${name}}`, values[i]!), operation.path));
}

function queryArbitrary(operation: Operation): fc.Arbitrary<string> {
  const params = operation.parameters.filter((p) => p.in === 'query');
  const entries = params.map((p) =>
    fc.option(fc.oneof({ weight: 4, arbitrary: valid(p.schema).map(text) }, { weight: 1, arbitrary: hostileText }), { nil: undefined }).map((value) => [p.name, value] as const),
  );
  const extra = fc.option(fc.tuple(fc.constantFrom('unexpected', 'offset', 'follow', '__proto__', 'token'), hostileText), { nil: undefined });
  return fc.tuple(fc.tuple(...entries), extra).map(([pairs, more]) => {
    const search = new URLSearchParams();
    for (const [name, value] of [...pairs, ...(more ? [more] : [])]) if (value !== undefined) search.append(name, value);
    const query = search.toString();
    return query ? `?${query}` : '';
  });
}

function authArbitrary(world: World): fc.Arbitrary<Record<string, string>> {
  const kinds = Object.keys(world.tokens);
  const bearer: fc.Arbitrary<Record<string, string>> = fc.constantFrom(...kinds).map((kind) => ({ authorization: `Bearer ${world.tokens[kind]}` }));
  const none: fc.Arbitrary<Record<string, string>> = fc.constant({});
  // The right token in the wrong place or shape.
  const misplaced: fc.Arbitrary<Record<string, string>> = fc.tuple(fc.constantFrom(...kinds), fc.constantFrom('raw', 'basic', 'cookie', 'x-api-key', 'bearer-lower', 'bearer-twice', 'garbage')).map(([kind, shape]): Record<string, string> => {
        const token = world.tokens[kind]!;
        switch (shape) {
          case 'raw':
            return { authorization: token };
          case 'basic':
            return { authorization: `Basic ${Buffer.from(`admin:${token}`).toString('base64')}` };
          case 'cookie':
            return { cookie: `token=${token}` };
          case 'x-api-key':
            return { 'x-api-key': token };
          case 'bearer-lower':
            return { authorization: `bearer ${token}` };
          case 'bearer-twice':
            return { authorization: `Bearer ${token} Bearer ${token}` };
          default:
            return { authorization: `Bearer ${token.slice(0, -3)}\u00ff\u00fe` };
        }
      });
  return fc.oneof({ weight: 6, arbitrary: bearer }, { weight: 1, arbitrary: none }, { weight: 2, arbitrary: misplaced });
}

function bodyArbitrary(operation: Operation): fc.Arbitrary<{ contentType?: string; payload?: string | Buffer }> {
  const declared = Object.keys(operation.bodies);
  const jsonSchema = operation.bodies['application/json'];
  const options: { weight: number; arbitrary: fc.Arbitrary<{ contentType?: string; payload?: string | Buffer }> }[] = [
    { weight: 1, arbitrary: fc.constant({}) },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom(...WRONG_CONTENT_TYPES), fc.oneof(fc.string({ maxLength: 64 }), fc.uint8Array({ maxLength: 256 }).map((b) => Buffer.from(b)))).map(([contentType, payload]) => ({ contentType, payload })),
    },
  ];
  if (jsonSchema) {
    const json = (arbitrary: fc.Arbitrary<unknown>) => arbitrary.map((value) => ({ contentType: 'application/json', payload: JSON.stringify(value) }));
    options.push(
      { weight: 6, arbitrary: json(valid(jsonSchema)) },
      { weight: 5, arbitrary: json(broken(jsonSchema)) },
      { weight: 1, arbitrary: fc.constantFrom('{', '{"a":', '[1,]', 'nul', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}', '\ufeff{}', '{}'.repeat(3)).map((payload) => ({ contentType: 'application/json', payload })) },
      {
        weight: 1,
        // Invalid UTF-8 inside a JSON string.
        arbitrary: valid(jsonSchema).map((value) => {
          const serialized = JSON.stringify(value);
          const at = Math.max(1, serialized.indexOf('"') + 1);
          return { contentType: 'application/json', payload: Buffer.concat([Buffer.from(serialized.slice(0, at)), Buffer.from([0xff, 0xfe, 0xc0, 0x80]), Buffer.from(serialized.slice(at))]) };
        }),
      },
      { weight: 1, arbitrary: fc.constant({ contentType: 'application/json', payload: OVERSIZE_JSON }) },
    );
  }
  if (declared.includes('application/octet-stream')) {
    options.push({ weight: 6, arbitrary: fc.uint8Array({ maxLength: 4096 }).map((bytes) => ({ contentType: 'application/octet-stream', payload: Buffer.from(bytes) })) });
  }
  if (declared.includes('multipart/form-data')) {
    options.push({
      weight: 2,
      arbitrary: fc.uint8Array({ maxLength: 512 }).map((bytes) => ({
        contentType: 'multipart/form-data; boundary=fuzz',
        payload: Buffer.concat([Buffer.from('--fuzz\r\ncontent-disposition: form-data; name="bundle"; filename="a.zip"\r\ncontent-type: application/zip\r\n\r\n'), Buffer.from(bytes), Buffer.from('\r\n--fuzz--\r\n')]),
      })),
    });
  }
  return fc.oneof(...options);
}

function caseArbitrary(operations: Operation[], world: World): fc.Arbitrary<FuzzCase> {
  const auth = authArbitrary(world);
  // Built once per operation, then picked from: each operation gets an even share of the requests.
  return fc.oneof(
    ...operations.map((operation) =>
      fc.tuple(pathArbitrary(operation, world), queryArbitrary(operation), auth, bodyArbitrary(operation)).map(([path, query, headers, body]) => ({
        operation: operation.id,
        method: operation.method,
        url: path + query,
        headers: { ...headers, ...(body.contentType ? { 'content-type': body.contentType } : {}) },
        ...(body.payload === undefined ? {} : { payload: body.payload }),
      })),
    ),
  );
}

/** What an answer must look like: below 500, and a 4xx carries `{statusCode, code, message}` with a documented code. */
function problem(status: number, body: string): boolean {
  if (status >= 500) return true;
  if (status < 400) return false;
  try {
    const parsed = JSON.parse(body) as { statusCode?: unknown; code?: unknown; message?: unknown };
    return parsed.statusCode !== status || typeof parsed.code !== 'string' || !(parsed.code in ERROR_CODES) || typeof parsed.message !== 'string';
  } catch {
    return true;
  }
}

export async function runFuzz(options: { requests: number; seed: number; concurrency?: number; logger?: FastifyServerOptions['logger'] }): Promise<FuzzReport> {
  const dataDir = mkdtempSync(join(tmpdir(), 'awe-fuzz-'));
  // Long polls and follows held for a second at most: the run is about answers, not waits. On the test suite's
  // PostgreSQL pass, the run's database (npm run fuzz alone: SQLite).
  const config = { ...DEFAULTS, ...testStoreConfig(dataDir), maxWaitSeconds: 1, followMaxSeconds: 1, passwordHashCost: 'test' as const };
  // The service's log (pino on stderr) tells what lies behind a 500.
  const app = await buildServer({ config }, options.logger ?? false);
  try {
    await bootstrap(app.awe, app.signUserToken);
    const world = await buildWorld(app);
    const cases = fc.sample(caseArbitrary(operationsOf(app), world), { seed: options.seed, numRuns: options.requests });
    const report: FuzzReport = { seed: options.seed, requests: cases.length, statuses: {}, failures: [] };
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < cases.length) {
        const fuzzCase = cases[next++]!;
        const answer = await app.inject({ method: fuzzCase.method as 'GET', url: fuzzCase.url, headers: fuzzCase.headers, ...(fuzzCase.payload === undefined ? {} : { payload: fuzzCase.payload }) });
        report.statuses[answer.statusCode] = (report.statuses[answer.statusCode] ?? 0) + 1;
        if (problem(answer.statusCode, answer.body)) report.failures.push({ case: fuzzCase, status: answer.statusCode, body: answer.body.slice(0, 500) });
      }
    };
    await Promise.all(Array.from({ length: options.concurrency ?? 64 }, worker));
    return report;
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
