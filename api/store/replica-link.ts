/**
 * What one replica tells the others after a commit: the topics that changed
 * (`job:N`: a job's state or log, for log followers) and how many jobs became
 * claimable (for long-polling agents). Each replica wakes its own waiters
 * directly; the link carries the same news to the other replicas.
 */
export interface Signal {
  topics: string[];
  work: number;
}

/** Carries signals between the replicas of one service. */
export interface ReplicaLink {
  /** Tells the other replicas; called after the commit that caused it. Best effort: waiters re-check on a timer too. */
  publish(signal: Partial<Signal>): void;
  /** Where signals from other replicas are handed. */
  onSignal(handler: (signal: Signal) => void): void;
  close(): Promise<void>;
}

/** One process (SQLite, or PostgreSQL with AWE_PG_NOTIFY=off): nobody else to tell; other replicas' work is found by the timed re-checks. */
export const IN_PROCESS: ReplicaLink = {
  publish() {},
  onSignal() {},
  close: async () => {},
};
