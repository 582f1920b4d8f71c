# Generated from openapi.yaml by `npm run gen` (scripts/python-types.ts). Do not edit: change schemas/ and regenerate.
"""Typed shapes of the awe-dp service's JSON, one TypedDict per request body and answer."""
# flake8: noqa
from typing import Any, Dict, List, Literal, Optional, TypedDict, Union


class HealthResponse(TypedDict, total=False):
    status: str


ReadyResponse = HealthResponse


class CreateTokenRequest(TypedDict):
    username: str
    password: str


class CreateTokenResponse(TypedDict):
    token: str
    expiresAt: str


CreateSessionRequest = CreateTokenRequest


class CreateSessionResponse(TypedDict):
    username: Optional[str]  # null for an anonymous visitor
    role: Literal["visitor", "user", "developer", "admin"]
    canRoute: bool
    csrfToken: Optional[str]  # send as x-csrf-token with every change made with the session cookie
    expiresAt: Optional[str]


GetSessionResponse = CreateSessionResponse


class WhoAmIResponse(TypedDict):
    username: str
    role: Literal["visitor", "user", "developer", "admin"]
    canRoute: bool
    disabled: bool  # a disabled user cannot sign in; their tokens stopped when they were disabled
    maxActiveJobs: Optional[int]  # the user's own limit, null for the service's default
    activeJobs: int  # jobs waiting, queued or running now
    createdAt: str


class ChangePasswordRequest(TypedDict):
    currentPassword: str
    newPassword: str


ChangePasswordResponse = CreateTokenResponse


class _CreateUserRequestRequired(TypedDict):
    username: str
    password: str
    role: Literal["visitor", "user", "developer", "admin"]


class CreateUserRequest(_CreateUserRequestRequired, total=False):
    canRoute: bool
    maxActiveJobs: int  # this user's limit on jobs waiting, queued or running; default AWE_MAX_ACTIVE_JOBS_PER_USER


CreateUserResponse = WhoAmIResponse


class ListUsersResponse(TypedDict):
    users: List[WhoAmIResponse]


class UpdateUserRequest(TypedDict, total=False):
    """fields left out stay as they are; a new password or disabling revokes all of the user's tokens"""
    role: Literal["visitor", "user", "developer", "admin"]
    canRoute: bool
    disabled: bool
    maxActiveJobs: Optional[int]  # this user's limit on jobs waiting, queued or running; null: the service's default (AWE_MAX_ACTIVE_JOBS_PER_USER)
    password: str


UpdateUserResponse = WhoAmIResponse


class ListAuditResponseEntries(TypedDict):
    id: int
    at: str
    actor: str  # the user who made the change
    action: Literal["user.create", "user.update", "user.delete", "user.password", "recipe.put", "recipe.delete", "route.put", "route.delete", "node.update", "node.remove", "node.credential", "job.cancel", "enrollment.create", "enrollment.revoke", "key.rotate"]
    target: str  # what was changed: a user name, recipe, placement, node id, job id, token id or key id
    detail: Dict[str, Any]  # what changed (never a secret)


class ListAuditResponse(TypedDict):
    entries: List[ListAuditResponseEntries]  # newest first
    next: Optional[int]  # pass as `before` for the next page; null at the end


class _ListRecipesResponseRecipesParametersRequired(TypedDict):
    name: str
    type: Literal["string", "integer", "number", "boolean", "file-input"]


class ListRecipesResponseRecipesParameters(_ListRecipesResponseRecipesParametersRequired, total=False):
    default: Union[str, float, bool]
    help: str
    choices: List[Union[str, float, bool]]
    flag: str  # -x or --name; without one the parameter is positional
    multiple: bool  # a list of values; the flag repeats before each


class ListRecipesResponseRecipes(TypedDict):
    name: str
    command: List[str]
    description: str
    placement: Optional[str]
    labels: Dict[str, str]  # label name → value
    minMemoryMB: Optional[int]
    timeoutSeconds: Optional[int]
    maxAttempts: int
    priority: int
    resources: Dict[str, Any]
    parameters: List[ListRecipesResponseRecipesParameters]
    reuse: bool  # its jobs reuse identical work by default
    reusable: bool  # false: its jobs never reuse
    updatedAt: str


