/**
 * `awrecipe login`: trades a user name and password for a token and keeps it
 * with the server's address in ~/.awe/dp.json (0600). The password is read
 * without echo from a terminal, or as a line of stdin with --password-stdin
 * (for scripts); it is never taken from the command line, where `ps` shows it.
 */
import { AweClient } from '@awe-dp/sdk';
import type { ConnectionFlags } from '../args.js';
import { readSavedLogin, resolveConnection, saveLogin, warnIfInsecure } from '../config.js';
import { CliError } from '../errors.js';
import { readHidden, StdinLines } from '../prompt.js';

export async function login(user: string | undefined, passwordStdin: boolean, flags: ConnectionFlags, env: NodeJS.ProcessEnv): Promise<number> {
  // An unreadable saved login is what a new login replaces, not a reason to refuse one.
  const connection = resolveConnection(flags, env, await readSavedLogin().catch(() => undefined));
  if (connection === undefined) throw new CliError('say which service: awrecipe login -server URL (or set AWE_SERVER)', 2);
  const { server, caFile } = connection;
  warnIfInsecure(connection);
  const terminal = process.stdin.isTTY === true;
  if (!terminal && !passwordStdin) throw new CliError('stdin is not a terminal: pipe the password in with --password-stdin', 2);

  const lines = new StdinLines();
  let username: string | undefined;
  let password: string | undefined;
  try {
    username = user ?? (await lines.next(terminal ? 'user name: ' : undefined))?.trim();
    if (passwordStdin) password = await lines.next();
  } finally {
    lines.close();
  }
  if (!username) throw new CliError('no user name given', 2);
  password ??= await readHidden('password: ');
  if (!password) throw new CliError('no password given', 2);

  const client = new AweClient({ server, caFile });
  try {
    const { token, expiresAt } = await client.login(username, password);
    const path = await saveLogin({ server, token, expiresAt });
    process.stderr.write(`signed in to ${server} as ${username}; token saved in ${path} (valid until ${expiresAt})\n`);
    return 0;
  } finally {
    await client.close();
  }
}
