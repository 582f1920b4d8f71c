import { Type, type Static } from '@sinclair/typebox';
import { FAILURE_REASONS } from '../core/failures.js';
import { JOB_STATES } from '../core/states.js';
import { ParamValue } from './catalog.js';
import { JobId, Labels, Name, NullableTimestamp, Sha256, Strict, StringMap, Timestamp } from './common.js';

import type { FailureReason as Reason } from '../core/failures.js';
import type { JobState as State } from '../core/states.js';

// String enums built from the domain lists, so the contract cannot drift from core/.
export const JobState = Type.Unsafe<State>({ type: 'string', enum: [...JOB_STATES] });
export const FailureReason = Type.Unsafe<Reason>({ type: 'string', enum: [...FAILURE_REASONS] });

export const InputRef = Strict({
  job: JobId,
  path: Type.String({ minLength: 1, maxLength: 1024, description: 'an output path of that job' }),
});

/** Named values of a recipe's parameters; lists for `multiple` ones. */
export const Params = Type.Record(Type.String({ maxLength: 64 }), Type.Union([ParamValue, Type.Array(ParamValue, { maxItems: 4096 }), Type.Null()]), {
  maxProperties: 128,
});

export const JobSpec = Strict({
  recipe: Name,
  args: Type.Optional(Type.Array(Type.String({ maxLength: 65536 }), { maxItems: 4096 })),
  params: Type.Optional({ ...Params, description: "instead of args: the recipe's parameters by name, turned into args by the service" }),
  node: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'run on this node (needs canRoute or developer)' })),
  bundle: Type.Optional(Sha256),
  env: Type.Optional(StringMap),
  settings: Type.Optional(StringMap),
  priority: Type.Optional(Type.Integer({ minimum: -100, maximum: 100 })),
  timeoutSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 30 * 86400 })),
  maxAttempts: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
  after: Type.Optional(Type.Array(JobId, { maxItems: 1000, uniqueItems: true })),
  inputs: Type.Optional(Type.Array(InputRef, { maxItems: 1000 })),
  reuse: Type.Optional(
    Type.Boolean({
      description: "take the outputs of an identical job that succeeded (or wait for one on its way) instead of running; default: the recipe's `reuse`",
    }),
  ),
});
export type JobSpec = Static<typeof JobSpec>;

/** What a batch system says about an attempt: reported by its agent, shown on the job. */
export const JobBatch = Strict({ jobs: Type.Array(JobSpec, { minItems: 1, maxItems: 1000 }) });
export const JobBatchResult = Type.Object({
  batchId: Type.Integer({ description: 'GET /v1/job-batches/{id} shows the batch' }),
  ids: Type.Array(JobId, { description: 'the new jobs, in the order of the specs' }),
  states: Type.Array(JobState),
});

export const BatchInfo = Strict({
  system: Type.String({ maxLength: 16 }),
  id: Type.String({ maxLength: 128 }),
  state: Type.String({ maxLength: 64 }),
  reason: Type.Optional(Type.String({ maxLength: 1024 })),
});

