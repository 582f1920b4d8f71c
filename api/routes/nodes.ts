import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { changeBound, clampOffer } from '../../core/bounds.js';
import { NodeCredential, NodeList, NodeParams, NodeUpdate, Node } from '../../schemas/agents.js';
import { errors } from '../../schemas/common.js';
import { Explanation } from '../../schemas/explain.js';
import { JobSpec } from '../../schemas/jobs.js';
import { forbidden, notFound } from '../errors.js';
import { audited } from '../services/audit.js';
import { judgeNodes } from '../services/node-fit.js';
import { agentCredential, newSecret, sha256Hex } from '../services/opaque-tokens.js';
import { jobsAhead } from '../services/pending-reason.js';
import { resolveSpec } from '../services/submit-job.js';
import type { Agent, Store } from '../store/store.js';

const nodeView = (agent: Agent & { running: number }) => ({
  id: agent.id,
  name: agent.name,
  labels: agent.labels,
  slots: agent.slots,
  running: agent.running,
  memoryMB: agent.memoryMB,
  executor: agent.executor,
  isolation: agent.isolation,
  trustUserCode: agent.trustUserCode,
  bound: agent.bound,
  state: agent.state as 'online' | 'draining' | 'lost',
  lastSeenAt: new Date(agent.lastSeenAt).toISOString(),
});

export default async function nodeRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const awe = app.awe;
  const { store } = awe;

  r.get(
    '/v1/nodes',
    { onRequest: app.requireUser(), schema: { operationId: 'listNodes', tags: ['nodes'], summary: 'Agents: what each offers now (labels, slots, memory) beside its bound, slots in use, last contact, state', response: { 200: NodeList, ...errors(401) } } },
    async () => ({ nodes: (await store.listAgents()).map(nodeView) }),
  );

  r.patch(
    '/v1/nodes/:id',
    {
      onRequest: app.requireUser('admin'),
      schema: {
        operationId: 'updateNode',
        tags: ['nodes'],
        summary: 'Drain a node (it finishes its jobs and takes no more) or bring it back; change what it may offer (admin)',
        params: NodeParams,
        body: NodeUpdate,
        response: { 200: Node, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { state, bound: change } = request.body;
      const update = async (s: Store): Promise<boolean> => {
        const agent = await s.getAgent(id);
        if (!agent || agent.state === 'removed') return false;
        if (change) {
          // A narrowed bound takes effect at once: what the node offers now is cut to it, not left until its next hello.
          const bound = changeBound(agent.bound, change);
          await s.setAgentBound(id, bound, clampOffer(agent, bound));
        }
        return state === undefined || (await s.setAgentState(id, state));
      };
      if (!(await audited(awe, request.principal, 'node.update', String(id), update, request.body))) throw notFound(`node ${id}`);
      // Online again or a wider bound: jobs may fit now.
      awe.broker.wake(Number.POSITIVE_INFINITY);
      return nodeView((await store.listAgents()).find((agent) => agent.id === request.params.id)!);
    },
  );

  r.delete(
    '/v1/nodes/:id',
    {
      onRequest: app.requireUser('admin'),
      schema: {
        operationId: 'removeNode',
        tags: ['nodes'],
        summary: 'Remove a node (admin): its credential stops working; its running jobs are requeued when their leases expire',
        params: NodeParams,
        response: { 204: { type: 'null' }, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      if (!(await audited(awe, request.principal, 'node.remove', String(id), (s) => s.setAgentState(id, 'removed')))) throw notFound(`node ${request.params.id}`);
      reply.code(204);
    },
  );

  r.post(
    '/v1/nodes/:id/credential',
    {
      onRequest: app.requireUser('admin'),
      schema: {
        operationId: 'rotateNodeCredential',
        tags: ['nodes'],
        summary: "Issue a new credential for a node (admin); the old one stops at once. Put it in the agent's <work-dir>/credential.json",
        params: NodeParams,
        response: { 200: NodeCredential, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const secret = newSecret();
      if (!(await audited(awe, request.principal, 'node.credential', String(id), (s) => s.setAgentSecret(id, sha256Hex(secret))))) throw notFound(`node ${id}`);
      return { agentId: id, credential: agentCredential(id, secret) };
    },
  );

  r.post(
    '/v1/explain',
    {
      onRequest: app.requireUser(),
      schema: {
        operationId: 'explainJob',
        tags: ['jobs'],
        summary: 'Where would this job run, and why? Nothing is submitted',
        body: JobSpec,
        response: { 200: Explanation, ...errors(400, 401, 403, 413) },
      },
    },
    async (request) => {
      const principal = request.principal;
      if (principal?.kind !== 'user') throw forbidden('sign in as a user');
      const { recipe, where, priority } = await resolveSpec(store, principal, request.body);
      const route = { ...where, shipsCode: request.body.bundle !== undefined };
      const { nodes, fitting, blocked } = judgeNodes(await store.listAgents(), route);
      // A new job would be the newest: at its priority, after the owner's fair position on the route.
      const key = { priority, fair_pos: await store.nextFairPosition(await store.findRouteId(route), principal.username, priority), id: Number.MAX_SAFE_INTEGER };
      const [ahead] = blocked === null ? await jobsAhead(store, [{ key, fitting }], awe.now()) : [null];
      const free = fitting.filter((agent) => agent.running < agent.slots).map((agent) => agent.name).join(' or ');
      const summary =
        blocked !== null
          ? `${blocked}; the job would wait in the queue (${where.rule})`
          : ahead !== null
            ? `${ahead}; then it would run on ${free}`
            : `would run now on ${free}`;
      return { recipe: recipe.name, rule: where.rule, selector: where.selector, requestedNode: where.requestedNode, minMemoryMB: where.minMemoryMB, nodes, summary };
    },
  );
}
