import { formatSelector, unmatched, type Labels } from '../../core/labels.js';
import type { Agent } from '../store/agents.js';

export interface Requirements {
  selector: Labels;
  requestedNode: string | null;
  minMemoryMB: number | null;
}

/** One node as explain shows it: whether it may run the job and, if not, why. */
export interface NodeFit {
  name: string;
  matches: boolean;
  reason: string | null;
  freeSlots: number;
}

/** Why this node cannot run such a job (ignoring how busy it is), or null when it can. */
function whyNot(agent: Agent, needs: Requirements): string | null {
  if (agent.state !== 'online') return `${agent.state}`;
  if (needs.requestedNode !== null && agent.name !== needs.requestedNode) return `not the requested node ${needs.requestedNode}`;
  const missing = unmatched(needs.selector, agent.labels);
  if (missing.length > 0) return `lacks ${missing.join(', ')}`;
  if (needs.minMemoryMB !== null && (agent.memoryMB ?? 0) < needs.minMemoryMB) {
    return `has ${agent.memoryMB ?? 'unknown'} MB, needs ${needs.minMemoryMB} MB`;
  }
  return null;
}

/** Why no node may run the job: the pinned node's own problem, or what no node offers. */
function noMatch(agents: Agent[], needs: Requirements): string {
  if (needs.requestedNode !== null) {
    const node = agents.find((agent) => agent.name === needs.requestedNode);
    if (!node || node.state !== 'online') return `node ${needs.requestedNode} is not online${node ? ` (${node.state})` : ''}`;
    return `node ${needs.requestedNode} ${whyNot(node, needs)}`;
  }
  const wanted = [formatSelector(needs.selector), needs.minMemoryMB !== null ? `${needs.minMemoryMB} MB` : ''].filter(Boolean).join(' with ');
  return `no online node matches ${wanted}`;
}

/**
 * Judges every node for a job and says, in the words pendingReason and explain
 * share, what keeps the job from starting now: no node may run it, or every
 * node that may is busy. `blocked` is null when a matching node has a free slot.
 */
export function judgeNodes(agents: Array<Agent & { running: number }>, needs: Requirements): {
  nodes: NodeFit[];
  fitting: Array<Agent & { running: number }>;
  blocked: string | null;
} {
  const nodes: NodeFit[] = [];
  const fitting: Array<Agent & { running: number }> = [];
  for (const agent of agents) {
    const reason = whyNot(agent, needs);
    nodes.push({ name: agent.name, matches: reason === null, reason, freeSlots: Math.max(0, agent.slots - agent.running) });
    if (reason === null) fitting.push(agent);
  }
  let blocked: string | null = null;
  if (fitting.length === 0) blocked = noMatch(agents, needs);
  else if (fitting.every((agent) => agent.running >= agent.slots)) {
    blocked = fitting.length === 1 ? 'the only matching node is busy' : `all ${fitting.length} matching nodes are busy`;
  }
  return { nodes, fitting, blocked };
}
