import { fromRow, type Recipe, type RecipeRow } from '../rows/recipes.js';
import type { Sql } from './sql.js';

export async function getRecipe(sql: Sql, name: string): Promise<Recipe | undefined> {
  const row = (await sql.query<RecipeRow>('SELECT * FROM recipes WHERE name = $1', [name])).rows[0];
  return row && fromRow(row);
}

export async function listRecipes(sql: Sql): Promise<Recipe[]> {
  return (await sql.query<RecipeRow>('SELECT * FROM recipes ORDER BY name')).rows.map(fromRow);
}

/** Creates or replaces a recipe; true when it was new (xmax is 0 only on a row this statement inserted). */
export async function putRecipe(sql: Sql, recipe: Recipe): Promise<boolean> {
  const { rows } = await sql.query<{ created: boolean }>(
    `INSERT INTO recipes (name, command, description, placement, labels, min_memory_mb, timeout_seconds, max_attempts,
       priority, resources, parameters, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT (name) DO UPDATE SET command = excluded.command, description = excluded.description,
       placement = excluded.placement, labels = excluded.labels, min_memory_mb = excluded.min_memory_mb,
       timeout_seconds = excluded.timeout_seconds, max_attempts = excluded.max_attempts,
       priority = excluded.priority, resources = excluded.resources, parameters = excluded.parameters, updated_at = excluded.updated_at
     RETURNING xmax = 0 AS created`,
    [
      recipe.name,
      JSON.stringify(recipe.command),
      recipe.description,
      recipe.placement,
      JSON.stringify(recipe.labels),
      recipe.minMemoryMB,
      recipe.timeoutSeconds,
      recipe.maxAttempts,
      recipe.priority,
      JSON.stringify(recipe.resources),
      JSON.stringify(recipe.parameters),
      recipe.updatedAt,
    ],
  );
  return rows[0].created;
}

export async function deleteRecipe(sql: Sql, name: string): Promise<boolean> {
  return (await sql.query('DELETE FROM recipes WHERE name = $1', [name])).rowCount === 1;
}
