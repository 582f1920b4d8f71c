/**
 * awrecipe against a real service and a real agent (dist/agent/main.js as a
 * child process, local executor, python3 recipes): the developer's modified
 * code is what runs, live output, exit codes, settings, Ctrl-C, and -local
 * giving the same output as the remote run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t, { type Test } from 'tap';
import { startService, type TestService } from '../helpers/service.js';
import { awrecipe } from './cli-process.js';

const AGENT = fileURLToPath(new URL('../../agent/main.js', import.meta.url));
/** The recipe waits for gate files in this test's temp dirs, which a sandbox's private /tmp would hide. */
const UNBOXED = ['--isolation', 'none', '--trust-user-code'];

async function tempDir(t: Test, prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function startAgent(t: Test, service: TestService): Promise<void> {
  const { token } = await service.client().createEnrollmentToken({});
  const workDir = await tempDir(t, 'awe-agent-');
  const agent: ChildProcess = spawn(
    process.execPath,
    [AGENT, '--server', service.url, '--enroll', token, '--name', 'e2e', '--work-dir', workDir, '--grace-seconds', '2', '--log-level', 'warn', ...UNBOXED],
    { env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  t.teardown(async () => {
    if (agent.exitCode !== null || agent.signalCode !== null) return;
    const exited = once(agent, 'exit');
    agent.kill('SIGTERM');
    const timer = setTimeout(() => agent.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  });
}

// Prints a marker with its args, what it sees of the user's context, waits for
// a gate file (so a test can watch the output arrive while it runs), leaves an output.
const HELLO = `import os, sys, time
print("MARKER-HELLO", *sys.argv[1:], flush=True)
with open(os.path.join(os.environ["HOME"], ".awe", "Environment.cfg")) as cfg:
    project = [line.split(":", 1)[1].strip() for line in cfg if line.startswith("project")]
print("project", project, os.environ.get("PROJECT"), flush=True)
print("code first on PYTHONPATH", os.path.dirname(os.path.dirname(__file__)) == os.environ["PYTHONPATH"].split(os.pathsep)[0], flush=True)
gate = os.environ.get("AWE_GATE")
while gate and not os.path.exists(gate):
    time.sleep(0.05)
with open(os.path.join(os.environ["AWE_OUTPUT_DIR"], "result.txt"), "w") as out:
    out.write("done\\n")
print("finished", flush=True)
`;

t.test('awrecipe with a real agent', async (t) => {
  const service = await startService(t, { leaseSeconds: 3 });
  await service.client().putRecipe('Hello', { command: ['python3', '-m', 'mypkg.hello'] });
  const token = await service.user('dev', 'developer');
  const home = await tempDir(t, 'awe-home-');
  await mkdir(join(home, '.awe'));
  await writeFile(join(home, '.awe', 'Environment.cfg'), 'project : MYPROJECT\n');
  const code = await tempDir(t, 'awe-code-');
  await mkdir(join(code, 'mypkg'));
  await writeFile(join(code, 'mypkg', '__init__.py'), '');
  await writeFile(join(code, 'mypkg', 'hello.py'), HELLO);
  const gates = await tempDir(t, 'awe-gate-');
  const env = { AWE_SERVER: service.url, AWE_TOKEN: token, HOME: home, AWE_SHIP_ENV: 'AWE_GATE' };
  await startAgent(t, service);

  let remoteOutput = '';
  await t.test('the modified code runs, its output arrives live, exit 0', async (t) => {
    const gate = join(gates, 'open-1');
    let sawLive = false;
    const result = await awrecipe(['-mycode', code, '-task', 'Hello', 'a', '-b'], {
      env: { ...env, AWE_GATE: gate },
      started: (child) => {
        child.stdout!.on('data', (chunk: Buffer) => {
          if (sawLive || !chunk.toString().includes('MARKER-HELLO')) return;
          sawLive = true;
          // The recipe is still waiting for its gate: the marker came while it ran.
          void writeFile(gate, '');
        });
      },
    });
    t.equal(result.code, 0, result.stderr);
    t.ok(sawLive, 'output followed live');
    t.match(result.stdout, /^MARKER-HELLO a -b$/m);
    t.match(result.stdout, /^project \['MYPROJECT'\] None$/m, 'Environment.cfg reached the recipe');
    t.match(result.stdout, /^code first on PYTHONPATH True$/m);
    t.match(result.stderr, /^bundle [0-9a-f]{12}: 2 files/m);
    remoteOutput = result.stdout;

    const id = Number(/^job (\d+) /m.exec(result.stderr)![1]);
    const outputs = await awrecipe(['outputs', String(id)], { env });
    t.match(outputs.stdout, /result\.txt/);
    const into = await tempDir(t, 'awe-dl-');
    const download = await awrecipe(['outputs', String(id), '--download', into], { env });
    t.equal(download.code, 0, download.stderr);
    t.equal(await readFile(join(into, 'result.txt'), 'utf8'), 'done\n');
    const logs = await awrecipe(['logs', String(id)], { env });
    t.equal(logs.stdout, remoteOutput, 'logs prints the same log');
  });

  await t.test('-local gives the same output as the remote run', async (t) => {
    await writeFile(join(gates, 'open-local'), '');
    const output = await tempDir(t, 'awe-out-');
    const local = await awrecipe(['-local', '-mycode', code, '-output', output, '-task', 'Hello', 'a', '-b'], {
      env: { ...env, AWE_GATE: join(gates, 'open-local') },
    });
    t.equal(local.code, 0, local.stderr);
    t.equal(local.stdout, remoteOutput);
    t.equal(await readFile(join(output, 'result.txt'), 'utf8'), 'done\n');

    // No service: the recipe's command comes from the local catalog.
    const catalog = join(home, 'catalog.json');
    await writeFile(catalog, JSON.stringify({ Hello: { command: ['python3', '-m', 'mypkg.hello'] } }));
    const offline = await awrecipe(['-local', '-mycode', code, '-output', output, '-task', 'Hello', 'a', '-b'], {
      env: { HOME: home, AWE_CATALOG: catalog, AWE_SHIP_ENV: 'AWE_GATE', AWE_GATE: join(gates, 'open-local') },
    });
    t.equal(offline.code, 0, offline.stderr);
    t.equal(offline.stdout, remoteOutput);
    const neither = await awrecipe(['-local', '-task', 'Hello'], { env: { HOME: home } });
    t.equal(neither.code, 1);
    t.match(neither.stderr, /cannot find recipe "Hello" for a local run: no service configured.*recipes\.json: no such file/);
  });

  await t.test('a modified exit code is the exit code of awrecipe', async (t) => {
    await writeFile(join(code, 'mypkg', 'hello.py'), 'import sys\nprint("MARKER-EXIT", flush=True)\nsys.exit(3)\n');
    const result = await awrecipe(['-mycode', code, '-task', 'Hello'], { env });
    t.equal(result.code, 3, result.stderr);
    t.match(result.stdout, /MARKER-EXIT/);
    t.match(result.stderr, /^bundle [0-9a-f]{12}: 2 files, \d+ bytes; uploaded 1 files/m);
    t.match(result.stderr, /^job \d+ failed: recipe_failed/m);
    const local = await awrecipe(['-local', '-mycode', code, '-task', 'Hello'], { env, cwd: gates });
    t.equal(local.code, 3, 'and of -local');
  });

  await t.test('Ctrl-C cancels the job and exits 130', async (t) => {
    await writeFile(join(code, 'mypkg', 'hello.py'), HELLO);
    let child: ChildProcess | undefined;
    const result = await awrecipe(['-mycode', code, '-task', 'Hello'], {
      env: { ...env, AWE_GATE: join(gates, 'never') },
      started: (started) => {
        child = started;
        started.stdout!.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('MARKER-HELLO')) child!.kill('SIGINT');
        });
      },
    });
    t.equal(result.code, 130, result.stderr);
    const id = /^job (\d+) /m.exec(result.stderr)![1];
    t.match(result.stderr, `cancelling job ${id} (Ctrl-C again to stop waiting)`);
    t.equal((await service.client().getJob(Number(id))).state, 'cancelled');
  });
});
