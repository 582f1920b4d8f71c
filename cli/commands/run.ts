/**
 * The proposal's command: submit a recipe (with the user's settings, and code
 * with -mycode), then follow its log and exit as the recipe did. Ctrl-C
 * cancels the job; a second Ctrl-C stops waiting for the cancel to land.
 */
import type { AweClient, JobSpec } from '@awe-dp/sdk';
import type { ConnectionFlags, RunCommand } from '../args.js';
import { withClient } from '../config.js';
import { followJob } from '../follow.js';
import { jobExitStatus } from '../job-exit.js';
import { runLocally } from '../local-run.js';
import { codeDirOf, describeShipment, shipCode } from '../ship-code.js';
import { environmentShipment } from '../ship-environment.js';

const say = (line: string): boolean => process.stderr.write(`${line}\n`);

async function followWithCancel(client: AweClient, id: number): Promise<number> {
  const stopWaiting = new AbortController();
  let cancelAsked = false;
  const onInterrupt = (): void => {
    if (cancelAsked) return stopWaiting.abort();
    cancelAsked = true;
    say(`\ncancelling job ${id} (Ctrl-C again to stop waiting)`);
    client.cancelJob(id).catch((err: Error) => say(`awrecipe: cannot cancel job ${id}: ${err.message}`));
  };
  process.on('SIGINT', onInterrupt);
  try {
    const job = (await followJob(client, id, process.stdout, stopWaiting.signal)) ?? (await client.getJob(id));
    const status = jobExitStatus(job, cancelAsked);
    if (status.message) say(status.message);
    return status.code;
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

export async function run(cmd: RunCommand, flags: ConnectionFlags, env: NodeJS.ProcessEnv): Promise<number> {
  if (cmd.local) return runLocally(cmd, flags, env);
  const shipment = await environmentShipment(cmd.environmentFile, cmd.shipEnv, env);
  for (const name of shipment.unset) say(`awrecipe: ${name} is not set here; not shipped`);
  return withClient(flags, env, async (client) => {
    let bundle: string | undefined;
    if (cmd.mycode !== undefined) {
      const shipped = await shipCode(client, await codeDirOf(cmd.mycode, env));
      for (const entry of shipped.tree.skipped) say(`awrecipe: not shipped: ${entry.path} (${entry.reason})`);
      say(describeShipment(shipped));
      bundle = shipped.id;
    }
    const spec: JobSpec = { recipe: cmd.recipe, args: cmd.params };
    if (cmd.node !== undefined) spec.node = cmd.node;
    if (cmd.reuse) spec.reuse = true;
    if (bundle !== undefined) spec.bundle = bundle;
    if (Object.keys(shipment.settings).length > 0) spec.settings = shipment.settings;
    if (Object.keys(shipment.env).length > 0) spec.env = shipment.env;
    // The SDK retries the submit under one idempotency key: a submit whose answer was lost is not run twice.
    const job = await client.submitJob(spec);
    if (cmd.detach) {
      process.stdout.write(`${job.id}\n`);
      return 0;
    }
    say(`job ${job.id} ${job.state}${job.pendingReason ? ` (${job.pendingReason})` : ''}`);
    if (job.state === 'succeeded' && job.reusedFrom !== null) say(`awrecipe: reused the outputs of identical job ${job.reusedFrom}; nothing ran`);
    return followWithCancel(client, job.id);
  });
}
