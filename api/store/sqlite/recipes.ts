import { fromRow, type Recipe, type RecipeRow } from '../rows/recipes.js';
import type { Db } from './db.js';
import { json, stmt } from './statements.js';

export type { Recipe };

export function getRecipe(db: Db, name: string): Recipe | undefined {
  const row = stmt<[string], RecipeRow>(db, 'SELECT * FROM recipes WHERE name = ?').get(name);
  return row && fromRow(row);
}

export function listRecipes(db: Db): Recipe[] {
  return stmt<[], RecipeRow>(db, 'SELECT * FROM recipes ORDER BY name').all().map(fromRow);
}

/** Creates or replaces a recipe; true when it was new. */
export function putRecipe(db: Db, recipe: Recipe): boolean {
  const existed = getRecipe(db, recipe.name) !== undefined;
  stmt(
    db,
    `INSERT INTO recipes (name, command, description, placement, labels, min_memory_mb, timeout_seconds, max_attempts,
       priority, resources, parameters, updated_at)
     VALUES (@name, @command, @description, @placement, @labels, @minMemoryMB, @timeoutSeconds, @maxAttempts,
       @priority, @resources, @parameters, @updatedAt)
     ON CONFLICT (name) DO UPDATE SET command = excluded.command, description = excluded.description,
       placement = excluded.placement, labels = excluded.labels, min_memory_mb = excluded.min_memory_mb,
       timeout_seconds = excluded.timeout_seconds, max_attempts = excluded.max_attempts,
       priority = excluded.priority, resources = excluded.resources, parameters = excluded.parameters, updated_at = excluded.updated_at`,
  ).run({ ...recipe, command: json(recipe.command), labels: json(recipe.labels), resources: json(recipe.resources), parameters: json(recipe.parameters) });
  return !existed;
}

export function deleteRecipe(db: Db, name: string): boolean {
  return stmt(db, 'DELETE FROM recipes WHERE name = ?').run(name).changes === 1;
}
