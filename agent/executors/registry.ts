/**
 * Executors by name, as `--executor` picks them. Batch executors keep job
 * directories in the shared dir, which compute nodes see too.
 */
import type { AgentConfig } from '../config.js';
import type { Executor } from './executor.js';
import { LocalExecutor } from './local.js';
import type { SandboxOptions } from './sandbox.js';
import { createPbsExecutor } from './pbs.js';
import { createSgeExecutor } from './sge.js';
import { createSlurmExecutor } from './slurm.js';

export interface ExecutorEntry {
  create(config: AgentConfig): Executor;
  /** Whether job directories must live in `--shared-dir`. */
  shared: boolean;
  /** How often the runner asks the executor about a job: a local process is cheap to ask, a batch system is not. */
  pollMs: number;
}

function sharedDir(config: AgentConfig): string {
  if (!config.sharedDir) throw new Error(`the ${config.executor} executor needs --shared-dir: a directory this host and the compute nodes both see`);
  return config.sharedDir;
}

/** The sandbox every recipe runs in, or null with `--isolation none`. */
export function sandboxOptions(config: AgentConfig): SandboxOptions | null {
  if (config.isolation === 'none') return null;
  return { bwrap: 'bwrap', baseCode: config.baseCode, network: config.isolationNetwork };
}

const grid = (config: AgentConfig) => ({ sharedDir: sharedDir(config), sandbox: sandboxOptions(config) });

const ENTRIES: Record<string, ExecutorEntry> = {
  local: { create: (config) => new LocalExecutor({ sandbox: sandboxOptions(config) }), shared: false, pollMs: 250 },
  slurm: { create: (config) => createSlurmExecutor(grid(config)), shared: true, pollMs: 5_000 },
  pbs: { create: (config) => createPbsExecutor(grid(config)), shared: true, pollMs: 5_000 },
  sge: { create: (config) => createSgeExecutor(grid(config)), shared: true, pollMs: 5_000 },
};

export function executorEntry(name: string): ExecutorEntry {
  const entry = Object.hasOwn(ENTRIES, name) ? ENTRIES[name] : undefined;
  if (!entry) throw new Error(`unknown executor "${name}"; choose one of ${Object.keys(ENTRIES).join(', ')}`);
  return entry;
}
