/** `awrecipe list [--state S] [--mine]`: newest first, one line per job. */
import type { JobState } from '../../sdk/index.js';
import type { ConnectionFlags } from '../args.js';
import { withClient } from '../config.js';
import { table } from '../format.js';

export function list(state: JobState | undefined, mine: boolean, flags: ConnectionFlags, env: NodeJS.ProcessEnv): Promise<number> {
  return withClient(flags, env, async (client) => {
    const owner = mine ? (await client.me()).username : undefined;
    const { jobs } = await client.listJobs({ state, owner });
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
    return 0;
  });
}
