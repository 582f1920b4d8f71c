import { Type, type Static } from '@sinclair/typebox';
import { Labels, NullableTimestamp, Sha256, Strict, Timestamp } from './common.js';
import { BatchInfo, FailureReason, JobState, Output, Params } from './jobs.js';

export const Attempt = Type.Object({
  epoch: Type.Integer({ description: 'the attempt number, also the lease epoch its agent used' }),
  node: Type.String({ description: 'the node that ran it (empty for attempts recorded before attempts were kept)' }),
  labels: { ...Labels, description: "the node's labels (site, pool …) when it claimed the attempt" },
  executor: Type.String(),
  startedAt: Timestamp,
  finishedAt: NullableTimestamp,
  outcome: Type.Union([Type.Literal('succeeded'), Type.Literal('failed'), Type.Literal('cancelled'), Type.Literal('requeued'), Type.Null()], {
    description: 'what became of the job when the attempt ended; null while it runs',
  }),
  exitCode: Type.Union([Type.Integer(), Type.Null()]),
  signal: Type.Union([Type.String(), Type.Null()]),
  failureReason: Type.Union([FailureReason, Type.Null()]),
  message: Type.Union([Type.String(), Type.Null()]),
  batch: Type.Union([BatchInfo, Type.Null()]),
  log: Type.Object({ start: Type.Integer(), end: Type.Integer() }, { description: "the attempt's bytes of the job log: [start, end)" }),
  baseDigest: Type.Union([Type.String(), Type.Null()], { description: "the digest of the node's base code tree, as its agent reported it" }),
  agentVersion: Type.Union([Type.String(), Type.Null()]),
  outputs: Type.Optional(
    Type.Array(Output, { description: "owner and admins only: what the attempt uploaded (a succeeded attempt's are the job's outputs)" }),
  ),
});
export type Attempt = Static<typeof Attempt>;

export const AttemptList = Type.Object({ attempts: Type.Array(Attempt, { description: 'oldest first' }) });

const Digested = Type.Object({
  names: Type.Array(Type.String(), { description: 'the names given, values left out' }),
  digest: Type.String({ description: 'HMAC-SHA256 of the names and values (secret ones included) under the service key: equal digests, equal values' }),
});

const InputFile = Type.Object({
  job: Type.Integer(),
  path: Type.String(),
  sha256: Type.Union([Sha256, Type.Null()]),
  size: Type.Union([Type.Integer(), Type.Null()]),
});

/** What went into a job and what came out, without a secret value. */
export const JobProvenance = Type.Object({
  job: Type.Integer(),
  recipe: Type.String(),
  state: JobState,
  submitter: Type.String(),
  command: Type.Array(Type.String(), { description: "the recipe's command as resolved at submit" }),
  args: Type.Array(Type.String()),
  params: Type.Optional(Params),
  bundle: Type.Union([Sha256, Type.Null()], { description: "the user's code bundle: its id is the sha256 of its manifest" }),
  baseDigest: Type.Union([Sha256, Type.Null()], { description: "the node's base code, as the agent of the last attempt reported it" }),
  agentVersion: Type.Union([Type.String(), Type.Null()]),
  settings: Digested,
  env: Digested,
  inputs: Type.Array(InputFile),
  outputs: Type.Array(Output),
  node: Type.Union([Type.String(), Type.Null()]),
  siteLabels: Labels,
  executor: Type.Union([Type.String(), Type.Null()]),
  batchId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
  startedAt: NullableTimestamp,
  finishedAt: NullableTimestamp,
  attempts: Type.Array(Attempt),
});
export type JobProvenance = Static<typeof JobProvenance>;

export const ProvenanceQuery = Strict({
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('ro-crate')], { default: 'json' })),
  depth: Type.Optional(Type.Union([Type.Literal('one'), Type.Literal('all')], { default: 'one', description: 'all: the whole chain of ancestors too' })),
});

export const Provenance = Type.Object({
  ...JobProvenance.properties,
  ancestors: Type.Optional(Type.Array(JobProvenance, { description: 'depth=all: every ancestor the caller may read, nearest first' })),
  withheld: Type.Optional(Type.Array(Type.Integer(), { description: "depth=all: ancestors that are someone else's" })),
});
export type Provenance = Static<typeof Provenance>;

/** A Workflow Run RO-Crate's `ro-crate-metadata.json` (JSON-LD). */
export const RoCrate = Type.Object({
  '@context': Type.Unknown(),
  '@graph': Type.Array(Type.Record(Type.String(), Type.Unknown())),
});

const JobRef = Type.Object({ id: Type.Integer(), recipe: Type.String(), state: JobState, owner: Type.String() });

export const Lineage = Type.Object({
  job: Type.Integer(),
  ancestors: Type.Array(JobRef, { description: 'the jobs it waits for or takes inputs from, transitively, nearest first' }),
  descendants: Type.Array(JobRef, { description: 'the jobs that wait for it or take its outputs, transitively, nearest first' }),
  truncated: Type.Boolean({ description: 'a side was cut at 10,000 jobs' }),
});

export const OutputUses = Type.Object({
  sha256: Sha256,
  produced: Type.Array(
    Type.Object({
      job: Type.Integer(),
      epoch: Type.Integer(),
      path: Type.String(),
      size: Type.Integer(),
      jobOutput: Type.Boolean({ description: "the attempt succeeded: this is its job's output" }),
    }),
  ),
  used: Type.Array(Type.Object({ job: Type.Integer(), from: Type.Integer(), path: Type.String() }), { description: 'jobs that took it as an input' }),
});
export const Sha256Params = Strict({ sha256: Sha256 });
