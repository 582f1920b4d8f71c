/** A queued job's place in the claim order. */
export interface QueueKey {
  id: number;
  priority: number;
  fair_pos: number;
}

/** The claim order, written once (docs/routing.md): priority, then the owners' fair share, then age. */
export const claimOrder = (a: QueueKey, b: QueueKey): number => b.priority - a.priority || a.fair_pos - b.fair_pos || a.id - b.id;

/**
 * The last fair position a claim served at each priority, highest priority
 * first: where each priority's clock moves to (the order is the one in which
 * claims take the clocks' rows, so two claims never wait on each other in turn).
 */
export function positionsServed(claimed: readonly QueueKey[]): Array<[priority: number, position: number]> {
  const served = new Map<number, number>();
  for (const row of claimed) served.set(row.priority, Math.max(served.get(row.priority) ?? row.fair_pos, row.fair_pos));
  return [...served].sort(([a], [b]) => b - a);
}
