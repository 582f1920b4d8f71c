/**
 * The SDK as a user gets it: `npm pack` of the workspace, installed into a fresh
 * project, a consumer compiled under `strict` with `moduleResolution: nodenext`
 * and run against a live service (https, a private CA) with an agent that runs the catalog's Bias.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { ROOT } from '../../scripts/server-process.js';
import { agentHarness } from '../helpers/agent-harness.js';
import { makeCertificates } from '../helpers/certificates.js';

const run = promisify(execFile);
// A package install, a compile or a venv and a live job each: minutes, not seconds, on a loaded machine.
t.setTimeout(300_000);
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

const CONSUMER = `
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AweClient, AweNotFoundError, isFinal, type ErrorCode, type Job } from '@awe-dp/sdk';

const client = new AweClient({ server: process.env.AWE_SERVER!, token: process.env.AWE_TOKEN, caFile: process.env.AWE_CA });
const submitted: Job = await client.submitJob({ recipe: 'Bias', args: ['--count', '2', '--seed', '5'] });
let log = '';
for await (const chunk of client.followLog(submitted.id)) log += chunk.toString('utf8');
const job = await client.wait(submitted.id);
const dir = mkdtempSync(join(tmpdir(), 'awe-sdk-consumer-'));
const outputs = await client.downloadOutputs(job.id, dir);
let code: ErrorCode | 'AWE_ERR_HTTP' | undefined;
try {
  await client.getJob(999999);
} catch (err) {
  if (err instanceof AweNotFoundError) code = err.code;
}
await client.close();
const fits = readFileSync(join(dir, 'master_bias.fits'));
console.log(JSON.stringify({ state: job.state, final: isFinal(job.state), log, paths: outputs.map((o) => o.path), fits: fits.subarray(0, 9).toString(), code }));
`;

t.test('the packed SDK installs alone, compiles under strict nodenext and drives a live service', async (t) => {
  // Outside the repository, so npm sees a project of its own, not a part of this workspace.
  const dir = mkdtempSync(join(tmpdir(), 'awe-sdk-pack-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const packed = JSON.parse((await run('npm', ['pack', '--workspace', 'sdk', '--pack-destination', dir, '--json'], { cwd: ROOT })).stdout) as Array<{
    filename: string;
    size: number;
    files: Array<{ path: string }>;
  }>;
  const [tarball] = packed;
  t.same(
    tarball.files.map((f) => f.path).filter((path) => !/^dist\/[a-z-]+\.(js|d\.ts)$/.test(path)).sort(),
    ['README.md', 'package.json'],
    'the tarball holds the compiled JS, its declarations, the README and package.json, nothing else',
  );
  t.ok(tarball.files.some((f) => f.path === 'dist/index.d.ts'), 'with declarations');
  t.ok(tarball.size < 100_000, `a small tarball (${tarball.size} bytes)`);

  const project = join(dir, 'consumer');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  // From the npm cache a clean install of this repository filled; the registry only when something is missing.
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(dir, tarball.filename), '@types/node@20.19.43'], { cwd: project });
  const installed = JSON.parse(readFileSync(join(project, 'node_modules', '@awe-dp', 'sdk', 'package.json'), 'utf8')) as Record<string, unknown>;
  t.same(Object.keys(installed.dependencies as object), ['undici'], 'undici is its only dependency');
  t.notOk(installed.devDependencies ?? installed.peerDependencies, 'and it asks for nothing else');
  const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
  t.same(
    Object.keys(lock.packages).filter((path) => path !== '').sort(),
    ['node_modules/@awe-dp/sdk', 'node_modules/@types/node', 'node_modules/undici', 'node_modules/undici-types'],
    'the install brings the SDK, undici and the Node types the consumer asked for, nothing of the service',
  );

  writeFileSync(join(project, 'consumer.ts'), CONSUMER);
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'ES2022', types: ['node'], outDir: 'out', skipLibCheck: false },
      files: ['consumer.ts'],
    }),
  );
  await run(process.execPath, [TSC, '-p', project]).catch((err: { stdout?: string }) => t.fail(`the consumer compiles:\n${err.stdout}`));

  // Over https with a private CA, which the consumer passes as caFile.
  const tls = await makeCertificates(t);
  const harness = await agentHarness(t, { leaseSeconds: 30, tls });
  await harness.agent({ name: 'cluster-node', labels: { pool: 'cluster' }, baseCode: join(ROOT, 'examples') });
  const { stdout } = await run(process.execPath, [join(project, 'out', 'consumer.js')], {
    cwd: project,
    env: { ...process.env, AWE_SERVER: harness.url, AWE_TOKEN: harness.service.adminToken, AWE_CA: tls.ca },
    // Killed rather than left to the test's timeout, so that what it wrote is reported.
    timeout: 90_000,
  }).catch((err: { stdout: string; stderr: string }) => {
    t.fail(`the consumer runs:\n${err.stdout}\n${err.stderr}`);
    return { stdout: '{}' };
  });
  const result = JSON.parse(stdout) as { state: string; final: boolean; log: string; paths: string[]; fits: string; code: string };
  t.equal(result.state, 'succeeded', `the Bias job succeeded:\n${result.log}`);
  t.ok(result.final, 'isFinal says its state is final');
  t.match(result.log, /generating 2 synthetic biases/, 'the followed log carries the parameter the job was given');
  t.ok(result.paths.includes('master_bias.fits'), 'master_bias.fits is among its outputs');
  t.equal(result.fits, 'SIMPLE  =', 'master_bias.fits was downloaded');
  t.equal(result.code, 'AWE_ERR_NOT_FOUND', 'a missing job is a typed AweNotFoundError with its code');
});
