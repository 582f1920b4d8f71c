import { describeHoldings, holdings, type ContentItem } from '../../core/locality.js';
import type { Agent, Store } from '../store/store.js';

/**
 * Where each job's content (bundle and inputs) is, in the words explain and
 * pendingReason share ("inputs at munich: 3.2 of 3.4 GB"), by the content
 * filters online nodes last reported; null for a job without content. The
 * filters are read once, and only when some job has content.
 */
export async function dataPlaces(store: Store, agents: Agent[], contents: ContentItem[][]): Promise<Array<string | null>> {
  if (contents.every((content) => content.length === 0)) return contents.map(() => null);
  const filters = await store.onlineContentFilters();
  const nodes = agents.filter((agent) => agent.state === 'online').map((agent) => ({ ...agent, holds: filters.get(agent.id) ?? null }));
  return contents.map((content) => describeHoldings(content, holdings(content, nodes)));
}
