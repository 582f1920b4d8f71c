/** `awrecipe attempts JOB`: every attempt of a job, one line each. */
import type { ConnectionFlags } from '../args.js';
import { withClient } from '../config.js';

export function attempts(job: number, flags: ConnectionFlags, env: NodeJS.ProcessEnv): Promise<number> {
  return withClient(flags, env, async (client) => {
    for (const a of (await client.listAttempts(job)).attempts) {
      const end = a.exitCode !== null ? `exit ${a.exitCode}` : a.signal ? `signal ${a.signal}` : '';
      const how = [a.outcome ?? 'running', a.failureReason, end].filter(Boolean).join(', ');
      const outputs = a.outputs === undefined ? '' : `  ${a.outputs.length} outputs`;
      process.stdout.write(`#${a.epoch}  ${a.node || '-'}  ${a.startedAt}  ${how}${outputs}${a.message ? `  (${a.message})` : ''}\n`);
    }
    return 0;
  });
}
