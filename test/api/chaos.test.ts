/**
 * Replicas killed at random while agents work. Two `awe-server` processes
 * on one database, four `awe-agent` processes spread over them (each given
 * both URLs, its own first), N jobs whose recipe writes its job id to a
 * side-effect file when it starts and when it ends; meanwhile a replica is
 * killed with SIGKILL at random moments and started again. In the end every
 * job succeeded, each ran exactly once to completion (an attempt whose claim
 * answer died with the replica expires as lost and is retried; it never ran),
 * every acknowledged submission is there, and the sweeper lease never had two
 * holders in one term.
 *
 * Default: 200 jobs and 2 kills, so CI stays fast; AWE_CHAOS=full runs 2,000
 * jobs and 5 kills. On npm test's PostgreSQL pass the replicas run on one
 * PostgreSQL schema; on the SQLite pass they share one SQLite file (the SQLite
 * store serializes writers across processes, as it does within one).
 */
import { spawn } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import t, { type Test } from 'tap';
import { AweClient, type Job } from '@awe-dp/sdk';
import { AGENT_MAIN, until } from '../helpers/agent-harness.js';
import { twoReplicas } from '../helpers/replicas.js';
import type { ServerProcess } from '../helpers/server-process.js';

const FULL = process.env.AWE_CHAOS === 'full';
const JOBS = FULL ? 2000 : 200;
const KILLS = FULL ? 5 : 2;
const BATCH = 50;
const LEASE_MSG = 'sweeper: this replica holds the lease and sweeps';

// Longer than the suite's two minutes per file: the default run takes about one and a half.
t.setTimeout(FULL ? 3 * 3600_000 : 600_000);

/** Two replicas on one installation, linked when a PostgreSQL answers; not yet started. */
const twoChaosReplicas = (t: Test) => twoReplicas(t, { AWE_LEASE_SECONDS: '6', AWE_MAX_WAIT_SECONDS: '5' });

/** Every (term, replica) the replicas logged on taking the sweeper lease. */
function leaseTerms(replicas: ServerProcess[]): Map<number, Set<string>> {
  const terms = new Map<number, Set<string>>();
  for (const { lines } of replicas) {
    for (const line of lines) {
      if (line.msg !== LEASE_MSG) continue;
      const holders = terms.get(line.term as number) ?? new Set<string>();
      holders.add(line.replica as string);
      terms.set(line.term as number, holders);
    }
  }
  return terms;
}

t.test('the sweeper lease moves to the other replica when its holder is killed', async (t) => {
  const { replicas } = await twoChaosReplicas(t);
  const [a, b] = replicas;
  await a.start();
  await until('A sweeps', () => a.lines.some((line) => line.msg === LEASE_MSG));
  await b.start();
  await a.kill();
  const taken = await until('B takes over', () => b.lines.find((line) => line.msg === LEASE_MSG));
  const first = a.lines.find((line) => line.msg === LEASE_MSG)!;
  t.ok((taken.term as number) > (first.term as number), `B holds term ${String(taken.term)}, after A's term ${String(first.term)}`);
  t.not(taken.replica, first.replica);
});

