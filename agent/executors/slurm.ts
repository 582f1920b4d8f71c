/** Runs jobs as Slurm batch jobs (sbatch/squeue/scancel) from a frontend that shares a directory with the nodes. */
import { GridExecutor, type GridExecutorOptions } from './grid/grid-executor.js';
import { slurmSystem } from './grid/slurm-system.js';

export type SlurmExecutorOptions = GridExecutorOptions;

export function createSlurmExecutor(options: SlurmExecutorOptions): GridExecutor {
  return new GridExecutor(slurmSystem, options);
}
