/** `awrecipe status JOB`: one job, in a few lines. */
import type { Job } from '@awe-dp/sdk';
import type { ConnectionFlags } from '../args.js';
import { withClient } from '../config.js';

function describeJob(job: Job): string {
  const outcome = job.exitCode !== null ? `exit ${job.exitCode}` : job.signal ? `signal ${job.signal}` : '';
  const lines = [
    `job ${job.id}  ${job.recipe} ${job.args.join(' ')}`.trimEnd(),
    `state       ${job.state}${job.failureReason ? ` (${job.failureReason})` : ''}${outcome ? `, ${outcome}` : ''}`,
    `owner       ${job.owner}`,
    `node        ${job.node ?? '-'}${job.requestedNode ? ` (asked for ${job.requestedNode})` : ''}`,
    `attempts    ${job.attempts} of ${job.maxAttempts}`,
    `created     ${job.createdAt}`,
  ];
  if (job.startedAt) lines.push(`started     ${job.startedAt}`);
  if (job.finishedAt) lines.push(`finished    ${job.finishedAt}`);
  if (job.bundle) lines.push(`bundle      ${job.bundle.slice(0, 12)}`);
  if (job.pendingReason) lines.push(`waiting     ${job.pendingReason}`);
  if (job.batch) lines.push(`batch       ${job.batch.system} ${job.batch.id} ${job.batch.state}${job.batch.reason ? ` (${job.batch.reason})` : ''}`);
  if (job.message) lines.push(`message     ${job.message}`);
  return lines.join('\n');
}

export function status(job: number, flags: ConnectionFlags, env: NodeJS.ProcessEnv): Promise<number> {
  return withClient(flags, env, async (client) => {
    process.stdout.write(`${describeJob(await client.getJob(job))}\n`);
    return 0;
  });
}
