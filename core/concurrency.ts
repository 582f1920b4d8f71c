/**
 * Bounded parallelism for I/O-heavy loops (hashing a tree, fetching blobs):
 * enough in flight to hide latency, few enough not to exhaust file descriptors
 * or flood the service.
 */

/**
 * Runs `fn` over `items` with at most `limit` calls in flight; results keep the
 * input order. After a failure no further call starts, and the first error is
 * thrown only once the calls already running have settled, so a caller cleaning
 * up afterwards does not race them.
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i] as T);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure !== undefined) throw failure.error;
  return results;
}
