import type { FastifyInstance } from 'fastify';
import { Readable } from 'node:stream';
import { ApiError } from '../errors.js';

/**
 * Raw uploads (blobs, outputs) reach their route as the request stream itself,
 * so the store hashes and writes them as they arrive and enforces its own size
 * limit; nothing is buffered in memory. For the routes of the calling scope only.
 */
export function acceptStreamedUploads(app: FastifyInstance, limitBytes: number): void {
  app.addContentTypeParser('application/octet-stream', { bodyLimit: limitBytes }, (_request, payload, done) => done(null, payload));
}

/**
 * The upload stream of a request in such a scope. A request without a body or
 * with another content type (JSON, say) reaches the route with no stream at all.
 */
export function uploadStream(body: unknown): Readable {
  if (body instanceof Readable) return body;
  throw new ApiError('AWE_ERR_UNSUPPORTED_MEDIA', 'send the file as the request body, with content type application/octet-stream');
}
