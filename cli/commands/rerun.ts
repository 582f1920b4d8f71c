/** `awrecipe rerun JOB [-- args…]`: the job again, with new recipe args when given; prints the new job. */
import type { ConnectionFlags } from '../args.js';
import { withClient } from '../config.js';

export function rerun(job: number, args: string[] | undefined, flags: ConnectionFlags, env: NodeJS.ProcessEnv): Promise<number> {
  return withClient(flags, env, async (client) => {
    const again = await client.rerunJob(job, args === undefined ? {} : { args });
    const changed = again.rerunChanges?.length ? `changed: ${again.rerunChanges.join(', ')}` : 'unchanged';
    process.stdout.write(`job ${again.id} reruns job ${job} (${changed}), ${again.state}\n`);
    return 0;
  });
}
