import { Type, type Static } from '@sinclair/typebox';
import { NullableTimestamp, Timestamp } from './common.js';
import { BatchInfo, FailureReason, Output } from './jobs.js';

export const Attempt = Type.Object({
  epoch: Type.Integer({ description: 'the attempt number, also the lease epoch its agent used' }),
  node: Type.String({ description: 'the node that ran it (empty for attempts recorded before attempts were kept)' }),
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
