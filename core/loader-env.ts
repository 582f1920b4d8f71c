/**
 * Environment names that change how programs load code: the dynamic linker's
 * (LD_PRELOAD, LD_AUDIT, LD_LIBRARY_PATH and every other LD_*), the shells'
 * start-up files, and the interpreters' start-up hooks. A job may not set
 * them: a value there runs code in every program the recipe starts, the
 * agent's own helpers on the node included, before the recipe's first line.
 * The service refuses them at submit, the CLI warns before sending, and the
 * agent drops them from jobs stored before the rule existed.
 *
 * PYTHONPATH is not among them: a job may extend it, and the agent puts the
 * job's bundle and the node's base code before whatever the job gives.
 */
const NAMES = new Set([
  // Shells: a file sourced by every non-interactive bash / POSIX sh.
  'BASH_ENV',
  'ENV',
  'SHELLOPTS',
  'BASHOPTS',
  'PS4',
  'GLOBIGNORE',
  // Python
  'PYTHONSTARTUP',
  'PYTHONHOME',
  'PYTHONINSPECT',
  'PYTHONUSERBASE',
  'PYTHONEXECUTABLE',
  'PYTHONBREAKPOINT',
  // Perl, Ruby, Node, Java
  'PERL5OPT',
  'PERL5LIB',
  'PERLLIB',
  'PERL5DB',
  'RUBYOPT',
  'RUBYLIB',
  'NODE_OPTIONS',
  'NODE_PATH',
  'JAVA_TOOL_OPTIONS',
  '_JAVA_OPTIONS',
  'JDK_JAVA_OPTIONS',
  // glibc's other hooks
  'GCONV_PATH',
  'MALLOC_CHECK_',
  'GLIBC_TUNABLES',
]);

/** Why a job may not set this environment name, or null when it may. */
export function loaderEnvRefusal(name: string): string | null {
  if (name.startsWith('LD_') || name.startsWith('DYLD_')) return `${name} changes how the dynamic linker loads code`;
  if (NAMES.has(name)) return `${name} changes how programs load code at start-up`;
  if (name.startsWith('BASH_FUNC_')) return `${name} defines a shell function every bash imports`;
  return null;
}

/** The names of `env` a job may not set, each with why. */
export function refusedLoaderEnv(env: Record<string, string> | undefined): string[] {
  return Object.keys(env ?? {})
    .map(loaderEnvRefusal)
    .filter((why): why is string => why !== null);
}
