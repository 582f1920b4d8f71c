/**
 * `awe-agent` as its own process (`node dist/agent/main.js`), as on a node:
 * enrolled with a token of the service, logging warnings, which are passed on
 * to this process's stderr and kept for error messages. Used by the
 * benchmarks that run real agents.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, waitForExit } from './server-process.js';

export const AGENT_MAIN = join(ROOT, 'dist/agent/main.js');

export interface AgentProcess {
  child: ChildProcess;
  /** Whether it has exited (it does at once when it cannot start). */
  exited(): boolean;
  /** What it wrote to stderr so far. */
  stderrText(): string;
  /** SIGTERM (it drains: running jobs end and are reported), SIGKILL after 10 s; resolves once it exited. */
  stop(): Promise<void>;
}

export function startAgentProcess(server: string, enroll: string, name: string, workDir: string, args: readonly string[] = []): AgentProcess {
  const child = spawn(process.execPath, [AGENT_MAIN, '--server', server, '--enroll', enroll, '--name', name, '--work-dir', workDir, '--log-level', 'warn', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    process.stderr.write(`[agent ${name}] ${chunk.toString()}`);
  });
  const exited = (): boolean => child.exitCode !== null || child.signalCode !== null;
  return {
    child,
    exited,
    stderrText: () => stderr,
    async stop() {
      if (exited()) return;
      const gone = waitForExit(child);
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(timer);
    },
  };
}
