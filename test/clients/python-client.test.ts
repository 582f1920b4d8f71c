/**
 * The Python client as a user installs it: a fresh virtual environment, `pip
 * install` of clients/python offline (`--no-build-isolation --no-index`), then its own
 * unittest suite against a live service with an agent running the catalog's
 * recipes. Skips, saying why, where python3 cannot make a venv.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
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
const SOURCE = join(ROOT, 'clients', 'python');

/** A fresh venv's python, or why there is none. */
async function makeVenv(dir: string): Promise<string | { skip: string }> {
  const venv = join(dir, 'venv');
  try {
    await run('python3', ['-m', 'venv', venv]);
  } catch (err) {
    return { skip: `python3 -m venv is not available here: ${(err as Error).message.split('\n')[0]}` };
  }
  return join(venv, 'bin', 'python');
}

const dir = mkdtempSync(join(tmpdir(), 'awe-python-client-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const venv = await makeVenv(dir);

t.test('the Python client installs into a fresh venv and passes its tests against a live service', { skip: typeof venv === 'string' ? false : venv.skip }, async (t) => {
  const python = venv as string;
  const version = (await run(python, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'])).stdout.trim();
  t.comment(`Python ${version}`);

  // Offline, as the README says: the package's own build backend needs nothing beyond the standard library.
  await run(python, ['-m', 'pip', 'install', '--no-build-isolation', '--no-index', '--disable-pip-version-check', '--quiet', SOURCE]);
  const location = (await run(python, ['-c', 'import awe_dp; print(awe_dp.__file__)'], { cwd: dir })).stdout.trim();
  t.match(location, /site-packages\/awe_dp\/__init__\.py$/, 'the installed package is what gets imported');

  const modules = readdirSync(join(SOURCE, 'awe_dp')).filter((name) => name.endsWith('.py'));
  await run(python, [
    '-c',
    'import ast, sys\nfor path in sys.argv[1:]: ast.parse(open(path).read(), path, feature_version=(3, 9))',
    ...modules.map((name) => join(SOURCE, 'awe_dp', name)),
  ]).then(
    () => t.pass('the package parses as Python 3.9'),
    (err: { stderr?: string }) => t.fail(`the package parses as Python 3.9:\n${err.stderr}`),
  );

  // Over https with a private CA: the client must trust it through ca=, and refuses the service without it.
  const tls = await makeCertificates(t);
  const harness = await agentHarness(t, { leaseSeconds: 30, tls });
  await harness.agent({ name: 'cluster-node', labels: { pool: 'cluster' }, baseCode: join(ROOT, 'examples'), slots: 2 });
  await harness.admin.createUser({ username: 'astronomer', password: 'astronomer-password', role: 'user', canRoute: true });
  await harness.admin.createUser({ username: 'neighbour', password: 'neighbour-password', role: 'user', canRoute: false });
  const token = async (name: string): Promise<string> => (await harness.admin.login(name, `${name}-password`)).token;

  const tests = join(SOURCE, 'tests');
  // -B: no __pycache__ left in the repository; run from elsewhere so that the installed awe_dp is the one imported.
  const result = await run(python, ['-B', '-m', 'unittest', 'discover', '-v', '-s', tests, '-t', tests], {
    cwd: dir,
    env: { ...process.env, AWE_TEST_SERVER: harness.url, AWE_TEST_CA: tls.ca, AWE_TEST_TOKEN: await token('astronomer'), AWE_TEST_OTHER_TOKEN: await token('neighbour') },
  }).catch((err: { stdout: string; stderr: string }) => ({ ...err, failed: true }));
  const report = result.stderr;
  if ('failed' in result) t.fail(`the Python tests pass:\n${report}`);
  else t.pass('the Python tests pass');
  for (const name of ['test_bias_with_a_parameter_logs_runs_and_leaves_its_master_bias', 'test_another_users_log_is_a_coded_403', 'test_the_private_ca_is_needed', 'test_a_submit_retried_after_a_5xx_keeps_its_idempotency_key']) {
    t.match(report, new RegExp(`${name} .*\\.\\.\\. ok`), `${name} ran and passed`);
  }
  t.notMatch(report, /skipped/, 'none skipped');
});
