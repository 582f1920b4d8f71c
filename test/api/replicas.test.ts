/**
 * Two `awe-server` processes on one installation, as several replicas run:
 * bootstrap, tokens, sign-in failures, wake-ups, log follows and cancels
 * across them. The replicas are linked by LISTEN/NOTIFY when a PostgreSQL
 * answers; without it the same must hold through the timed re-checks, only
 * later (the test asserts arrival, not speed: `npm run bench` measures it).
 */
import t, { type Test } from 'tap';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { AweClient, type AweApiError } from '@awe-dp/sdk';
import { startAgent } from '../../agent/agent.js';
import { until } from '../helpers/agent-harness.js';
import { twoReplicas } from '../helpers/replicas.js';
import type { ServerProcess } from '../helpers/server-process.js';

const ENV = { AWE_LEASE_SECONDS: '3', AWE_MAX_WAIT_SECONDS: '20' };

/** Both started at once on the empty installation; answers a client per replica for `token`. */
async function started(t: Test) {
  const { dir, replicas, linked } = await twoReplicas(t, ENV);
  t.comment(linked ? 'replicas linked by LISTEN/NOTIFY' : 'no PostgreSQL answers: replicas find each other by their timed re-checks only');
  await Promise.all(replicas.map((replica) => replica.start()));
  const clients: AweClient[] = [];
  t.teardown(() => Promise.all(clients.map((client) => client.close())));
  const client = (replica: ServerProcess, token?: string): AweClient => {
    const made = new AweClient({ server: replica.url, token, retries: 0 });
    clients.push(made);
    return made;
  };
  return { dir, replicas, client };
}

t.test('replicas starting together: one creates the admin, and a token signed by one works on the other', async (t) => {
  const { dir, replicas, client } = await started(t);
  const [a, b] = replicas;
  const creators = replicas.filter((replica) => replica.text.some((line) => line.includes('created user "admin"')));
  t.equal(creators.length, 1, 'one replica created the admin and showed its password');
  t.ok(existsSync(join(dir, 'data', 'admin.token')), 'its admin.token is there');
  const password = /with password (\S+)/.exec(creators[0]!.text.join('\n'))![1]!;
  const fromA = (await client(a).login('admin', password)).token;
  t.equal((await client(b, fromA).me()).username, 'admin', 'B accepts a token A signed');
  const fromB = (await client(b).login('admin', password)).token;
  t.equal((await client(a, fromB).me()).username, 'admin', 'and A one B signed');
});

t.test('sign-in failures on one replica count on the other', async (t) => {
  const { replicas, client } = await started(t);
  const attempt = (replica: ServerProcess) =>
    client(replica)
      .login('admin', 'wrong')
      .then(
        () => 200,
        (error: AweApiError) => error.statusCode,
      );
  for (let i = 0; i < 10; i++) t.equal(await attempt(replicas[i % 2]!), 401, `attempt ${i + 1}, on replica ${'AB'[i % 2]}: wrong password`);
  t.equal(await attempt(replicas[0]), 429, 'the eleventh is refused, although each replica saw five');
  t.equal(await attempt(replicas[1]), 429);
});

/** The admin's token (from admin.token, written by whichever replica created the admin). */
const adminToken = (dir: string): string => readFileSync(join(dir, 'data', 'admin.token'), 'utf8').trim();

t.test('a job submitted through B is claimed by an agent long-polling on A', async (t) => {
  const { dir, replicas, client } = await started(t);
  const [a, b] = replicas;
  const token = adminToken(dir);
  await client(b, token).putRecipe('Noop', { command: ['true'] });
  const registered = await client(a).registerAgent({ token: (await client(a, token).createEnrollmentToken({ uses: 1 })).token, name: 'on-a', labels: {}, slots: 1 });
  const agent = client(a, registered.credential);
  const waitingOnA = async () => /^awe_long_polls 1$/m.test(await (await client(a, token).raw({ method: 'GET', path: '/metrics' })).body.text());
  for (let round = 1; round <= 3; round++) {
    const polling = agent.claim({ maxJobs: 1, waitSeconds: 20 });
    await until('the agent waits on A', waitingOnA);
    const job = await client(b, token).submitJob({ recipe: 'Noop' });
    const { jobs } = await polling;
    t.same(
      jobs.map((claimed) => claimed.id),
      [job.id],
      `round ${round}: A's waiting agent got the job B queued`,
    );
    await agent.finish({ id: job.id, epoch: jobs[0]!.epoch, exitCode: 0 });
  }
});

t.test("a log followed through B arrives live from an agent on A, and a cancel through B stops the agent's recipe", async (t) => {
  const { dir, replicas, client } = await started(t);
  const [a, b] = replicas;
  const token = adminToken(dir);
  const script = join(dir, 'slow.sh');
  writeFileSync(script, `#!/bin/bash\necho started\nsleep 60\necho finished\ntouch ${join(dir, 'finished')}\n`);
  chmodSync(script, 0o755);
  const admin = client(b, token);
  await admin.putRecipe('Slow', { command: [script] });
  const agent = await startAgent(
    {
      server: a.url,
      enroll: (await client(a, token).createEnrollmentToken({ uses: 1 })).token,
      name: 'on-a',
      labels: {},
      slots: 1,
      memoryMB: 1024,
      workDir: join(dir, 'agent'),
      caFile: null,
      baseCode: null,
      executor: 'local',
      sharedDir: null,
      graceSeconds: 1,
      logLevel: 'silent',
      isolation: 'none',
      trustUserCode: true,
      isolationNetwork: true,
      insecureHttp: false,
      site: null,
      cache: null,
      bundleCacheBytes: 1024 ** 3,
    },
    pino({ level: 'silent' }),
  );
  t.teardown(async () => {
    agent.cancelAll();
    await agent.done;
  });
  const job = await admin.submitJob({ recipe: 'Slow' });
  let seen = '';
  for await (const chunk of admin.followLog(job.id)) {
    seen += chunk.toString();
    if (seen.includes('started')) break;
  }
  t.equal((await admin.getJob(job.id)).state, 'running', 'the first line arrived through B while the job runs on A');
  await admin.cancelJob(job.id);
  const final = await admin.wait(job.id);
  t.equal(final.state, 'cancelled', 'the cancel through B reached the agent on A');
  t.notOk(existsSync(join(dir, 'finished')), 'the recipe was stopped before its end');
});
