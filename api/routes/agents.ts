import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BloomFilter } from '../../core/bloom.js';
import { checkOffer } from '../../core/bounds.js';
import { enrollmentSite, SITE_LABEL, withSite } from '../../core/sites.js';
import { protocolRefusal, UNSTATED_AGENT_PROTOCOL } from '../../core/protocol.js';
import { errors, IdParams } from '../../schemas/common.js';
import {
  AgentHello,
  ClaimBody,
  ClaimResponse,
  Finish,
  HelloResponse,
  HeartbeatBody,
  HeartbeatResponse,
  LogAppendQuery,
  LogAppendResponse,
  RegisterBody,
  RegisterResponse,
} from '../../schemas/agents.js';
import type { Awe } from '../context.js';
import { ApiError } from '../errors.js';
import type { Principal } from '../plugins/auth.js';
import { requireFreeDisk } from '../plugins/disk-guard.js';
import { toClaimedJob } from '../services/claimed-job.js';
import { agentCredential, newSecret, sha256Hex } from '../services/opaque-tokens.js';
import type { Agent, Store } from '../store/store.js';

const intervals = (awe: Awe) => ({
  leaseSeconds: awe.config.leaseSeconds,
  heartbeatSeconds: Math.max(1, Math.floor(awe.config.leaseSeconds / 3)),
  maxWaitSeconds: awe.config.maxWaitSeconds,
});

/** The site of an enrolling agent, or 400 saying why its request is contradictory. */
function siteOf(...args: Parameters<typeof enrollmentSite>): string | null {
  try {
    return enrollmentSite(...args);
  } catch (err) {
    throw new ApiError('AWE_ERR_VALIDATION', (err as Error).message);
  }
}

function contentFilter(text: string): BloomFilter {
  try {
    return BloomFilter.fromBase64(text);
  } catch (err) {
    throw new ApiError('AWE_ERR_VALIDATION', `contentFilter: ${(err as Error).message}`);
  }
}

const agentOf = (request: FastifyRequest): Agent => (request.principal as Extract<Principal, { kind: 'agent' }>).agent;

/** An agent newer than the service is refused at once with why, rather than failing later on what the service does not do. */
function checkProtocol(protocol: number | undefined): void {
  const refusal = protocolRefusal(protocol);
  if (refusal) throw new ApiError('AWE_ERR_VALIDATION', refusal);
}

/**
 * Applies an agent's finish reports through `s` (a transaction, or the store),
 * together (Store.finishJobs); after commit, wakes whoever waits on the jobs or
 * their dependents. Answers each report's verdict, in their order.
 */
async function applyFinishes(awe: Awe, s: Store, agent: Agent, reports: Finish[]) {
  const results = await s.finishJobs(
    reports.map((report) => ({ id: report.id, fence: { agentId: agent.id, epoch: report.epoch }, outcome: report })),
    awe.now(),
  );
  const queued = results.reduce((sum, result) => sum + (result.ok ? result.queued.length : 0), 0);
  s.afterCommit(() => {
    for (const report of reports) awe.notifier.notify(`job:${report.id}`);
    awe.broker.wake(queued);
  });
  return results.map((result, i) => {
    const { id, epoch } = reports[i];
    return result.ok ? { id, epoch, status: 'ok' as const, state: result.row.state } : { id, epoch, status: result.why };
  });
}

