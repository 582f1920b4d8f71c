/**
 * Job states and the only transitions allowed between them. Every state change
 * in the service is a compare-and-swap checked against this table.
 */
export const JOB_STATES = [
  'waiting', // has `after` dependencies that have not all succeeded yet, or waits to reuse an identical job's work
  'queued',
  'running', // leased to an agent
  'cancelling', // cancel requested while running; the agent has not confirmed yet
  'succeeded',
  'failed',
  'cancelled',
] as const;

export type JobState = (typeof JOB_STATES)[number];

const TERMINAL_STATES: readonly JobState[] = ['succeeded', 'failed', 'cancelled'];

const TRANSITIONS: Readonly<Record<JobState, readonly JobState[]>> = {
  // waiting → succeeded: the identical job it waited for succeeded, and it reused that job's outputs.
  waiting: ['queued', 'succeeded', 'failed', 'cancelled'],
  queued: ['running', 'cancelled'],
  // running → queued is a retry: lease lost or a retryable failure with attempts left.
  running: ['succeeded', 'failed', 'cancelling', 'queued'],
  // An agent may finish the job before it sees the cancel; its real result wins.
  cancelling: ['cancelled', 'succeeded', 'failed'],
  succeeded: [],
  failed: [],
  cancelled: [],
};

export function canTransition(from: JobState, to: JobState): boolean {
  return TRANSITIONS[from].includes(to);
}

export class TransitionError extends Error {
  constructor(
    readonly from: JobState,
    readonly to: JobState,
  ) {
    super(`a job cannot go from ${from} to ${to}`);
    this.name = 'TransitionError';
  }
}

export function assertTransition(from: JobState, to: JobState): void {
  if (!canTransition(from, to)) throw new TransitionError(from, to);
}

export function isTerminal(state: JobState): boolean {
  return TERMINAL_STATES.includes(state);
}
