/**
 * Finding and stopping the processes of one recipe run on this host.
 *
 * A recipe is started as the leader of its own process group, so one signal to
 * the group reaches everything it forked, even after the recipe itself has
 * exited and its children were handed to init. Two things the group alone does
 * not cover are handled here on Linux by reading /proc:
 *
 * - A descendant that called setsid() (or setpgid()) left the group. While the
 *   chain of parents back to the recipe is intact we find it by its parent pid,
 *   and we re-scan while stopping so a parent dying later does not hide its
 *   children from us. A process that double-forks out of a new session before we
 *   look (the classic daemon) has no link left to the recipe and escapes.
 * - A member that already exited but was never reaped (zombie) still makes the
 *   group "exist" for kill(-pgid, 0). Orphans are reaped by pid 1, and not every
 *   container init does so; a zombie runs nothing, so it counts as gone.
 *
 * Elsewhere (macOS) only the process group is used.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/** How often the state of a group being stopped is looked at again. */
const POLL_MS = 50;
/** After SIGKILL only a process stuck in the kernel (uninterruptible I/O) takes longer than this. */
const KILL_WAIT_MS = 10_000;

const HAS_PROC = process.platform === 'linux';

interface ProcInfo {
  pid: number;
  ppid: number;
  pgid: number;
  /** Single-letter state from /proc/<pid>/stat: Z and X are dead, all others are alive. */
  state: string;
  startTime: string;
}

/** Identity of a process that survives pid reuse: the pid and when it started. */
export interface ProcessIdentity {
  pid: number;
  startTime: string;
}

function parseStat(text: string): ProcInfo | null {
  // The command name (field 2) is in parentheses and may itself contain spaces
  // and parentheses, so fields are counted from the last ')'.
  const close = text.lastIndexOf(')');
  if (close < 0) return null;
  const pid = Number.parseInt(text, 10);
  const rest = text.slice(close + 2).split(' ');
  // rest[0] is field 3; field N is rest[N - 3].
  const startTime = rest[19];
  if (rest.length < 20 || startTime === undefined) return null;
  return {
    pid,
    state: rest[0] ?? '',
    ppid: Number(rest[1]),
    pgid: Number(rest[2]),
    startTime,
  };
}

/**
 * When the process started, in a form that differs between two processes that
 * had the same pid: clock ticks since boot on Linux, the `ps` start date elsewhere.
 * Synchronous on purpose: right after spawn() the child is at worst an unreaped
 * zombie, and it stays so until the event loop turns and reaps it.
 */
export function processStartTime(pid: number): string | null {
  if (HAS_PROC) {
    try {
      return parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.startTime ?? null;
    } catch {
      return null;
    }
  }
  try {
    const out = execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    return out === '' ? null : out;
  } catch {
    return null;
  }
}

/** Identifies this boot, so a state file from before a reboot is not matched against today's pids. */
export function bootId(): string | null {
  if (!HAS_PROC) return null;
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return null;
  }
}

async function listProcesses(): Promise<ProcInfo[]> {
  const names = await readdir('/proc');
  const stats = await Promise.all(
    names
      .filter((name) => /^\d+$/.test(name))
      .map(async (name) => {
        try {
          return parseStat(await readFile(`/proc/${name}/stat`, 'utf8'));
        } catch {
          return null; // exited between readdir and read
        }
      }),
  );
  return stats.filter((p): p is ProcInfo => p !== null);
}

/** Whether the group has any process; without /proc an unreaped zombie cannot be told from a live one. */
function groupSignalable(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}

/**
 * No process has the group, not even a zombie. Then nothing is ours to stop:
 * a descendant that left the group is found only through a live member or
 * the leader. Any other answer (EPERM) is left to a full look.
 */
