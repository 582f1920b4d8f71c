import type { FastifyRequest } from 'fastify';
import { statfs } from 'node:fs/promises';
import type { Awe } from '../context.js';
import { ApiError } from '../errors.js';

const MiB = 1024 * 1024;

/**
 * An onRequest hook for routes that store bytes (uploads, log appends): it
 * refuses with 507 AWE_ERR_DISK_FULL, before the body is read, when storing
 * the declared body would leave less than AWE_MIN_FREE_DISK_MB free in the
 * blob directory's filesystem. What is stored already stays readable; the
 * margin is for the database's own growth and for bodies sent without a length.
 */
export function requireFreeDisk(awe: Awe) {
  return async (request: FastifyRequest): Promise<void> => {
    const reserve = awe.config.minFreeDiskMB * MiB;
    if (reserve === 0) return;
    const incoming = Number(request.headers['content-length'] ?? 0) || 0;
    const { bavail, bsize } = await statfs(awe.blobs.dir);
    const free = bavail * bsize;
    if (free - incoming < reserve) {
      throw new ApiError(
        'AWE_ERR_DISK_FULL',
        `the service keeps ${awe.config.minFreeDiskMB} MiB free on its disk and has ${Math.floor(free / MiB)} MiB; try again after an admin frees space`,
      );
    }
  };
}
