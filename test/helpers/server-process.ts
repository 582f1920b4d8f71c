/**
 * `awe-server` as a child process (`node dist/api/server.js`) on a fixed port,
 * so that it can be killed with SIGKILL and started again at the same URL.
 * Its log lines (pino JSON) are kept for the test to read.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

interface Teardown {
  teardown(fn: () => unknown): void;
}

export const SERVER_MAIN = fileURLToPath(new URL('../../api/server.js', import.meta.url));

/** A port free now (the kernel's pick), for a server that must come back at the same address. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

export interface ServerProcess {
  url: string;
  /** Every log line of every start of this server, parsed. */
  lines: Record<string, unknown>[];
  /** Its other output lines (what it prints for the operator). */
  text: string[];
  /** Starts it (again); resolves once it listens. */
  start(): Promise<void>;
  kill(): Promise<void>;
  running(): boolean;
}

export function serverProcess(t: Teardown, env: NodeJS.ProcessEnv, port: number): ServerProcess {
  let child: ChildProcess | null = null;
  const lines: Record<string, unknown>[] = [];
  const text: string[] = [];
  const server: ServerProcess = {
    url: `http://127.0.0.1:${port}`,
    lines,
    text,
    async start() {
      const started = spawn(process.execPath, [SERVER_MAIN], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, AWE_HOST: '127.0.0.1', AWE_PORT: String(port), AWE_PASSWORD_HASH_COST: 'test', ...env },
      });
      child = started;
      let pending = '';
      let stderr = '';
      started.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      await new Promise<void>((resolve, reject) => {
        started.stdout!.on('data', (chunk: Buffer) => {
          pending += chunk.toString();
          const complete = pending.split('\n');
          pending = complete.pop()!;
          for (const line of complete) {
            if (line.startsWith('awe-server listening')) resolve();
            if (line.startsWith('{')) lines.push(JSON.parse(line) as Record<string, unknown>);
            else text.push(line);
          }
        });
        started.once('exit', (code, signal) => reject(new Error(`awe-server exited (${code ?? signal}) before listening: ${stderr}`)));
      });
    },
    async kill() {
      const dying = child;
      if (!dying || dying.exitCode !== null || dying.signalCode !== null) return;
      const exited = new Promise((resolve) => dying.once('exit', resolve));
      dying.kill('SIGKILL');
      await exited;
    },
    running: () => child !== null && child.exitCode === null && child.signalCode === null,
  };
  t.teardown(() => server.kill());
  return server;
}
