/**
 * The files of one attempt: its bundle and inputs fetched into the node's
 * bundle cache and laid out in the job directory, and its outputs uploaded
 * when the recipe is done.
 */
import { createReadStream } from 'node:fs';
import { lstat, readdir, rename, rm } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Logger } from 'pino';
import type { BundleFile } from '../core/bundle-manifest.js';
import { Backoff, isRetryable, pause, type AweClient, type ClaimedJob } from '@awe-dp/sdk';
import type { BundleCache, FetchBlob } from './bundle-cache.js';
import type { JobDir } from './job-dir.js';
import type { SiteCache } from './site-cache.js';

/**
 * Bundle → `<work>/code`; each input → `<work>/<its path>`. Any error here is the job's bundle_error.
 * Contents come through the site cache when the agent has one; manifests always from the service.
 * Answers the sha256s of the bundle's blobs (none without a bundle), by which the node says it holds the bundle.
 */
export async function materializeJobFiles(client: AweClient, cache: BundleCache, job: ClaimedJob, dir: JobDir, siteCache: SiteCache | null): Promise<string[]> {
  const ensure = (files: BundleFile[], fromService: FetchBlob): Promise<void> =>
    siteCache ? siteCache.ensure(cache, files, job.jobToken, fromService) : cache.ensure(files, fromService);
  let bundleShas: string[] = [];
  if (job.bundle) {
    const bundle = await client.getBundle(job.bundle, job.jobToken);
    const files = bundle.files as BundleFile[];
    await ensure(files, (sha) => client.downloadBlob(sha, job.jobToken));
    await cache.materialize(files, dir.codeDir);
    bundleShas = files.map((file) => file.sha256);
  }
  if (job.inputs.length === 0) return bundleShas;
  // Inputs are named by the output they come from; the cache wants them by sha.
  const bySha = new Map(job.inputs.map((input) => [input.sha256, input]));
  const files: BundleFile[] = job.inputs.map((input) => ({ path: input.path, sha256: input.sha256, size: input.size, mode: 0o644 }));
  await ensure(files, (sha) => {
    const input = bySha.get(sha)!;
    return client.downloadOutput(input.job, input.path, job.jobToken);
  });
  // materialize() wants an empty directory; the work directory is not, so the
  // inputs are laid out beside it and moved in, refusing to cover the job's own files.
  const staging = join(dir.path, '.awe-inputs');
  await cache.materialize(files, staging);
  for (const name of await readdir(staging)) {
    const target = join(dir.workDir, name);
    const taken = await lstat(target).then(
      () => true,
      () => false,
    );
    if (taken) throw new Error(`input "${name}" would cover the job's own ${name}; rename the input`);
    await rename(join(staging, name), target);
  }
  await rm(staging, { recursive: true, force: true });
  return bundleShas;
}

/**
 * Regular files under `root` (symlinks are skipped: they could point at any file of the node).
 * The recipe may have replaced `root` itself by a symlink (to the agent's work dir, say): then nothing is uploaded.
 */
async function regularFiles(root: string, log: Logger): Promise<string[]> {
  const found: string[] = [];
  const top = await lstat(root).catch(() => null);
  if (top !== null && !top.isDirectory()) {
    log.warn('the output directory was replaced by something that is not a directory; nothing uploaded');
    return found;
  }
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) found.push(path);
      else log.warn({ path: relative(root, path) }, 'output is not a regular file; not uploaded');
    }
  };
  await walk(root).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
  return found.sort();
}

const UPLOAD_TRIES = 5;

/** Uploads every file of the output dir; network trouble is retried, other errors (and a lost lease) thrown. */
export async function uploadOutputs(client: AweClient, job: ClaimedJob, outputDir: string, log: Logger, signal?: AbortSignal): Promise<number> {
  const files = await regularFiles(outputDir, log);
  for (const file of files) {
    const path = relative(outputDir, file).split(sep).join('/');
    const backoff = new Backoff(500, 5_000);
    for (let attempt = 1; ; attempt++) {
      try {
        await client.uploadOutput(job.id, job.epoch, path, createReadStream(file));
        break;
      } catch (err) {
        if (!isRetryable(err) || attempt >= UPLOAD_TRIES || signal?.aborted) throw err;
        await pause(backoff.next(), signal);
      }
    }
  }
  return files.length;
}
