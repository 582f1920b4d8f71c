/**
 * Job isolation end to end: the escape check (examples/escape-check, a
 * developer's own code posing as the pipeline's Bias) runs on real agents and
 * tries to read the agent's work dir, the service's data dir, the other jobs
 * and /proc/*\/environ, and to write into its bundle, the base code and the
 * bundle cache. In bubblewrap it reads nothing but its own job while it still
 * reads its inputs, Environment.cfg, bundle and base code and leaves an output
 * the service lists; the same check on an unboxed agent escapes, which shows
 * the check can see an escape. Also as an ordinary user (the unprivileged
 * path) and through the real Slurm. Skipped, saying why, where bubblewrap
 * cannot run.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { findBwrap, probeSandbox } from '../../agent/executors/sandbox.js';
import type { Job } from '@awe-dp/sdk';
import { AGENT_MAIN, agentHarness, type Harness } from '../helpers/agent-harness.js';
import { findSlurm } from '../helpers/slurm.js';
import { BACK_END } from '../helpers/store.js';

const CHECK_DIR = fileURLToPath(new URL('../../../examples/escape-check/', import.meta.url));

interface Report {
  escapes: string[];
  writes: string[];
  missing: string[];
  needed: string[];
}

const sandboxProblem = await probeSandbox({ bwrap: findBwrap(), baseCode: null, network: true }).then(
  () => null,
  (err: Error) => err.message,
);

/** The escape check as a bundle, the way `awrecipe -mycode examples/escape-check` ships it. */
async function escapeBundle(h: Harness): Promise<string> {
  const files = [];
  for (const path of ['opipe/__init__.py', 'opipe/recipes/__init__.py', 'opipe/recipes/Bias.py']) {
    const body = readFileSync(join(CHECK_DIR, path));
    const sha256 = createHash('sha256').update(body).digest('hex');
    await h.admin.uploadBlob(sha256, body);
    files.push({ path, sha256, size: body.length, mode: 0o644 as const });
  }
  return (await h.admin.createBundle(files)).id;
}

/** A base code dir, like the node's pipeline install. */
function baseCodeDir(root: string): string {
  const base = join(root, 'base-code');
  mkdirSync(join(base, 'sitepkg'), { recursive: true });
  writeFileSync(join(base, 'sitepkg', '__init__.py'), 'SITE = "the node\'s base code"\n');
  return base;
}

/** The report the check's attempt uploaded: a check that escaped fails, so its outputs stay under the attempt. */
async function report(h: Harness, job: Job): Promise<Report> {
  const { attempts } = await h.admin.listAttempts(job.id);
  const outputs = attempts.at(-1)?.outputs ?? [];
  const found = outputs.find((o) => o.path === 'escape-report.json');
  if (!found) throw new Error(`no report among the outputs ${outputs.map((o) => o.path).join(', ')}: ${await h.log(job.id)}`);
  const body = await h.admin.downloadBlob(found.sha256);
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Report;
}

/** Routes by pool so that each check lands on the agent meant for it. */
async function checkRecipe(h: Harness, name: string, pool: string): Promise<void> {
  await h.admin.putRecipe(name, { command: ['python3', '-m', 'opipe.recipes.Bias'], labels: { pool }, maxAttempts: 1 });
}

/** A job of another user of the node, still running, with a secret in its env, while the check looks around. */
async function neighbour(h: Harness, pool: string): Promise<Job> {
  await h.admin.putRecipe(`Neighbour-${pool}`, { command: ['/bin/sh', '-c', 'echo private > mine.txt; sleep 30'], labels: { pool }, maxAttempts: 1 });
  const job = await h.submit(`Neighbour-${pool}`, { env: { NEIGHBOUR_SECRET_TOKEN: 'the-neighbours-secret' } });
  await h.waitFor(job.id, ['running']);
  return job;
}

