/** `awrecipe outputs JOB [--download DIR]`: what the recipe left in AWE_OUTPUT_DIR, optionally fetched. */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { checkRelativePath } from '../../core/safe-path.js';
import type { ConnectionFlags } from '../args.js';
import { withClient } from '../config.js';
import { table } from '../format.js';

export function outputs(job: number, download: string | undefined, flags: ConnectionFlags, env: NodeJS.ProcessEnv): Promise<number> {
  return withClient(flags, env, async (client) => {
    const { outputs: files } = await client.listOutputs(job);
    if (download === undefined) {
      process.stdout.write(`${table([['SIZE', 'SHA256', 'PATH'], ...files.map((f) => [String(f.size), f.sha256.slice(0, 12), f.path])])}\n`);
      return 0;
    }
    const root = resolve(download);
    for (const file of files) {
      // The service checks output paths too; a path must never lead out of DIR whatever it answers.
      const target = join(root, checkRelativePath(file.path));
      await mkdir(dirname(target), { recursive: true });
      await pipeline(await client.downloadOutput(job, file.path), createWriteStream(target));
      process.stdout.write(`${target}\n`);
    }
    process.stderr.write(`${files.length} outputs of job ${job} in ${root}\n`);
    return 0;
  });
}
