import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { BundleFile } from '../../core/bundle-manifest.js';
import { BlobParams, BlobResponse, Bundle, BundleParams, BundleSummary, MissingBody, MissingResponse, NewBundle } from '../../schemas/bundles.js';
import { errors } from '../../schemas/common.js';
import { ApiError, forbidden, notFound } from '../errors.js';
import { requireFreeDisk } from '../plugins/disk-guard.js';
import { acceptStreamedUploads, uploadStream } from '../plugins/streamed-uploads.js';
import { mayReadBlob, mayReadBundle, missingBlobsFor } from '../services/blob-access.js';
import { registerBundleFor } from '../services/register-bundle.js';
import { unpackZip } from '../services/zip-bundle.js';
import type { Principal } from '../plugins/auth.js';

type User = Extract<Principal, { kind: 'user' }>;
const userOf = (request: FastifyRequest): User => request.principal as User;

// A manifest lists up to 100,000 files of ~150 bytes each: more than the 1 MiB other JSON bodies get.
const MANIFEST_BODY_LIMIT = 32 * 1024 * 1024;

/** Code bundles: content-addressed blobs uploaded once, manifests naming them, or a plain zip unpacked safely. */
export default async function bundleRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const awe = app.awe;
  const { store, blobs, config } = awe;
  const developer = app.requireUser('developer');
  const diskGuard = requireFreeDisk(awe);
  await app.register(multipart, { limits: { fileSize: config.zipMaxBytes, files: 1, fields: 4, parts: 5 } });
  acceptStreamedUploads(app, config.uploadMaxBytes);

  // The multipart parser fails on a body that is not multipart at all: the client's fault, not the service's.
  const malformed = (error: unknown): never => {
    throw new ApiError('AWE_ERR_VALIDATION', `malformed multipart body: ${(error as Error).message}`);
  };

  async function bundleFromZip(request: FastifyRequest, user: User) {
    const part = await request.file().catch(malformed);
    if (!part || part.fieldname !== 'bundle') throw new ApiError('AWE_ERR_VALIDATION', 'send the zip as the multipart field "bundle"');
    const dir = await mkdtemp(join(tmpdir(), 'awe-zip-'));
    try {
      const zipPath = join(dir, 'upload.zip');
      await pipeline(part.file, createWriteStream(zipPath));
      if (part.file.truncated) throw new ApiError('AWE_ERR_TOO_LARGE', `the zip is larger than ${config.zipMaxBytes} bytes`);
      const files = await unpackZip(zipPath, blobs, { maxTotalBytes: config.zipMaxBytes });
      // The zip brought its files: they are the uploader's as if PUT one by one.
      for (const file of files) await store.recordBlobHolder(file.sha256, user.username);
      return await registerBundleFor(awe, user, files);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  r.post(
    '/v1/blobs/missing',
    {
      onRequest: developer,
      bodyLimit: MANIFEST_BODY_LIMIT,
      schema: {
        operationId: 'missingBlobs',
        tags: ['bundles'],
        summary: 'Which of these file contents you still have to upload (developer): those the service lacks or that you never brought',
        body: MissingBody,
        response: { 200: MissingResponse, ...errors(400, 401, 403, 413) },
      },
    },
    async (request) => ({ missing: await missingBlobsFor(awe, userOf(request), request.body.sha256s) }),
  );

  r.put(
    '/v1/blobs/:sha',
    {
      onRequest: [developer, diskGuard],
      schema: {
        operationId: 'uploadBlob',
        tags: ['bundles'],
        summary: 'Upload one file content (developer); stored only if it hashes to the sha256 in the URL',
        params: BlobParams,
        consumes: ['application/octet-stream'],
        response: { 200: BlobResponse, ...errors(400, 401, 403, 413, 415, 507) },
      },
    },
    async (request) => {
      const stored = await blobs.put(uploadStream(request.body), { expectedSha: request.params.sha, maxBytes: config.uploadMaxBytes });
      await store.recordBlobHolder(stored.sha256, userOf(request).username);
      return stored;
    },
  );

  r.get(
    '/v1/blobs/:sha',
    {
      onRequest: app.requireJobOrUser,
      schema: {
        operationId: 'downloadBlob',
        tags: ['bundles'],
        summary: "One file content, for the job token of a job whose bundle or inputs hold it (or admins)",
        params: BlobParams,
        response: { 200: { description: 'the bytes', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } }, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      if (!(await mayReadBlob(awe, request.principal, request.params.sha))) throw forbidden('this credential may not read that blob');
      const stream = blobs.openRead(request.params.sha);
      return (reply as FastifyReply).type('application/octet-stream').header('content-length', blobs.size(request.params.sha)).send(stream);
    },
  );

  r.post(
    '/v1/bundles',
    {
      onRequest: [developer, diskGuard],
      bodyLimit: MANIFEST_BODY_LIMIT,
      schema: {
        operationId: 'createBundle',
        tags: ['bundles'],
        summary:
          'Register a bundle (developer) from a manifest of blobs you uploaded (JSON), or from a zip (multipart field "bundle"); 201 when new, 200 when it existed (you may use it now too)',
        // The zip is checked by the unpacker as it streams in, not by a JSON schema.
        body: {
          content: {
            'application/json': { schema: NewBundle },
            'multipart/form-data': { schema: { properties: { bundle: { type: 'string', format: 'binary' } }, required: ['bundle'] } },
          },
        },
        response: { 200: BundleSummary, 201: BundleSummary, ...errors(400, 401, 403, 413, 415, 507) },
      },
    },
    async (request, reply) => {
      const user = userOf(request);
      if (request.isMultipart()) {
        const summary = await bundleFromZip(request, user);
        reply.code(summary.created ? 201 : 200);
        return summary;
      }
      // With another content type, or none, no JSON schema ran and there may be no manifest.
      const manifest = request.body as { files: BundleFile[] } | undefined;
      if (!Array.isArray(manifest?.files)) {
        throw new ApiError('AWE_ERR_UNSUPPORTED_MEDIA', 'send a JSON manifest (application/json) or a zip (multipart/form-data, field "bundle")');
      }
      const summary = await registerBundleFor(awe, user, manifest.files);
      reply.code(summary.created ? 201 : 200);
      return summary;
    },
  );

  r.get(
    '/v1/bundles/:id',
    {
      onRequest: app.requireJobOrUser,
      schema: {
        operationId: 'getBundle',
        tags: ['bundles'],
        summary: "A bundle's manifest: for those who registered it, admins, and the job token of a job that runs it",
        params: BundleParams,
        response: { 200: Bundle, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const bundle = await store.getBundle(request.params.id);
      if (!bundle) throw notFound(`bundle ${request.params.id}`);
      if (!(await mayReadBundle(awe, request.principal, bundle.id))) throw forbidden('you have not registered this bundle: upload its files and POST /v1/bundles');
      return { ...bundle, createdAt: new Date(bundle.createdAt).toISOString() };
    },
  );
}
