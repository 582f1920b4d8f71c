import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { agentHarness } from '../helpers/agent-harness.js';

/** Alive as a running process (a zombie runs nothing). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !['Z', 'X'].includes(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]);
  } catch {
    return false;
  }
}

async function waitForFile(path: string, ms = 10_000): Promise<string> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      const text = readFileSync(path, 'utf8');
      if (text.endsWith('\n')) return text.trim();
    } catch {
      // not yet
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${path}`);
    await sleep(50);
  }
}

process.env.AWE_TEST_AGENT_ONLY = 'agent-private';
const h = await agentHarness(t);
await h.agent({ slots: 2 });

t.test('exit 0 succeeds and its output is the log', async (t) => {
  await h.recipe('Hello', 'echo "hello $1"');
  const job = await h.submit('Hello', { args: ['world'] });
  const done = await h.waitFor(job.id, ['succeeded', 'failed']);
  t.equal(done.state, 'succeeded');
  t.equal(done.exitCode, 0);
  t.equal(await h.log(job.id), 'hello world\n');
});

t.test('exit 3 fails as recipe_failed with the exit code', async (t) => {
  await h.recipe('Three', 'echo failing; exit 3');
  const job = await h.submit('Three');
  const done = await h.waitFor(job.id, ['succeeded', 'failed']);
  t.equal(done.state, 'failed');
  t.equal(done.exitCode, 3);
  t.equal(done.failureReason, 'recipe_failed');
  t.match(await h.log(job.id), 'failing');
});

t.test('the log can be followed while the recipe runs', async (t) => {
  await h.recipe('Ticks', 'for i in 1 2 3 4; do echo "tick $i"; sleep 0.5; done');
  const job = await h.submit('Ticks');
  let text = '';
  let runningWhenFirstSeen: string | null = null;
  for await (const chunk of await h.admin.log(job.id, { follow: true })) {
    text += (chunk as Buffer).toString();
    if (runningWhenFirstSeen === null && text.includes('tick 1')) runningWhenFirstSeen = (await h.admin.getJob(job.id)).state;
  }
  t.equal(runningWhenFirstSeen, 'running', 'output arrives before the recipe ends');
  t.equal(text, 'tick 1\ntick 2\ntick 3\ntick 4\n');
  t.equal((await h.waitFor(job.id, ['succeeded'])).state, 'succeeded');
});

t.test('settings reach Environment.cfg, env reaches the recipe, secrets are masked, the agent env stays out', async (t) => {
  await h.recipe(
    'Env',
    [
      'cat "$HOME/.awe/Environment.cfg"',
      'echo "color=$COLOR"',
      'echo "token=$API_TOKEN twice $API_TOKEN"',
      'echo "leak=${AWE_TEST_AGENT_ONLY:-none}"',
      'echo "job=$AWE_JOB_ID output=$(basename "$AWE_OUTPUT_DIR") cwd=$(basename "$(dirname "$PWD")")/$(basename "$PWD")"',
      'echo result > "$AWE_OUTPUT_DIR/result.txt"',
    ].join('\n'),
  );
  const job = await h.submit('Env', {
    env: { COLOR: 'blue', API_TOKEN: 'sup3r-s3cret-value' },
    settings: { project: 'ASTRO', 'database.user': 'alice' },
  });
  t.equal((await h.waitFor(job.id, ['succeeded', 'failed'])).state, 'succeeded');
  const log = await h.log(job.id);
  t.match(log, '[global]\nproject : ASTRO\n');
  t.match(log, '[database]\nuser : alice\n');
  t.match(log, 'color=blue');
  t.match(log, 'token=*** twice ***');
  t.notMatch(log, 'sup3r');
  t.match(log, 'leak=none');
  t.match(log, `job=${job.id} output=output cwd=${job.id}-1/work`);
  const outputs = await h.admin.listOutputs(job.id);
  t.same(outputs.outputs.map((o) => o.path), ['result.txt'], 'files of the output dir become outputs');
});

t.test('a recipe ignoring SIGTERM is cancelled, its grandchild too', async (t) => {
  await h.recipe(
    'Stubborn',
    [
      "trap '' TERM",
      `bash -c 'trap "" TERM; while true; do sleep 0.2; done' &`,
      `echo $! > "${h.dir}/grandchild.$AWE_JOB_ID"`,
      'echo started',
      'while true; do sleep 0.2; done',
    ].join('\n'),
  );
  const job = await h.submit('Stubborn');
  const grandchild = Number(await waitForFile(join(h.dir, `grandchild.${job.id}`)));
  t.ok(alive(grandchild));
  await h.admin.cancelJob(job.id);
  const done = await h.waitFor(job.id, ['cancelled', 'failed', 'succeeded']);
  t.equal(done.state, 'cancelled');
  t.notOk(alive(grandchild), 'the grandchild is gone');
  t.match(await h.log(job.id), 'started');
});

t.test('a recipe past its time limit fails as timeout', async (t) => {
  await h.recipe('Sleeper', 'echo sleeping; sleep 30', { timeoutSeconds: 1 });
  const job = await h.submit('Sleeper');
  const done = await h.waitFor(job.id, ['failed', 'succeeded'], 15_000);
  t.equal(done.state, 'failed');
  t.equal(done.failureReason, 'timeout');
});

t.test('a command that cannot be started fails as recipe_failed with a message', async (t) => {
  await h.admin.putRecipe('Missing', { command: [join(h.dir, 'no-such-program')] });
  const job = await h.submit('Missing');
  const done = await h.waitFor(job.id, ['failed', 'succeeded']);
  t.equal(done.failureReason, 'recipe_failed');
  t.match(done.message, 'no-such-program');
});

t.test('the bundle lands in code/ first on PYTHONPATH, inputs at their paths', async (t) => {
  const source = Buffer.from('print("from the bundle")\n');
  const sha = createHash('sha256').update(source).digest('hex');
  await h.admin.uploadBlob(sha, source);
  const bundle = await h.admin.createBundle([{ path: 'pkg/mod.py', sha256: sha, size: source.length, mode: 0o644 }]);
  await h.recipe('Producer', 'echo made > "$AWE_OUTPUT_DIR/data.txt"');
  await h.recipe('Consumer', ['first=${PYTHONPATH%%:*}', 'echo "code=$(basename "$first")"', 'cat "$first/pkg/mod.py"', 'cat data.txt'].join('\n'));
  const producer = await h.submit('Producer');
  const consumer = await h.submit('Consumer', { bundle: bundle.id, inputs: [{ job: producer.id, path: 'data.txt' }] });
  t.equal((await h.waitFor(consumer.id, ['succeeded', 'failed'])).state, 'succeeded');
  t.equal(await h.log(consumer.id), 'code=code\nprint("from the bundle")\nmade\n');
});

t.test('finished attempts leave no listener behind on the agent', async (t) => {
  const leaks: string[] = [];
  const onWarning = (warning: Error): void => {
    if (warning.name === 'MaxListenersExceededWarning') leaks.push(warning.message);
  };
  process.on('warning', onWarning);
  t.teardown(() => process.off('warning', onWarning));
  await h.recipe('Quick', 'echo quick');
  const jobs = await Promise.all(Array.from({ length: 12 }, () => h.submit('Quick')));
  for (const job of jobs) t.equal((await h.waitFor(job.id, ['succeeded', 'failed'])).state, 'succeeded');
  // Warnings are emitted on the next tick.
  await sleep(50);
  t.same(leaks, [], 'no MaxListenersExceededWarning');
});