if (sandboxProblem) {
  t.plan(0, `skip: bubblewrap cannot run here: ${sandboxProblem}`);
} else {
  const h = await agentHarness(t, { leaseSeconds: 5 });
  const base = baseCodeDir(h.dir);
  const bundle = await escapeBundle(h);
  await h.admin.putRecipe('Producer', { command: ['/bin/sh', '-c', 'echo made > "$AWE_OUTPUT_DIR/data.txt"'], labels: { pool: 'boxed' } });
  const producer = await h.submit('Producer');
  const boxedDir = join(h.dir, 'boxed-agent');
  await h.agent({ isolation: 'bwrap', trustUserCode: false, workDir: boxedDir, baseCode: base, labels: { pool: 'boxed' }, slots: 2 });
  await h.waitFor(producer.id, ['succeeded']);
  const checkArgs = (agentDir: string) => [agentDir, h.service.dataDir, h.dir, '--input', 'data.txt', '--no-write', join(agentDir, 'bundles'), '--no-write', base];
  const check = (recipe: string, agentDir: string) =>
    h.submit(recipe, { bundle, args: checkArgs(agentDir), inputs: [{ job: producer.id, path: 'data.txt' }], settings: { project: 'ESCAPE' } });

  t.test('in bubblewrap the check reads only its own job, and still all it needs', async (t) => {
    await checkRecipe(h, 'EscapeCheck', 'boxed');
    const other = await neighbour(h, 'boxed');
    const job = await check('EscapeCheck', boxedDir);
    const done = await h.waitFor(job.id, ['succeeded', 'failed'], 60_000);
    const log = await h.log(job.id);
    t.equal(done.state, 'succeeded', log);
    t.match(log, /^ISOLATED: read nothing outside its own job/m);
    const found = await report(h, job);
    t.same(found.escapes, [], 'nothing read of the agent, the service, the test or the neighbour');
    t.same(found.writes, [], 'no write into the bundle, the base code or the bundle cache');
    t.same(found.missing, []);
    t.same(found.needed, ['Environment.cfg', `base code ${base}`, 'bundle', 'input data.txt']);
    await h.admin.cancelJob(other.id);
  });

  t.test('the same check on an unboxed agent escapes: the check sees what it is there to see', async (t) => {
    const openDir = join(h.dir, 'open-agent');
    await h.agent({ isolation: 'none', trustUserCode: true, workDir: openDir, baseCode: base, labels: { pool: 'open' } });
    await checkRecipe(h, 'EscapeCheckOpen', 'open');
    // The input is fetched into this agent's cache too.
    const job = await check('EscapeCheckOpen', openDir);
    const done = await h.waitFor(job.id, ['succeeded', 'failed'], 60_000);
    t.equal(done.exitCode, 2, 'the check exits 2: it escaped');
    const found = await report(h, job);
    t.ok(found.escapes.some((path) => path.endsWith('/credential.json')), 'the agent credential');
    // The database is a file in the data dir on SQLite; on PostgreSQL the data dir still holds the keys.
    const serviceFile = BACK_END === 'sqlite' ? 'awe.db' : 'secret.key';
    t.ok(found.escapes.some((path) => relative(h.service.dataDir, path) === serviceFile), `the service's ${serviceFile}`);
    if (process.getuid?.() === 0) t.ok(found.writes.length > 0, 'root writes into what is only read-only by its mode');
  });

  const nobody = process.getuid?.() === 0 && spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', 'true']).status === 0;
  t.test('as an ordinary user (unprivileged user namespaces), the agent sandboxes too', { skip: nobody ? false : 'needs root and setpriv to become nobody' }, async (t) => {
    // The agent's work dir belongs to nobody, as it would to a dedicated service user.
    const userDir = mkdtempSync(join(tmpdir(), 'awe-agent-nobody-'));
    t.teardown(() => rmSync(userDir, { recursive: true, force: true }));
    chmodSync(userDir, 0o755);
    const workDir = join(userDir, 'work');
    mkdirSync(workDir);
    chownSync(workDir, 65534, 65534);
    // nobody has to reach the base code, which lies in the test's scratch dir.
    chmodSync(h.dir, 0o755);
    chmodSync(base, 0o755);
    await checkRecipe(h, 'EscapeCheckUser', 'user');
    const agent = spawnAsNobody([AGENT_MAIN, '--server', h.url, '--enroll', await h.enrollmentToken(), '--work-dir', workDir, '--labels', 'pool=user', '--base-code', base, '--name', 'nobody-agent']);
    t.teardown(() => agent.kill('SIGKILL'));
    const job = await check('EscapeCheckUser', workDir);
    const done = await h.waitFor(job.id, ['succeeded', 'failed'], 60_000).catch(async (err: Error) => {
      throw new Error(`${err.message}; agent said: ${agent.stderr()}`);
    });
    t.equal(done.state, 'succeeded', await h.log(job.id));
    const found = await report(h, job);
    t.same(found.escapes, []);
    t.same(found.writes, []);
    t.same(found.missing, []);
    t.equal(statSync(workDir).uid, 65534);
    t.ok(readdirSync(workDir).includes('credential.json'), 'the agent ran as nobody with its own credential');
  });

  const slurmEnv = await findSlurm();
  t.test('through the real Slurm the check reads only its own job', { skip: slurmEnv ? false : 'no Slurm answering (scripts/slurm-local.sh start)' }, async (t) => {
    process.env.SLURM_CONF = slurmEnv!.SLURM_CONF;
    const shared = mkdtempSync(join(process.env.AWE_SLURM_SHARED_DIR ?? '/tmp', 'awe-isolation-slurm-'));
    t.teardown(() => rmSync(shared, { recursive: true, force: true }));
    const frontend = join(h.dir, 'slurm-frontend');
    await h.agent({ executor: 'slurm', sharedDir: shared, isolation: 'bwrap', trustUserCode: false, workDir: frontend, baseCode: base, labels: { pool: 'slurm' } });
    await checkRecipe(h, 'EscapeCheckSlurm', 'slurm');
    const job = await h.submit('EscapeCheckSlurm', {
      bundle,
      args: [...checkArgs(frontend), shared],
      inputs: [{ job: producer.id, path: 'data.txt' }],
      settings: { project: 'ESCAPE' },
    });
    const done = await h.waitFor(job.id, ['succeeded', 'failed'], 90_000);
    t.equal(done.state, 'succeeded', await h.log(job.id));
    t.match(done.batch, { system: 'slurm', state: 'COMPLETED' });
    const found = await report(h, job);
    t.same(found.escapes, [], 'nothing of the frontend agent, the shared dir beside its job, the service');
    t.same(found.writes, []);
    t.same(found.missing, []);
  });
}

/** A node program as nobody; stderr kept for failure messages. */
function spawnAsNobody(args: string[]) {
  const child = spawn('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', AWE_AGENT_LOG_LEVEL: 'info' },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return Object.assign(child, { stderr: () => stderr });
}
