import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { NodeList, NodeParams, NodeUpdate, Node } from '../../schemas/agents.js';
import { errors } from '../../schemas/common.js';
import { Explanation } from '../../schemas/explain.js';
import { JobSpec } from '../../schemas/jobs.js';
import { forbidden, notFound } from '../errors.js';
import { judgeNodes } from '../services/node-fit.js';
import { jobsAhead } from '../services/pending-reason.js';
import { resolveSpec } from '../services/submit-job.js';
import { listAgents, setAgentState, type Agent } from '../store/agents.js';
import { nextFairPosition } from '../store/jobs/fair-share.js';
import { findRouteId } from '../store/jobs/routes.js';

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
  state: agent.state as 'online' | 'draining' | 'lost',
  lastSeenAt: new Date(agent.lastSeenAt).toISOString(),
});

export default async function nodeRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const awe = app.awe;
  const { db } = awe;

  r.get(
    '/v1/nodes',
    { onRequest: app.requireUser(), schema: { operationId: 'listNodes', tags: ['nodes'], summary: 'Agents: labels, slots in use, last contact, state', response: { 200: NodeList, ...errors(401) } } },
    async () => ({ nodes: listAgents(db).map(nodeView) }),
  );

  r.patch(
    '/v1/nodes/:id',
    {
      onRequest: app.requireUser('admin'),
      schema: {
        operationId: 'updateNode',
        tags: ['nodes'],
        summary: 'Drain a node (it finishes its jobs and takes no more) or bring it back (admin)',
        params: NodeParams,
        body: NodeUpdate,
        response: { 200: Node, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      if (!setAgentState(db, request.params.id, request.body.state)) throw notFound(`node ${request.params.id}`);
      if (request.body.state === 'online') awe.broker.wake(Number.POSITIVE_INFINITY);
      return nodeView(listAgents(db).find((agent) => agent.id === request.params.id)!);
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
      if (!setAgentState(db, request.params.id, 'removed')) throw notFound(`node ${request.params.id}`);
      reply.code(204);
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
      const { recipe, where, priority } = resolveSpec(awe, principal, request.body);
      const route = { ...where, shipsCode: request.body.bundle !== undefined };
      const { nodes, fitting, blocked } = judgeNodes(listAgents(db), route);
      // A new job would be the newest: at its priority, after the owner's fair position on the route.
      const key = { priority, fair_pos: nextFairPosition(db, findRouteId(db, route), principal.username), id: Number.MAX_SAFE_INTEGER };
      const [ahead] = blocked === null ? jobsAhead(db, [{ key, fitting }], awe.now()) : [null];
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
