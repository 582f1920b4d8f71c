/**
 * Follows a job's log live to `out` until the job is over. A dropped stream
 * (network, service restart, an idle connection cut by a proxy) is picked up
 * again from the bytes already written, so nothing is printed twice or lost.
 */
import { once } from 'node:events';
import { Backoff, pause } from '../core/backoff.js';
import { isRetryable } from '../sdk/request-errors.js';
import { isTerminal } from '../core/states.js';
import type { AweClient, Job } from '../sdk/index.js';

async function write(out: NodeJS.WritableStream, chunk: Buffer): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

/** The job once final, or undefined when `signal` stopped the wait first. */
export async function followJob(client: AweClient, id: number, out: NodeJS.WritableStream, signal?: AbortSignal): Promise<Job | undefined> {
  let offset = 0;
  const backoff = new Backoff(300, 5_000);
  while (!signal?.aborted) {
    try {
      const body = await client.log(id, { offset, follow: true, signal });
      for await (const chunk of body) {
        offset += (chunk as Buffer).length;
        await write(out, chunk as Buffer);
        backoff.reset();
      }
      // The service ends the stream once the job is final and all of its log was sent.
      const job = await client.getJob(id);
      if (isTerminal(job.state)) return job;
    } catch (err) {
      if (signal?.aborted) break;
      if (!isRetryable(err)) throw err;
      await pause(backoff.next(), signal);
    }
  }
  return undefined;
}
