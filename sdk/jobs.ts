/**
 * What a user does with a submitted job: follow its log live, wait until it is
 * final, fetch its outputs. Written once here for the CLI and SDK users alike.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Backoff, pause } from './backoff.js';
import type { AweClient } from './client.js';
import { isRetryable } from './request-errors.js';
import { FINAL_STATES } from './service-constants.js';
import type { Job, JobState } from './types.js';

export const isFinal = (state: JobState): boolean => (FINAL_STATES as readonly JobState[]).includes(state);

export interface FollowOptions {
  /** Start at this byte of the log (default 0). */
  offset?: number;
  signal?: AbortSignal;
}

/**
 * The log's bytes as they come, until the job is final. A dropped stream
 * (network, service restart, an idle connection cut by a proxy) is picked up
 * again from the bytes already yielded, so nothing comes twice or goes missing.
 */
export async function* followLog(client: AweClient, id: number, options: FollowOptions = {}): AsyncGenerator<Buffer> {
  let offset = options.offset ?? 0;
  const { signal } = options;
  const backoff = new Backoff(300, 5_000);
  while (!signal?.aborted) {
    try {
      const body = await client.log(id, { offset, follow: true, signal });
      for await (const chunk of body) {
        offset += (chunk as Buffer).length;
        backoff.reset();
        yield chunk as Buffer;
      }
      // The service ends the stream once the job is final and all of its log was sent.
      if (isFinal((await client.getJob(id)).state)) return;
    } catch (err) {
      if (signal?.aborted) return;
      if (!isRetryable(err)) throw err;
      await pause(backoff.next(), signal);
    }
  }
}

export interface WaitOptions {
  /** The longest pause between two looks at the job (default 2 s). */
  maxIntervalMs?: number;
  signal?: AbortSignal;
}

/** Looks at the job, more rarely the longer it runs, until it is final; an aborted wait throws the signal's reason. */
export async function waitForJob(client: AweClient, id: number, options: WaitOptions = {}): Promise<Job> {
  let interval = 100;
  for (;;) {
    options.signal?.throwIfAborted();
    const job = await client.getJob(id);
    if (isFinal(job.state)) return job;
    await pause(interval, options.signal);
    interval = Math.min(interval * 2, options.maxIntervalMs ?? 2_000);
  }
}

export interface DownloadedOutput {
  path: string;
  /** Where it was written. */
  file: string;
  size: number;
  sha256: string;
}

/**
 * Every output of the job into `dir`, its relative paths kept. A path that
 * would lead out of `dir` is refused whatever the service answers, and a file
 * whose bytes do not match the listed SHA-256 is not kept. With `cache` (a
 * site's awe-cache) the bytes are read there with a short-lived content token
 * (never the user's own token); what the cache does not deliver whole and
 * right is read from the service.
 */
export async function downloadOutputs(client: AweClient, id: number, dir: string, cache?: AweClient): Promise<DownloadedOutput[]> {
  const root = resolve(dir);
  const done: DownloadedOutput[] = [];
  const { outputs } = await client.listOutputs(id);
  const contentToken = cache && outputs.length > 0 ? (await client.createContentToken()).token : undefined;
  for (const output of outputs) {
    const file = resolve(root, output.path);
    if (!file.startsWith(root + sep)) throw new Error(`job ${id}: output path ${JSON.stringify(output.path)} leads out of ${root}`);
    await mkdir(dirname(file), { recursive: true });
    const partial = `${file}.part`;
    const fetchTo = async (open: () => Promise<NodeJS.ReadableStream>): Promise<void> => {
      const hash = createHash('sha256');
      const hashing = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          hash.update(chunk);
          callback(null, chunk);
        },
      });
      await pipeline(await open(), hashing, createWriteStream(partial));
      const sha256 = hash.digest('hex');
      if (sha256 !== output.sha256) {
        await rm(partial, { force: true });
        throw new Error(`job ${id}: ${output.path} arrived with SHA-256 ${sha256}, listed as ${output.sha256}`);
      }
    };
    const viaCache = cache && contentToken !== undefined ? await fetchTo(() => cache.downloadBlob(output.sha256, contentToken)).then(() => true, () => false) : false;
    if (!viaCache) await fetchTo(() => client.downloadOutput(id, output.path));
    await rename(partial, file);
    done.push({ path: output.path, file, size: output.size, sha256: output.sha256 });
  }
  return done;
}
