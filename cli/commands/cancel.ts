/** `awrecipe cancel JOB`. */
import type { ConnectionFlags } from '../args.js';
import { withClient } from '../config.js';

export function cancel(job: number, flags: ConnectionFlags, env: NodeJS.ProcessEnv): Promise<number> {
  return withClient(flags, env, async (client) => {
    const after = await client.cancelJob(job);
    // A running job is stopped by its agent: until it confirms, the job is "cancelling".
    process.stdout.write(after.state === 'cancelling' ? `job ${job} cancelling (its agent is stopping it)\n` : `job ${job} ${after.state}\n`);
    return 0;
  });
}
