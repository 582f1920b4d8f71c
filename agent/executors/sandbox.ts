/**
 * The bubblewrap sandbox a recipe runs in with `--isolation bwrap`: a recipe
 * is someone else's program, so it sees its own job and nothing of the agent,
 * the node's other jobs or the service.
 *
 * Inside, the recipe finds the system read-only (/usr, /etc, /bin, /lib…), its
 * own work directory read-write at the same path as outside (so paths in
 * its env stay true), its bundle and inputs read-only inside that (they are
 * hard links into the node's bundle cache, so a write would reach every later
 * job), the node's base code read-only, a private /tmp, its own /proc and PID
 * namespace (it sees no other process, and everything it started dies with
 * it), and no System V IPC of the host. The agent's work dir with its
 * credential, the bundle cache, other jobs' directories and whatever else is
 * on the host (a service's data dir) are simply not there.
 *
 * The environment is not in the argv: bwrap passes on the environment it was
 * started with, which is the job's alone, and an argv is readable by every
 * user of the host in /proc, while an environment is not.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import type { ExecutorJob } from './executor.js';

export interface SandboxOptions {
  /**
   * The bwrap program, by absolute path: a name would be looked up on the
   * job's PATH, which the job sets, and could then be a program of its own.
   */
  bwrap: string;
  /** The node's base code, shown read-only; null when there is none. */
  baseCode: string | null;
  /** Whether the recipe keeps the host's network (it usually talks to a database). */
  network: boolean;
}

/** What one recipe sees of its job. */
export interface SandboxView {
  /** Its working directory, read-write. */
  workDir: string;
  /** Paths inside workDir it may read but not change (its bundle, its inputs). */
  readOnly: readonly string[];
}

/**
 * The system, read-only. Missing ones are skipped (`-try`), and a symlink such
 * as /bin → usr/bin is bound as what it points at, so the list holds on any
 * layout, a compute node's included.
 */
const SYSTEM_DIRS = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/etc', '/run/systemd/resolve'];

/** The bwrap options for one recipe, ending with `--`: the recipe's argv follows. */
export function bwrapArgs(options: SandboxOptions, view: SandboxView): string[] {
  return [
    // The sandbox ends when whoever started it ends (the agent, or the batch wrapper).
    '--die-with-parent',
    '--unshare-pid',
    '--unshare-ipc',
    ...(options.network ? [] : ['--unshare-net']),
    // Meaningful when the agent runs as root: the recipe gets none of root's capabilities.
    '--cap-drop',
    'ALL',
    ...SYSTEM_DIRS.flatMap((dir) => ['--ro-bind-try', dir, dir]),
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--tmpfs',
    '/tmp',
    ...(options.baseCode ? ['--ro-bind', options.baseCode, options.baseCode] : []),
    '--bind',
    view.workDir,
    view.workDir,
    ...view.readOnly.flatMap((path) => ['--ro-bind', path, path]),
    '--chdir',
    view.workDir,
    '--',
  ];
}

/** Where bwrap is on the agent's PATH; the bare name when it is nowhere there (the probe then says so). */
export function findBwrap(path = process.env.PATH ?? ''): string {
  for (const dir of path.split(delimiter).filter(isAbsolute)) {
    try {
      accessSync(join(dir, 'bwrap'), constants.X_OK);
      return join(dir, 'bwrap');
    } catch {
      // Not in this directory.
    }
  }
  return 'bwrap';
}

/** What a sandboxed recipe's environment needs on top of the job's: the host's TMPDIR is not inside. */
const SANDBOX_ENV = { TMPDIR: '/tmp' } as const;

/**
 * The command and environment that run the job's argv: in the sandbox when
 * there is one (local and batch executors alike), else as they are.
 */
export function commandFor(
  sandbox: SandboxOptions | null,
  job: Pick<ExecutorJob, 'argv' | 'env' | 'cwd' | 'readOnly'>,
): { argv: string[]; env: Record<string, string> } {
  if (sandbox === null) return { argv: job.argv, env: job.env };
  return { argv: [sandbox.bwrap, ...bwrapArgs(sandbox, { workDir: job.cwd, readOnly: job.readOnly }), ...job.argv], env: { ...job.env, ...SANDBOX_ENV } };
}

function readSysctl(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
}

/** Which switch keeps unprivileged user namespaces off on this host, when one visibly does. */
function userNamespaceAdvice(): string {
  const off: string[] = [];
  if (readSysctl('/proc/sys/kernel/unprivileged_userns_clone') === '0') off.push('sysctl -w kernel.unprivileged_userns_clone=1');
  if (readSysctl('/proc/sys/user/max_user_namespaces') === '0') off.push('sysctl -w user.max_user_namespaces=15000');
  if (readSysctl('/proc/sys/kernel/apparmor_restrict_unprivileged_userns') === '1') {
    off.push('an AppArmor profile allowing userns for bwrap (or sysctl -w kernel.apparmor_restrict_unprivileged_userns=0)');
  }
  if (off.length > 0) return `unprivileged user namespaces are off here: ${off.join(', and ')}`;
  return 'check that unprivileged user namespaces are on (sysctl kernel.unprivileged_userns_clone=1 where it exists, user.max_user_namespaces > 0)';
}

const NONE_HINT = 'or start the agent with --isolation none (recipes then see everything the agent sees)';

/**
 * Makes one sandbox with the options the agent will use and runs `true` in it,
 * once at start, so a host that cannot sandbox is refused with what to change
 * instead of failing every job.
 */
export function probeSandbox(options: SandboxOptions): Promise<void> {
  const argv = [...bwrapArgs(options, { workDir: '/tmp', readOnly: [] }), 'true'];
  return new Promise((resolve, reject) => {
    const missing = (): void =>
      reject(new Error(`--isolation bwrap needs bubblewrap, and "${options.bwrap}" is not found: install the package bubblewrap (apt-get install bubblewrap, dnf install bubblewrap), ${NONE_HINT}`));
    if (!isAbsolute(options.bwrap)) {
      missing();
      return;
    }
    execFile(options.bwrap, argv, { timeout: 30_000, env: {} }, (err, _stdout, stderr) => {
      if (!err) {
        resolve();
        return;
      }
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        missing();
        return;
      }
      const said = String(stderr).trim() || err.message;
      reject(new Error(`bubblewrap cannot make a sandbox on this host (${said}): ${userNamespaceAdvice()}; ${NONE_HINT}`));
    });
  });
}
