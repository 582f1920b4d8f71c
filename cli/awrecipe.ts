#!/usr/bin/env node
/**
 * awrecipe: run Astro-WISE recipes through the awe-dp service (see docs/cli.md).
 * Every failure ends as one line on stderr, never a stack: the service's own
 * message for its refusals, a sentence for network trouble.
 */
import { AweApiError, describeError } from '@awe-dp/sdk';
import { parseArgs, type Invocation } from './args.js';
import { attempts } from './commands/attempts.js';
import { cancel } from './commands/cancel.js';
import { explain } from './commands/explain.js';
import { list } from './commands/list.js';
import { login } from './commands/login.js';
import { logs } from './commands/logs.js';
import { outputs } from './commands/outputs.js';
import { passwd } from './commands/passwd.js';
import { provenance } from './commands/provenance.js';
import { recipeHelp } from './commands/recipe-help.js';
import { rerun } from './commands/rerun.js';
import { run } from './commands/run.js';
import { status } from './commands/status.js';
import { CliError, UsageError } from './errors.js';
import { USAGE } from './usage.js';

function dispatch({ command, connection }: Invocation, env: NodeJS.ProcessEnv): Promise<number> {
  switch (command.name) {
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return Promise.resolve(0);
    case 'recipe-help':
      return recipeHelp(command.recipe, connection, env);
    case 'run':
      return run(command, connection, env);
    case 'status':
      return status(command.job, connection, env);
    case 'logs':
      return logs(command.job, command.follow, connection, env);
    case 'cancel':
      return cancel(command.job, connection, env);
    case 'attempts':
      return attempts(command.job, connection, env);
    case 'provenance':
      return provenance(command.job, command.all, command.crate, connection, env);
    case 'rerun':
      return rerun(command.job, command.args, connection, env);
    case 'list':
      return list(command.state, command.mine, command.limit, connection, env);
    case 'outputs':
      return outputs(command.job, command.download, connection, env);
    case 'explain':
      return explain(command.recipe, command.node, connection, env);
    case 'login':
      return login(command.user, command.passwordStdin, connection, env);
    case 'passwd':
      return passwd(command.passwordStdin, connection, env);
  }
}

async function main(argv: string[]): Promise<number> {
  let invocation: Invocation | undefined;
  try {
    invocation = parseArgs(argv);
    return await dispatch(invocation, process.env);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`awrecipe: ${err.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (err instanceof CliError) {
      process.stderr.write(`awrecipe: ${err.message}\n`);
      return err.exitCode;
    }
    if (err instanceof AweApiError) {
      // An expired or revoked token is the usual 401: say how to get a new one.
      const hint = err.statusCode === 401 && invocation?.command.name !== 'login' ? ' (awrecipe login)' : '';
      process.stderr.write(`awrecipe: ${err.message}${hint}\n`);
      return 1;
    }
    process.stderr.write(`awrecipe: ${describeError(err)}\n`);
    return 1;
  }
}

// Exit explicitly (an open stdin or keep-alive socket must not hold the process),
// once what was written is flushed: pipes are asynchronous on some systems.
const code = await main(process.argv.slice(2));
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
