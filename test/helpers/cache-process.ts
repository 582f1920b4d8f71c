/** awe-cache as a child process for a test (scripts/cache-process.ts), killed when the test ends. */
import { startCacheProcess, type CacheProcess } from '../../scripts/cache-process.js';

export { serviceBytesSent } from '../../scripts/cache-process.js';

interface Teardown {
  teardown(fn: () => unknown): void;
}

export async function startCache(t: Teardown, server: string, dir: string, env: Record<string, string> = {}): Promise<CacheProcess> {
  const cache = await startCacheProcess(server, dir, env);
  t.teardown(() => {
    if (cache.child.exitCode === null && cache.child.signalCode === null) cache.child.kill('SIGKILL');
  });
  return cache;
}