export default async function agentRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const awe = app.awe;
  const { store } = awe;

  r.post(
    '/v1/agents/register',
    {
      schema: {
        operationId: 'registerAgent',
        tags: ['agents'],
        summary: "Enroll an agent with an enrollment token, offering what the token's bound allows; answers its own credential",
        body: RegisterBody,
        response: { 201: RegisterResponse, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      checkProtocol(body.protocol);
      const secret = newSecret();
      // Spent and checked in one transaction: a registration beyond the bound does not use the token up.
      const agentId = await store.tx(async (s) => {
        const bound = await s.spendEnrollmentToken(sha256Hex(body.token), awe.now());
        if (!bound) throw new ApiError('AWE_ERR_UNAUTHENTICATED', 'the enrollment token is unknown, used up or expired; ask an admin for a new one');
        const site = siteOf(body.site, body.labels ?? {}, bound);
        // The site is a label, so the token's bound on labels is what allows it.
        const labels = withSite(body.labels ?? {}, site);
        const { refused } = checkOffer({ ...body, labels }, bound);
        if (refused.length > 0) throw new ApiError('AWE_ERR_FORBIDDEN', `the enrollment token does not allow ${refused.join(', ')}`);
        return s.insertAgent(
          {
            name: body.name,
            labels,
            site,
            slots: body.slots,
            memoryMB: body.memoryMB ?? null,
            executor: body.executor ?? 'local',
            isolation: body.isolation ?? 'none',
            trustUserCode: body.trustUserCode ?? false,
            baseDigest: body.baseDigest ?? null,
            secretHash: sha256Hex(secret),
            bound,
          },
          awe.now(),
        );
      });
      reply.code(201);
      return { agentId, credential: agentCredential(agentId, secret), intervals: intervals(awe) };
    },
  );

  r.post(
    '/v1/agents/hello',
    {
      onRequest: app.requireAgent,
      schema: {
        operationId: 'agentHello',
        tags: ['agents'],
        summary: 'An agent (re)starting: update its labels, slots, memory (within its bound) and isolation; answers the intervals',
        body: AgentHello,
        response: { 200: HelloResponse, ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const agent = agentOf(request);
      checkProtocol(request.body.protocol);
      // Which protocol each agent speaks tells an operator which agents hold back dropping an old one.
      request.log.info({ agentId: agent.id, protocol: request.body.protocol ?? UNSTATED_AGENT_PROTOCOL }, 'agent hello');
      // Beyond the bound is not an error: an agent of an older release keeps working with what it was allowed.
      const { allowed, refused } = checkOffer(request.body, agent.bound);
      const site = request.body.labels?.[SITE_LABEL];
      if (site !== undefined && site !== agent.site) refused.push(`site ${site} (enrolled at ${agent.site ?? 'no site'})`);
      if (allowed.labels) allowed.labels = withSite(allowed.labels, agent.site);
      if (refused.length > 0) request.log.warn({ agentId: agent.id, refused }, 'hello asked beyond the enrollment bound; those parts stay as they were');
      await store.updateAgentOffer(agent.id, allowed);
      awe.broker.wake(Number.POSITIVE_INFINITY);
      return { ...intervals(awe), refused };
    },
  );

  r.post(
    '/v1/agents/claim',
    {
      onRequest: app.requireAgent,
      schema: {
        operationId: 'claimJobs',
        tags: ['agents'],
        summary: 'Report finished attempts and take up to maxJobs jobs, waiting up to waitSeconds for work',
        body: ClaimBody,
        response: { 200: ClaimResponse, ...errors(400, 401, 403, 413) },
      },
    },
    async (request, reply) => {
      const agent = agentOf(request);
      const reports = (request.body.finished ?? []) as Finish[];
      const filter = request.body.contentFilter === undefined ? null : contentFilter(request.body.contentFilter);
      if (filter) await store.setContentFilter(agent.id, filter);
      awe.metrics.claims++;
      // The agent as authentication read it for this request: its state, labels and memory are current.
      const draining = agent.state === 'draining';
      const wanted = draining ? 0 : request.body.maxJobs;
      const claimant = { ...agent, agentId: agent.id };
      // All reports and the first claim in one commit: a busy agent's round trip costs one write, not one per job.
      const claimNow = async (s: Store) => {
        const finished = reports.length === 0 ? [] : await applyFinishes(awe, s, agent, reports);
        return { finished, rows: wanted > 0 ? await awe.broker.claimNow(claimant, wanted, s) : [] };
      };
      const { finished, rows } = reports.length === 0 ? await claimNow(store) : await store.tx(claimNow);
      if (wanted === 0) return { jobs: [], finished, draining };
      const waitMs = Math.min(request.body.waitSeconds ?? 0, awe.config.maxWaitSeconds) * 1000;
      // A client that hangs up (its response closes) ends its long poll.
      if (rows.length === 0) rows.push(...(await awe.broker.wait(claimant, wanted, waitMs, reply.raw)));
      const jobs = [];
      for (const row of rows) {
        awe.notifier.notify(`job:${row.id}`);
        const job = await toClaimedJob(awe, row, app.signJobToken);
        if (job) jobs.push(job);
      }
      return { jobs, finished, draining: false };
    },
  );

  r.post(
    '/v1/agents/heartbeat',
    {
      onRequest: app.requireAgent,
      schema: {
        operationId: 'heartbeat',
        tags: ['agents'],
        summary: 'Extend the leases of running attempts; answers, per job, ok, cancel or gone',
        body: HeartbeatBody,
        response: { 200: HeartbeatResponse, ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const agent = agentOf(request);
      const now = awe.now();
      const verdicts = await store.renewLeases(agent.id, request.body.jobs, awe.config.leaseSeconds * 1000, now);
      for (const report of request.body.jobs) if (report.batch) awe.notifier.notify(`job:${report.id}`);
      return {
        jobs: verdicts.map((v) => ({ ...v, leaseExpiresAt: v.leaseExpiresAt === null ? null : new Date(v.leaseExpiresAt).toISOString() })),
        draining: agent.state === 'draining',
      };
    },
  );

  r.post(
    '/v1/jobs/:id/finish',
    {
      onRequest: app.requireAgent,
      schema: {
        operationId: 'finishJob',
        tags: ['agents'],
        summary: 'Report the end of an attempt (idempotent); a stale epoch gets 409',
        params: IdParams,
        body: Finish,
        response: { 200: ClaimResponse.properties.finished.items, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      if (request.body.id !== request.params.id) throw new ApiError('AWE_ERR_VALIDATION', 'the body names another job than the URL');
      const [result] = await applyFinishes(awe, store, agentOf(request), [request.body as Finish]);
      if (result.status === 'not_found') throw new ApiError('AWE_ERR_NOT_FOUND', `job ${request.params.id} not found`);
      if (result.status === 'stale') throw new ApiError('AWE_ERR_STALE_LEASE', `attempt ${request.body.epoch} of job ${request.params.id} no longer holds the lease; stop it`);
      return result;
    },
  );

  // Log bytes arrive as a raw body, not JSON; the encapsulated parser keeps them a Buffer.
  app.register(async (raw) => {
    raw.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: 1024 * 1024 }, (_request, body, done) => done(null, body));
    raw.withTypeProvider<TypeBoxTypeProvider>().put(
      '/v1/jobs/:id/log',
      {
        onRequest: [app.requireAgent, requireFreeDisk(awe)],
        schema: {
          operationId: 'appendJobLog',
          tags: ['agents'],
          summary: 'Append log bytes at an offset (idempotent; at most 1 MiB a request)',
          params: IdParams,
          querystring: LogAppendQuery,
          consumes: ['application/octet-stream'],
          response: { 200: LogAppendResponse, ...errors(400, 401, 403, 404, 409, 413, 415, 416, 507) },
        },
      },
      async (request) => {
        const agent = agentOf(request);
        const data = request.body as Buffer;
        const result = await store.appendLog(request.params.id, { agentId: agent.id, epoch: request.query.epoch }, request.query.offset, data, awe.config.logCapBytes);
        if (!result.ok) {
          if (result.why === 'not_found') throw new ApiError('AWE_ERR_NOT_FOUND', `job ${request.params.id} not found`);
          if (result.why === 'stale') throw new ApiError('AWE_ERR_STALE_LEASE', `attempt ${request.query.epoch} of job ${request.params.id} no longer holds the lease; stop it`);
          const next = result.why === 'gap' ? result.next : 0;
          throw new ApiError('AWE_ERR_RANGE', `log offset ${request.query.offset} leaves a gap; send from ${next}`, { next });
        }
        awe.notifier.notify(`job:${request.params.id}`);
        return { next: result.next, truncated: result.truncated };
      },
    );
  });
}
