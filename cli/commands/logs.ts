/** `awrecipe logs JOB [-f]`: the log so far, or followed until the job ends (Ctrl-C only stops following). */
import { pipeline } from 'node:stream/promises';
import type { ConnectionFlags } from '../args.js';
import { withClient } from '../config.js';
import { followJob } from '../follow.js';

export function logs(job: number, follow: boolean, flags: ConnectionFlags, env: NodeJS.ProcessEnv): Promise<number> {
  return withClient(flags, env, async (client) => {
    if (follow) await followJob(client, job, process.stdout);
    else await pipeline(await client.log(job), process.stdout, { end: false });
    return 0;
  });
}
