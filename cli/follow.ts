/**
 * Follows a job's log live to `out` until the job is over; the SDK's followLog
 * picks a dropped stream up again from the bytes already written.
 */
import { once } from 'node:events';
import { isFinal, type AweClient, type Job } from '@awe-dp/sdk';

/** The job once final, or undefined when `signal` stopped the wait first. */
export async function followJob(client: AweClient, id: number, out: NodeJS.WritableStream, signal?: AbortSignal): Promise<Job | undefined> {
  for await (const chunk of client.followLog(id, { signal })) {
    if (!out.write(chunk)) await once(out, 'drain');
  }
  if (signal?.aborted) return undefined;
  const job = await client.getJob(id);
  return isFinal(job.state) ? job : undefined;
}
