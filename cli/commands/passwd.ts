/**
 * `awrecipe passwd`: changes the signed-in user's password. The service then
 * revokes every token the user holds (other terminals, scripts, AWE_TOKEN) and
 * answers a fresh one, which is saved like `awrecipe login` saves its token.
 * Passwords are read without echo from a terminal (the new one twice), or as
 * two lines of stdin, current then new, with --password-stdin.
 */
import type { ConnectionFlags } from '../args.js';
import { openClient, requireConnection, saveLogin } from '../config.js';
import { CliError } from '../errors.js';
import { readHidden, StdinLines } from '../prompt.js';

async function readPasswords(passwordStdin: boolean): Promise<{ current: string; fresh: string }> {
  if (passwordStdin) {
    const lines = new StdinLines();
    try {
      return { current: (await lines.next()) ?? '', fresh: (await lines.next()) ?? '' };
    } finally {
      lines.close();
    }
  }
  if (process.stdin.isTTY !== true) throw new CliError('stdin is not a terminal: pipe the current and the new password in, one a line, with --password-stdin', 2);
  const current = await readHidden('current password: ');
  const fresh = await readHidden('new password: ');
  if ((await readHidden('new password again: ')) !== fresh) throw new CliError('the new passwords differ; nothing changed', 2);
  return { current, fresh };
}

export async function passwd(passwordStdin: boolean, flags: ConnectionFlags, env: NodeJS.ProcessEnv): Promise<number> {
  const connection = await requireConnection(flags, env);
  const { current, fresh } = await readPasswords(passwordStdin);
  if (!current || !fresh) throw new CliError('both the current and the new password are needed', 2);
  const client = openClient(connection);
  try {
    const { token, expiresAt } = await client.changePassword(current, fresh);
    const path = await saveLogin({ server: connection.server, token, expiresAt });
    process.stderr.write(`password changed; every earlier token of yours is revoked; a new one is saved in ${path} (valid until ${expiresAt})\n`);
    return 0;
  } finally {
    await client.close();
  }
}
