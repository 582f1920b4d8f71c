import t from 'tap';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { AweApiError } from '@awe-dp/sdk';
import { startAgent } from '../../agent/agent.js';
import { bootstrap } from '../../api/services/bootstrap.js';
import { NotifyLink } from '../../api/store/postgres/notify-link.js';
import { until } from '../helpers/agent-harness.js';
import { scratchDatabase } from '../helpers/pg-scratch.js';
import { startReplicas, type Replica } from '../helpers/replicas.js';

/** Both replicas bootstrapped at once; answers the admin token (signed by whichever created the admin). */
async function bootstrapTogether(replicas: Replica[]): Promise<{ created: number; adminToken: string }> {
  const results = await Promise.all(replicas.map(({ app }) => bootstrap(app.awe, app.signUserToken)));
  return { created: results.filter((r) => r !== null).length, adminToken: replicas[0]!.app.signUserToken('admin').token };
}

t.test('replicas starting together: one creates the admin, and a token signed by one works on the other', async (t) => {
  const { dataDir, replicas } = await startReplicas(t, 2, () => undefined);
  const { created } = await bootstrapTogether(replicas);
  t.equal(created, 1, 'one replica created the admin and showed its password');
  t.ok(existsSync(join(dataDir, 'admin.token')), 'its admin.token is there');
  const signedByA = replicas[0]!.app.signUserToken('admin').token;
  t.equal((await replicas[1]!.client(signedByA).me()).username, 'admin', 'B accepts what A signed');
  const signedByB = replicas[1]!.app.signUserToken('admin').token;
  t.equal((await replicas[0]!.client(signedByB).me()).username, 'admin', 'and A what B signed');
});

t.test('sign-in failures on one replica count on the other', async (t) => {
  const { replicas } = await startReplicas(t, 2, () => undefined);
  await bootstrapTogether(replicas);
  const attempt = (replica: Replica) =>
    replica
      .client('')
      .login('admin', 'wrong')
      .then(
        () => 200,
        (error: AweApiError) => error.statusCode,
      );
  for (let i = 0; i < 10; i++) t.equal(await attempt(replicas[i % 2]!), 401, `attempt ${i + 1}, on replica ${i % 2}: wrong password`);
  t.equal(await attempt(replicas[0]!), 429, 'the eleventh is refused, although each replica saw five');
  t.equal(await attempt(replicas[1]!), 429);
});

const url = await scratchDatabase(t);
if (url === null) {
  t.comment('PostgreSQL at 127.0.0.1:5432 does not answer: the wake-up tests across replicas are skipped');
  t.pass('skipped: no PostgreSQL for the replica link', { skip: true });
} else {
  const quiet = { warn: () => {} };
  const linked = (name: string) => NotifyLink.open(url, name, quiet);

  t.test('a job submitted through B is claimed by an agent long-polling on A', async (t) => {
    const { replicas } = await startReplicas(t, 2, linked);
    const [a, b] = replicas as [Replica, Replica];
    const { adminToken } = await bootstrapTogether(replicas);
    await b.client(adminToken).putRecipe('Noop', { command: ['true'] });
    const { token } = await a.client(adminToken).createEnrollmentToken({ uses: 1 });
    const registered = await a.client('').registerAgent({ token, name: 'on-a', labels: {}, slots: 1 });
    const agent = a.client(registered.credential);
    for (let round = 1; round <= 3; round++) {
      const polling = agent.claim({ maxJobs: 1, waitSeconds: 20 });
      await until('the agent waits on A', () => a.app.awe.broker.waiting === 1);
      const started = Date.now();
      const job = await b.client(adminToken).submitJob({ recipe: 'Noop' });
      const { jobs } = await polling;
      t.same(
        jobs.map((claimed) => claimed.id),
        [job.id],
        `round ${round}: A's waiting agent got the job B queued (after ${Date.now() - started} ms)`,
      );
      await agent.finish({ id: job.id, epoch: jobs[0]!.epoch, exitCode: 0 });
    }
  });

  t.test("a log followed through B arrives live from an agent on A, and a cancel through B stops the agent's recipe", async (t) => {
    const { replicas } = await startReplicas(t, 2, linked);
    const [a, b] = replicas as [Replica, Replica];
    const { adminToken } = await bootstrapTogether(replicas);
    const dir = mkdtempSync(join(tmpdir(), 'awe-replica-agent-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    const script = join(dir, 'slow.sh');
    writeFileSync(script, `#!/bin/bash\necho started\nsleep 60\necho finished\ntouch ${join(dir, 'finished')}\n`);
    chmodSync(script, 0o755);
    const admin = b.client(adminToken);
    await admin.putRecipe('Slow', { command: [script] });
    const agent = await startAgent(
      {
        server: a.url,
        enroll: (await a.client(adminToken).createEnrollmentToken({ uses: 1 })).token,
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
}
