/** `awrecipe explain -task RECIPE [-node N]`: where a submit would run now, or why it would wait. */
import type { ConnectionFlags } from '../args.js';
import { withClient } from '../config.js';
import { table } from '../format.js';

export function explain(recipe: string, node: string | undefined, flags: ConnectionFlags, env: NodeJS.ProcessEnv): Promise<number> {
  return withClient(flags, env, async (client) => {
    const answer = await client.explain(node === undefined ? { recipe } : { recipe, node });
    const selector = Object.entries(answer.selector).map(([name, value]) => `${name}=${value}`).join(',') || '(any node)';
    const lines = [answer.summary, `rule: ${answer.rule}; nodes with ${selector}`];
    if (answer.nodes.length > 0) {
      const rows = answer.nodes.map((n) => [n.name, n.matches ? 'yes' : 'no', String(n.freeSlots), n.reason ?? '']);
      lines.push('', table([['NODE', 'MATCHES', 'FREE', 'WHY NOT'], ...rows]));
    }
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  });
}
