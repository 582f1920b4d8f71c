import type { ClaimedJob } from '../../schemas/agents.js';
import type { Awe } from '../context.js';
import { parse, type ClaimedRow } from '../store/store.js';

type Sealed = { env: Record<string, string>; settings: Record<string, string> };

/**
 * What an agent needs to run a claimed attempt: the full argv, env and settings
 * (secret values decrypted only here, for the agent that runs the job), the
 * inputs with their hashes, and a job token to fetch bundle and inputs with
 * (empty when it has neither).
 * A job whose input is missing fails at once as a bundle error.
 */
export async function toClaimedJob(awe: Awe, row: ClaimedRow, signJobToken: (id: number, epoch: number) => string): Promise<ClaimedJob | null> {
  const inputs: ClaimedJob['inputs'] = [];
  for (const input of parse<Array<{ job: number; path: string }>>(row.inputs)) {
    const output = await awe.store.getOutput(input.job, input.path);
    if (!output) {
      await awe.store.finishJob(
        row.id,
        { agentId: row.agent_id!, epoch: row.lease_epoch },
        { exitCode: null, failureReason: 'bundle_error', message: `input ${input.path} of job ${input.job} does not exist` },
        awe.now(),
      );
      awe.notifier.notify(`job:${row.id}`);
      return null;
    }
    inputs.push({ ...input, sha256: output.sha256, size: output.size });
  }
  const secrets = row.sealed_secrets ? awe.box.open<Sealed>(row.sealed_secrets) : { env: {}, settings: {} };
  return {
    id: row.id,
    epoch: row.lease_epoch,
    recipe: row.recipe,
    argv: [...parse<string[]>(row.command), ...parse<string[]>(row.args)],
    env: { ...parse<Record<string, string>>(row.env), ...secrets.env },
    settings: { ...parse<Record<string, string>>(row.settings), ...secrets.settings },
    bundle: row.bundle,
    inputs,
    timeoutSeconds: row.timeout_seconds,
    resources: parse(row.resources),
    // A token opens only its job's bundle and inputs: a job with neither gets none (the field stays, empty, for older agents).
    jobToken: row.bundle !== null || inputs.length > 0 ? signJobToken(row.id, row.lease_epoch) : '',
    leaseExpiresAt: new Date(row.lease_expires_at!).toISOString(),
  };
}
