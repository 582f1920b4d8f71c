/** Runs the built awrecipe as a child process, as a user would, and collects what it printed. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const AWRECIPE = fileURLToPath(new URL('../../cli/awrecipe.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env: Record<string, string>;
  cwd?: string;
  stdin?: string;
  /** Called with the child once started (to signal it). */
  started?: (child: import('node:child_process').ChildProcess) => void;
}

/** Asynchronous on purpose: the service under test lives in this process and must keep answering. */
export function awrecipe(args: string[], options: CliOptions): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', ...options.env };
    const child = spawn(process.execPath, [AWRECIPE, ...args], { env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
    options.started?.(child);
  });
}
