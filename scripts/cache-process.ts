/**
 * `awe-cache` as its own process (`node dist/cache/main.js`) on a free port,
 * with its metrics and the service's content counter read over HTTP. Used by
 * the site-cache benchmark and tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { request } from 'undici';
import { parseMetrics, ROOT, waitForExit } from './server-process.js';

export interface CacheProcess {
  url: string;
  child: ChildProcess;
  /** Its /metrics, as name → value. */
  metrics(): Promise<Record<string, number>>;
  /** SIGTERM, and waits for the exit. */
  stop(): Promise<void>;
}

export async function startCacheProcess(server: string, dir: string, env: Record<string, string> = {}): Promise<CacheProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'dist/cache/main.js'), '--server', server, '--dir', dir, '--port', '0'], {
    env: { ...process.env, AWE_CACHE_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
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
  // Keep draining its output so it never blocks on a full pipe.
  child.stdout!.removeAllListeners('data').resume();
  child.stderr!.removeAllListeners('data').resume();
  return {
    url,
    child,
    async metrics() {
      return parseMetrics(await (await request(`${url}/metrics`)).body.text());
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = waitForExit(child);
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
