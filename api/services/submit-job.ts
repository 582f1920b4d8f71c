import { refusedLoaderEnv } from '../../core/loader-env.js';
import { ParamError, paramsToArgs } from '../../core/params.js';
import { isSecretName } from '../../core/secrets.js';
import { checkRelativePath, UnsafePathError } from '../../core/safe-path.js';
import type { JobSpec } from '../../schemas/jobs.js';
import type { Awe } from '../context.js';
import { ApiError, forbidden } from '../errors.js';
import type { Principal } from '../plugins/auth.js';
import { initialState, type Inserted, type InsertedJob, type JobRow, type NewJob, type Recipe, type Store } from '../store/store.js';
import { place } from './placement.js';
import { planReuse, reuseAsked } from './reuse.js';

type User = Extract<Principal, { kind: 'user' }>;

/** Highest priority each role may ask for; everyone may lower their own work. */
const MAX_PRIORITY = { visitor: 0, user: 10, developer: 50, admin: 100 } as const;

function split(values: Record<string, string> | undefined): { open: Record<string, string>; secret: Record<string, string> } {
  const open: Record<string, string> = {};
  const secret: Record<string, string> = {};
  for (const [name, value] of Object.entries(values ?? {})) (isSecretName(name) ? secret : open)[name] = value;
  return { open, secret };
}

/** The job's args: given as they are, or made from named params by the recipe's parameters. */
function specArgs(recipe: Recipe, spec: JobSpec): string[] {
  if (spec.params === undefined) return spec.args ?? [];
  if (spec.args !== undefined) throw new ApiError('AWE_ERR_VALIDATION', 'give either args or params, not both');
  try {
    return paramsToArgs(recipe.parameters, spec.params);
  } catch (error) {
    if (error instanceof ParamError) throw new ApiError('AWE_ERR_VALIDATION', `${recipe.name}: ${error.message}`);
    throw error;
  }
}

/** Where a spec's recipe and its placement are read. */
type Catalog = Pick<Store, 'getRecipe' | 'getRoute'>;

/** The catalog of `s`, each recipe and route read once: a batch of a thousand jobs of one recipe reads it once. */
function readOnce(s: Store): Catalog {
  const recipes = new Map<string, ReturnType<Store['getRecipe']>>();
  const routes = new Map<string, ReturnType<Store['getRoute']>>();
  const once = <V>(cache: Map<string, V>, name: string, read: () => V): V => {
    if (!cache.has(name)) cache.set(name, read());
    return cache.get(name)!;
  };
  return {
    getRecipe: (name) => once(recipes, name, () => s.getRecipe(name)),
    getRoute: (name) => once(routes, name, () => s.getRoute(name)),
  };
}

/**
 * Checks a job spec against the catalog and the submitter's rights and resolves
 * where it may run. Submit and explain share it, so explain answers exactly what
 * a submit would do, refusals included. Reads through `s`: the submit's
 * transaction, or the store for explain.
 */