class ListRecipesResponse(TypedDict):
    recipes: List[ListRecipesResponseRecipes]


GetRecipeResponse = ListRecipesResponseRecipes


class PutRecipeRequestResources(TypedDict, total=False):
    partition: str
    account: str
    cpus: int
    memoryMB: int
    timeLimitSeconds: int


class _PutRecipeRequestRequired(TypedDict):
    command: List[str]  # argv; the job's args are appended; never run through a shell


class PutRecipeRequest(_PutRecipeRequestRequired, total=False):
    description: str
    placement: Optional[str]
    labels: Dict[str, str]  # label name → value
    minMemoryMB: Optional[int]
    timeoutSeconds: Optional[int]
    maxAttempts: int
    priority: int
    resources: PutRecipeRequestResources
    parameters: List[ListRecipesResponseRecipesParameters]  # named parameters a submit may give as `params`
    reuse: bool  # its jobs reuse identical work unless a submit says `reuse: false` (default false)
    reusable: bool  # false for a recipe whose result depends on more than its inputs (a database, the clock): its jobs never reuse (default true)


PutRecipeResponse = ListRecipesResponseRecipes


class ListRoutesResponseRoutes(TypedDict):
    placement: str
    selector: Dict[str, str]  # label name → value
    resources: Dict[str, Any]
    updatedAt: str


class ListRoutesResponse(TypedDict):
    routes: List[ListRoutesResponseRoutes]


class _PutRouteRequestRequired(TypedDict):
    selector: Dict[str, str]  # label name → value


class PutRouteRequest(_PutRouteRequestRequired, total=False):
    resources: PutRecipeRequestResources


PutRouteResponse = ListRoutesResponseRoutes


class SubmitJobRequestInputs(TypedDict):
    job: int
    path: str  # an output path of that job


class _SubmitJobRequestRequired(TypedDict):
    recipe: str


class SubmitJobRequest(_SubmitJobRequestRequired, total=False):
    args: List[str]
    params: Dict[str, Optional[Union[Union[str, float, bool], List[Union[str, float, bool]]]]]  # instead of args: the recipe's parameters by name, turned into args by the service
    node: str  # run on this node (needs canRoute or developer)
    bundle: str
    env: Dict[str, str]
    settings: Dict[str, str]
    priority: int
    timeoutSeconds: int
    maxAttempts: int
    after: List[int]
    inputs: List[SubmitJobRequestInputs]
    reuse: bool  # take the outputs of an identical job that succeeded (or wait for one on its way) instead of running; default: the recipe's `reuse`


class _SubmitJobResponseBatch0Required(TypedDict):
    system: str
    id: str
    state: str


class SubmitJobResponseBatch0(_SubmitJobResponseBatch0Required, total=False):
    reason: str


class _SubmitJobResponseRequired(TypedDict):
    id: int
    owner: str
    recipe: str
    args: List[str]
    state: Literal["waiting", "queued", "running", "cancelling", "succeeded", "failed", "cancelled"]
    requestedNode: Optional[str]
    node: Optional[str]
    selector: Dict[str, str]  # label name → value
    bundle: Optional[str]
    priority: int  # the priority claims order by: the one asked for, raised by aging while the job waits
    askedPriority: int  # the priority the submit asked for
    timeoutSeconds: Optional[int]
    attempts: int
    maxAttempts: int
    exitCode: Optional[int]
    signal: Optional[str]
    failureReason: Optional[Literal["recipe_failed", "system_failure", "bundle_error", "timeout", "lost", "dependency_failed"]]
    message: Optional[str]
    pendingReason: Optional[str]
    batch: Optional[SubmitJobResponseBatch0]
    after: List[int]
    inputs: List[SubmitJobRequestInputs]
    logSize: int
    logTruncated: bool
    createdAt: str
    startedAt: Optional[str]
    finishedAt: Optional[str]
    rerunOf: Optional[int]  # the job this one reruns
    reusedFrom: Optional[int]  # the identical job whose outputs this one took without running; while `waiting`, the identical job it waits for
    expiredAt: Optional[str]  # when retention (AWE_RETENTION_DAYS) deleted the log and outputs; they then answer 410 AWE_ERR_EXPIRED


