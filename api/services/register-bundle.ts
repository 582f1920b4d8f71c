import { bundleId, canonicalManifest, ManifestError, validateManifest, type BundleFile } from '../../core/bundle-manifest.js';
import type { Awe } from '../context.js';
import { ApiError } from '../errors.js';
import type { Role } from '../store/store.js';
import { missingBlobsFor } from './blob-access.js';

/**
 * Registers a manifest as a bundle for `user`, who must hold every file it
 * names (missingBlobsFor). Registering a bundle that exists is not an error:
 * the user becomes one of its holders; `created` says whether it is new.
 */
export async function registerBundleFor(awe: Awe, user: { username: string; role: Role }, files: BundleFile[]) {
  try {
    validateManifest(files);
  } catch (error) {
    if (error instanceof ManifestError) throw new ApiError(error.problem === 'too_large' ? 'AWE_ERR_TOO_LARGE' : 'AWE_ERR_BAD_BUNDLE', error.message);
    throw error;
  }
  const missing = await missingBlobsFor(awe, user, files.map((file) => file.sha256));
  if (missing.length > 0) {
    throw new ApiError('AWE_ERR_BAD_BUNDLE', `${missing.length} file contents are not uploaded yet (first: ${missing[0]}); PUT /v1/blobs/{sha256} first`);
  }
  const id = bundleId(files);
  const totalBytes = files.reduce((sum, file) => sum + file.size, 0);
  // Stored in canonical form: the manifest read back is exactly what the id hashes.
  const canonical = JSON.parse(canonicalManifest(files)) as BundleFile[];
  const created = await awe.store.registerBundle({ id, owner: user.username, files: canonical, fileCount: files.length, totalBytes, createdAt: awe.now() });
  return { id, fileCount: files.length, totalBytes, created };
}
