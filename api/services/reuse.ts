import { createHash } from 'node:crypto';
import { misfit } from '../../core/fit.js';
import type { JobSpec } from '../../schemas/jobs.js';
import type { Awe } from '../context.js';
import type { JobRow, Recipe, Store } from '../store/store.js';
import { keyedDigest } from './keyed-digest.js';
import type { Placement } from './placement.js';

/** What a submit knows of a job before it is stored: enough to tell identical work. */
export interface ReuseCandidate {
  owner: string;
  recipe: Recipe;
  spec: JobSpec;
  args: string[];
  where: Placement;
  inputs: Array<{ job: number; path: string }>;
  after: number[];
  /** Its full settings and env, secret values included: they are only ever digested under the service key. */
  settings: Record<string, string>;
  env: Record<string, string>;
  hasSecrets: boolean;
}

/**
 * The reuse key: the recipe's command, the args, the bundle (its id is its
 * manifest's digest), each input's path and content hash, and keyed digests of
 * the settings and env, so that the key reveals no value and cannot be guessed
 * offline. Null while some input's content is not known yet.
 */
async function reuseKey(awe: Awe, s: Store, job: ReuseCandidate): Promise<string | null> {
  const files = await s.inputFiles({ inputs: JSON.stringify(job.inputs) });
  if (files.some((file) => file.sha256 === null)) return null;
  const parts = [
    job.recipe.command,
    job.args,
    job.spec.bundle ?? null,
    files.map((file) => [file.path, file.sha256]),
    keyedDigest(awe.digestKey, job.settings),
    keyedDigest(awe.digestKey, job.env),
  ];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** The job that actually ran for a result that may have been passed on by reuse. */
async function originOf(s: Store, row: JobRow): Promise<JobRow> {
  let origin = row;
  while (origin.reused_from !== null) origin = (await s.getJobRow(origin.reused_from))!;
  return origin;
}

/**
 * Whether a result is still what running the job now would give as far as the
 * code goes: the base code its attempt ran with is what every online node that
 * could run the job reports now (and some such node does).
 */
async function sameBaseCode(s: Store, source: JobRow, job: ReuseCandidate): Promise<boolean> {
  const base = (await s.listAttempts((await originOf(s, source)).id)).at(-1)?.baseDigest ?? null;
  if (base === null) return false;
  const route = { selector: job.where.selector, requestedNode: job.where.requestedNode, minMemoryMB: job.where.minMemoryMB, shipsCode: job.spec.bundle !== undefined };
  const fitting = (await s.listAgents()).filter((agent) => agent.state === 'online' && misfit(route, agent) === null);
  return fitting.length > 0 && fitting.every((agent) => agent.baseDigest === base);
}

/** Whether a submit of this spec looks for identical work to reuse. */
export const reuseAsked = (recipe: Recipe, spec: JobSpec): boolean => recipe.reusable && (spec.reuse ?? recipe.reuse);

/**
 * Decides whether a job submitted with reuse takes identical work: its key,
 * and the identical job whose outputs it takes or waits for. Reuse stays within
 * one owner, except for catalog recipes run without a user bundle and without
 * secrets, whose products are the survey's shared data. Jobs whose parents
 * have not all succeeded run as usual (their inputs' content is not known yet).
 */
export async function planReuse(awe: Awe, s: Store, job: ReuseCandidate): Promise<{ reuseKey?: string; reusedFrom?: number }> {
  if (!reuseAsked(job.recipe, job.spec)) return {};
  for (const parent of job.after) if ((await s.jobState(parent)) !== 'succeeded') return {};
  const key = await reuseKey(awe, s, job);
  if (key === null) return {};
  const shared = job.spec.bundle === undefined && !job.hasSecrets;
  const match = await s.findReusable(key, job.owner, shared);
  if (!match) return { reuseKey: key };
  if (match.state !== 'succeeded') return { reuseKey: key, reusedFrom: match.id };
  return (await sameBaseCode(s, match, job)) ? { reuseKey: key, reusedFrom: match.id } : { reuseKey: key };
}
