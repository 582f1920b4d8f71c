/**
 * Where the service is and who the user is: each from the first of a
 * command-line flag, the environment (AWE_SERVER, AWE_TOKEN, AWE_CA), and
 * `~/.awe/dp.json` written by `awrecipe login`. The saved token is only used
 * for the server it was issued by, so pointing AWE_SERVER elsewhere never
 * sends it to another host.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { AweClient } from '@awe-dp/sdk';
import { envFlag } from '../core/env-flag.js';
import { cleartextRefusal, cleartextToRemote, INSECURE_HTTP_WARNING } from '../core/transport.js';
import type { ConnectionFlags } from './args.js';
import { CliError } from './errors.js';

export interface SavedLogin {
  server: string;
  token: string;
  expiresAt?: string;
}

export interface Connection {
  server: string;
  token?: string;
  caFile?: string;
  /** Plain http to a remote host, accepted with --insecure-http: warned about whenever a client opens. */
  insecureHttp?: boolean;
}

const normalize = (server: string): string => server.replace(/\/+$/, '');

export function awePath(...parts: string[]): string {
  return join(homedir(), '.awe', ...parts);
}

export async function readSavedLogin(): Promise<SavedLogin | undefined> {
  let text: string;
  try {
    text = await readFile(awePath('dp.json'), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const saved = JSON.parse(text) as Partial<SavedLogin>;
    if (typeof saved.server === 'string' && typeof saved.token === 'string') return saved as SavedLogin;
  } catch {
    // Reported below like any other unusable file.
  }
  throw new CliError(`${awePath('dp.json')} is not a saved login; run "awrecipe login" again`);
}

/** Written to a temp file and renamed, mode 0600: it holds a bearer token. */
export async function saveLogin(login: SavedLogin): Promise<string> {
  await mkdir(awePath(), { recursive: true, mode: 0o700 });
  const path = awePath('dp.json');
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(login, null, 2) + '\n', { mode: 0o600 });
  await rename(tmp, path);
  return path;
}

/**
 * The connection named by the flags, the environment and a saved login (in
 * that order), or undefined when none names a server. Pure: `awrecipe login`
 * passes the saved login it could read, everything else findConnection's.
 */
export function resolveConnection(flags: ConnectionFlags, env: NodeJS.ProcessEnv, saved: SavedLogin | undefined): Connection | undefined {
  const server = flags.server ?? (env.AWE_SERVER || undefined) ?? saved?.server;
  if (server === undefined) return undefined;
  if (!/^https?:\/\/[^/]+/.test(server)) throw new CliError(`the server must be an http(s) URL, not "${server.slice(0, 100)}"`, 2);
  const cleartext = cleartextToRemote(server);
  if (cleartext && !(flags.insecureHttp === true || envFlag(env.AWE_INSECURE_HTTP))) throw new CliError(cleartextRefusal(server), 2);
  const savedToken = saved !== undefined && normalize(saved.server) === normalize(server) ? saved.token : undefined;
  return {
    server: normalize(server),
    token: flags.token ?? (env.AWE_TOKEN || undefined) ?? savedToken,
    caFile: flags.ca ?? (env.AWE_CA || undefined),
    ...(cleartext ? { insecureHttp: true } : {}),
  };
}

/** The connection to use, or undefined when no server is configured anywhere. */
export async function findConnection(flags: ConnectionFlags, env: NodeJS.ProcessEnv): Promise<Connection | undefined> {
  // With server and token both given, the saved login has nothing to add: it is not read, so a damaged one cannot get in the way.
  const complete = (flags.server ?? (env.AWE_SERVER || undefined)) !== undefined && (flags.token ?? (env.AWE_TOKEN || undefined)) !== undefined;
  return resolveConnection(flags, env, complete ? undefined : await readSavedLogin());
}

export async function requireConnection(flags: ConnectionFlags, env: NodeJS.ProcessEnv): Promise<Connection> {
  const found = await findConnection(flags, env);
  if (found === undefined) throw new CliError('no service configured: set AWE_SERVER and AWE_TOKEN, or run "awrecipe login -server URL"');
  if (found.token === undefined) throw new CliError(`no token for ${found.server}: set AWE_TOKEN or run "awrecipe login"`);
  return found;
}

export function warnIfInsecure(connection: Connection): void {
  if (connection.insecureHttp) process.stderr.write(`awrecipe: warning: ${INSECURE_HTTP_WARNING}\n`);
}

/** `timeoutMs` bounds waiting for headers and between body chunks (a followed log reconnects after it). */
export function openClient(connection: Connection, timeoutMs?: number): AweClient {
  warnIfInsecure(connection);
  return new AweClient({ server: connection.server, token: connection.token, caFile: connection.caFile, timeoutMs });
}

/**
 * The site's awe-cache (AWE_CACHE), for downloads, or undefined: it receives
 * content tokens, never the user's token, but those too must not cross a network in clear.
 */
export function openCache(connection: Connection, env: NodeJS.ProcessEnv): AweClient | undefined {
  const url = env.AWE_CACHE || undefined;
  if (url === undefined) return undefined;
  if (!/^https?:\/\/[^/]+/.test(url)) throw new CliError(`AWE_CACHE must be an http(s) URL, not "${url.slice(0, 100)}"`, 2);
  if (cleartextToRemote(url) && !(connection.insecureHttp === true || envFlag(env.AWE_INSECURE_HTTP))) throw new CliError(cleartextRefusal(url), 2);
  // The service is the fallback: a cache that does not answer at once is not retried.
  return new AweClient({ server: normalize(url), caFile: connection.caFile, retries: 0 });
}

/** Runs `fn` with a client of the configured connection, closed afterwards. */
export async function withClient<T>(flags: ConnectionFlags, env: NodeJS.ProcessEnv, fn: (client: AweClient) => Promise<T>): Promise<T> {
  const client = openClient(await requireConnection(flags, env));
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}
