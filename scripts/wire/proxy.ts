/**
 * A recording HTTP proxy: it forwards every request to the service unchanged,
 * streams the answer back and keeps both, with when the answer ended. One
 * proxy per client (setup, agent, CLI) tells whose request each one was.
 */
import { createServer, request as forward, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  from: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
  status: number;
  responseType: string;
  response: Buffer;
  /** When the answer's last byte went back (answers are replayed in this order). */
  endedAt: bigint;
}

/** Headers that belong to one connection, not to the request. */
const HOP_BY_HOP = new Set(['host', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

function requestHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!HOP_BY_HOP.has(name) && typeof value === 'string') kept[name] = value;
  }
  return kept;
}

export interface RecordingProxy {
  url: string;
  close(): Promise<void>;
}

/**
 * `intercept` may answer a request itself (to cause what a client does after a
 * failure); what it answers is not recorded, since the service never saw it.
 */
export async function recordingProxy(
  from: string,
  target: string,
  into: Recorded[],
  intercept: (method: string, path: string) => { status: number; body: unknown } | null = () => null,
): Promise<RecordingProxy> {
  const service = new URL(target);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const method = req.method!;
      const path = req.url!;
      const fake = intercept(method, path);
      if (fake) {
        res.writeHead(fake.status, { 'content-type': 'application/json' }).end(JSON.stringify(fake.body));
        return;
      }
      const body = Buffer.concat(chunks);
      const upstream = forward({ host: service.hostname, port: service.port, method, path, headers: { ...requestHeaders(req.headers), 'content-length': String(body.length) } }, (answer) => {
        res.writeHead(answer.statusCode!, answer.headers);
        const answered: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => {
          answered.push(chunk);
          res.write(chunk);
        });
        answer.on('end', () => {
          res.end();
          into.push({
            from,
            method,
            path,
            headers: requestHeaders(req.headers),
            body,
            status: answer.statusCode!,
            responseType: String(answer.headers['content-type'] ?? ''),
            response: Buffer.concat(answered),
            endedAt: process.hrtime.bigint(),
          });
        });
        // A client that gave up (an agent stopping its long poll) leaves nothing to record.
        answer.on('error', () => res.destroy());
      });
      upstream.on('error', () => res.destroy());
      res.on('close', () => {
        if (!res.writableFinished) upstream.destroy();
      });
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
