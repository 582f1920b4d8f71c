/** Runs jobs as PBS Professional / OpenPBS batch jobs (qsub/qstat/qdel). Tested against fake PBS commands only. */
import { GridExecutor, type GridExecutorOptions } from './grid/grid-executor.js';
import { pbsSystem } from './grid/pbs-system.js';

export type PbsExecutorOptions = GridExecutorOptions;

export function createPbsExecutor(options: PbsExecutorOptions): GridExecutor {
  return new GridExecutor(pbsSystem, options);
}
