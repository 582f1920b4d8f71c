import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import t, { type Test } from 'tap';
import type { ExecutorJob } from '../../../agent/executors/executor.js';
import { LOCAL_STATE_FILE, LocalExecutor, RecipeStartError, type LocalState } from '../../../agent/executors/local.js';

const PATH = process.env.PATH ?? '/usr/bin:/bin';

/** A fresh job directory, removed after the test, with every pid listed in `pids` killed. */
function setup(tt: Test): { dir: string; pids: number[] } {
  const dir = mkdtempSync(join(tmpdir(), 'awe-local-'));
  const pids: number[] = [];
  tt.teardown(() => {
    for (const pid of pids) {
      for (const target of [-pid, pid]) {
        try {
          process.kill(target, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });
  return { dir, pids };
}

function makeJob(dir: string, argv: string[], env: Record<string, string> = { PATH }): ExecutorJob {
  return {
    jobId: 7,
    epoch: 1,
    name: 'awe-7-1',
    argv,
    env,
    cwd: dir,
    readOnly: [],
    dir,
    logFile: join(dir, 'job.log'),
    timeoutSeconds: null,
    resources: {},
  };
}

function script(dir: string, name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/bash\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

/** Alive as a running process: a zombie (unreaped, perhaps by a container's init) runs nothing. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

async function waitFor<T>(what: string, probe: () => T | undefined | null | false, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Reads a pid the recipe wrote with `echo $! > file`, once the line is complete. */
function pidFile(dir: string, name: string): Promise<number> {
  return waitFor(name, () => {
    const path = join(dir, name);
    if (!existsSync(path)) return null;
    const text = readFileSync(path, 'utf8');
    return text.endsWith('\n') ? Number(text.trim()) : null;
  });
}

async function waitExit(executor: LocalExecutor, handle: string) {
  const end = Date.now() + 10_000;
  for (;;) {
    const status = await executor.poll(handle);
    if (status.state === 'exited') return status;
    if (Date.now() > end) throw new Error(`recipe ${handle} did not exit`);
    await sleep(20);
  }
}

t.test('reports exit codes and keeps a state file until cleanup', async (tt) => {
  const { dir, pids } = setup(tt);
  const exec = new LocalExecutor();
  await exec.validate();
  tt.equal(exec.name, 'local');

  for (const code of [0, 3]) {
    const job = makeJob(dir, [script(dir, `exit${code}.sh`, `sleep 0.2; exit ${code}`)]);
    const handle = await exec.start(job);
    pids.push(Number(handle));
    const state = JSON.parse(readFileSync(join(dir, LOCAL_STATE_FILE), 'utf8')) as LocalState;
    tt.equal(state.pid, Number(handle), 'the handle is the pid');
    tt.equal(state.pgid, state.pid, 'the recipe leads its own process group');
    tt.match(state.startTime, /^\d+$/, 'start time from /proc');
    tt.same(await exec.poll(handle), { state: 'running' });
    tt.same(await waitExit(exec, handle), { state: 'exited', exitCode: code, signal: null }, `exit ${code}`);
    await exec.cleanup(handle, job);
    tt.notOk(existsSync(join(dir, LOCAL_STATE_FILE)), 'state file removed');
    await exec.cleanup(handle, job);
  }
});

t.test('stdout and stderr land in order in the log, appended', async (tt) => {
  const { dir, pids } = setup(tt);
  const exec = new LocalExecutor();
  const job = makeJob(dir, [script(dir, 'mixed.sh', 'echo out1; echo err1 >&2; echo out2; echo err2 >&2; echo out3')]);
  writeFileSync(job.logFile, 'from an earlier attempt\n');
  const handle = await exec.start(job);
  pids.push(Number(handle));
  await waitExit(exec, handle);
  tt.equal(readFileSync(job.logFile, 'utf8'), 'from an earlier attempt\nout1\nerr1\nout2\nerr2\nout3\n');
  await exec.cleanup(handle, job);
});

t.test('runs with exactly the given environment, in the job directory', async (tt) => {
  const { dir, pids } = setup(tt);
  process.env.AWE_LOCAL_TEST_LEAK = 'agent-only';
  tt.teardown(() => {
    delete process.env.AWE_LOCAL_TEST_LEAK;
  });
  const probe = join(dir, 'probe.cjs');
  writeFileSync(probe, 'process.stdout.write(JSON.stringify({ env: process.env, cwd: process.cwd() }));\n');
  const env = { AWE_OUTPUT_DIR: join(dir, 'out'), HOME: dir, WITH_SPACE: 'a b  c' };
  const job = makeJob(dir, [process.execPath, probe], env);
  const executor = new LocalExecutor();
  const handle = await executor.start(job);
  pids.push(Number(handle));
  await waitExit(executor, handle);
  const seen = JSON.parse(readFileSync(job.logFile, 'utf8')) as { env: Record<string, string>; cwd: string };
  // tap's process-info hook wraps child_process.spawn in the test process and
  // adds its own variables to every child's environment; they are not the executor's.
  const recipeEnv = Object.fromEntries(
    Object.entries(seen.env).filter(([k]) => !k.startsWith('_TAPJS_PROCESSINFO_') && k !== 'NODE_OPTIONS'),
  );
  tt.same(recipeEnv, env, 'environment is exactly job.env');
  tt.notOk('AWE_LOCAL_TEST_LEAK' in seen.env, "the agent's own variables do not leak");
  tt.equal(realpathSync(seen.cwd), realpathSync(dir));
  await executor.cleanup(handle, job);
});

t.test('a command that cannot be started rejects, naming it', async (tt) => {
  const { dir } = setup(tt);
  const executor = new LocalExecutor();
  const missing = join(dir, 'no-such-recipe');
  const err1 = await executor.start(makeJob(dir, [missing, '--flag'])).catch((e: unknown) => e);
  tt.type(err1, RecipeStartError);
  tt.match((err1 as RecipeStartError).message, missing);
  tt.equal((err1 as RecipeStartError).code, 'ENOENT');

  const onPath = await executor.start(makeJob(dir, ['awe-no-such-command-xyz'])).catch((e: unknown) => e);
  tt.match((onPath as Error).message, 'awe-no-such-command-xyz');

  const notExecutable = join(dir, 'plain.txt');
  writeFileSync(notExecutable, 'echo hi\n');
  const err2 = await executor.start(makeJob(dir, [notExecutable])).catch((e: unknown) => e);
  tt.type(err2, RecipeStartError);
  tt.equal((err2 as RecipeStartError).code, 'EACCES');
  tt.match((err2 as Error).message, notExecutable);
  tt.notOk(existsSync(join(dir, LOCAL_STATE_FILE)), 'no state file for a recipe that never ran');
});

t.test('a recipe killed by a signal reports the signal', async (tt) => {
  const { dir, pids } = setup(tt);
  const executor = new LocalExecutor();
  const job = makeJob(dir, [script(dir, 'suicide.sh', 'kill -KILL $$')]);
  const handle = await executor.start(job);
  pids.push(Number(handle));
  tt.same(await waitExit(executor, handle), { state: 'exited', exitCode: null, signal: 'SIGKILL' });
  await executor.cleanup(handle, job);
});

t.test('cancel of a cooperative recipe ends it with SIGTERM, without waiting out the grace', async (tt) => {
  const { dir, pids } = setup(tt);
  const executor = new LocalExecutor();
  const job = makeJob(dir, [script(dir, 'sleeper.sh', 'echo ready > ready\nsleep 300')]);
  const handle = await executor.start(job);
  pids.push(Number(handle));
  await waitFor('ready', () => existsSync(join(dir, 'ready')));
  const t0 = Date.now();
  await executor.cancel(handle, job, 5_000);
  tt.ok(Date.now() - t0 < 2_000, 'well within the grace');
  tt.notOk(alive(Number(handle)));
  tt.same(await waitExit(executor, handle), { state: 'exited', exitCode: null, signal: 'SIGTERM' });
  await executor.cleanup(handle, job);
});

t.test('cancel of a recipe that ignores SIGTERM kills it after the grace', async (tt) => {
  const { dir, pids } = setup(tt);
  const executor = new LocalExecutor();
  const job = makeJob(dir, [script(dir, 'stubborn.sh', "trap '' TERM\necho ready > ready\nwhile :; do sleep 0.1; done")]);
  const handle = await executor.start(job);
  pids.push(Number(handle));
  await waitFor('ready', () => existsSync(join(dir, 'ready')));
  const grace = 500;
  const t0 = Date.now();
  await executor.cancel(handle, job, grace);
  const took = Date.now() - t0;
  tt.ok(took >= grace - 50, `waited the grace (${took} ms)`);
  tt.ok(took < grace + 1_500, `and not much longer (${took} ms)`);
  tt.notOk(alive(Number(handle)), 'the recipe is gone');
  tt.same(await waitExit(executor, handle), { state: 'exited', exitCode: null, signal: 'SIGKILL' });
  await executor.cleanup(handle, job);
});

t.test('cancel leaves no grandchild alive', async (tt) => {
  const { dir, pids } = setup(tt);
  const executor = new LocalExecutor();
  const body = [
    'sleep 300 &',
    'echo $! > plain.pid',
    `bash -c "trap '' TERM; while :; do sleep 0.1; done" &`,
    'echo $! > stubborn.pid',
    // Leaves the process group: only the parent chain still links it to the recipe.
    'setsid sleep 300 &',
    'echo $! > escaped.pid',
    'wait',
  ].join('\n');
  const job = makeJob(dir, [script(dir, 'parent.sh', body)]);
  const handle = await executor.start(job);
  const recipe = Number(handle);
  pids.push(recipe);
  const grandchildren = await Promise.all(['plain.pid', 'stubborn.pid', 'escaped.pid'].map((f) => pidFile(dir, f)));
  pids.push(...grandchildren);
  const escaped = grandchildren[2] as number;
  await waitFor('setsid', () => {
    const stat = readFileSync(`/proc/${escaped}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) !== recipe;
  });
  for (const pid of grandchildren) tt.ok(alive(pid), `grandchild ${pid} running before cancel`);

  await executor.cancel(handle, job, 300);
  tt.notOk(alive(recipe), 'recipe gone');
  for (const pid of grandchildren) tt.notOk(alive(pid), `grandchild ${pid} gone`);
  await executor.cleanup(handle, job);
});

t.test('cleanup stops what a finished recipe left running in the background', async (tt) => {
  const { dir, pids } = setup(tt);
  const executor = new LocalExecutor({ reapGraceMs: 200 });
  const job = makeJob(dir, [script(dir, 'leaves.sh', 'sleep 300 &\necho $! > bg.pid\nexit 0')]);
  const handle = await executor.start(job);
  pids.push(Number(handle));
  const bg = await pidFile(dir, 'bg.pid');
  pids.push(bg);
  tt.same(await waitExit(executor, handle), { state: 'exited', exitCode: 0, signal: null });
  tt.ok(alive(bg), 'background child outlived the recipe');
  await executor.cleanup(handle, job);
  tt.notOk(alive(bg), 'and is gone after cleanup');
});

t.test('recover after a restart stops the recipe it finds and answers null', async (tt) => {
  const { dir, pids } = setup(tt);
  const before = new LocalExecutor();
  const body = "trap '' TERM\nsleep 300 &\necho $! > child.pid\nwhile :; do sleep 0.1; done";
  const job = makeJob(dir, [script(dir, 'long.sh', body)]);
  const handle = await before.start(job);
  pids.push(Number(handle));
  const child = await pidFile(dir, 'child.pid');
  pids.push(child);

  const after = new LocalExecutor({ reapGraceMs: 200 });
  tt.equal(await after.recover(job), null);
  tt.notOk(alive(Number(handle)), 'recipe stopped');
  tt.notOk(alive(child), 'its child stopped');
  tt.notOk(existsSync(join(dir, LOCAL_STATE_FILE)), 'state file removed');
  tt.equal(await after.recover(job), null, 'nothing left to recover');
});

t.test('recover leaves alone a process whose start time does not match', async (tt) => {
  const { dir, pids } = setup(tt);
  const before = new LocalExecutor();
  const job = makeJob(dir, [script(dir, 'other.sh', 'sleep 300')]);
  const handle = await before.start(job);
  pids.push(Number(handle));
  const statePath = join(dir, LOCAL_STATE_FILE);
  const state = JSON.parse(readFileSync(statePath, 'utf8')) as LocalState;
  writeFileSync(statePath, JSON.stringify({ ...state, startTime: '1' }));

  const after = new LocalExecutor({ reapGraceMs: 200 });
  tt.equal(await after.recover(job), null);
  tt.ok(alive(Number(handle)), 'the process with the reused pid is untouched');
  await before.cancel(handle, job, 200);
  tt.notOk(alive(Number(handle)));
});

t.test('recover leaves alone an unrelated process group leader', async (tt) => {
  const { dir, pids } = setup(tt);
  const other = spawn('sleep', ['300'], { detached: true, stdio: 'ignore' });
  other.unref();
  const pid = other.pid as number;
  pids.push(pid);
  const job = makeJob(dir, ['unused']);
  const forged: LocalState = { pid, pgid: pid, startTime: '1', bootId: null, jobId: 7, epoch: 1 };
  writeFileSync(join(dir, LOCAL_STATE_FILE), JSON.stringify(forged));
  tt.equal(await new LocalExecutor({ reapGraceMs: 200 }).recover(job), null);
  await sleep(300);
  tt.ok(alive(pid), 'still running');
});
