/**
 * The service as its own process, as in production: `node dist/api/server.js`
 * on a free port and a fresh data dir, with its memory and CPU read from /proc.
 * Used by the benchmarks and by the tests that kill or restart the service.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AweClient } from '@awe-dp/sdk';
import { testDatabaseEnv } from './test-database.js';

/** The repository root, from dist/scripts/. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Linux reports process CPU time in clock ticks; USER_HZ is 100 on every mainstream kernel build. */
const CLOCK_TICKS_PER_SECOND = 100;

export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  url: string;
  port: number;
  dataDir: string;
  adminToken: string;
  admin: AweClient;
  /** Its /metrics (read with the admin token), as name with labels → value. */
  metrics(): Promise<Record<string, number>>;
  /** Stops the server (SIGTERM, graceful) and removes the data dir unless it was given. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** An existing data dir (kept on stop); a fresh temporary one otherwise. */
  dataDir?: string;
  env?: Record<string, string>;
  nodeOptions?: string[];
}

export async function startServerProcess(options: StartOptions = {}): Promise<ServerProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'awe-bench-'));
  const child = spawn(process.execPath, [...(options.nodeOptions ?? []), join(ROOT, 'dist/api/server.js')], {
    // On the test suite's PostgreSQL pass, the data dir's own schema (a restart on the same dir finds it again).
    env: { ...process.env, AWE_DATA_DIR: dataDir, AWE_PORT: '0', AWE_LOG_LEVEL: 'warn', ...testDatabaseEnv(dataDir), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      // A server that never said it listens is not left running behind the failed run.
      child.kill('SIGKILL');
      reject(new Error(`server did not start:\n${output}`));
    }, 30_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /listening on (https?:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  // Keep draining its output so a chatty server never blocks on a full pipe; warnings are worth seeing.
  child.stdout!.removeAllListeners('data').resume();
  child.stderr!.removeAllListeners('data').on('data', (chunk: Buffer) => process.stderr.write(`[server] ${chunk.toString()}`));
  const adminToken = readFileSync(join(dataDir, 'admin.token'), 'utf8').trim();
  const admin = new AweClient({ server: url, token: adminToken });
  return {
    child,
    pid: child.pid!,
    url,
    port: Number(new URL(url).port),
    dataDir,
    adminToken,
    admin,
    async metrics() {
      return parseMetrics(await (await admin.raw({ method: 'GET', path: '/metrics' })).body.text());
    },
    async stop() {
      await admin.close();
      if (child.exitCode === null && child.signalCode === null) {
        const exited = waitForExit(child);
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        await exited;
        clearTimeout(timer);
      }
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Prometheus text as name (with its labels, as written) → value. */
export function parseMetrics(text: string): Record<string, number> {
  return Object.fromEntries(
    text
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => {
        const at = line.lastIndexOf(' ');
        return [line.slice(0, at), Number(line.slice(at + 1))];
      }),
  );
}

/** Resident set size of a process, in MiB (VmRSS). */
export function rssMB(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) / 1024;
}

/** User plus system CPU time a process used so far, in seconds. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the whole line, i.e. 12 and 13 after the name.
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** Established TCP connections whose local port is `port` (the server side of each client connection). */
export function establishedTo(port: number): number {
  let count = 0;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const parts = line.trim().split(/\s+/);
      if (parts.length < 4) continue;
      const localPort = parseInt(parts[1].split(':')[1], 16);
      if (localPort === port && parts[3] === '01') count++;
    }
  }
  return count;
}

/** Samples a process's RSS every `everyMs` until stopped; answers the peak seen. */
export function sampleRss(pid: number, everyMs = 50): { stop(): number } {
  let peak = rssMB(pid);
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssMB(pid));
    } catch {
      // The process ended; the peak so far stands.
    }
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, rssMB(pid));
    },
  };
}

/** Resolves once the process has exited (at once if it has). */
export function waitForExit(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}
