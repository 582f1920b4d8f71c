/** `awrecipe help RECIPE`: the catalog's description and parameters of a recipe, as the web form shows them. */
import { formatParameter } from '../../core/params.js';
import type { ConnectionFlags } from '../args.js';
import { withClient } from '../config.js';

export function recipeHelp(name: string, flags: ConnectionFlags, env: NodeJS.ProcessEnv): Promise<number> {
  return withClient(flags, env, async (client) => {
    const recipe = await client.getRecipe(name);
    const lines = [`${recipe.name}: ${recipe.description || '(no description)'}`, `runs: ${recipe.command.join(' ')} [args…]`];
    if (recipe.placement !== null) lines.push(`placement: ${recipe.placement}`);
    if (recipe.parameters.length === 0) lines.push('', 'parameters: none declared; everything after -task is passed to the recipe as is');
    else lines.push('', 'parameters (after -task RECIPE, as the recipe spells them):', ...recipe.parameters.map((p) => `  ${formatParameter(p)}`));
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  });
}
