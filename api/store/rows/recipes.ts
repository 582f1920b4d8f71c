import type { Labels } from '../../../core/labels.js';
import type { Parameter } from '../../../core/params.js';
import { parse } from '../json-column.js';

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

export interface RecipeRow {
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

export const fromRow = (row: RecipeRow): Recipe => ({
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
