import type { Labels } from '../../../core/labels.js';
import type { Parameter } from '../../../core/params.js';
import type { Db } from './db.js';
import { json, parse, stmt } from './statements.js';

export interface Recipe {
  name: string;
  command: string[];
  description: string;
  placement: string | null;
  /** Labels an agent must carry on top of the placement's routing. */
  labels: Labels;
  minMemoryMB: number | null;
  timeoutSeconds: number | null;
  maxAttempts: number;
  priority: number;
  resources: Record<string, unknown>;
  /** What a submit's `params` may name; empty for recipes that take free args only. */
  parameters: Parameter[];
  updatedAt: number;
}

interface RecipeRow {
  name: string;
  command: string;
  description: string;
  placement: string | null;
  labels: string;
  min_memory_mb: number | null;
  timeout_seconds: number | null;
  max_attempts: number;
  priority: number;
  resources: string;
  parameters: string;
  updated_at: number;
}

const fromRow = (row: RecipeRow): Recipe => ({
  name: row.name,
  command: parse(row.command),
  description: row.description,
  placement: row.placement,
  labels: parse(row.labels),
  minMemoryMB: row.min_memory_mb,
  timeoutSeconds: row.timeout_seconds,
  maxAttempts: row.max_attempts,
  priority: row.priority,
  resources: parse(row.resources),
  parameters: parse(row.parameters),
  updatedAt: row.updated_at,
});

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
