import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { agentHarness, tcpProxy, until } from '../helpers/agent-harness.js';

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !['Z', 'X'].includes(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]);
  } catch {
    return false;
  }
}

const readPid = (path: string): number | null => {
  try {
    const text = readFileSync(path, 'utf8');
    return text.endsWith('\n') ? Number(text.trim()) : null;
  } catch {
    return null;
  }
};

/** A recipe that hangs on its first attempt (writing its pid) and succeeds on the next. */
const FIRST_HANGS = [
  'if [ ! -e "$MARK" ]; then',
  '  touch "$MARK"; echo $$ > "$MARK.pid"',
  '  while true; do echo first; sleep 0.2; done',
  'fi',
  'echo second',
].join('\n');

t.test('kill -9 of the agent: the lease expires, the job is requeued and the restarted agent runs it', async (t) => {
  const h = await agentHarness(t, { leaseSeconds: 3 });
  await h.recipe('Once', FIRST_HANGS);
  const workDir = join(h.dir, 'node');
  // Unboxed: the test follows the recipe's own pid, which a sandbox's PID namespace (and --die-with-parent) would change.
  const unboxed = ['--isolation', 'none', '--trust-user-code'];
  const first = h.agentProcess(['--server', h.url, '--enroll', await h.enrollmentToken(), '--work-dir', workDir, '--grace-seconds', '1', ...unboxed]);
  const mark = join(h.dir, 'once');
  const job = await h.submit('Once', { env: { MARK: mark } });
  const recipePid = await until('the recipe', () => readPid(`${mark}.pid`));
  // What a restarted agent recovers is what the first one recorded; a kill in the
  // few milliseconds between spawn and that record would leave nothing to find.
  await until('the recipe on record', () => existsSync(join(workDir, 'jobs', `${job.id}-1`, '.awe-local.json')));
  t.teardown(() => {
    try {
      process.kill(-recipePid, 'SIGKILL');
    } catch {
      // gone
    }
  });
  first.kill('SIGKILL');
  await until('the agent to die', () => first.exitCode !== null || first.signalCode !== null);
  t.ok(alive(recipePid), 'the recipe outlives its agent');
  t.equal((await h.waitFor(job.id, ['queued'], 15_000)).state, 'queued', 'requeued after the lease expired');

  // The same node again, without a token: the stored credential is enough.
  const second = h.agentProcess(['--server', h.url, '--work-dir', workDir, '--grace-seconds', '1', ...unboxed]);
  const done = await h.waitFor(job.id, ['succeeded', 'failed'], 20_000);
  t.equal(done.state, 'succeeded', second.stderrText().slice(-2000));
  t.notOk(alive(recipePid), 'the restarted agent stopped the leftover recipe');
  t.match(await h.log(job.id), 'second');
});

t.test('a short outage loses no log and duplicates nothing', async (t) => {
  const h = await agentHarness(t, { leaseSeconds: 10 });
  const proxy = await tcpProxy(t, h.url);
  await h.agent({ server: proxy.url });
  await h.recipe('Counter', 'for i in $(seq 1 40); do echo "line $i"; sleep 0.1; done');
  const job = await h.submit('Counter');
  await until('some log', async () => (await h.log(job.id)).includes('line 3'));
  await proxy.down();
  await sleep(2_000);
  await proxy.up();
  const done = await h.waitFor(job.id, ['succeeded', 'failed'], 30_000);
  t.equal(done.state, 'succeeded');
  const expected = Array.from({ length: 40 }, (_, i) => `line ${i + 1}\n`).join('');
  t.equal(await h.log(job.id), expected);
});

t.test('a partitioned agent whose lease was given away stops its recipe and reports nothing for it', async (t) => {
  const h = await agentHarness(t, { leaseSeconds: 3 });
  const proxy = await tcpProxy(t, h.url);
  await h.agent({ server: proxy.url });
  await h.recipe('Partitioned', FIRST_HANGS);
  const mark = join(h.dir, 'partitioned');
  const job = await h.submit('Partitioned', { env: { MARK: mark } });
  const recipePid = await until('the recipe', () => readPid(`${mark}.pid`));
  await proxy.down();
  t.equal((await h.waitFor(job.id, ['queued'], 15_000)).state, 'queued', 'the service gave the lease up');
  t.ok(alive(recipePid), 'the partitioned agent still runs it');
  await proxy.up();
  await until('the stale recipe to stop', () => !alive(recipePid), 10_000);
  const done = await h.waitFor(job.id, ['succeeded', 'failed'], 20_000);
  t.equal(done.state, 'succeeded', 'the next attempt ran');
  t.equal(done.attempts, 2);
  t.match(await h.log(job.id), 'second');
});
