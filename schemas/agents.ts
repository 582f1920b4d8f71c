import { Type, type Static } from '@sinclair/typebox';
import { BatchInfo, FailureReason, InputRef } from './jobs.js';
import { JobId, Labels, Name, NullableTimestamp, Sha256, Strict, StringMap, Timestamp } from './common.js';

const Isolation = Type.Union([Type.Literal('bwrap'), Type.Literal('none')], {
  description: 'how the agent boxes shipped user code (-mycode); an agent that does not say counts as none',
});
const TrustUserCode = Type.Boolean({ description: 'its admin lets shipped user code run without isolation' });
const Protocol = Type.Integer({
  minimum: 1,
  description: 'the agent protocol it speaks (docs/protocol.md, "Versions"); an agent that does not say speaks 1',
});

const Site = Type.String({ ...Name, description: 'the site (compute centre) the agent belongs to; also its label `site`' });
const Slots = Type.Integer({ minimum: 1, maximum: 1024 });
const MemoryMB = Type.Integer({ minimum: 0 });

export const Bound = Type.Object(
  {
    labels: Type.Union([Labels, Type.Null()], { description: 'the labels and values (`a|b`) it may offer; null: any' }),
    slots: Type.Union([Type.Integer(), Type.Null()], { description: 'most slots it may offer; null: any' }),
    memoryMB: Type.Union([Type.Integer(), Type.Null()], { description: 'most memory it may offer; null: any' }),
  },
  { description: 'what an agent may offer at register and hello, set by an admin (enrollment token, PATCH /v1/nodes/{id})' },
);
const BoundRequest = Strict(
  {
    labels: Type.Optional(Type.Union([Labels, Type.Null()])),
    slots: Type.Optional(Type.Union([Slots, Type.Null()])),
    memoryMB: Type.Optional(Type.Union([MemoryMB, Type.Null()])),
  },
  'the labels and values (`a|b` for several) an agent may offer, and most slots and memory; a part left out or null is not bounded',
);

export const RegisterBody = Strict({
  token: Type.String({ minLength: 8, maxLength: 256, description: 'an enrollment token from an admin' }),
  name: Type.String({ minLength: 1, maxLength: 255 }),
  labels: Type.Optional(Labels),
  site: Type.Optional({
    ...Site,
    description: "the site it belongs to, fixed from now on; left out: its label `site`, or the one site its token's bound allows",
  }),
  slots: Slots,
  memoryMB: Type.Optional(MemoryMB),
  executor: Type.Optional(Type.String({ maxLength: 32 })),
  isolation: Type.Optional(Isolation),
  trustUserCode: Type.Optional(TrustUserCode),
  baseDigest: Type.Optional({ ...Sha256, description: "the digest of the node's base code tree: results are reused only while every node that could run the job reports the same" }),
  protocol: Type.Optional(Protocol),
});

export const Intervals = Type.Object({
  leaseSeconds: Type.Integer(),
  heartbeatSeconds: Type.Integer(),
  maxWaitSeconds: Type.Integer({ description: 'longest long-poll the service holds' }),
});

export const RegisterResponse = Type.Object({
  agentId: Type.Integer(),
  credential: Type.String({ description: 'the agent\'s own secret: `Authorization: Bearer <credential>`' }),
  intervals: Intervals,
});

export const AgentHello = Strict({
  labels: Type.Optional(Labels),
  slots: Type.Optional(Slots),
  memoryMB: Type.Optional(MemoryMB),
  isolation: Type.Optional(Isolation),
  trustUserCode: Type.Optional(TrustUserCode),
  baseDigest: Type.Optional({ ...Sha256, description: "the digest of the node's base code tree: results are reused only while every node that could run the job reports the same" }),
  protocol: Type.Optional(Protocol),
});

export const HelloResponse = Type.Object({
  ...Intervals.properties,
  refused: Type.Array(Type.String(), {
    description: 'what the hello asked beyond the enrollment bound ("label gpu=true"); the node keeps its previous labels, slots or memory for those',
  }),
});

export const Finish = Strict({
  id: JobId,
  epoch: Type.Integer({ minimum: 1 }),
  exitCode: Type.Union([Type.Integer(), Type.Null()]),
  signal: Type.Optional(Type.Union([Type.String({ maxLength: 32 }), Type.Null()])),
  failureReason: Type.Optional(Type.Union([FailureReason, Type.Null()])),
  cancelled: Type.Optional(Type.Boolean()),
  message: Type.Optional(Type.Union([Type.String({ maxLength: 4096 }), Type.Null()])),
  batch: Type.Optional(BatchInfo),
  baseDigest: Type.Optional({ ...Sha256, description: "the digest of the node's base code tree (a bundle id of it), for provenance and reuse" }),
  agentVersion: Type.Optional(Type.String({ maxLength: 64 })),
});
export type Finish = Static<typeof Finish>;

export const FinishResult = Type.Object({
  id: JobId,
  epoch: Type.Integer(),
  status: Type.Union([Type.Literal('ok'), Type.Literal('stale'), Type.Literal('not_found')]),
  state: Type.Optional(Type.String()),
});