export const Job = Type.Object({
  id: JobId,
  owner: Type.String(),
  recipe: Type.String(),
  args: Type.Array(Type.String()),
  params: Type.Optional({ ...Params, description: 'the named values args were made from, when the submit gave them' }),
  state: JobState,
  requestedNode: Type.Union([Type.String(), Type.Null()]),
  node: Type.Union([Type.String({ description: 'the node of the current or last attempt' }), Type.Null()]),
  selector: Labels,
  bundle: Type.Union([Sha256, Type.Null()]),
  priority: Type.Integer({ description: 'the priority claims order by: the one asked for, raised by aging while the job waits' }),
  askedPriority: Type.Integer({ description: 'the priority the submit asked for' }),
  timeoutSeconds: Type.Union([Type.Integer(), Type.Null()]),
  attempts: Type.Integer(),
  maxAttempts: Type.Integer(),
  exitCode: Type.Union([Type.Integer(), Type.Null()]),
  signal: Type.Union([Type.String(), Type.Null()]),
  failureReason: Type.Union([FailureReason, Type.Null()]),
  message: Type.Union([Type.String(), Type.Null()]),
  pendingReason: Type.Union([Type.String(), Type.Null()]),
  batch: Type.Union([BatchInfo, Type.Null()]),
  after: Type.Array(JobId),
  children: Type.Optional(Type.Array(JobId, { description: 'GET /v1/jobs/{id} only: the jobs that wait for this one' })),
  inputs: Type.Array(InputRef),
  logSize: Type.Integer(),
  logTruncated: Type.Boolean(),
  createdAt: Timestamp,
  startedAt: NullableTimestamp,
  finishedAt: NullableTimestamp,
  rerunOf: Type.Union([JobId, Type.Null()], { description: 'the job this one reruns' }),
  reusedFrom: Type.Union([JobId, Type.Null()], {
    description: "the identical job whose outputs this one took without running; while `waiting`, the identical job it waits for",
  }),
  rerunChanges: Type.Optional(Type.Array(Type.String(), { description: 'what the rerun changed: args, params, settings.NAME, env.NAME, node, priority, bundle' })),
  expiredAt: Type.Union([Timestamp, Type.Null()], {
    description: 'when retention (AWE_RETENTION_DAYS) deleted the log and outputs; they then answer 410 AWE_ERR_EXPIRED',
  }),
  env: Type.Optional(Type.Record(Type.String(), Type.String(), { description: "owner and admins only; secret-looking names left out" })),
  settings: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'owner and admins only; secret-looking names left out' })),
});
export type Job = Static<typeof Job>;

export const JobList = Type.Object({
  jobs: Type.Array(Job),
  nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'pass as `cursor` for the next (older) page' }),
});

export const JobListQuery = Strict({
  state: Type.Optional(JobState),
  owner: Type.Optional(Type.String({ maxLength: 64 })),
  recipe: Type.Optional(Type.String({ maxLength: 64 })),
  node: Type.Optional(Type.String({ maxLength: 255 })),
  cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
});

export const LogQuery = Strict({
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  follow: Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('0'), Type.Literal('true'), Type.Literal('false')])),
});

export const LogSearchQuery = Strict({ q: Type.Optional(Type.String({ maxLength: 256, default: '' })) });
const LogMatch = Type.Object({
  line: Type.Integer({ description: '1-based' }),
  offset: Type.Integer({ description: "byte offset of the line's start" }),
  text: Type.String({ description: 'the line, cut at 400 characters' }),
});
export const LogSearch = Type.Object({
  matches: Type.Array(LogMatch, { description: 'lines containing q, case-insensitive; at most 1000' }),
  truncated: Type.Boolean(),
  firstError: Type.Union([LogMatch, Type.Null()], { description: 'the first line that begins a Python traceback or says error or fatal' }),
});

/** Edits of a rerun: args or params replace the whole list, env and settings merge by key (null removes one), the rest replace. */
export const RerunEdits = Strict({
  args: Type.Optional(JobSpec.properties.args),
  params: Type.Optional(Params),
  env: Type.Optional(Type.Record(Type.String({ minLength: 1, maxLength: 256 }), Type.Union([Type.String({ maxLength: 65536 }), Type.Null()]))),
  settings: Type.Optional(Type.Record(Type.String({ minLength: 1, maxLength: 256 }), Type.Union([Type.String({ maxLength: 65536 }), Type.Null()]))),
  node: Type.Optional(Type.Union([JobSpec.properties.node, Type.Null()])),
  priority: Type.Optional(JobSpec.properties.priority),
  bundle: Type.Optional(Type.Union([Sha256, Type.Null()])),
});
export type RerunEdits = Static<typeof RerunEdits>;

export const BatchView = Type.Object({
  id: Type.Integer(),
  owner: Type.String(),
  rerunOf: Type.Union([Type.Integer(), Type.Null()], { description: 'the batch whose members this one reruns' }),
  createdAt: Timestamp,
  jobs: Type.Array(JobId),
  counts: Type.Record(Type.String(), Type.Integer(), { description: 'jobs per state' }),
});

export const BatchRerun = Strict({ only: Type.Optional(Type.Literal('failed', { description: 'rerun the members that failed (the default and only choice)' })) });

export const Output = Type.Object({ path: Type.String(), sha256: Sha256, size: Type.Integer() });
export const OutputList = Type.Object({ outputs: Type.Array(Output) });
