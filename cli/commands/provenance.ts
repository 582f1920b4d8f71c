/** `awrecipe provenance JOB [--all] [--ro-crate]`: what went into a job, as JSON (or a Workflow Run RO-Crate). */
import type { ConnectionFlags } from '../args.js';
import { withClient } from '../config.js';

export function provenance(job: number, all: boolean, crate: boolean, flags: ConnectionFlags, env: NodeJS.ProcessEnv): Promise<number> {
  return withClient(flags, env, async (client) => {
    const depth = all ? 'all' : 'one';
    const record = crate ? await client.provenanceCrate(job, depth) : await client.provenance(job, depth);
    process.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
    return 0;
  });
}