class SubmitJobResponse(_SubmitJobResponseRequired, total=False):
    params: Dict[str, Optional[Union[Union[str, float, bool], List[Union[str, float, bool]]]]]  # the named values args were made from, when the submit gave them
    children: List[int]  # GET /v1/jobs/{id} only: the jobs that wait for this one
    rerunChanges: List[str]  # what the rerun changed: args, params, settings.NAME, env.NAME, node, priority, bundle
    env: Dict[str, str]  # owner and admins only; secret-looking names left out
    settings: Dict[str, str]  # owner and admins only; secret-looking names left out


class ListJobsResponse(TypedDict):
    jobs: List[SubmitJobResponse]
    nextCursor: Optional[str]  # pass as `cursor` for the next (older) page


class SubmitJobsRequest(TypedDict):
    jobs: List[SubmitJobRequest]


class SubmitJobsResponse(TypedDict):
    batchId: int  # GET /v1/job-batches/{id} shows the batch
    ids: List[int]  # the new jobs, in the order of the specs
    states: List[Literal["waiting", "queued", "running", "cancelling", "succeeded", "failed", "cancelled"]]


GetJobResponse = SubmitJobResponse


CancelJobResponse = SubmitJobResponse


class AppendJobLogResponse(TypedDict):
    next: int  # the offset to send from next
    truncated: bool


class SearchJobLogResponseMatches(TypedDict):
    line: int  # 1-based
    offset: int  # byte offset of the line's start
    text: str  # the line, cut at 400 characters


class SearchJobLogResponse(TypedDict):
    matches: List[SearchJobLogResponseMatches]  # lines containing q, case-insensitive; at most 1000
    truncated: bool
    firstError: Optional[SearchJobLogResponseMatches]  # the first line that begins a Python traceback or says error or fatal


class CreateEnrollmentTokenRequestBound(TypedDict, total=False):
    """the labels and values (`a|b` for several) an agent may offer, and most slots and memory; a part left out or null is not bounded"""
    labels: Optional[Dict[str, str]]
    slots: Optional[int]
    memoryMB: Optional[int]


class CreateEnrollmentTokenRequest(TypedDict, total=False):
    uses: int
    expiresInSeconds: int
    bound: CreateEnrollmentTokenRequestBound  # the labels and values (`a|b` for several) an agent may offer, and most slots and memory; a part left out or null is not bounded


class CreateEnrollmentTokenResponseBound(TypedDict):
    """what an agent may offer at register and hello, set by an admin (enrollment token, PATCH /v1/nodes/{id})"""
    labels: Optional[Dict[str, str]]  # the labels and values (`a|b`) it may offer; null: any
    slots: Optional[int]  # most slots it may offer; null: any
    memoryMB: Optional[int]  # most memory it may offer; null: any


class CreateEnrollmentTokenResponse(TypedDict):
    id: int  # for GET and DELETE /v1/enrollment-tokens
    token: str
    uses: int
    expiresAt: str
    bound: CreateEnrollmentTokenResponseBound  # what an agent may offer at register and hello, set by an admin (enrollment token, PATCH /v1/nodes/{id})


class ListEnrollmentTokensResponseTokens(TypedDict):
    """an enrollment token without its secret (only its hash is stored)"""
    id: int
    usesLeft: int
    expiresAt: str
    createdBy: str
    createdAt: str
    revokedAt: Optional[str]
    bound: CreateEnrollmentTokenResponseBound  # what an agent may offer at register and hello, set by an admin (enrollment token, PATCH /v1/nodes/{id})


class ListEnrollmentTokensResponse(TypedDict):
    tokens: List[ListEnrollmentTokensResponseTokens]


class _RegisterAgentRequestRequired(TypedDict):
    token: str  # an enrollment token from an admin
    name: str
    slots: int


