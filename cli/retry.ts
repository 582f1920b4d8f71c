/**
 * Retries of a request whose body is a stream (a blob upload): the SDK retries
 * repeatable requests itself, but a stream can be sent once only, so each try
 * here opens a new one. Blob uploads are content-addressed: repeating one is harmless.
 */
import { Backoff, isRetryable, pause } from '@awe-dp/sdk';

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
