import type { JobSpec, RerunEdits } from '../../schemas/jobs.js';
import type { Awe } from '../context.js';
import { ApiError } from '../errors.js';
import { parse, type JobRow } from '../store/store.js';
import { jobVariables } from './provenance.js';
import type { Origin } from './submit-job.js';

/** Merges edits by key (null removes one), noting `kind.NAME` for every value that changed. */
function merge(kind: string, base: Record<string, string>, edits: Record<string, string | null> | undefined, changes: string[]) {
  const merged = { ...base };
  for (const [name, value] of Object.entries(edits ?? {})) {
    if (value === null) delete merged[name];
    else merged[name] = value;
    if (base[name] !== merged[name]) changes.push(`${kind}.${name}`);
  }
  return merged;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * The spec of a rerun of `row` with `edits`: the original as it was submitted
 * (asked priority, requested node, env and settings with their secret values,
 * inputs and parents), edited; and the list of what differs from it.
 */
export async function rerunSpec(awe: Awe, row: JobRow, edits: RerunEdits): Promise<{ spec: JobSpec; origin: Origin }> {
  if (edits.args !== undefined && edits.params !== undefined) throw new ApiError('AWE_ERR_VALIDATION', 'give either args or params, not both');
  const changes: string[] = [];
  const variables = jobVariables(awe, row);
  const spec: JobSpec = {
    recipe: row.recipe,
    env: merge('env', variables.env, edits.env, changes),
    settings: merge('settings', variables.settings, edits.settings, changes),
    priority: edits.priority ?? row.asked_priority,
    maxAttempts: row.max_attempts,
    inputs: parse(row.inputs),
    after: await awe.store.parentsOf(row.id),
    // A rerun asks for the work to be done again: it never takes an identical job's outputs, whatever the recipe's default.
    reuse: false,
  };
  if (edits.params !== undefined) {
    spec.params = edits.params;
    if (!same(edits.params, parse(row.params))) changes.push('params');
  } else {
    spec.args = edits.args ?? parse<string[]>(row.args);
    if (!same(spec.args, parse(row.args))) changes.push('args');
  }
  const node = edits.node === undefined ? row.requested_node : edits.node;
  if (node !== null) spec.node = node;
  if (node !== row.requested_node) changes.push('node');
  const bundle = edits.bundle === undefined ? row.bundle : edits.bundle;
  if (bundle !== null) spec.bundle = bundle;
  if (bundle !== row.bundle) changes.push('bundle');
  if (spec.priority !== row.asked_priority) changes.push('priority');
  if (row.timeout_seconds !== null) spec.timeoutSeconds = row.timeout_seconds;
  return { spec, origin: { rerunOf: row.id, rerunChanges: changes } };
}
