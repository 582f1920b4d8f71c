/**
 * `awe-server migrate-store` moves a SQLite installation to PostgreSQL: the demo
 * chain runs on SQLite (real service process, real agents), the real command
 * copies the installation, and the service started on PostgreSQL (same data
 * dir: keys and blobs) shows the same jobs, logs, outputs and provenance. Needs
 * a PostgreSQL at AWE_TEST_POSTGRES_URL (default the local one); skipped, and
 * said so, when none answers.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { pino } from 'pino';
import pg from 'pg';
import { startAgent, type RunningAgent } from '../../../agent/agent.js';
import type { AweClient } from '@awe-dp/sdk';
import { runChain } from '../../../scripts/demo-chain.js';
import { ROOT, startServerProcess } from '../../../scripts/server-process.js';

const ADMIN_URL = process.env.AWE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SERVER = join(ROOT, 'dist/api/server.js');

async function onAdmin<R>(work: (client: pg.Client) => Promise<R>): Promise<R> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A database made for this test and dropped when the file ends, or why there is none. */
async function freshDatabase(): Promise<string | { skip: string }> {
  const name = `awe_migrate_${process.pid}_${Date.now()}`;
  try {
    await onAdmin((client) => client.query(`CREATE DATABASE ${name}`));
  } catch (error) {
    return { skip: `no PostgreSQL answers at ${new URL(ADMIN_URL).host}: ${(error as Error).message}` };
  }
  t.teardown(() => onAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

const migrate = (from: string, to: string) => promisify(execFile)(process.execPath, [SERVER, 'migrate-store', '--from', from, '--to', to]);

/** What a user sees of each job: its view, its log, its outputs with their bytes and its provenance down the chain. */
async function seen(client: AweClient, ids: number[]) {
  return Promise.all(
    ids.map(async (id) => {
      const outputs = (await client.listOutputs(id)).outputs;
      return {
        job: await client.getJob(id),
        log: await (await client.log(id)).text(),
        outputs: await Promise.all(outputs.map(async (output) => ({ ...output, bytes: Buffer.from(await (await client.downloadOutput(id, output.path)).arrayBuffer()).toString('base64') }))),
        provenance: await client.provenance(id, 'all'),
      };
    }),
  );
}

const target = await freshDatabase();
const skip = typeof target === 'string' ? false : target.skip;

t.test('the demo chain moved from SQLite to PostgreSQL reads the same, and a second move into the filled database is refused', { skip }, async (t) => {
  if (typeof target !== 'string') return;
  const dataDir = mkdtempSync(join(tmpdir(), 'awe-migrate-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));

  // The installation on SQLite (AWE_DATABASE_URL unset, whatever pass of the suite this is).
  const sqlite = await startServerProcess({ dataDir, env: { AWE_DATABASE_URL: '' } });
  let before: Awaited<ReturnType<typeof seen>>;
  let ids: number[];
  try {
    const { token } = await sqlite.admin.createEnrollmentToken({ uses: 3 });
    const agents: RunningAgent[] = [];
    const log = pino({ level: 'silent' });
    for (const [name, pool, slots] of [['cluster-node', 'cluster', 2], ['bigmem-node', 'bigmem', 1], ['db-node', 'dbnear', 1]] as const) {
      agents.push(
        await startAgent(
          {
            server: sqlite.url,
            enroll: token,
            name,
            labels: { pool },
            slots,
            memoryMB: 4096,
            workDir: join(dataDir, `agent-${name}`),
            caFile: null,
            baseCode: join(ROOT, 'examples'),
            executor: 'local',
            sharedDir: null,
            graceSeconds: 1,
            logLevel: 'silent',
            isolation: 'none',
            trustUserCode: false,
            isolationNetwork: true,
            insecureHttp: false,
            site: null,
            cache: null,
            bundleCacheBytes: 1024 ** 3,
          },
          log,
        ),
      );
    }
    const jobs = await runChain(sqlite.admin, () => undefined);
    for (const agent of agents) agent.drain();
    await Promise.all(agents.map((agent) => agent.done));
    t.same(jobs.map((job) => job.state), Array(6).fill('succeeded'), 'the chain ran on SQLite');
    ids = jobs.map((job) => job.id);
    before = await seen(sqlite.admin, ids);
  } finally {
    await sqlite.stop();
  }

  const { stdout } = await migrate(join(dataDir, 'awe.db'), target);
  t.match(stdout, /^jobs +6$/m, 'the counts are printed, the chain\'s six jobs among them');
  t.match(stdout, /^log_chunks +[1-9]/m);
  t.match(stdout, /the counts match/);

  const postgres = await startServerProcess({ dataDir, env: { AWE_DATABASE_URL: target } });
  try {
    const after = await seen(postgres.admin, ids);
    t.same(after, before, 'each job, its log, its outputs and its provenance read the same on PostgreSQL');
    t.equal(after[5].provenance.recipe, 'SourceList');
    t.equal(after[5].provenance.ancestors?.length, 5, "the SourceList's provenance names the five steps before it");
    const next = await postgres.admin.submitJob({ recipe: 'Bias' });
    t.ok(next.id > Math.max(...ids), `a new job gets a new id (${next.id}): the sequences were reset`);
  } finally {
    await postgres.stop();
  }

  const again = await migrate(join(dataDir, 'awe.db'), target).then(
    () => null,
    (error: { code: number; stderr: string }) => error,
  );
  t.equal(again?.code, 1, 'a database that is not empty is refused');
  t.match(again?.stderr, /is not empty .*nothing was copied/);
});
