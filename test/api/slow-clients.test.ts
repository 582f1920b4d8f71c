/** Timeouts and caps against real sockets: slow and greedy clients are cut off while others are served. */
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { request } from 'undici';
import { AweApiError } from '@awe-dp/sdk';
import { startService } from '../helpers/service.js';

const port = (url: string): number => Number(new URL(url).port);

function openSocket(url: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port(url), '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

async function health(url: string): Promise<number> {
  const response = await request(`${url}/healthz`);
  await response.body.dump();
  return response.statusCode;
}

t.test('a body sent a byte a second is cut at the request timeout; others are served meanwhile', async (t) => {
  const service = await startService(t, { requestTimeoutSeconds: 2, headersTimeoutSeconds: 1 });
  const socket = await openSocket(service.url);
  t.teardown(() => socket.destroy());
  const body = '{"username":"admin","password":"' + 'x'.repeat(60) + '"}';
  let answer = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => (answer += chunk));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  let isClosed = false;
  void closed.then(() => (isClosed = true));
  socket.write(`POST /v1/auth/token HTTP/1.1\r\nhost: test\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n`);

  let sent = 0;
  const served: number[] = [];
  while (!isClosed && sent < body.length) {
    socket.write(body[sent++]!);
    served.push(await health(service.url));
    await sleep(1000);
  }
  await closed;
  t.ok(sent < body.length, `the connection was closed after ${sent} of ${body.length} bytes`);
  t.notMatch(answer, /^HTTP\/1\.1 2/, 'the slow request was not answered as a success');
  t.ok(served.length > 0 && served.every((status) => status === 200), 'every other request meanwhile was answered');
});

t.test('past AWE_MAX_CONNECTIONS a new connection gets a coded 503 with Retry-After, and room frees when one closes', async (t) => {
  const service = await startService(t, { maxConnections: 2 });
  const held = [await openSocket(service.url), await openSocket(service.url)];
  t.teardown(() => held.forEach((socket) => socket.destroy()));
  const refused = await request(`${service.url}/healthz`);
  t.equal(refused.statusCode, 503);
  t.ok(Number(refused.headers['retry-after']) > 0, 'Retry-After says when to come back');
  t.match(await refused.body.json(), { statusCode: 503, code: 'AWE_ERR_BUSY' });

  held.forEach((socket) => socket.destroy());
  // The service sees the closes asynchronously: wait until it counts them.
  for (;;) {
    const open = await new Promise<number>((resolve, reject) => service.app.server.getConnections((e, n) => (e ? reject(e) : resolve(n))));
    if (open === 0) break;
    await sleep(20);
  }
  t.equal(await health(service.url), 200, 'served again once connections closed');
});

t.test('open log follows are capped per user; a closed one frees its slot', async (t) => {
  const service = await startService(t, { maxFollowsPerUser: 1 });
  const { job, claimed, agent } = await service.runningJob();
  // Output to send: a stream's headers go out with its first bytes.
  await agent.appendLog(job.id, claimed.epoch, 0, Buffer.from('started\n'));
  const admin = service.client();
  const first = await admin.log(job.id, { follow: true });
  const refused = await request(`${service.url}/v1/jobs/${job.id}/log?follow=1`, { headers: { authorization: `Bearer ${service.adminToken}` } });
  t.equal(refused.statusCode, 429);
  t.ok(Number(refused.headers['retry-after']) > 0, 'Retry-After says when to come back');
  t.match(await refused.body.json(), { code: 'AWE_ERR_TOO_MANY_FOLLOWS' });
  t.equal(await (await admin.log(job.id)).text(), 'started\n', 'a plain read meanwhile is not a follow');

  first.destroy();
  for (;;) {
    const again = await admin.log(job.id, { follow: true }).catch((err: unknown) => err as AweApiError);
    if (!(again instanceof AweApiError)) {
      again.destroy();
      break;
    }
    t.equal(again.code, 'AWE_ERR_TOO_MANY_FOLLOWS', 'only refused for the cap while the first closes');
    await sleep(20);
  }
  t.pass('a follow is accepted again once the first is closed');
});

t.test('a follow ends after AWE_FOLLOW_MAX_SECONDS even while the job runs, so the client reconnects', async (t) => {
  const service = await startService(t, { followMaxSeconds: 1 });
  const { job, claimed, agent } = await service.runningJob();
  await agent.appendLog(job.id, claimed.epoch, 0, Buffer.from('started\n'));
  const body = await service.client().log(job.id, { follow: true });
  t.equal(await body.text(), 'started\n', 'the stream ended with what there was');
  t.equal((await service.client().getJob(job.id)).state, 'running', 'while the job still runs');
});
