import type { ClaimedJob } from '../../schemas/agents.js';
import type { Awe } from '../context.js';
import type { JobRow } from '../store/sqlite/jobs/job-row.js';
import { finishJob } from '../store/sqlite/jobs/finish-job.js';
import { parse, stmt } from '../store/sqlite/statements.js';

type Sealed = { env: Record<string, string>; settings: Record<string, string> };

/**
 * What an agent needs to run a claimed attempt: the full argv, env and settings
 * (secret values decrypted only here, for the agent that runs the job), the
 * inputs with their hashes, and a job token to fetch bundle and inputs with.
 * A job whose input is missing fails at once as a bundle error.
 */
export function toClaimedJob(awe: Awe, row: JobRow, signJobToken: (id: number, epoch: number) => string): ClaimedJob | null {
  const inputs: ClaimedJob['inputs'] = [];
  for (const input of parse<Array<{ job: number; path: string }>>(row.inputs)) {
    const output = stmt<[number, string], { sha256: string; size: number }>(
      awe.db,
      'SELECT sha256, size FROM outputs WHERE job_id = ? AND path = ?',
    ).get(input.job, input.path);
    if (!output) {
      finishJob(
        awe.db,
        row.id,
        { agentId: row.agent_id!, epoch: row.lease_epoch },
        { exitCode: null, failureReason: 'bundle_error', message: `input ${input.path} of job ${input.job} does not exist` },
        awe.now(),
      );
      awe.notifier.notify(`job:${row.id}`);
      return null;
    }
    inputs.push({ ...input, ...output });
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
    jobToken: signJobToken(row.id, row.lease_epoch),
    leaseExpiresAt: new Date(row.lease_expires_at!).toISOString(),
  };
}
