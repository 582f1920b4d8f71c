import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AweClient, type Job } from '@awe-dp/sdk';

/**
 * The proposal's processing chain through the queue, each step on the node its
 * placement routes it to, products passed along as inputs:
 * Bias → DomeFlat → MasterFlat → Reduce (Science on each raw frame) → Coadd → SourceList.
 *
 *   node dist/scripts/demo-chain.js [--server URL] [--token TOKEN]
 * (defaults: http://127.0.0.1:8080 and the admin token in ./data/admin.token)
 */
function option(name: string, fallback: () => string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback();
}

export async function runChain(client: AweClient, log: (line: string) => void = console.log): Promise<Job[]> {
  const submit = async (recipe: string, args: string[], inputs: Array<{ job: Job; path: string }> = []): Promise<Job> => {
    const job = await client.submitJob({ recipe, args, inputs: inputs.map((input) => ({ job: input.job.id, path: input.path })) });
    log(`submitted ${recipe} as job ${job.id}${inputs.length ? ` (inputs from ${[...new Set(inputs.map((i) => i.job.id))].join(', ')})` : ''}`);
    return job;
  };
  const bias = await submit('Bias', []);
  const dome = await submit('DomeFlat', ['--bias', 'master_bias.fits'], [{ job: bias, path: 'master_bias.fits' }]);
  const flat = await submit('MasterFlat', ['dome_flat.fits'], [{ job: dome, path: 'dome_flat.fits' }]);
  const reduced = await submit('Reduce', ['--bias', 'master_bias.fits', '--flat', 'master_flat.fits'], [
    { job: bias, path: 'master_bias.fits' },
    { job: flat, path: 'master_flat.fits' },
  ]);
  const frames = ['sci_synthetic_1.fits', 'sci_synthetic_2.fits', 'sci_synthetic_3.fits'];
  const coadd = await submit('Coadd', frames, frames.map((path) => ({ job: reduced, path })));
  const sources = await submit('SourceList', ['coadd.fits'], [{ job: coadd, path: 'coadd.fits' }]);
  const chain = [bias, dome, flat, reduced, coadd, sources];
  const done: Job[] = [];
  for (const job of chain) {
    const current = await client.wait(job.id);
    log(`job ${current.id} ${current.recipe}: ${current.state} on ${current.node ?? '-'}${current.failureReason ? ` (${current.failureReason}: ${current.message})` : ''}`);
    done.push(current);
  }
  return done;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const server = option('server', () => process.env.AWE_SERVER ?? 'http://127.0.0.1:8080');
  const token = option('token', () => process.env.AWE_TOKEN ?? readFileSync(join('data', 'admin.token'), 'utf8').trim());
  const client = new AweClient({ server, token });
  const jobs = await runChain(client);
  const last = jobs[jobs.length - 1];
  if (last.state === 'succeeded') process.stdout.write(await (await client.downloadOutput(last.id, 'sources.csv')).text());
  await client.close();
  process.exit(jobs.every((job) => job.state === 'succeeded') ? 0 : 1);
}
