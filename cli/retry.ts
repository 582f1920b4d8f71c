/**
 * Retries of requests that may succeed later (no answer, the service restarting
 * or overloaded), with the agent's notion of retryable and its jittered
 * backoff. Only for requests that are safe to repeat: blob uploads are
 * content-addressed and a submit carries the same Idempotency-Key each time.
 */
import { Backoff, pause } from '../core/backoff.js';
import { isRetryable } from '../sdk/request-errors.js';

const TRIES = 5;

export async function withRetries<T>(request: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  const backoff = new Backoff(300, 5_000);
  for (let attempt = 1; ; attempt++) {
    try {
      return await request();
    } catch (err) {
      if (attempt >= TRIES || !isRetryable(err) || signal?.aborted) throw err;
      await pause(backoff.next(), signal);
    }
  }
}
