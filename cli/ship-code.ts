/**
 * `-mycode`: the developer's tree becomes a bundle on the service. Only file
 * contents the service lacks are uploaded (an unchanged tree uploads nothing,
 * a one-line fix uploads one file), each streamed from disk, a few at a time.
 */
import { createReadStream } from 'node:fs';
import { pipeline, Transform } from 'node:stream';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { mapLimit } from '../core/concurrency.js';
import type { AweClient } from '@awe-dp/sdk';
import { scanTree, type ScannedTree, type TreeFile } from './code-tree.js';
import { awePath } from './config.js';
import { CliError } from './errors.js';
import { HashCache } from './hash-cache.js';
import { uploadProgress } from './progress.js';
import { withRetries } from './retry.js';

const UPLOAD_CONCURRENCY = 4;
/** Shas per "which are missing" question, well inside the service's 1 MiB JSON body limit. */
const MISSING_BATCH = 5_000;

export interface ShippedCode {
  id: string;
  tree: ScannedTree;
  uploadedFiles: number;
  uploadedBytes: number;
}

/** The tree -mycode names: its DIR, else AWE_CODE_DIR, else the working directory. */
export async function codeDirOf(mycode: string | true, env: NodeJS.ProcessEnv): Promise<string> {
  const dir = resolve(mycode === true ? env.AWE_CODE_DIR || '.' : mycode);
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new CliError(`-mycode ${dir}: not a directory`);
  return dir;
}

async function missingShas(client: AweClient, shas: string[]): Promise<Set<string>> {
  const missing = new Set<string>();
  for (let i = 0; i < shas.length; i += MISSING_BATCH) {
    const batch = shas.slice(i, i + MISSING_BATCH);
    for (const sha of (await client.missingBlobs(batch)).missing) missing.add(sha);
  }
  return missing;
}

/** The tree at `root`, with file hashes remembered between runs under `hashCacheDir` (default `~/.awe/tree-hashes`). */
export async function scanCodeTree(root: string, hashCacheDir = awePath('tree-hashes')): Promise<ScannedTree> {
  return scanTree(root, await HashCache.load(hashCacheDir, root));
}

/** `hashCacheDir`: as for scanCodeTree. */
export async function shipCode(client: AweClient, root: string, hashCacheDir?: string): Promise<ShippedCode> {
  const tree = await scanCodeTree(root, hashCacheDir);
  const missing = await missingShas(client, [...new Set(tree.files.map((f) => f.sha256))]);
  // One upload per content, however many paths share it.
  const toUpload = new Map<string, TreeFile>();
  for (const file of tree.files) if (missing.has(file.sha256) && !toUpload.has(file.sha256)) toUpload.set(file.sha256, file);
  const uploads = [...toUpload.values()];
  const uploadedBytes = uploads.reduce((sum, f) => sum + f.size, 0);
  const progress = uploadProgress(uploadedBytes);
  await mapLimit(uploads, UPLOAD_CONCURRENCY, (file) =>
    withRetries(() => {
      // Counted in a transform on the way: a 'data' listener on the file stream
      // would start it flowing before the HTTP client reads it, and lose bytes.
      const counted = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          progress.add(chunk.length);
          callback(null, chunk);
        },
      });
      // pipeline, not pipe: a read error must fail the upload rather than leave it waiting.
      pipeline(createReadStream(file.absPath), counted, () => undefined);
      return client.uploadBlob(file.sha256, counted);
    }),
  );
  progress.done();
  const bundle = await client.createBundle(tree.files.map(({ path, sha256, size, mode }) => ({ path, sha256, size, mode })));
  return { id: bundle.id, tree, uploadedFiles: uploads.length, uploadedBytes };
}

/** The line every submit with code prints; tests and users read the numbers. */
export function describeShipment(shipped: ShippedCode): string {
  const { id, tree, uploadedFiles, uploadedBytes } = shipped;
  return `bundle ${id.slice(0, 12)}: ${tree.files.length} files, ${tree.totalBytes} bytes; uploaded ${uploadedFiles} files, ${uploadedBytes} bytes`;
}
