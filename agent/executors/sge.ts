/** Runs jobs as (Son of / Open) Grid Engine batch jobs (qsub/qstat/qdel). Tested against fake SGE commands only. */
import { GridExecutor, type GridExecutorOptions } from './grid/grid-executor.js';
import { DEFAULT_SGE_SITE, type SgeSite, sgeSystem } from './grid/sge-system.js';

export interface SgeExecutorOptions extends GridExecutorOptions {
  /** The site's parallel environment and per-slot memory resource; default `smp` and `h_vmem`. */
  site?: Partial<SgeSite>;
}

export function createSgeExecutor(options: SgeExecutorOptions): GridExecutor {
  const { site, ...rest } = options;
  return new GridExecutor(sgeSystem({ ...DEFAULT_SGE_SITE, ...site }), rest);
}
