/** `awrecipe outputs JOB [--download DIR]`: what the recipe left in AWE_OUTPUT_DIR, optionally fetched. */
import { resolve } from 'node:path';
import type { ConnectionFlags } from '../args.js';
import { openCache, requireConnection, withClient } from '../config.js';
import { table } from '../format.js';

export function outputs(job: number, download: string | undefined, flags: ConnectionFlags, env: NodeJS.ProcessEnv): Promise<number> {
  return withClient(flags, env, async (client) => {
    if (download === undefined) {
      const { outputs: files } = await client.listOutputs(job);
      process.stdout.write(`${table([['SIZE', 'SHA256', 'PATH'], ...files.map((f) => [String(f.size), f.sha256.slice(0, 12), f.path])])}\n`);
      return 0;
    }
    const cache = openCache(await requireConnection(flags, env), env);
    const files = await client.downloadOutputs(job, download, cache).finally(() => cache?.close());
    for (const file of files) process.stdout.write(`${file.file}\n`);
    process.stderr.write(`${files.length} outputs of job ${job} in ${resolve(download)}\n`);
    return 0;
  });
}
