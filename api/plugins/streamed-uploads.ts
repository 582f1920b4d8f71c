import type { FastifyInstance } from 'fastify';

/**
 * Raw uploads (blobs, outputs) reach their route as the request stream itself,
 * so the store hashes and writes them as they arrive and enforces its own size
 * limit; nothing is buffered in memory. For the routes of the calling scope only.
 */
export function acceptStreamedUploads(app: FastifyInstance, limitBytes: number): void {
  app.addContentTypeParser('application/octet-stream', { bodyLimit: limitBytes }, (_request, payload, done) => done(null, payload));
}