class RegisterAgentRequest(_RegisterAgentRequestRequired, total=False):
    labels: Dict[str, str]  # label name → value
    site: str  # the site it belongs to, fixed from now on; left out: its label `site`, or the one site its token's bound allows
    memoryMB: int
    executor: str
    isolation: Literal["bwrap", "none"]  # how the agent boxes shipped user code (-mycode); an agent that does not say counts as none
    trustUserCode: bool  # its admin lets shipped user code run without isolation
    baseDigest: str  # the digest of the node's base code tree: results are reused only while every node that could run the job reports the same
    protocol: int  # the agent protocol it speaks (docs/protocol.md, "Versions"); an agent that does not say speaks 1


class RegisterAgentResponseIntervals(TypedDict):
    leaseSeconds: int
    heartbeatSeconds: int
    maxWaitSeconds: int  # longest long-poll the service holds


class RegisterAgentResponse(TypedDict):
    agentId: int
    credential: str  # the agent's own secret: `Authorization: Bearer <credential>`
    intervals: RegisterAgentResponseIntervals


class AgentHelloRequest(TypedDict, total=False):
    labels: Dict[str, str]  # label name → value
    slots: int
    memoryMB: int
    isolation: Literal["bwrap", "none"]  # how the agent boxes shipped user code (-mycode); an agent that does not say counts as none
    trustUserCode: bool  # its admin lets shipped user code run without isolation
    baseDigest: str  # the digest of the node's base code tree: results are reused only while every node that could run the job reports the same
    protocol: int  # the agent protocol it speaks (docs/protocol.md, "Versions"); an agent that does not say speaks 1


class AgentHelloResponse(TypedDict):
    leaseSeconds: int
    heartbeatSeconds: int
    maxWaitSeconds: int  # longest long-poll the service holds
    refused: List[str]  # what the hello asked beyond the enrollment bound ("label gpu=true"); the node keeps its previous labels, slots or memory for those


class _ClaimJobsRequestFinishedRequired(TypedDict):
    id: int
    epoch: int
    exitCode: Optional[int]


class ClaimJobsRequestFinished(_ClaimJobsRequestFinishedRequired, total=False):
    signal: Optional[str]
    failureReason: Optional[Literal["recipe_failed", "system_failure", "bundle_error", "timeout", "lost", "dependency_failed"]]
    cancelled: bool
    message: Optional[str]
    batch: SubmitJobResponseBatch0
    baseDigest: str  # the digest of the node's base code tree (a bundle id of it), for provenance and reuse
    agentVersion: str


class _ClaimJobsRequestRequired(TypedDict):
    maxJobs: int  # free slots: how many jobs the agent takes


class ClaimJobsRequest(_ClaimJobsRequestRequired, total=False):
    waitSeconds: float  # hold the request up to this long
    finished: List[ClaimJobsRequestFinished]  # attempts that ended, reported in the same round trip
    contentFilter: str  # a Bloom filter (base64, a power of two from 64 bytes to 64 KiB, 7 hashes; docs/protocol.md) of the sha256s its own cache and its site cache hold; the service keeps the last one and prefers this node for jobs whose bundle and inputs it holds


class ClaimJobsResponseJobsInputs(TypedDict):
    job: int
    path: str
    sha256: str
    size: int


class ClaimJobsResponseJobs(TypedDict):
    id: int
    epoch: int
    recipe: str
    argv: List[str]
    env: Dict[str, str]
    settings: Dict[str, str]
    bundle: Optional[str]
    inputs: List[ClaimJobsResponseJobsInputs]
    timeoutSeconds: Optional[int]
    resources: Dict[str, Any]
    jobToken: str  # reads this job's bundle and inputs; empty for a job with neither, which it would not open anything for
    leaseExpiresAt: str


class _ClaimJobsResponseFinishedRequired(TypedDict):
    id: int
    epoch: int
    status: Literal["ok", "stale", "not_found"]


class ClaimJobsResponseFinished(_ClaimJobsResponseFinishedRequired, total=False):
    state: str


class ClaimJobsResponse(TypedDict):
    jobs: List[ClaimJobsResponseJobs]
    finished: List[ClaimJobsResponseFinished]
    draining: bool  # an admin drains this agent: finish running jobs, take no more


