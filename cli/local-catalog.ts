/**
 * The command of a recipe for `-local`: from the service's catalog when it
 * answers, else from a catalog file on this machine (`AWE_CATALOG`, default
 * `~/.awe/recipes.json`, shaped `{"Bias": {"command": ["python3", "-m", "opipe.recipes.Bias"]}}`),
 * so a recipe can be run on a laptop with no network.
 */
import { readFile } from 'node:fs/promises';
import type { AweClient } from '@awe-dp/sdk';
import { awePath } from './config.js';
import { CliError } from './errors.js';

export interface RecipeCommand {
  command: string[];
  /** Where it came from, for the user. */
  source: string;
}

function catalogPath(env: NodeJS.ProcessEnv): string {
  return env.AWE_CATALOG || awePath('recipes.json');
}

async function fromCatalogFile(path: string, recipe: string): Promise<string[] | string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    return `${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`;
  }
  let catalog: unknown;
  try {
    catalog = JSON.parse(text);
  } catch (err) {
    throw new CliError(`${path}: not valid JSON: ${(err as Error).message}`);
  }
  const entry = (catalog as Record<string, { command?: unknown } | undefined> | null)?.[recipe];
  if (entry === undefined) return `${path} has no recipe "${recipe}"`;
  const command = entry?.command;
  if (!Array.isArray(command) || command.length === 0 || !command.every((word) => typeof word === 'string' && word !== '')) {
    throw new CliError(`${path}: "${recipe}".command must be a non-empty list of strings`);
  }
  return command as string[];
}

/** `client` is undefined when no service is configured. */
export async function recipeCommand(recipe: string, client: AweClient | undefined, env: NodeJS.ProcessEnv): Promise<RecipeCommand> {
  const tried: string[] = [];
  if (client !== undefined) {
    try {
      return { command: (await client.getRecipe(recipe)).command, source: `the catalog of ${client.server}` };
    } catch (err) {
      tried.push(`${client.server}: ${(err as Error).message}`);
    }
  } else {
    tried.push('no service configured (AWE_SERVER)');
  }
  const path = catalogPath(env);
  const found = await fromCatalogFile(path, recipe);
  if (typeof found !== 'string') return { command: found, source: path };
  tried.push(found);
  throw new CliError(`cannot find recipe "${recipe}" for a local run: ${tried.join('; ')}`);
}
