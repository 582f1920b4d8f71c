/**
 * The directory of one attempt, `<jobs root>/<id>-<epoch>/`, and the runner's
 * state file in it. Layout:
 *
 *   .awe-runner.json   the claimed job, the log position shipped, the finish report once known (0600)
 *   .awe-job.log       the recipe's output, as the executor writes it
 *   (the executor's own files: .awe-local.json, .awe-batch.*)
 *   work/              the recipe's working directory, all a sandboxed recipe sees of the job:
 *     code/              the job's bundle (hard links into the bundle cache)
 *     home/.awe/Environment.cfg   the user's settings; HOME points at home/
 *     output/            files the recipe leaves here are uploaded as outputs
 *     <input paths>      the job's inputs
 *
 * The agent's files sit beside work/, not in it: a recipe that could rewrite
 * the state file or the executor's record could make a restarted agent report
 * on, or signal, something that is not its job.
 *
 * The state file is what a restarted agent finds: a directory without one
 * was never started and is simply removed.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatEnvironmentCfg } from '../core/environment-cfg.js';
import type { ClaimedJob, FinishReport } from '../sdk/index.js';
import type { ShipperPosition } from './log-shipper.js';

export const STATE_FILE = '.awe-runner.json';

export interface RunnerState {
  job: ClaimedJob;
  /** When the executor first reported the recipe running (ms since epoch), which its time limit counts from; null before. */
  startedAt: number | null;
  log: ShipperPosition;
  /** Set once the outcome is decided: a restarted agent only delivers it. */
  finish: FinishReport | null;
}

export class JobDir {
  readonly path: string;
  private saving: Promise<void> = Promise.resolve();

  constructor(root: string, id: number, epoch: number) {
    this.path = join(root, `${id}-${epoch}`);
  }

  get logFile(): string {
    return join(this.path, '.awe-job.log');
  }
  get workDir(): string {
    return join(this.path, 'work');
  }
  get codeDir(): string {
    return join(this.workDir, 'code');
  }
  get homeDir(): string {
    return join(this.workDir, 'home');
  }
  get outputDir(): string {
    return join(this.workDir, 'output');
  }

  /** A fresh directory: whatever an earlier try of the same attempt left is removed first. */
  async create(state: RunnerState): Promise<void> {
    await rm(this.path, { recursive: true, force: true });
    await mkdir(this.path, { recursive: true, mode: 0o700 });
    await this.save(state);
  }

  /**
   * Atomic (temp file, rename), so a crash leaves the old state or the new one;
   * saves run one after another, since they share the temp file. Holds the
   * job's secrets: 0600.
   */
  save(state: RunnerState): Promise<void> {
    const text = JSON.stringify(state) + '\n';
    const tmp = join(this.path, `${STATE_FILE}.tmp`);
    const saved = this.saving.then(async () => {
      await writeFile(tmp, text, { mode: 0o600 });
      await rename(tmp, join(this.path, STATE_FILE));
    });
    this.saving = saved.catch(() => undefined);
    return saved;
  }

  /** HOME with the user's Environment.cfg, and an empty output dir. */
  async prepare(settings: Record<string, string>): Promise<void> {
    await mkdir(join(this.homeDir, '.awe'), { recursive: true });
    await writeFile(join(this.homeDir, '.awe', 'Environment.cfg'), formatEnvironmentCfg(settings), { mode: 0o600 });
    await mkdir(this.outputDir, { recursive: true });
  }

  async remove(): Promise<void> {
    await rm(this.path, { recursive: true, force: true });
  }
}

/** Directories a previous agent left in `root`: with their state, or null for one that never got a state file. */
export async function leftoverJobDirs(root: string): Promise<Array<{ dir: JobDir; state: RunnerState | null }>> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const found = [];
  for (const name of names) {
    const match = /^(\d+)-(\d+)$/.exec(name);
    if (!match) continue;
    const dir = new JobDir(root, Number(match[1]), Number(match[2]));
    let state: RunnerState | null = null;
    try {
      state = JSON.parse(await readFile(join(dir.path, STATE_FILE), 'utf8')) as RunnerState;
    } catch {
      // Missing or torn: the attempt never got far enough to need recovery.
    }
    found.push({ dir, state });
  }
  return found;
}