class _HeartbeatRequestJobsRequired(TypedDict):
    id: int
    epoch: int


class HeartbeatRequestJobs(_HeartbeatRequestJobsRequired, total=False):
    batch: SubmitJobResponseBatch0


class HeartbeatRequest(TypedDict):
    jobs: List[HeartbeatRequestJobs]


class HeartbeatResponseJobs(TypedDict):
    id: int
    epoch: int
    verdict: Literal["ok", "cancel", "gone"]
    leaseExpiresAt: Optional[str]


class HeartbeatResponse(TypedDict):
    jobs: List[HeartbeatResponseJobs]
    draining: bool


FinishJobRequest = ClaimJobsRequestFinished


FinishJobResponse = ClaimJobsResponseFinished


class ListNodesResponseNodes(TypedDict):
    id: int
    name: str
    labels: Dict[str, str]  # label name → value
    slots: int
    running: int  # slots in use
    memoryMB: Optional[int]
    executor: str
    site: Optional[str]  # the site it was enrolled at (also its label `site`); null: none
    isolation: Literal["bwrap", "none"]
    trustUserCode: bool
    bound: CreateEnrollmentTokenResponseBound  # what an agent may offer at register and hello, set by an admin (enrollment token, PATCH /v1/nodes/{id})
    state: Literal["online", "draining", "lost"]
    lastSeenAt: str


class ListNodesResponse(TypedDict):
    nodes: List[ListNodesResponseNodes]


class UpdateNodeRequest(TypedDict, total=False):
    state: Literal["online", "draining"]
    bound: CreateEnrollmentTokenRequestBound  # the labels and values (`a|b` for several) an agent may offer, and most slots and memory; a part left out or null is not bounded


UpdateNodeResponse = ListNodesResponseNodes


class RotateNodeCredentialResponse(TypedDict):
    agentId: int
    credential: str  # the new credential; the old one stopped working when this was issued


ExplainJobRequest = SubmitJobRequest


class ExplainJobResponseNodes(TypedDict):
    name: str
    matches: bool
    reason: Optional[str]
    freeSlots: int


class ExplainJobResponse(TypedDict):
    recipe: str
    rule: str  # the routing rule that chose the nodes
    selector: Dict[str, str]  # label name → value
    requestedNode: Optional[str]
    minMemoryMB: Optional[int]
    nodes: List[ExplainJobResponseNodes]
    data: Optional[str]  # where its bundle and inputs are, by the content filters nodes report ("inputs at munich: 3.2 of 3.4 GB"); null: it has none
    summary: str  # in one sentence: where it would run now, or why it would wait


class MissingBlobsRequest(TypedDict):
    sha256s: List[str]


class MissingBlobsResponse(TypedDict):
    missing: List[str]


class UploadBlobResponse(TypedDict):
    sha256: str
    size: int


class CreateBundleRequestFiles(TypedDict):
    path: str
    sha256: str
    size: int
    mode: Literal[420, 493]  # 420 (rw-r--r--) or 493 (rwxr-xr-x)


class CreateBundleRequest(TypedDict):
    files: List[CreateBundleRequestFiles]


class CreateBundleResponse(TypedDict):
    id: str
    fileCount: int
    totalBytes: int
    created: bool


class GetBundleResponse(TypedDict):
    id: str
    owner: str
    files: List[CreateBundleRequestFiles]
    fileCount: int
    totalBytes: int
    createdAt: str


class CreateContentTokenResponse(TypedDict):
    """a read-only token for the content its user may read, for site caches (audience awe-dp:content)"""
    token: str
    expiresAt: str


class UploadOutputResponse(TypedDict):
    path: str
    sha256: str
    size: int


class ListOutputsResponse(TypedDict):
    outputs: List[UploadOutputResponse]


class _PreviewOutputResponseHdusRequired(TypedDict):
    index: int
    kind: Literal["image", "table", "empty", "unsupported"]
    description: str
    previewable: bool


