import { unmatched, type Labels } from '../../core/labels.js';
import type { Agent } from '../store/agents.js';

export interface Requirements {
  selector: Labels;
  requestedNode: string | null;
  minMemoryMB: number | null;
}

/** Why this node cannot run such a job (ignoring how busy it is), or null when it can. */
export function whyNot(agent: Agent, needs: Requirements): string | null {
  if (agent.state !== 'online') return `${agent.state}`;
  if (needs.requestedNode !== null && agent.name !== needs.requestedNode) return `not the requested node ${needs.requestedNode}`;
  const missing = unmatched(needs.selector, agent.labels);
  if (missing.length > 0) return `lacks ${missing.join(', ')}`;
  if (needs.minMemoryMB !== null && (agent.memoryMB ?? 0) < needs.minMemoryMB) {
    return `has ${agent.memoryMB ?? 'unknown'} MB, needs ${needs.minMemoryMB} MB`;
  }
  return null;
}
