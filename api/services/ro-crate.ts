import { ROCrate } from 'ro-crate';
import type { JobProvenance, Provenance } from '../../schemas/provenance.js';

/** The profiles the crate follows: a Workflow Run Crate (which is also a Process Run Crate). */
export const PROCESS_RUN_PROFILE = 'https://w3id.org/ro/wfrun/process/0.5';
export const WORKFLOW_RUN_PROFILE = 'https://w3id.org/ro/wfrun/workflow/0.5';
const WFRUN_CONTEXT = 'https://w3id.org/ro/terms/workflow-run';

const ref = (id: string): { '@id': string } => ({ '@id': id });
const jobId = (job: number): string => `#job-${job}`;

/**
 * A Workflow Run RO-Crate (`ro-crate-metadata.json`) of a job and, when the
 * provenance holds them, its ancestors: the chain is the workflow, each job a
 * CreateAction of its recipe with its inputs (`object`) and outputs (`result`)
 * as web-based File entities named by their download URL and carrying their
 * sha256. Settings and env appear as keyed digests and names, never values.
 */
export function roCrate(record: Provenance, baseUrl: string): Record<string, unknown> {
  const crate = new ROCrate({ array: false, link: false });
  crate.addContext(WFRUN_CONTEXT);
  const jobs = [record, ...(record.ancestors ?? [])];
  const fileUrl = (job: number, path: string): string => `${baseUrl}/v1/jobs/${job}/outputs/${encodeURIComponent(path)}`;
  const files = new Map<string, { '@id': string }>();
  const file = (job: number, path: string, sha256: string | null, size: number | null): { '@id': string } => {
    const id = fileUrl(job, path);
    if (!files.has(id)) {
      crate.addEntity({
        '@id': id,
        '@type': 'File',
        name: path,
        ...(sha256 === null ? {} : { sha256 }),
        ...(size === null ? {} : { contentSize: String(size) }),
      });
      files.set(id, ref(id));
    }
    return files.get(id)!;
  };

  for (const job of jobs) addJob(crate, job, file);
  const recipes = [...new Set(jobs.map((job) => job.recipe))];
  crate.addEntity({
    '@id': '#workflow',
    '@type': ['SoftwareSourceCode', 'ComputationalWorkflow'],
    name: jobs.length > 1 ? `the chain of recipes that made job ${record.job}` : `recipe ${record.recipe}`,
    hasPart: recipes.map((name) => ref(`#recipe-${name}`)),
  });
  const produced = new Set(jobs.flatMap((job) => job.outputs.map((o) => fileUrl(job.job, o.path))));
  crate.addEntity({
    '@id': '#run',
    '@type': 'CreateAction',
    name: `run of job ${record.job} (${record.recipe})`,
    instrument: ref('#workflow'),
    agent: ref(`#user-${record.submitter}`),
    object: jobs.flatMap((job) => job.inputs.filter((i) => !produced.has(fileUrl(i.job, i.path))).map((i) => file(i.job, i.path, i.sha256, i.size))),
    result: record.outputs.map((o) => file(record.job, o.path, o.sha256, o.size)),
    ...times(record),
  });
  const root = crate.rootDataset;
  crate.addValues(root, 'conformsTo', [ref(PROCESS_RUN_PROFILE), ref(WORKFLOW_RUN_PROFILE)]);
  crate.setProperty(root, 'name', `Provenance of awe-dp job ${record.job} (${record.recipe})`);
  crate.setProperty(root, 'description', `How job ${record.job} was made, recorded by awe-dp${jobs.length > 1 ? ', with every ancestor' : ''}.`);
  crate.setProperty(root, 'datePublished', record.finishedAt ?? record.createdAt);
  crate.setProperty(root, 'mainEntity', ref('#workflow'));
  crate.setProperty(root, 'mentions', [ref('#run'), ...jobs.map((job) => ref(jobId(job.job)))]);
  crate.setProperty(root, 'hasPart', [...files.values()]);
  return crate.toJSON() as Record<string, unknown>;
}

function times(job: JobProvenance): Record<string, string> {
  const status = job.state === 'succeeded' ? 'CompletedActionStatus' : job.state === 'failed' || job.state === 'cancelled' ? 'FailedActionStatus' : 'ActiveActionStatus';
  return {
    ...(job.startedAt ? { startTime: job.startedAt } : {}),
    ...(job.finishedAt ? { endTime: job.finishedAt } : {}),
    actionStatus: `http://schema.org/${status}`,
  };
}

function addJob(crate: ROCrate, job: JobProvenance, file: (job: number, path: string, sha256: string | null, size: number | null) => { '@id': string }): void {
  const recipeId = `#recipe-${job.recipe}`;
  crate.addEntity({ '@id': recipeId, '@type': 'SoftwareApplication', name: job.recipe, description: job.command.join(' ') });
  crate.addEntity({ '@id': `#user-${job.submitter}`, '@type': 'Person', name: job.submitter });
  const code = [];
  if (job.bundle !== null) {
    crate.addEntity({ '@id': `#bundle-${job.bundle}`, '@type': 'SoftwareSourceCode', name: "the user's code bundle", identifier: job.bundle });
    code.push(ref(`#bundle-${job.bundle}`));
  }
  if (job.baseDigest !== null) {
    crate.addEntity({ '@id': `#base-${job.baseDigest}`, '@type': 'SoftwareSourceCode', name: "the node's base code", identifier: job.baseDigest });
    code.push(ref(`#base-${job.baseDigest}`));
  }
  const values = (['settings', 'env'] as const).map((kind) => {
    const id = `${jobId(job.job)}-${kind}`;
    crate.addEntity({ '@id': id, '@type': 'PropertyValue', name: `${kind} (names: ${job[kind].names.join(', ') || 'none'})`, value: job[kind].digest, description: 'HMAC-SHA256 under the service key' });
    return ref(id);
  });
  crate.addEntity({
    '@id': jobId(job.job),
    '@type': 'CreateAction',
    name: `${job.recipe} (job ${job.job})`,
    description: [...job.command, ...job.args].join(' '),
    instrument: [ref(recipeId), ...code],
    agent: ref(`#user-${job.submitter}`),
    object: [...job.inputs.map((i) => file(i.job, i.path, i.sha256, i.size)), ...values],
    result: job.outputs.map((o) => file(job.job, o.path, o.sha256, o.size)),
    ...(job.node === null ? {} : { location: job.node }),
    ...times(job),
  });
}
