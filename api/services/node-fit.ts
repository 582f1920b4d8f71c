import { describeMisfit, describeRoute, misfit, SHIPPED_CODE_REFUSED, type Route } from '../../core/fit.js';
import type { Agent } from '../store/store.js';

type Listed = Agent & { running: number };

/** One node as explain shows it: whether it may run the job and, if not, why. */
export interface NodeFit {
  name: string;
  matches: boolean;
  reason: string | null;
  freeSlots: number;
}

/** Why this node cannot run such a job now (ignoring how busy it is), or null when it can. */
function whyNot(agent: Agent, route: Route): string | null {
  if (agent.state !== 'online') return agent.state;
  const why = misfit(route, agent);
  return why === null ? null : describeMisfit(why);
}

/**
 * Why no online node may run the job, from the most specific cause: the pinned
 * node's own problem; nodes that would fit but may not run shipped code; the
 * wanted labels among enrolled nodes at all, or only among online ones.
 */
function noMatch(agents: Listed[], route: Route): string {
  if (route.requestedNode !== null) {
    const named = agents.filter((agent) => agent.name === route.requestedNode);
    const node = named.find((agent) => agent.state === 'online') ?? named[0];
    if (!node) return `no node named ${route.requestedNode} is enrolled`;
    if (node.state !== 'online') return `node ${route.requestedNode} is not online (${node.state})`;
    return `node ${route.requestedNode} ${whyNot(node, route)}`;
  }
  const fitsButForCode = (agent: Agent): boolean => {
    const why = misfit(route, agent);
    return why === null || why.kind === 'isolation';
  };
  if (agents.some((agent) => agent.state === 'online' && fitsButForCode(agent))) return `no online node may run shipped code: ${SHIPPED_CODE_REFUSED}`;
  const where = agents.some(fitsButForCode) ? 'online' : 'enrolled';
  const wanted = describeRoute(route);
  return wanted === '' ? `no node is ${where}` : `no ${where} node has ${wanted}`;
}

/**
 * Judges every enrolled node for a route by the fit rule and says, in the words
 * pendingReason and explain share, what keeps such a job from starting now: no
 * node may run it, or every node that may is busy. `blocked` is null when a
 * fitting node has a free slot.
 */
export function judgeNodes(agents: Listed[], route: Route): { nodes: NodeFit[]; fitting: Listed[]; blocked: string | null } {
  const nodes: NodeFit[] = [];
  const fitting: Listed[] = [];
  for (const agent of agents) {
    const reason = whyNot(agent, route);
    nodes.push({ name: agent.name, matches: reason === null, reason, freeSlots: Math.max(0, agent.slots - agent.running) });
    if (reason === null) fitting.push(agent);
  }
  let blocked: string | null = null;
  if (fitting.length === 0) blocked = noMatch(agents, route);
  else if (fitting.every((agent) => agent.running >= agent.slots)) {
    blocked = fitting.length === 1 ? 'the only matching node is busy' : `all ${fitting.length} matching nodes are busy`;
  }
  return { nodes, fitting, blocked };
}