export const ClaimBody = Strict({
  maxJobs: Type.Integer({ minimum: 0, maximum: 256, description: 'free slots: how many jobs the agent takes' }),
  waitSeconds: Type.Optional(Type.Number({ minimum: 0, maximum: 60, description: 'hold the request up to this long' })),
  finished: Type.Optional(Type.Array(Finish, { maxItems: 256, description: 'attempts that ended, reported in the same round trip' })),
  contentFilter: Type.Optional(
    Type.String({
      contentEncoding: 'base64',
      minLength: 88,
      maxLength: 87384,
      description:
        'a Bloom filter (base64, a power of two from 64 bytes to 64 KiB, 7 hashes; docs/protocol.md) of the sha256s its own cache and its site cache hold; the service keeps the last one and prefers this node for jobs whose bundle and inputs it holds',
    }),
  ),
});

const ClaimedInput = Type.Object({
  job: JobId,
  path: Type.String(),
  sha256: Sha256,
  size: Type.Integer(),
});

export const ClaimedJob = Type.Object({
  id: JobId,
  epoch: Type.Integer(),
  recipe: Type.String(),
  argv: Type.Array(Type.String()),
  env: StringMap,
  settings: StringMap,
  bundle: Type.Union([Sha256, Type.Null()]),
  inputs: Type.Array(ClaimedInput),
  timeoutSeconds: Type.Union([Type.Integer(), Type.Null()]),
  resources: Type.Record(Type.String(), Type.Unknown()),
  jobToken: Type.String({ description: 'reads this job\'s bundle and inputs; empty for a job with neither, which it would not open anything for' }),
  leaseExpiresAt: Timestamp,
});
export type ClaimedJob = Static<typeof ClaimedJob>;

export const ClaimResponse = Type.Object({
  jobs: Type.Array(ClaimedJob),
  finished: Type.Array(FinishResult),
  draining: Type.Boolean({ description: 'an admin drains this agent: finish running jobs, take no more' }),
});

export const HeartbeatBody = Strict({
  jobs: Type.Array(
    Strict({
      id: JobId,
      epoch: Type.Integer({ minimum: 1 }),
      batch: Type.Optional(BatchInfo),
    }),
    { maxItems: 1024 },
  ),
});

export const HeartbeatResponse = Type.Object({
  jobs: Type.Array(
    Type.Object({
      id: JobId,
      epoch: Type.Integer(),
      verdict: Type.Union([Type.Literal('ok'), Type.Literal('cancel'), Type.Literal('gone')]),
      leaseExpiresAt: Type.Union([Timestamp, Type.Null()]),
    }),
  ),
  draining: Type.Boolean(),
});

export const LeaseQuery = Strict({ epoch: Type.Integer({ minimum: 1 }) });
export const LogAppendQuery = Strict({ epoch: Type.Integer({ minimum: 1 }), offset: Type.Integer({ minimum: 0 }) });
export const LogAppendResponse = Type.Object({
  next: Type.Integer({ description: 'the offset to send from next' }),
  truncated: Type.Boolean(),
});

export const Node = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  labels: Labels,
  slots: Type.Integer(),
  running: Type.Integer({ description: 'slots in use' }),
  memoryMB: Type.Union([Type.Integer(), Type.Null()]),
  executor: Type.String(),
  site: Type.Union([Site, Type.Null()], { description: 'the site it was enrolled at (also its label `site`); null: none' }),
  isolation: Type.Union([Type.Literal('bwrap'), Type.Literal('none')]),
  trustUserCode: Type.Boolean(),
  bound: Bound,
  state: Type.Union([Type.Literal('online'), Type.Literal('draining'), Type.Literal('lost')]),
  lastSeenAt: Timestamp,
});
export const NodeList = Type.Object({ nodes: Type.Array(Node) });
export const NodeParams = Strict({ id: Type.Integer({ minimum: 1 }) });
export const NodeUpdate = Type.Object(
  {
    state: Type.Optional(Type.Union([Type.Literal('online'), Type.Literal('draining')])),
    bound: Type.Optional(BoundRequest),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const EnrollmentBody = Strict({
  uses: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, default: 1 })),
  expiresInSeconds: Type.Optional(Type.Integer({ minimum: 60, maximum: 30 * 86400, default: 86400 })),
  bound: Type.Optional(BoundRequest),
});
export const EnrollmentResponse = Type.Object({
  id: Type.Integer({ description: 'for GET and DELETE /v1/enrollment-tokens' }),
  token: Type.String(),
  uses: Type.Integer(),
  expiresAt: Timestamp,
  bound: Bound,
});
export const EnrollmentToken = Type.Object(
  {
    id: Type.Integer(),
    usesLeft: Type.Integer(),
    expiresAt: Timestamp,
    createdBy: Type.String(),
    createdAt: Timestamp,
    revokedAt: NullableTimestamp,
    bound: Bound,
  },
  { description: 'an enrollment token without its secret (only its hash is stored)' },
);
export const EnrollmentTokenList = Type.Object({ tokens: Type.Array(EnrollmentToken) });
export const EnrollmentParams = Strict({ id: Type.Integer({ minimum: 1 }) });
export const NodeCredential = Type.Object({
  agentId: Type.Integer(),
  credential: Type.String({ description: 'the new credential; the old one stopped working when this was issued' }),
});

export { InputRef };
