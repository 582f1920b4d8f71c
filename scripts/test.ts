/**
 * `npm test`: the whole suite on SQLite, then again on PostgreSQL in a
 * database made for this run (`awe_test_<random>`, dropped at the end, also
 * when the run fails or is interrupted). The PostgreSQL pass needs a server at
 * AWE_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres,
 * a role that may create databases); when none answers it is skipped, and
 * the run says so. Arguments go to tap on both passes
 * (`npm test -- dist/test/api/users.test.js`).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const args = process.argv.slice(2);
const adminUrl = process.env.AWE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** The server's address without credentials, for messages. */
const where = ((url) => `${url.hostname}:${url.port || 5432}`)(new URL(adminUrl));

let interrupted = false;

function tap(env: Record<string, string>, options: string[] = []): Promise<number> {
  // A process group of its own: npx does not pass signals on to tap, so an interrupt goes to the whole group.
  const child = spawn('npx', ['tap', ...options, ...args], { stdio: 'inherit', env: { ...process.env, ...env }, detached: true });
  const forward = (signal: NodeJS.Signals): void => {
    interrupted = true;
    process.kill(-child.pid!, signal);
  };
  process.on('SIGINT', forward).on('SIGTERM', forward);
  return new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward).off('SIGTERM', forward);
      resolve(code ?? (signal ? 1 : 0));
    }),
  );
}

async function onAdmin<R>(fn: (client: pg.Client) => Promise<R>): Promise<R> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function postgresPass(): Promise<number | 'skipped'> {
  const database = `awe_test_${randomBytes(6).toString('hex')}`;
  try {
    await onAdmin(async (client) => {
      await client.query(`CREATE DATABASE ${database}`);
      // Commits wait for no disk flush: a commit is lost only if PostgreSQL itself crashes, which no test does
      // (tests kill the service, not the database), and each flush costs more than the statements it ends.
      await client.query(`ALTER DATABASE ${database} SET synchronous_commit = off`);
    });
  } catch (error) {
    console.log(`\n== PostgreSQL pass SKIPPED: no PostgreSQL answers at ${where} (${(error as Error).message}); set AWE_TEST_POSTGRES_URL\n`);
    return 'skipped';
  }
  try {
    console.log(`\n== the suite on PostgreSQL (${where}, database ${database})\n`);
    const url = new URL(adminUrl);
    url.pathname = `/${database}`;
    // Each store call is a round trip to another process here, not a call into the same one: on a busy machine
    // a test file takes up to about twice as long as on SQLite, so it gets twice the time (package.json: 120 s).
    return await tap({ AWE_TEST_DATABASE_URL: url.toString() }, ['--timeout=240']);
  } finally {
    await onAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
  }
}

console.log('== the suite on SQLite\n');
const sqlite = await tap({});
const postgres = interrupted ? 'skipped' : await postgresPass();
const verdict = (code: number | 'skipped'): string => (code === 'skipped' ? 'SKIPPED' : code === 0 ? 'passed' : 'FAILED');
console.log(`\n== SQLite pass ${verdict(sqlite)}; PostgreSQL pass ${verdict(postgres)}`);
process.exitCode = sqlite || (postgres === 'skipped' ? 0 : postgres);
