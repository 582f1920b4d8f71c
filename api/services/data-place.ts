import { describeHoldings, holdings, type ContentItem } from '../../core/locality.js';
import type { Agent } from '../store/sqlite/agents.js';
import type { Db } from '../store/sqlite/db.js';
import { onlineContentFilters } from '../store/sqlite/locality.js';

/**
 * Where each job's content (bundle and inputs) is, in the words explain and
 * pendingReason share ("inputs at munich: 3.2 of 3.4 GB"), by the content
 * filters online nodes last reported; null for a job without content. The
 * filters are read once, and only when some job has content.
 */
export function dataPlaces(db: Db, agents: Agent[], contents: ContentItem[][]): Array<string | null> {
  if (contents.every((content) => content.length === 0)) return contents.map(() => null);
  const filters = onlineContentFilters(db);
  const nodes = agents.filter((agent) => agent.state === 'online').map((agent) => ({ ...agent, holds: filters.get(agent.id) ?? null }));
  return contents.map((content) => describeHoldings(content, holdings(content, nodes)));
}