class PreviewOutputResponseHdus(_PreviewOutputResponseHdusRequired, total=False):
    columns: List[str]
    rows: List[List[str]]  # the first 20 rows, when the chosen HDU is a table


class PreviewOutputResponse(TypedDict):
    hdus: List[PreviewOutputResponseHdus]
    chosen: Optional[int]  # the HDU a PNG preview shows


class ListAttemptsResponseAttemptsLog(TypedDict):
    """the attempt's bytes of the job log: [start, end)"""
    start: int
    end: int


class _ListAttemptsResponseAttemptsRequired(TypedDict):
    epoch: int  # the attempt number, also the lease epoch its agent used
    node: str  # the node that ran it (empty for attempts recorded before attempts were kept)
    labels: Dict[str, str]  # the node's labels (site, pool …) when it claimed the attempt
    executor: str
    startedAt: str
    finishedAt: Optional[str]
    outcome: Optional[Literal["succeeded", "failed", "cancelled", "requeued"]]  # what became of the job when the attempt ended; null while it runs
    exitCode: Optional[int]
    signal: Optional[str]
    failureReason: Optional[Literal["recipe_failed", "system_failure", "bundle_error", "timeout", "lost", "dependency_failed"]]
    message: Optional[str]
    batch: Optional[SubmitJobResponseBatch0]
    log: ListAttemptsResponseAttemptsLog  # the attempt's bytes of the job log: [start, end)
    baseDigest: Optional[str]  # the digest of the node's base code tree, as its agent reported it
    agentVersion: Optional[str]


class ListAttemptsResponseAttempts(_ListAttemptsResponseAttemptsRequired, total=False):
    outputs: List[UploadOutputResponse]  # owner and admins only: what the attempt uploaded (a succeeded attempt's are the job's outputs)


class ListAttemptsResponse(TypedDict):
    attempts: List[ListAttemptsResponseAttempts]  # oldest first


class GetProvenanceResponseSettings(TypedDict):
    names: List[str]  # the names given, values left out
    digest: str  # HMAC-SHA256 of the names and values (secret ones included) under the service key: equal digests, equal values


class GetProvenanceResponseInputs(TypedDict):
    job: int
    path: str
    sha256: Optional[str]
    size: Optional[int]


class _GetProvenanceResponseAncestorsRequired(TypedDict):
    job: int
    recipe: str
    state: Literal["waiting", "queued", "running", "cancelling", "succeeded", "failed", "cancelled"]
    submitter: str
    command: List[str]  # the recipe's command as resolved at submit
    args: List[str]
    bundle: Optional[str]  # the user's code bundle: its id is the sha256 of its manifest
    baseDigest: Optional[str]  # the node's base code, as the agent of the last attempt reported it
    agentVersion: Optional[str]
    settings: GetProvenanceResponseSettings
    env: GetProvenanceResponseSettings
    inputs: List[GetProvenanceResponseInputs]
    outputs: List[UploadOutputResponse]
    node: Optional[str]
    siteLabels: Dict[str, str]  # label name → value
    executor: Optional[str]
    batchId: Optional[str]
    createdAt: str
    startedAt: Optional[str]
    finishedAt: Optional[str]
    attempts: List[ListAttemptsResponseAttempts]


class GetProvenanceResponseAncestors(_GetProvenanceResponseAncestorsRequired, total=False):
    params: Dict[str, Optional[Union[Union[str, float, bool], List[Union[str, float, bool]]]]]


class _GetProvenanceResponseRequired(TypedDict):
    job: int
    recipe: str
    state: Literal["waiting", "queued", "running", "cancelling", "succeeded", "failed", "cancelled"]
    submitter: str
    command: List[str]  # the recipe's command as resolved at submit
    args: List[str]
    bundle: Optional[str]  # the user's code bundle: its id is the sha256 of its manifest
    baseDigest: Optional[str]  # the node's base code, as the agent of the last attempt reported it
    agentVersion: Optional[str]
    settings: GetProvenanceResponseSettings
    env: GetProvenanceResponseSettings
    inputs: List[GetProvenanceResponseInputs]
    outputs: List[UploadOutputResponse]
    node: Optional[str]
    siteLabels: Dict[str, str]  # label name → value
    executor: Optional[str]
    batchId: Optional[str]
    createdAt: str
    startedAt: Optional[str]
    finishedAt: Optional[str]
    attempts: List[ListAttemptsResponseAttempts]