export async function resolveSpec(s: Store, user: User, spec: JobSpec, catalog: Catalog = s) {
  if (user.role === 'visitor') throw forbidden('visitors may browse but not run recipes');
  const recipe = await catalog.getRecipe(spec.recipe);
  if (!recipe) throw new ApiError('AWE_ERR_VALIDATION', `unknown recipe "${spec.recipe}"; GET /v1/recipes lists them`);
  const mayRoute = user.canRoute || user.role === 'developer' || user.role === 'admin';
  if (spec.node !== undefined && !mayRoute) {
    throw forbidden('picking a node needs the canRoute permission (ask an admin) or the developer role; leave out "node" to use the default routing');
  }
  if (spec.bundle !== undefined) {
    if (user.role !== 'developer' && user.role !== 'admin') throw forbidden('only developers and admins may run their own code bundles');
    if (!(await s.hasBundle(spec.bundle))) throw new ApiError('AWE_ERR_VALIDATION', `bundle ${spec.bundle} does not exist; create it first`);
    if (user.role !== 'admin' && !(await s.holdsBundle(spec.bundle, user.username))) {
      throw forbidden(`you have not registered bundle ${spec.bundle}: upload its files and POST /v1/bundles first`);
    }
  }
  const refused = refusedLoaderEnv(spec.env);
  if (refused.length > 0) {
    throw new ApiError('AWE_ERR_VALIDATION', `env may not set what changes how programs load code: ${refused.join('; ')}`);
  }
  const priority = spec.priority ?? recipe.priority;
  if (priority > MAX_PRIORITY[user.role]) throw forbidden(`a ${user.role} may ask for priority up to ${MAX_PRIORITY[user.role]}`);
  const inputs = spec.inputs ?? [];
  const after = new Set(spec.after ?? []);
  for (const input of inputs) {
    try {
      checkRelativePath(input.path);
    } catch (error) {
      throw new ApiError('AWE_ERR_VALIDATION', (error as UnsafePathError).message);
    }
    after.add(input.job);
  }
  for (const parent of after) {
    const row = await s.getJobRow(parent);
    if (!row) throw new ApiError('AWE_ERR_VALIDATION', `job ${parent} named in after/inputs does not exist`);
    if (inputs.some((input) => input.job === parent) && row.owner !== user.username && user.role !== 'admin') {
      throw forbidden(`the outputs of job ${parent} belong to someone else`);
    }
  }
  const args = specArgs(recipe, spec);
  const where = place(recipe, recipe.placement === null ? undefined : await catalog.getRoute(recipe.placement), spec.node ?? null);
  return { recipe, args, where, priority, inputs, after: [...after] };
}

/** Where a job comes from besides its spec: its submit batch, the job it reruns and what it changed. */
export type Origin = Pick<NewJob, 'submitBatch' | 'rerunOf' | 'rerunChanges'>;

type Resolved = Awaited<ReturnType<typeof resolveSpec>>;

/** A spec checked by `resolveSpec`, as the store takes it, with `s`, the caller's transaction. */
async function newJob(
  awe: Awe,
  s: Store,
  user: User,
  spec: JobSpec,
  { recipe, args, where, priority, inputs, after }: Resolved,
  idempotencyKey: string | null,
  now: number,
  origin: Origin,
): Promise<NewJob> {
  const env = split(spec.env);
  const settings = split(spec.settings);
  const hasSecrets = Object.keys(env.secret).length + Object.keys(settings.secret).length > 0;
  const reuse = await planReuse(awe, s, {
    owner: user.username,
    recipe,
    spec,
    args,
    where,
    inputs,
    after,
    settings: spec.settings ?? {},
    env: spec.env ?? {},
    hasSecrets,
  });
  return {
    owner: user.username,
    recipe: recipe.name,
    args,
    params: spec.params ?? null,
    command: recipe.command,
    requestedNode: where.requestedNode,
    selector: where.selector,
    routeRule: where.rule,
    minMemoryMB: where.minMemoryMB,
    resources: where.resources,
    bundle: spec.bundle ?? null,
    env: env.open,
    settings: settings.open,
    sealedSecrets: hasSecrets ? awe.box.seal({ env: env.secret, settings: settings.secret }) : null,
    inputs,
    priority,
    timeoutSeconds: spec.timeoutSeconds ?? recipe.timeoutSeconds,
    maxAttempts: spec.maxAttempts ?? recipe.maxAttempts,
    after,
    idempotencyKey,
    ...origin,
    ...reuse,
    now,
  };
}

/**
 * Settles a job just stored `waiting`: parents, or the identical job it reuses,
 * may have finished already, so it is settled at once rather than left for an
 * event that has passed. Answers the row with its state after that.
 */
async function settleNew(s: Store, job: NewJob, inserted: Inserted): Promise<Inserted> {
  if (!inserted.created || inserted.row.state !== 'waiting') return inserted;
  if (job.reusedFrom == null) await s.settleWaiting(inserted.row.id, job.now);
  else await s.settleReuse(inserted.row.id, job.now);
  return { row: { ...inserted.row, state: (await s.jobState(inserted.row.id))! }, created: true };
}

