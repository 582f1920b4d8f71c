import { execFile } from 'node:child_process';

/** What a batch command did; never a thrown error, so callers can read the stderr of a failure. */
export interface CommandResult {
  /** Exit code; null when the command could not be started or was killed. */
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  /** Why the command did not run to completion (missing binary, timeout), when that is the case. */
  error?: string;
}

export interface RunOptions {
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
}

/** Runs one command as an argv array (never through a shell), bounded by a timeout. */
export function runCommand(argv: string[], options: RunOptions): Promise<CommandResult> {
  const [file, ...args] = argv;
  if (!file) throw new Error('empty command');
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { timeout: options.timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024, env: options.env ?? process.env },
      (err, stdout, stderr) => {
        if (!err) {
          resolve({ code: 0, signal: null, stdout, stderr });
          return;
        }
        const e = err as NodeJS.ErrnoException & { code?: number | string; killed?: boolean; signal?: NodeJS.Signals | null };
        const code = typeof e.code === 'number' ? e.code : null;
        const signal = e.signal ?? null;
        let error: string | undefined;
        if (e.code === 'ENOENT') error = `command not found: ${file}`;
        else if (e.killed && signal) error = `${file} did not answer within ${options.timeoutMs} ms`;
        else if (code === null) error = `${file} failed: ${e.message}`;
        resolve({ code, signal, stdout: String(stdout ?? ''), stderr: String(stderr ?? ''), ...(error ? { error } : {}) });
      },
    );
  });
}

/** One line describing a failed command, for error messages. */
export function describeFailure(argv: readonly string[], result: CommandResult): string {
  const what = result.error ?? `exit code ${result.code ?? result.signal}`;
  const detail = (result.stderr.trim() || result.stdout.trim()).split('\n').slice(-5).join(' | ');
  return `${argv.join(' ')}: ${what}${detail ? `: ${detail}` : ''}`;
}
