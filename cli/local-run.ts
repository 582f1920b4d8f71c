/**
 * `-local`: the recipe runs on this machine, packaged exactly as an agent
 * packages it, with the agent's own helpers: the -mycode tree goes through a
 * bundle cache and is materialized read-only as `code/` (so only what would be
 * shipped is visible), HOME is a fresh directory holding the settings as
 * `.awe/Environment.cfg`, and the environment is built by the agent's
 * recipeEnv from the same shipment a submit would send. The job directory is
 * the working directory and is removed afterwards; AWE_OUTPUT_DIR is kept.
 */
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, rmdir } from 'node:fs/promises';
import { constants, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BundleCache } from '../agent/bundle-cache.js';
import { JobDir } from '../agent/job-dir.js';
import { recipeEnv } from '../agent/job-env.js';
import type { ConnectionFlags, RunCommand } from './args.js';
import { findConnection, openClient } from './config.js';
import { CliError } from './errors.js';
import { recipeCommand } from './local-catalog.js';
import { codeDirOf, scanCodeTree } from './ship-code.js';
import { environmentShipment } from './ship-environment.js';

/** How long to wait for the service's catalog before falling back to the local one. */
const CATALOG_TIMEOUT_MS = 10_000;

/** Lays the tree out as an agent would lay out its bundle; returns how many files. */
async function materializeTree(treeRoot: string, workRoot: string, codeDir: string): Promise<number> {
  const { files } = await scanCodeTree(treeRoot);
  const absPathOf = new Map(files.map((f) => [f.sha256, f.absPath]));
  const cache = new BundleCache(join(workRoot, 'cache'));
  // The cache verifies every blob against its sha: a file edited since the scan is caught.
  await cache.ensure(files, async (sha) => createReadStream(absPathOf.get(sha)!));
  await cache.materialize(files, codeDir);
  return files.length;
}

function outputDirOf(flag: string | undefined): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  return resolve(flag ?? `awe-output-${stamp}`);
}

/**
 * Waits for the recipe. As under an agent it leads its own process group, so
 * Ctrl-C reaches it once, passed on by awrecipe to the whole group (the recipe
 * may clean up), rather than twice or not at all.
 */
function runRecipe(argv: string[], cwd: string, env: Record<string, string>): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    // stdout and stderr share one descriptor, as in an agent's job log.
    const child = spawn(argv[0]!, argv.slice(1), { cwd, env, stdio: ['ignore', 1, 1], detached: true });
    const forward = (): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGINT');
      } catch {
        // The group is already gone: the exit handler settles.
      }
    };
    process.on('SIGINT', forward);
    child.once('error', (err: NodeJS.ErrnoException) => {
      process.off('SIGINT', forward);
      reject(new CliError(`cannot start the recipe command "${argv[0]}": ${err.message}; check the recipe's command`));
    });
    child.once('exit', (code, signal) => {
      process.off('SIGINT', forward);
      resolvePromise(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
    });
  });
}

export async function runLocally(cmd: RunCommand, flags: ConnectionFlags, env: NodeJS.ProcessEnv): Promise<number> {
  const shipment = await environmentShipment(cmd.environmentFile, cmd.shipEnv, env);
  for (const name of shipment.unset) process.stderr.write(`awrecipe: ${name} is not set here; not passed on\n`);
  const connection = await findConnection(flags, env);
  const client = connection === undefined ? undefined : openClient(connection, CATALOG_TIMEOUT_MS);
  const recipe = await recipeCommand(cmd.recipe, client, env).finally(() => client?.close());

  const workRoot = await mkdtemp(join(tmpdir(), 'awe-local-'));
  const outputDir = outputDirOf(cmd.output);
  let madeOutputDir = false;
  try {
    const dir = new JobDir(workRoot, 0, 0);
    await dir.prepare(shipment.settings);
    let codeDir: string | null = null;
    if (cmd.mycode !== undefined) {
      const treeRoot = await codeDirOf(cmd.mycode, env);
      const count = await materializeTree(treeRoot, workRoot, dir.codeDir);
      process.stderr.write(`code: ${count} files from ${treeRoot}\n`);
      codeDir = dir.codeDir;
    }
    madeOutputDir = (await mkdir(outputDir, { recursive: true })) !== undefined;
    const recipeEnvironment = recipeEnv(env, shipment.env, { jobId: 0, homeDir: dir.homeDir, outputDir, codeDir, baseCode: env.AWE_BASE_CODE || null });
    process.stderr.write(`running ${cmd.recipe} here (command from ${recipe.source})\n`);
    const code = await runRecipe([...recipe.command, ...cmd.params], dir.path, recipeEnvironment);
    if ((await readdir(outputDir)).length > 0) process.stderr.write(`outputs in ${outputDir}\n`);
    return code;
  } finally {
    await rm(workRoot, { recursive: true, force: true });
    // An output directory made here and left empty by the recipe is only clutter.
    if (madeOutputDir) await rmdir(outputDir).catch(() => undefined);
  }
}
