#!/usr/bin/env node
/**
 * `awe-agent`: the pull agent of a compute node. It only makes outbound
 * requests to the service: claims jobs, runs their recipes, streams their
 * logs, reports their results.
 *
 * Signals: the first SIGTERM/SIGINT drains (no new jobs, running ones
 * finish), the second stops running recipes and reports them, the third
 * exits at once (undelivered reports stay in the work dir for the next start).
 */
import { pino } from 'pino';
import { startAgent } from './agent.js';
import { INSECURE_HTTP_WARNING } from '../core/transport.js';
import { loadAgentConfig, USAGE } from './config.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadAgentConfig(process.argv.slice(2), process.env);
  } catch (err) {
    console.error(`awe-agent: ${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (config.help) {
    console.log(USAGE);
    return;
  }
  // Logs go to stderr; recipe output goes only to the job logs. Nothing here logs tokens or job env.
  const log = pino({ name: 'awe-agent', level: config.logLevel }, pino.destination(2));
  if (config.insecureHttp) log.warn({ server: config.server }, INSECURE_HTTP_WARNING);

  let agent;
  try {
    agent = await startAgent(config, log);
  } catch (err) {
    console.error(`awe-agent: ${(err as Error).message}`);
    process.exit(1);
  }

  let signals = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    signals++;
    if (signals === 1) {
      log.info({ signal }, 'draining (send again to stop running jobs, a third time to exit at once)');
      agent.drain();
    } else if (signals === 2) {
      log.info({ signal }, 'stopping running jobs and reporting them');
      agent.cancelAll();
    } else {
      log.warn({ signal, running: agent.running() }, 'exiting now');
      agent.abandon();
      process.exit(130);
    }
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  await agent.done;
  log.info('all jobs reported; bye');
  process.exit(0);
}

await main();
