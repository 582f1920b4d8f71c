import type { JobProvenance, Provenance } from '../../schemas/provenance.js';
import type { Awe } from '../context.js';
import type { Principal } from '../plugins/auth.js';
import { parse, type JobRow } from '../store/store.js';
import { canSeePrivate } from './access.js';
import { attemptViews } from './attempt-view.js';
import { keyedDigest } from './keyed-digest.js';

type Sealed = { env: Record<string, string>; settings: Record<string, string> };

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** The full settings and env of a job (secret values opened), only ever digested here, never shown. */
export function jobVariables(awe: Awe, row: JobRow): Sealed {
  const secret = row.sealed_secrets ? awe.box.open<Sealed>(row.sealed_secrets) : { env: {}, settings: {} };
  return {
    env: { ...parse<Record<string, string>>(row.env), ...secret.env },
    settings: { ...parse<Record<string, string>>(row.settings), ...secret.settings },
  };
}

const digested = (key: Buffer, values: Record<string, string>) => ({ names: Object.keys(values).sort(), digest: keyedDigest(key, values) });

/** One job's record: what went in (code, command, args, setting names, inputs by hash) and what came out, where and by whom. */
export async function jobProvenance(awe: Awe, row: JobRow, principal: Principal | null): Promise<JobProvenance> {
  const records = await awe.store.listAttempts(row.id);
  const last = records.at(-1);
  const variables = jobVariables(awe, row);
  const batch = parse<{ id?: string } | null>(row.batch);
  return {
    job: row.id,
    recipe: row.recipe,
    state: row.state,
    submitter: row.owner,
    command: parse(row.command),
    args: parse(row.args),
    ...(row.params === null ? {} : { params: parse(row.params) }),
    bundle: row.bundle,
    baseDigest: last?.baseDigest ?? null,
    agentVersion: last?.agentVersion ?? null,
    settings: digested(awe.digestKey, variables.settings),
    env: digested(awe.digestKey, variables.env),
    inputs: await awe.store.inputFiles(row),
    outputs: row.expired_at === null ? await awe.store.listOutputs(row.id) : [],
    node: last?.node ?? null,
    siteLabels: last?.labels ?? {},
    executor: last?.executor ?? null,
    batchId: batch?.id ?? null,
    createdAt: iso(row.created_at)!,
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    attempts: attemptViews(records, principal, row.owner),
  };
}

/**
 * Provenance of a job and, with `all`, of its whole chain of ancestors, nearest
 * first. Ancestors the caller may not read are named in `withheld` only.
 */
export async function provenance(awe: Awe, row: JobRow, principal: Principal | null, depth: 'one' | 'all'): Promise<Provenance> {
  const own = await jobProvenance(awe, row, principal);
  if (depth === 'one') return own;
  const ancestors: JobProvenance[] = [];
  const withheld: number[] = [];
  for (const id of await awe.store.ancestorIds(row.id)) {
    const ancestor = (await awe.store.getJobRow(id))!;
    if (canSeePrivate(principal, ancestor.owner)) ancestors.push(await jobProvenance(awe, ancestor, principal));
    else withheld.push(id);
  }
  return { ...own, ancestors, withheld };
}
