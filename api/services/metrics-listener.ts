import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Awe } from '../context.js';

export const renderMetrics = async (awe: Awe): Promise<string> => awe.metrics.render(await awe.store.countJobsByState(), awe.broker.waiting);

/**
 * /metrics on a listener of its own (AWE_METRICS_HOST:AWE_METRICS_PORT), for a
 * scraper on a private network: no token, and nothing else is served there.
 */
export async function listenMetrics(awe: Awe, host: string, port: number): Promise<{ port: number; close: () => Promise<void> }> {
  const server = createServer((request, response) => {
    const ok = request.method === 'GET' && request.url?.split('?')[0] === '/metrics';
    if (!ok) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('only /metrics is served here\n');
      return;
    }
    renderMetrics(awe).then(
      (text) => response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(text),
      () => response.writeHead(503, { 'content-type': 'text/plain' }).end('the database does not answer\n'),
    );
  });
  server.requestTimeout = 10_000;
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