t.test(`chaos: ${JOBS} jobs, ${KILLS} kills of a replica, 4 agents failing over`, async (t) => {
  const { dir, replicas } = await twoChaosReplicas(t);
  await Promise.all(replicas.map((replica) => replica.start()));
  const token = readFileSync(join(dir, 'data', 'admin.token'), 'utf8').trim();
  const urls = replicas.map((replica) => replica.url);
  const admin = new AweClient({ server: urls.join(','), token, retries: 20 });
  t.teardown(() => admin.close());

  const side = join(dir, 'side-effects.txt');
  const script = join(dir, 'chaos.sh');
  writeFileSync(script, `#!/bin/bash\necho "start $AWE_JOB_ID" >> ${side}\nsleep 0.$((RANDOM % 5))\necho "done $AWE_JOB_ID" >> ${side}\n`);
  chmodSync(script, 0o755);
  await admin.putRecipe('Chaos', { command: [script], maxAttempts: 10 });

  for (let i = 0; i < 4; i++) {
    const { token: enroll } = await admin.createEnrollmentToken({ uses: 1 });
    // Spread: two agents try A first, two B first.
    const servers = i % 2 === 0 ? urls : [...urls].reverse();
    const args = ['--server', servers.join(','), '--enroll', enroll, '--name', `chaos-${i}`, '--work-dir', join(dir, `agent-${i}`)];
    const agent = spawn(process.execPath, [AGENT_MAIN, ...args, '--slots', '2', '--isolation', 'none', '--grace-seconds', '1', '--log-level', 'warn'], {
      stdio: 'ignore',
    });
    t.teardown(() => {
      if (agent.exitCode === null && agent.signalCode === null) agent.kill('SIGKILL');
    });
  }

  // The killer: at random moments while the jobs run, a replica dies and comes back at the same address;
  // the first to die is the one that sweeps, so that the lease must move.
  const sweeping = (): ServerProcess => {
    const latest = (replica: ServerProcess) => Math.max(0, ...replica.lines.filter((line) => line.msg === LEASE_MSG).map((line) => line.term as number));
    return latest(replicas[0]) >= latest(replicas[1]) ? replicas[0] : replicas[1];
  };
  const killing = (async () => {
    for (let k = 0; k < KILLS; k++) {
      await sleep(1000 + Math.random() * 3000);
      const victim = k === 0 ? sweeping() : replicas[Math.floor(Math.random() * 2)]!;
      await victim.kill();
      await sleep(200 + Math.random() * 1500);
      await victim.start();
    }
  })();

  // Submissions in batches, each retried under its idempotency key until acknowledged.
  const acknowledged: number[] = [];
  for (let first = 0; first < JOBS; first += BATCH) {
    const specs = Array.from({ length: Math.min(BATCH, JOBS - first) }, (_, i) => ({ recipe: 'Chaos', args: [String(first + i)] }));
    const key = `chaos-batch-${first}`;
    for (;;) {
      try {
        acknowledged.push(...(await admin.submitJobs(specs, key)).ids);
        break;
      } catch {
        await sleep(200);
      }
    }
  }
  await killing;

  const all = async (): Promise<Job[]> => {
    const jobs: Job[] = [];
    let cursor: string | undefined;
    do {
      const page = await admin.listJobs({ recipe: 'Chaos', limit: 500, ...(cursor ? { cursor } : {}) });
      jobs.push(...page.jobs);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return jobs;
  };
  const jobs = await until('every job is final', async () => {
    const listed = await all().catch(() => []);
    return listed.length === JOBS && listed.every((job) => ['succeeded', 'failed', 'cancelled'].includes(job.state)) && listed;
  }, 600_000);

  t.equal(new Set(acknowledged).size, JOBS, `${JOBS} submissions acknowledged`);
  t.same(new Set(jobs.map((job) => job.id)), new Set(acknowledged), 'every acknowledged job is there, and no other');
  t.same(
    jobs.filter((job) => job.state !== 'succeeded').map((job) => `${job.id}: ${job.state} ${job.message ?? ''}`),
    [],
    'every job succeeded',
  );
  const lines = readFileSync(side, 'utf8').trim().split('\n');
  const runs = (word: string) => {
    const count = new Map<string, number>();
    for (const line of lines) if (line.startsWith(`${word} `)) count.set(line.slice(word.length + 1), (count.get(line.slice(word.length + 1)) ?? 0) + 1);
    return count;
  };
  const [starts, ends] = [runs('start'), runs('done')];
  t.same(
    jobs.filter((job) => starts.get(String(job.id)) !== 1 || ends.get(String(job.id)) !== 1).map((job) => `${job.id}: ${starts.get(String(job.id)) ?? 0} starts, ${ends.get(String(job.id)) ?? 0} ends`),
    [],
    'each job ran exactly once, to completion',
  );
  const retried = jobs.filter((job) => job.attempts > 1).length;
  t.comment(`${retried} jobs needed more than one attempt (claims whose answer died with a replica, lost leases); none ran twice`);
  const terms = leaseTerms(replicas);
  t.same(
    [...terms].filter(([, holders]) => holders.size > 1).map(([term, holders]) => `term ${term}: ${[...holders].join(', ')}`),
    [],
    `the sweeper lease had one holder in each of its ${terms.size} terms`,
  );
});
