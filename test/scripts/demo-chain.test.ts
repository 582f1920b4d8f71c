import { join } from 'node:path';
import t from 'tap';
import { runChain } from '../../scripts/demo-chain.js';
import { agentHarness } from '../helpers/agent-harness.js';
import { ROOT } from '../../scripts/server-process.js';

t.test('the demo chain runs through the queue, each step on its pool, products passed along', async (t) => {
  const harness = await agentHarness(t, { leaseSeconds: 30 });
  // The real pipeline, sandboxed as on a real node: its recipes need nothing beyond their own job and the base code.
  const node = { baseCode: join(ROOT, 'examples'), isolation: 'bwrap', trustUserCode: false } as const;
  await harness.agent({ name: 'cluster-node', labels: { pool: 'cluster' }, slots: 2, ...node });
  await harness.agent({ name: 'bigmem-node', labels: { pool: 'bigmem' }, ...node });
  await harness.agent({ name: 'db-node', labels: { pool: 'dbnear' }, ...node });
  const lines: string[] = [];
  const jobs = await runChain(harness.admin, (line) => lines.push(line));
  t.same(
    jobs.map((job) => [job.recipe, job.state, job.node]),
    [
      ['Bias', 'succeeded', 'cluster-node'],
      ['DomeFlat', 'succeeded', 'cluster-node'],
      ['MasterFlat', 'succeeded', 'cluster-node'],
      ['Reduce', 'succeeded', 'cluster-node'],
      ['Coadd', 'succeeded', 'bigmem-node'],
      ['SourceList', 'succeeded', 'db-node'],
    ],
    lines.join('\n'),
  );
  const sources = await (await harness.admin.downloadOutput(jobs[5].id, 'sources.csv')).text();
  const rows = sources.split('\n').filter((line) => /^\d+,/.test(line));
  t.ok(rows.length >= 3, `the coadd's sources were found (${rows.length})`);
  const coaddLog = await harness.log(jobs[4].id);
  t.match(coaddLog, /Coadd: wrote coadd.fits/, "the coadd's log is complete");

  // Provenance of the SourceList names every ancestor's inputs and outputs by hash, each input the hash of the output it was.
  const record = await harness.admin.provenance(jobs[5].id, 'all');
  const chain = [record, ...record.ancestors!];
  t.same(new Set(chain.map((r) => r.recipe)), new Set(jobs.map((job) => job.recipe)), 'every step of the chain is in it');
  const produced = new Map(chain.flatMap((r) => r.outputs.map((o) => [`${r.job}/${o.path}`, o.sha256] as const)));
  const inputs = chain.flatMap((r) => r.inputs);
  t.ok(inputs.length >= 5, 'the steps took products');
  t.ok(inputs.every((input) => input.sha256 !== null && input.sha256 === produced.get(`${input.job}/${input.path}`)), 'each input named by its hash');
  t.ok(chain.every((r) => r.outputs.length > 0 && r.baseDigest !== null && r.node !== null), 'each step names its outputs, base code and node');
});
