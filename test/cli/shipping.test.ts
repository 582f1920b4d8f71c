import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import t, { type Test } from 'tap';
import { shippedEnv } from '../../cli/ship-environment.js';
import { startService } from '../helpers/service.js';
import { awrecipe } from './cli-process.js';

async function tempDir(t: Test, prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

const BUNDLE_LINE = /^bundle ([0-9a-f]{12}): (\d+) files, (\d+) bytes; uploaded (\d+) files, (\d+) bytes$/m;

function bundleLine(stderr: string): { id12: string; files: number; bytes: number; uploadedFiles: number; uploadedBytes: number } {
  const match = BUNDLE_LINE.exec(stderr);
  if (!match) throw new Error(`no bundle line in: ${stderr}`);
  const [, id12, files, bytes, uploadedFiles, uploadedBytes] = match;
  return { id12: id12!, files: Number(files), bytes: Number(bytes), uploadedFiles: Number(uploadedFiles), uploadedBytes: Number(uploadedBytes) };
}

t.test('-mycode uploads only what changed; config files ship, .aweignore-d ones do not', async (t) => {
  const service = await startService(t);
  await service.client().putRecipe('Hello', { command: ['python3', '-m', 'mypkg.hello'] });
  const token = await service.user('dev', 'developer');
  const env = { AWE_SERVER: service.url, AWE_TOKEN: token, HOME: await tempDir(t, 'awe-home-') };
  const code = await tempDir(t, 'awe-code-');
  await writeTree(code, {
    '.aweignore': '*.fits\nscratch/\n',
    'mypkg/__init__.py': '',
    'mypkg/hello.py': 'print("hello")\n',
    'opipe/config/site.cfg': '[site]\nname = test\n',
    'data/frame.fits': 'SIMPLE = T',
    'scratch/notes.txt': 'not code',
    'mypkg/__pycache__/hello.cpython-311.pyc': 'bytecode',
  });

  const first = await awrecipe(['-mycode', code, '-detach', '-task', 'Hello'], { env });
  t.equal(first.code, 0, first.stderr);
  const shipped = bundleLine(first.stderr);
  t.match(shipped, { files: 4, uploadedFiles: 4 });
  t.equal(shipped.uploadedBytes, shipped.bytes);

  const job = await service.client(token).getJob(Number(first.stdout));
  t.ok(job.bundle?.startsWith(shipped.id12), 'the job runs the bundle the line names');
  const bundle = await service.client(token).getBundle(job.bundle!);
  t.same(bundle.files.map((f) => f.path).sort(), ['.aweignore', 'mypkg/__init__.py', 'mypkg/hello.py', 'opipe/config/site.cfg']);

  const again = await awrecipe(['-mycode', code, '-detach', '-task', 'Hello'], { env });
  t.equal(again.code, 0, again.stderr);
  t.match(bundleLine(again.stderr), { id12: shipped.id12, files: 4, uploadedFiles: 0, uploadedBytes: 0 }, 'unchanged: nothing uploaded');

  const changed = 'print("hello, changed")\n';
  await writeFile(join(code, 'mypkg', 'hello.py'), changed);
  // From the working directory, as `-mycode` without DIR.
  const third = await awrecipe(['-mycode', '-detach', '-task', 'Hello'], { env, cwd: code });
  t.equal(third.code, 0, third.stderr);
  const line = bundleLine(third.stderr);
  t.match(line, { files: 4, uploadedFiles: 1, uploadedBytes: Buffer.byteLength(changed) }, 'one file changed: one uploaded');
  t.not(line.id12, shipped.id12);
});

t.test('Environment.cfg goes as settings, overruling variables as env, secrets never come back', async (t) => {
  const service = await startService(t);
  await service.client().putRecipe('Hello', { command: ['python3', '-m', 'mypkg.hello'] });
  const token = await service.user('erin', 'user');
  const home = await tempDir(t, 'awe-home-');
  await writeTree(home, {
    '.awe/Environment.cfg': ['[global]', 'project : MYPROJECT', 'database_user = erin', 'database_password : s3cr3t-pw-123', 'path : /somewhere', '', '[dataserver]', 'port : 8002'].join('\n'),
  });
  const env = {
    AWE_SERVER: service.url,
    AWE_TOKEN: token,
    HOME: home,
    PROJECT: 'OVERRULED',
    AWE_DATABASE_PASSWORD: 'env-s3cr3t-456',
    AWE_DEBUG: '2',
    AWE_SHIP_ENV: 'AWE_TRACE,AWE_TOKEN',
    AWE_TRACE: 'on',
    AWE_UNRELATED: 'not asked for',
  };
  const submitted = await awrecipe(['-detach', '-env', 'AWE_DEBUG', '-task', 'Hello'], { env });
  t.equal(submitted.code, 0, submitted.stderr);
  const id = Number(submitted.stdout);

  const job = await service.client(token).getJob(id);
  t.same(job.settings, { project: 'MYPROJECT', database_user: 'erin', path: '/somewhere', 'dataserver.port': '8002' });
  t.same(job.env, { PROJECT: 'OVERRULED', AWE_DEBUG: '2', AWE_TRACE: 'on' }, 'PATH not overruled by the `path` key; no token; secrets left out');

  const answers = [
    JSON.stringify(job),
    JSON.stringify(await service.client(token).listJobs({})),
    JSON.stringify(await service.client().getJob(id)),
    (await awrecipe(['status', String(id)], { env })).stdout,
  ];
  for (const answer of answers) {
    t.notMatch(answer, /s3cr3t/, 'no secret value in any answer');
    t.notMatch(answer, new RegExp(token), 'the user token is not shipped');
  }

  const named = await awrecipe(['-detach', '-environment', join(home, 'missing.cfg'), '-task', 'Hello'], { env });
  t.equal(named.code, 1);
  t.match(named.stderr, /cannot read .*missing\.cfg/);
  const notAwe = await awrecipe(['-detach', '-env', 'HOME', '-task', 'Hello'], { env });
  t.equal(notAwe.code, 2);
  t.match(notAwe.stderr, /only AWE_\* variables/);
});

t.test('shippedEnv: both overruling names, the unset ones reported', async (t) => {
  const { env, unset } = shippedEnv({ project: 'p', 'sec.key_name': 'k', home: '/h' }, { PROJECT: 'A', AWE_PROJECT: 'B', AWE_SEC_KEY_NAME: 'c', HOME: '/x', AWE_HOME: '/y' }, ['AWE_X']);
  t.same(env, { PROJECT: 'A', AWE_PROJECT: 'B', AWE_SEC_KEY_NAME: 'c', AWE_HOME: '/y' });
  t.same(unset, ['AWE_X']);
});

t.test('shippedEnv: a setting named like a loader variable is not overruled by it (the service would refuse the job)', async (t) => {
  const { env } = shippedEnv({ ld_preload: 'x', bash_env: 'y' }, { LD_PRELOAD: '/tmp/evil.so', AWE_LD_PRELOAD: 'fine', BASH_ENV: '/tmp/rc' }, []);
  t.same(env, { AWE_LD_PRELOAD: 'fine' });
});