class GetProvenanceResponse(_GetProvenanceResponseRequired, total=False):
    params: Dict[str, Optional[Union[Union[str, float, bool], List[Union[str, float, bool]]]]]
    ancestors: List[GetProvenanceResponseAncestors]  # depth=all: every ancestor the caller may read, nearest first
    withheld: List[int]  # depth=all: ancestors that are someone else's


class GetLineageResponseAncestors(TypedDict):
    id: int
    recipe: str
    state: Literal["waiting", "queued", "running", "cancelling", "succeeded", "failed", "cancelled"]
    owner: str


class GetLineageResponse(TypedDict):
    job: int
    ancestors: List[GetLineageResponseAncestors]  # the jobs it waits for or takes inputs from, transitively, nearest first
    descendants: List[GetLineageResponseAncestors]  # the jobs that wait for it or take its outputs, transitively, nearest first
    truncated: bool  # a side was cut at 10,000 jobs


class GetOutputUsesResponseProduced(TypedDict):
    job: int
    epoch: int
    path: str
    size: int
    jobOutput: bool  # the attempt succeeded: this is its job's output


GetOutputUsesResponseUsed = TypedDict("GetOutputUsesResponseUsed", {"job": int, "from": int, "path": str}, total=False)


class GetOutputUsesResponse(TypedDict):
    sha256: str
    produced: List[GetOutputUsesResponseProduced]
    used: List[GetOutputUsesResponseUsed]  # jobs that took it as an input


class RerunJobRequest(TypedDict, total=False):
    args: List[str]
    params: Dict[str, Optional[Union[Union[str, float, bool], List[Union[str, float, bool]]]]]
    env: Dict[str, Optional[str]]
    settings: Dict[str, Optional[str]]
    node: Optional[str]
    priority: int
    bundle: Optional[str]


RerunJobResponse = SubmitJobResponse


class GetJobBatchResponse(TypedDict):
    id: int
    owner: str
    rerunOf: Optional[int]  # the batch whose members this one reruns
    createdAt: str
    jobs: List[int]
    counts: Dict[str, int]  # jobs per state


class RerunJobBatchRequest(TypedDict, total=False):
    only: Literal["failed"]  # rerun the members that failed (the default and only choice)


RerunJobBatchResponse = SubmitJobsResponse


class _ErrorBodyRequired(TypedDict):
    statusCode: int
    code: str  # stable error code, listed in docs/errors.md
    message: str


class ErrorBody(_ErrorBodyRequired, total=False):
    next: int  # for log gaps (416): the offset the service expects next


FINAL_STATES = frozenset({"succeeded", "failed", "cancelled"})
"""Job states that never change again."""


ERROR_CODES: Dict[str, int] = {
    "AWE_ERR_VALIDATION": 400,
    "AWE_ERR_BAD_BUNDLE": 400,
    "AWE_ERR_UNAUTHENTICATED": 401,
    "AWE_ERR_FORBIDDEN": 403,
    "AWE_ERR_CSRF": 403,
    "AWE_ERR_NOT_FOUND": 404,
    "AWE_ERR_CONFLICT": 409,
    "AWE_ERR_STALE_LEASE": 409,
    "AWE_ERR_BAD_STATE": 409,
    "AWE_ERR_EXPIRED": 410,
    "AWE_ERR_TOO_LARGE": 413,
    "AWE_ERR_UNSUPPORTED_MEDIA": 415,
    "AWE_ERR_RANGE": 416,
    "AWE_ERR_RATE_LIMITED": 429,
    "AWE_ERR_QUOTA": 429,
    "AWE_ERR_TOO_MANY_FOLLOWS": 429,
    "AWE_ERR_INTERNAL": 500,
    "AWE_ERR_BUSY": 503,
    "AWE_ERR_DISK_FULL": 507,
}
"""Every error code of the service with its HTTP status (docs/errors.md)."""
