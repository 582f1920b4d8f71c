import { EventEmitter } from 'node:events';
import { IN_PROCESS, type ReplicaLink } from '../store/replica-link.js';

/**
 * Wake-ups: a new log chunk or a state change of job N fires `job:N`, waking
 * log followers without polling, here at once and on the other replicas
 * through the link. The link is best effort, so every waiter also re-checks
 * on a timer (see waitFor's timeout).
 */
export class Notifier {
  private readonly events = new EventEmitter();

  constructor(private readonly link: ReplicaLink = IN_PROCESS) {
    this.events.setMaxListeners(0);
  }

  /** `topic` changed here (after the commit): wakes its waiters on every replica. */
  notify(topic: string): void {
    this.deliver(topic);
    this.link.publish({ topics: [topic] });
  }

  /** `topic` changed on another replica: wakes the waiters of this one. */
  deliver(topic: string): void {
    this.events.emit(topic);
  }

  /** Resolves on the next `topic` event, after `timeoutMs`, or when `signal` aborts, whichever is first. */
  waitFor(topic: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.events.off(topic, done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.events.once(topic, done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}
