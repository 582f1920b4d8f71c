import { EventEmitter } from 'node:events';

/**
 * In-process wake-ups: a new log chunk or a state change of job N fires `job:N`,
 * waking log followers without polling. Replicas of the service do not share it,
 * so every waiter also re-checks on a timer (see waitFor's timeout).
 */
export class Notifier {
  private readonly events = new EventEmitter();

  constructor() {
    this.events.setMaxListeners(0);
  }

  notify(topic: string): void {
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
