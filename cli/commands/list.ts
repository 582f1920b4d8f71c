/** `awrecipe list [--state S] [--mine] [--limit N]`: the newest N jobs (100 by default), one line each. */
import type { Job, JobState } from '@awe-dp/sdk';
import type { ConnectionFlags } from '../args.js';
import { withClient } from '../config.js';
import { table } from '../format.js';

export function list(state: JobState | undefined, mine: boolean, limit: number, flags: ConnectionFlags, env: NodeJS.ProcessEnv): Promise<number> {
  return withClient(flags, env, async (client) => {
    const owner = mine ? (await client.me()).username : undefined;
    const jobs: Job[] = [];
    let cursor: string | undefined;
    let more = false;
    do {
      const page = await client.listJobs({ state, owner, cursor, limit: Math.min(500, limit - jobs.length) });
      jobs.push(...page.jobs);
      cursor = page.nextCursor ?? undefined;
      more = cursor !== undefined;
    } while (more && jobs.length < limit);
    const rows = jobs.map((job) => [
      String(job.id),
      job.state,
      job.exitCode === null ? '-' : String(job.exitCode),
      job.recipe,
      job.owner,
      job.node ?? '-',
      job.createdAt,
    ]);
    process.stdout.write(`${table([['ID', 'STATE', 'EXIT', 'RECIPE', 'OWNER', 'NODE', 'CREATED'], ...rows])}\n`);
    if (more) process.stderr.write(`(older jobs not shown: --limit ${limit * 2} shows more)\n`);
    return 0;
  });
}
