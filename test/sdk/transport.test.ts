/**
 * The SDK's transport against small HTTP servers that answer what a test says:
 * failover between URLs, retries of what may repeat (a submit under one
 * idempotency key), no repeat of what may not.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import t, { type Test } from 'tap';
import { AweClient, AweForbiddenError, AweServerError } from '@awe-dp/sdk';

const JOB = { id: 7, recipe: 'Bias', state: 'queued' };

/** A server giving the next of `answers` (status, JSON body) to each request, and the requests it got. */
async function answering(t: Test, answers: Array<[number, unknown]>): Promise<{ url: string; got: IncomingMessage[] }> {
  const got: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    got.push(req);
    const [status, body] = answers.shift() ?? [500, {}];
    req.resume();
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise((resolve) => server.close(resolve)));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, got };
}

/** A URL where nothing listens. */
async function refusing(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await new Promise((resolve) => server.close(resolve));
  return url;
}

function client(t: Test, server: string | string[], retries = 2): AweClient {
  const made = new AweClient({ server, token: 't', retries });
  t.teardown(() => made.close());
  return made;
}

const INTERNAL = { statusCode: 500, code: 'AWE_ERR_INTERNAL', message: 'restarting' };

t.test('a submit retried after a 5xx carries the same idempotency key', async (t) => {
  const service = await answering(t, [[503, INTERNAL], [201, JOB]]);
  t.same(await client(t, service.url).submitJob({ recipe: 'Bias' }), JOB);
  const keys = service.got.map((req) => req.headers['idempotency-key']);
  t.equal(keys.length, 2);
  t.ok(keys[0], 'a key is sent without being asked for');
  t.equal(keys[1], keys[0]);
});

t.test('a connection refused moves to the next URL, which is then tried first', async (t) => {
  const service = await answering(t, [[200, JOB], [200, JOB]]);
  const down = await refusing();
  const c = client(t, `${down},${service.url}`, 0);
  t.same(await c.getJob(7), JOB);
  t.equal(c.server, service.url);
  // Not repeatable, but it never reached the refusing URL: it may go to the next one.
  t.same(await client(t, [down, service.url], 0).cancelJob(7), JOB);
  t.equal(service.got.length, 2);
});

t.test('a 5xx of a read moves to the next URL', async (t) => {
  const failing = await answering(t, [[502, { message: 'bad gateway' }]]);
  const good = await answering(t, [[200, JOB]]);
  t.same(await client(t, [failing.url, good.url], 0).getJob(7), JOB);
});

t.test('a cancel is not repeated after a 5xx: the service may have acted on it', async (t) => {
  const service = await answering(t, [[500, INTERNAL], [200, JOB]]);
  await t.rejects(client(t, service.url, 3).cancelJob(7), AweServerError);
  t.equal(service.got.length, 1);
});

t.test('an error answer is its class with the service code, and is not retried', async (t) => {
  const service = await answering(t, [[403, { statusCode: 403, code: 'AWE_ERR_FORBIDDEN', message: 'not yours' }]]);
  const error = await client(t, service.url).getJob(7).catch((err: unknown) => err);
  t.ok(error instanceof AweForbiddenError);
  t.match(error, { statusCode: 403, code: 'AWE_ERR_FORBIDDEN', message: 'not yours' });
  t.equal(service.got.length, 1);
});

t.test('requests one after another share one connection, as an agent polling in a loop does', async (t) => {
  let connections = 0;
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(JOB));
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise((resolve) => server.close(resolve)));
  const c = client(t, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  // Each request goes out as soon as the answer before it is read, like the next long poll of an idle agent.
  for (let i = 0; i < 5; i++) t.same(await c.getJob(7), JOB);
  t.equal(connections, 1, 'the connection of an answer just read is reused, not joined by a second one');
});
