import { formatSelector, type Labels } from '../../core/labels.js';
import type { Recipe, Route } from '../store/store.js';

export interface Placement {
  selector: Labels;
  requestedNode: string | null;
  minMemoryMB: number | null;
  resources: Record<string, unknown>;
  /** In words: which rule chose the nodes, for `pendingReason` and explain. */
  rule: string;
}

/**
 * Where a job may run. The management's routing table maps the recipe's
 * placement to a label selector; the recipe may add labels and a memory floor;
 * a user allowed to route may name a node instead of the default routing.
 */
export function place(recipe: Recipe, route: Route | undefined, requestedNode: string | null): Placement {
  const resources = { ...(route?.resources ?? {}), ...recipe.resources };
  const minMemoryMB = recipe.minMemoryMB;
  if (requestedNode !== null) {
    return { selector: {}, requestedNode, minMemoryMB, resources, rule: `node ${requestedNode} requested by the submitter` };
  }
  const selector = { ...(route?.selector ?? {}), ...recipe.labels };
  const rules: string[] = [];
  if (recipe.placement !== null) {
    rules.push(
      route
        ? `routing: placement ${recipe.placement} → ${formatSelector(route.selector)}`
        : `placement ${recipe.placement} has no route: any node`,
    );
  } else {
    rules.push('recipe has no placement: any node');
  }
  if (Object.keys(recipe.labels).length > 0) rules.push(`recipe ${recipe.name} requires ${formatSelector(recipe.labels)}`);
  if (minMemoryMB !== null) rules.push(`recipe ${recipe.name} needs ${minMemoryMB} MB of memory`);
  return { selector, requestedNode: null, minMemoryMB, resources, rule: rules.join('; ') };
}
