import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Awe } from '../context.js';
import { countJobsByState } from '../store/sqlite/jobs/list-jobs.js';

export const renderMetrics = (awe: Awe): string => awe.metrics.render(countJobsByState(awe.db), awe.broker.waiting);

/**
 * /metrics on a listener of its own (AWE_METRICS_HOST:AWE_METRICS_PORT), for a
 * scraper on a private network: no token, and nothing else is served there.
 */
export async function listenMetrics(awe: Awe, host: string, port: number): Promise<{ port: number; close: () => Promise<void> }> {
  const server = createServer((request, response) => {
    const ok = request.method === 'GET' && request.url?.split('?')[0] === '/metrics';
    response.writeHead(ok ? 200 : 404, { 'content-type': ok ? 'text/plain; version=0.0.4' : 'text/plain' });
    response.end(ok ? renderMetrics(awe) : 'only /metrics is served here\n');
  });
  server.requestTimeout = 10_000;
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
