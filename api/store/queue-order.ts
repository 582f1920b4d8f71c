/** A queued job's place in the claim order. */
export interface QueueKey {
  id: number;
  priority: number;
  fair_pos: number;
}

/** The claim order, written once (docs/routing.md): priority, then the owners' fair share, then age. */
export const claimOrder = (a: QueueKey, b: QueueKey): number => b.priority - a.priority || a.fair_pos - b.fair_pos || a.id - b.id;
