/** What every scenario gets and gives back. */

export type Mode = 'full' | 'quick' | 'tiny';

export type Figures = Record<string, number | string | boolean | null>;

/** A figure of this scenario checked against the target. */
export interface Target {
  figure: string;
  text: string;
  pass: boolean;
}

export type Skipped = { skipped: string };

export interface Measured {
  figures: Figures;
  /** The same workload on other systems in the same run; `{skipped}` when one is not available. */
  peers?: Record<string, Figures | Skipped>;
  targets?: Target[];
  /** How the figures were taken, in words (sizes, method). */
  notes: string[];
}

export type Report = Measured | Skipped;

export interface Context {
  mode: Mode;
  /** Prints progress to stderr, so the table on stdout stays clean. */
  log(message: string): void;
  /** Extra node flags for spawned servers (e.g. --cpu-prof), from --server-node-options. */
  serverNodeOptions: string[];
}

export interface Scenario {
  name: string;
  run(ctx: Context): Promise<Report>;
}

/** Picks the size for the mode: full, --quick, or --tiny (smoke tests). */
export const bySize = <T>(mode: Mode, full: T, quick: T, tiny: T): T => (mode === 'full' ? full : mode === 'quick' ? quick : tiny);
