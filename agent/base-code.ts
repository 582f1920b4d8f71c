/**
 * What the node's base code is, for provenance and reuse: the bundle id of its
 * tree (every regular file, bytecode and version control left out, as the CLI
 * ships a developer's tree), so that "the same base code" means the same bytes
 * on every node. Computed once at start; the agent's version goes with it.
 */
import { createReadStream } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { bundleId, isCodeLitter, normalizeMode, type BundleFile } from '../core/bundle-manifest.js';
import { mapLimit } from '../core/concurrency.js';
import { hashStream } from '../core/sha256-stream.js';

export const AGENT_VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

export async function baseCodeDigest(root: string): Promise<string> {
  const paths: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    for (const entry of await readdir(join(root, rel), { withFileTypes: true })) {
      const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (isCodeLitter(entry.name, entry.isDirectory())) continue;
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) paths.push(path);
    }
  };
  await walk('');
  const files = await mapLimit(paths, 8, async (path): Promise<BundleFile> => {
    const abs = join(root, path);
    const { mode } = await lstat(abs);
    const { sha256, size } = await hashStream(createReadStream(abs));
    return { path, sha256, size, mode: normalizeMode(mode) };
  });
  return bundleId(files);
}
