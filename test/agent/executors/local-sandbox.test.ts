/**
 * The local executor with its bubblewrap sandbox: what the recipe sees, and
 * that stopping it keeps the process-group semantics (SIGTERM to the recipe's
 * processes, grace, SIGKILL; nothing it started survives). Skipped, saying
 * why, where bubblewrap cannot run.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import t, { type Test } from 'tap';
import type { ExecutorJob } from '../../../agent/executors/executor.js';
import { LocalExecutor } from '../../../agent/executors/local.js';
import { probeSandbox, type SandboxOptions } from '../../../agent/executors/sandbox.js';

const SANDBOX: SandboxOptions = { bwrap: 'bwrap', baseCode: null, network: true };

function setup(tt: Test): ExecutorJob {
  const dir = mkdtempSync(join(tmpdir(), 'awe-sandbox-'));
  tt.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const cwd = join(dir, 'work');
  mkdirSync(cwd);
  writeFileSync(join(dir, 'agent-secret'), 'the agent\'s\n');
  return { jobId: 9, epoch: 1, name: 'awe-9-1', argv: [], env: { PATH: '/usr/bin:/bin', HOME: cwd }, cwd, readOnly: [], dir, logFile: join(dir, 'job.log'), timeoutSeconds: null, resources: {} };
}

/** Host processes whose working directory is inside `dir`: a recipe's, wherever its PID namespace. */
function processesIn(dir: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readlinkSync(`/proc/${pid}/cwd`).startsWith(dir);
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function waitExit(executor: LocalExecutor, handle: string) {
  const end = Date.now() + 20_000;
  for (;;) {
    const status = await executor.poll(handle);
    if (status.state === 'exited') return status;
    if (Date.now() > end) throw new Error(`recipe ${handle} did not exit`);
    await sleep(20);
  }
}

async function until(what: string, probe: () => boolean): Promise<void> {
  const end = Date.now() + 10_000;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

t.test('without bubblewrap the agent is refused, naming the package', async (t) => {
  await t.rejects(new LocalExecutor({ sandbox: { ...SANDBOX, bwrap: '/nonexistent/bwrap' } }).validate(), /install the package bubblewrap.*--isolation none/);
});

t.test('a bubblewrap that cannot make namespaces is refused, naming the sysctl', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'awe-fake-bwrap-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const fake = join(dir, 'bwrap');
  writeFileSync(fake, '#!/bin/sh\necho "bwrap: No permissions to creating new namespace, likely because the kernel does not allow non-privileged user namespaces." >&2\nexit 1\n');
  chmodSync(fake, 0o755);
  await t.rejects(new LocalExecutor({ sandbox: { ...SANDBOX, bwrap: fake } }).validate(), /No permissions.*user(\.max_user_namespaces|_namespaces| namespaces).*--isolation none/);
});

const problem = await probeSandbox(SANDBOX).then(
  () => null,
  (err: Error) => err.message,
);

t.test('in the sandbox', { skip: problem ? `bubblewrap cannot run here: ${problem}` : false }, async (t) => {
  t.test('the recipe sees its work dir and the system, not the agent\'s files beside it, and exits with its code', async (tt) => {
    const job = setup(tt);
    job.argv = ['/bin/sh', '-c', 'echo "$PWD $TMPDIR"; cat ../agent-secret 2>/dev/null || echo hidden; echo out > made.txt; ls /proc | grep -c "^[0-9]"; exit 4'];
    const exec = new LocalExecutor({ sandbox: SANDBOX });
    await exec.validate();
    const handle = await exec.start(job);
    tt.match(await waitExit(exec, handle), { state: 'exited', exitCode: 4 });
    const [where, secret, count] = readFileSync(job.logFile, 'utf8').trim().split('\n');
    tt.equal(where, `${job.cwd} /tmp`);
    tt.equal(secret, 'hidden');
    tt.ok(Number(count) <= 4, `only its own processes in /proc (${count})`);
    tt.equal(readFileSync(join(job.cwd, 'made.txt'), 'utf8'), 'out\n');
    await exec.cleanup(handle, job);
  });

  t.test('cancel: SIGTERM reaches the recipe (not bwrap), which gets its grace to clean up', async (tt) => {
    const job = setup(tt);
    job.argv = ['/bin/bash', '-c', 'trap "sleep 0.5; echo cleaned > cleaned.txt; exit 3" TERM; echo ready > ready.txt; sleep 60 & wait'];
    const exec = new LocalExecutor({ sandbox: SANDBOX });
    const handle = await exec.start(job);
    await until('the recipe', () => readdirSync(job.cwd).includes('ready.txt'));
    await exec.cancel(handle, job, 5_000);
    tt.match(await waitExit(exec, handle), { state: 'exited', exitCode: 3 }, 'the recipe\'s own exit code');
    tt.equal(readFileSync(join(job.cwd, 'cleaned.txt'), 'utf8'), 'cleaned\n', 'its TERM handler ran to the end');
    tt.same(processesIn(job.cwd), [], 'its background sleep went with it');
    await exec.cleanup(handle, job);
  });

  t.test('cancel: a recipe ignoring SIGTERM, with a grandchild in its own session, is killed after the grace', async (tt) => {
    const job = setup(tt);
    job.argv = ['/bin/bash', '-c', 'trap "" TERM; setsid sleep 60 & echo ready > ready.txt; while :; do sleep 0.1; done'];
    const exec = new LocalExecutor({ sandbox: SANDBOX });
    const handle = await exec.start(job);
    await until('the recipe', () => readdirSync(job.cwd).includes('ready.txt'));
    await exec.cancel(handle, job, 300);
    tt.match(await waitExit(exec, handle), { state: 'exited', signal: 'SIGKILL' });
    tt.same(processesIn(job.cwd), [], 'nothing of it is left');
    await exec.cleanup(handle, job);
  });

  t.test('what a recipe leaves in the background ends with it', async (tt) => {
    const job = setup(tt);
    job.argv = ['/bin/bash', '-c', '(setsid sleep 60 &) ; nohup sleep 60 >/dev/null 2>&1 & echo started'];
    const exec = new LocalExecutor({ sandbox: SANDBOX });
    const handle = await exec.start(job);
    tt.match(await waitExit(exec, handle), { state: 'exited', exitCode: 0 });
    await until('the namespace to end', () => processesIn(job.cwd).length === 0);
    tt.pass('no daemon outlives the recipe');
    await exec.cleanup(handle, job);
  });

  t.test('read-only paths of the work dir cannot be written, even by their owner', async (tt) => {
    const job = setup(tt);
    mkdirSync(join(job.cwd, 'code'));
    writeFileSync(join(job.cwd, 'code', 'mod.py'), 'x = 1\n', { mode: 0o644 });
    job.readOnly = [join(job.cwd, 'code')];
    job.argv = ['/bin/sh', '-c', 'echo y >> code/mod.py || echo refused; chmod 777 code/mod.py || echo chmod-refused; touch code/new || echo create-refused'];
    const exec = new LocalExecutor({ sandbox: SANDBOX });
    const handle = await exec.start(job);
    await waitExit(exec, handle);
    tt.match(readFileSync(job.logFile, 'utf8'), /refused\n.*chmod-refused\n.*create-refused\n/s);
    tt.equal(readFileSync(join(job.cwd, 'code', 'mod.py'), 'utf8'), 'x = 1\n');
    await exec.cleanup(handle, job);
  });
});