/**
 * Refuses (and so rolls back) a submit that left the user with more active jobs
 * than their limit. Checked after the insert, inside its transaction, against
 * the counter the insert raised: a batch counts all its jobs, and two submits
 * at once cannot both slip under the limit.
 */
async function enforceQuota(awe: Awe, s: Store, username: string, added: number): Promise<void> {
  const { active, limit: own } = await s.activeJobs(username);
  const limit = own ?? awe.config.maxActiveJobsPerUser;
  if (active <= limit) return;
  const source = own === null ? 'the service limit AWE_MAX_ACTIVE_JOBS_PER_USER' : "the user's maxActiveJobs";
  throw new ApiError(
    'AWE_ERR_QUOTA',
    `user ${username} may have at most ${limit} active jobs (waiting, queued or running; ${source}): ${active - added} are active and this submit adds ${added}`,
  );
}

/**
 * Stores a job spec with its secret-looking values sealed. Returns the row and
 * whether it was created (false for a repeated idempotency key).
 */
export function submitJob(awe: Awe, user: User, spec: JobSpec, idempotencyKey: string | null, origin: Origin = {}): Promise<{ row: JobRow; created: boolean }> {
  return awe.store.tx(async (s) => {
    const job = await newJob(awe, s, user, spec, await resolveSpec(s, user, spec), idempotencyKey, awe.now(), origin);
    const stored = await settleNew(s, job, await s.insertJob(job));
    if (stored.created) await enforceQuota(awe, s, user.username, 1);
    if (stored.created && stored.row.state === 'queued') s.afterCommit(() => awe.broker.wake(1));
    return { row: (await s.getJobRow(stored.row.id))!, created: stored.created };
  });
}

/**
 * Many jobs in one transaction, all or none: a spec that is refused names its
 * place in the batch and nothing is stored. One commit and one wake-up for the
 * lot is what makes bulk submission fast. With an idempotency key, the batch is
 * stored under it: a retried batch answers the jobs (and the batch) of the first.
 * The batch is recorded (GET /v1/job-batches/{id}); `origins` gives what a rerun of a batch knows per job.
 */
export function submitJobs(
  awe: Awe,
  user: User,
  specs: JobSpec[],
  idempotencyKey: string | null,
  rerun?: { batch: number | null; origins: Origin[] },
): Promise<{ batchId: number; rows: InsertedJob[] }> {
  const now = awe.now();
  return awe.store.tx(async (s) => {
    const batch = await s.insertBatch(user.username, rerun?.batch ?? null, now, idempotencyKey);
    const batchId = batch.id;
    if (!batch.created) {
      const earlier = (await s.getBatch(batchId))!;
      return { batchId, rows: earlier.jobs.map((job) => ({ id: job.id, state: job.state, submit_batch: batchId })) };
    }
    const catalog = readOnce(s);
    const stored: Inserted[] = [];
    // Plain jobs are stored together, a few dozen rows a statement. A job that waits, or one that looks for identical
    // work (which may be a job earlier in this batch), first stores those before it, so that the batch
    // settles and matches exactly as if its jobs were submitted one by one in order.
    let plain: NewJob[] = [];
    const flush = async (): Promise<void> => {
      if (plain.length > 0) stored.push(...(await s.insertJobs(plain)));
      plain = [];
    };
    for (const [index, spec] of specs.entries()) {
      try {
        const resolved = await resolveSpec(s, user, spec, catalog);
        if (reuseAsked(resolved.recipe, spec)) await flush();
        const job = await newJob(awe, s, user, spec, resolved, null, now, { ...rerun?.origins[index], submitBatch: batchId });
        if (initialState(job) === 'queued') {
          plain.push(job);
          continue;
        }
        await flush();
        stored.push(await settleNew(s, job, await s.insertJob(job)));
      } catch (error) {
        if (error instanceof ApiError) throw new ApiError(error.code, `jobs[${index}]: ${error.message}`, error.extra);
        throw error;
      }
    }
    await flush();
    await enforceQuota(awe, s, user.username, stored.length);
    const rows = stored.map((one) => one.row);
    s.afterCommit(() => awe.broker.wake(rows.filter((row) => row.state === 'queued').length));
    return { batchId, rows };
  });
}
