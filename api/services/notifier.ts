import { IN_PROCESS, type ReplicaLink } from '../store/replica-link.js';

/**
 * Wake-ups: a new log chunk or a state change of job N fires `job:N`, waking
 * log followers without polling, here at once and on the other replicas
 * through the link. The link is best effort, so every waiter also re-checks
 * on a timer (see waitFor's timeout).
 */
export class Notifier {
  /** The wake-up of each waiter, by topic; a topic nobody waits on has no entry. */
  private readonly waiters = new Map<string, Set<() => void>>();

  constructor(private readonly link: ReplicaLink = IN_PROCESS) {}

  /** `topic` changed here (after the commit): wakes its waiters on every replica. */
  notify(topic: string): void {
    this.deliver(topic);
    this.link.publish({ topics: [topic] });
  }

  /**
   * `topic` changed on another replica: wakes the waiters of this one. Every
   * claim and finish notifies its jobs, which almost nobody follows: a Map
   * lookup answers that at once, where an EventEmitter first makes each new
   * topic string a property key.
   */
  deliver(topic: string): void {
    const waiting = this.waiters.get(topic);
    if (waiting) for (const wake of [...waiting]) wake();
  }

  /** Resolves on the next `topic` event, after `timeoutMs`, or when `signal` aborts, whichever is first. */
  waitFor(topic: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        const waiting = this.waiters.get(topic);
        waiting?.delete(done);
        if (waiting?.size === 0) this.waiters.delete(topic);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      const waiting = this.waiters.get(topic) ?? new Set();
      waiting.add(done);
      this.waiters.set(topic, waiting);
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}