function groupEmpty(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function signal(target: number, sig: NodeJS.Signals): void {
  try {
    process.kill(target, sig);
  } catch (err) {
    // ESRCH: it ended between the look and the signal. EPERM means it is not ours
    // to stop (e.g. a setuid program); say so rather than wait for it forever.
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return;
    const what = target < 0 ? `process group ${-target}` : `process ${target}`;
    throw new Error(`cannot send ${sig} to ${what}: ${(err as Error).message}`);
  }
}

interface Look {
  groupAlive: boolean;
  strays: number[];
  /** In a sandboxed run: every live process of the run but bwrap's own. */
  recipe: number[];
}

/**
 * The live processes of one recipe run: the members of its group and the
 * descendants that left the group. Kept across looks so that a descendant seen
 * once is still followed after its parent exits.
 */
class ProcessTree {
  /** Descendants followed by identity, including the leader while it lives. */
  private readonly followed = new Map<number, string>();

  constructor(
    private readonly pgid: number,
    leader: ProcessIdentity | null,
    /** The group's leader and its children are a sandbox's (bwrap's) processes: they get no SIGTERM. */
    private readonly sandboxed: boolean,
  ) {
    if (leader) this.followed.set(leader.pid, leader.startTime);
  }

  /**
   * Looks again; returns whether the group has members, the pids outside the
   * group still to be signalled one by one, and the ones a SIGTERM goes to in
   * a sandboxed run; null when all is gone.
   */
  async survey(): Promise<Look | null> {
    if (!HAS_PROC) return groupSignalable(this.pgid) ? { groupAlive: true, strays: [], recipe: [] } : null;

    const live = (await listProcesses()).filter((p) => p.state !== 'Z' && p.state !== 'X');
    const byPid = new Map(live.map((p) => [p.pid, p]));
    for (const [pid, startTime] of this.followed) {
      if (byPid.get(pid)?.startTime !== startTime) this.followed.delete(pid);
    }
    const members = live.filter((p) => p.pgid === this.pgid);

    // Everything below a member or a followed process is ours, wherever its group.
    const children = new Map<number, ProcInfo[]>();
    for (const p of live) {
      const list = children.get(p.ppid);
      if (list) list.push(p);
      else children.set(p.ppid, [p]);
    }
    const queue = [...members.map((p) => p.pid), ...this.followed.keys()];
    const seen = new Set(queue);
    while (queue.length > 0) {
      for (const child of children.get(queue.pop() as number) ?? []) {
        if (seen.has(child.pid)) continue;
        seen.add(child.pid);
        this.followed.set(child.pid, child.startTime);
        queue.push(child.pid);
      }
    }

    const strays = [...this.followed.keys()].filter((pid) => byPid.get(pid)?.pgid !== this.pgid);
    if (members.length === 0 && strays.length === 0) return null;
    const sandbox = (p: ProcInfo): boolean => p.pid === this.pgid || (p.ppid === this.pgid && p.pgid === this.pgid);
    const recipe = this.sandboxed ? [...members.filter((p) => !sandbox(p)).map((p) => p.pid), ...strays] : [];
    return { groupAlive: members.length > 0, strays, recipe };
  }

  send(look: Look, sig: NodeJS.Signals): void {
    if (this.sandboxed && HAS_PROC && sig === 'SIGTERM') {
      // bwrap dies of SIGTERM and its namespace with it: only the recipe's processes are asked.
      for (const pid of look.recipe) signal(pid, sig);
      return;
    }
    if (look.groupAlive) signal(-this.pgid, sig);
    for (const pid of look.strays) signal(pid, sig);
  }
}

/**
 * Stops every process of a recipe run: SIGTERM to the group (and to descendants
 * that left it), up to `graceMs` for them to finish, then SIGKILL until nothing
 * is left. Resolves once all are gone; rejects if SIGKILL did not end them
 * within 10 s, naming the group. `leader` is the recipe's own process when it
 * is still known to be ours; null when only the group is left. `sandboxed`:
 * the leader is bwrap (the local executor's sandbox), spared the SIGTERM.
 */
export async function terminateProcessTree(
  pgid: number,
  leader: ProcessIdentity | null,
  graceMs: number,
  sandboxed = false,
): Promise<void> {
  // The usual end (the recipe exited and nothing it started is left) needs no look through all of /proc.
  if (leader === null && groupEmpty(pgid)) return;
  const tree = new ProcessTree(pgid, leader, sandboxed);
  let look = await tree.survey();
  if (!look) return;

  tree.send(look, 'SIGTERM');
  const graceEnd = Date.now() + graceMs;
  while (Date.now() < graceEnd) {
    await sleep(Math.min(POLL_MS, Math.max(0, graceEnd - Date.now())));
    look = await tree.survey();
    if (!look) return;
  }

  const killEnd = Date.now() + KILL_WAIT_MS;
  for (;;) {
    // Sent again on every round: a process forked since the last round is killed too.
    tree.send(look, 'SIGKILL');
    await sleep(POLL_MS);
    look = await tree.survey();
    if (!look) return;
    if (Date.now() >= killEnd) {
      throw new Error(
        `process group ${pgid} still has processes ${KILL_WAIT_MS} ms after SIGKILL` +
          (look.strays.length > 0 ? ` (and processes ${look.strays.join(', ')} outside it)` : ''),
      );
    }
  }
}
