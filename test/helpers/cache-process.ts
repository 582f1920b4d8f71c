/**
 * `awe-cache` as a child process (`node dist/cache/main.js`) on a free port,
 * with its metrics read over HTTP; killed at the end of the test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';

interface Teardown {
  teardown(fn: () => unknown): void;
}

export const CACHE_MAIN = fileURLToPath(new URL('../../cache/main.js', import.meta.url));

export interface CacheProcess {
  url: string;
  child: ChildProcess;
  /** Its /metrics, as name → value. */
  metrics(): Promise<Record<string, number>>;
  /** SIGTERM, and waits for the exit. */
  stop(): Promise<void>;
}

export async function startCache(t: Teardown, server: string, dir: string, env: Record<string, string> = {}): Promise<CacheProcess> {
  const child = spawn(process.execPath, [CACHE_MAIN, '--server', server, '--dir', dir, '--port', '0'], {
    env: { ...process.env, AWE_CACHE_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`awe-cache exited (${code}) before listening:\n${output}`)));
  });
  return {
    url,
    child,
    async metrics() {
      const text = await (await request(`${url}/metrics`)).body.text();
      return Object.fromEntries(
        text
          .split('\n')
          .filter((line) => line !== '' && !line.startsWith('#'))
          .map((line) => {
            const [name, value] = line.split(' ');
            return [name, Number(value)];
          }),
      );
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The service's awe_blob_bytes_sent_total, read from its /metrics with an admin token. */
export async function serviceBytesSent(serviceUrl: string, adminToken: string): Promise<number> {
  const text = await (await request(`${serviceUrl}/metrics`, { headers: { authorization: `Bearer ${adminToken}` } })).body.text();
  const match = /^awe_blob_bytes_sent_total (\d+)$/m.exec(text);
  if (!match) throw new Error('the service reports no awe_blob_bytes_sent_total');
  return Number(match[1]);
}
