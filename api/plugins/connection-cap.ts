import type { FastifyInstance } from 'fastify';
import type { Socket } from 'node:net';
import { ApiError } from '../errors.js';

/** What a client over the cap is told to wait before it comes back. */
const RETRY_AFTER_SECONDS = 5;

/**
 * At most `max` connections are served. A connection that arrives past the
 * cap gets a coded 503 with Retry-After on its first request and is closed
 * (an idle one is cut by the headers timeout). Past twice the cap Node drops
 * new connections unanswered, so a flood of silent sockets cannot use up the
 * process's file descriptors.
 */
export function capConnections(app: FastifyInstance, max: number, tls: boolean): void {
  const over = new WeakSet<Socket>();
  let open = 0;
  app.server.maxConnections = 2 * max;
  // Requests see the TLS socket, which exists only once the handshake is done.
  app.server.on(tls ? 'secureConnection' : 'connection', (socket: Socket) => {
    if (open >= max) over.add(socket);
    open++;
    socket.once('close', () => open--);
  });
  app.addHook('onRequest', async (request, reply) => {
    if (!over.has(request.raw.socket)) return;
    reply.header('retry-after', String(RETRY_AFTER_SECONDS)).header('connection', 'close');
    throw new ApiError('AWE_ERR_BUSY', `the service holds its maximum of ${max} connections; try again in ${RETRY_AFTER_SECONDS} s`);
  });
}
