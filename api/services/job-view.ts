import { withoutSecrets } from '../../core/secrets.js';
import type { Job } from '../../schemas/jobs.js';
import type { Principal } from '../plugins/auth.js';
import { parse, type JobRow, type Store } from '../store/store.js';
import { canSeePrivate } from './access.js';
import { pendingReasons } from './pending-reason.js';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** Jobs as the API shows them to this principal: metadata for all, env and settings for the owner and admins. */
export async function jobViews(store: Store, rows: JobRow[], principal: Principal | null, now: number): Promise<Job[]> {
  const agents = rows.some((row) => row.state === 'queued') ? await store.listAgents() : [];
  const names = new Map(agents.map((agent) => [agent.id, agent.name]));
  const agentName = async (id: number | null): Promise<string | null> => {
    if (id === null) return null;
    let name = names.get(id);
    if (name === undefined) {
      name = (await store.getAgent(id))?.name ?? `agent ${id}`;
      names.set(id, name);
    }
    return name;
  };
  const reasons = await pendingReasons(store, rows, agents, now);
  const views: Job[] = [];
  for (const [i, row] of rows.entries()) {
    const job: Job = {
      id: row.id,
      owner: row.owner,
      recipe: row.recipe,
      args: parse(row.args),
      state: row.state,
      requestedNode: row.requested_node,
      node: await agentName(row.agent_id),
      selector: parse(row.selector),
      bundle: row.bundle,
      priority: row.priority,
      timeoutSeconds: row.timeout_seconds,
      attempts: row.attempts,
      maxAttempts: row.max_attempts,
      exitCode: row.exit_code,
      signal: row.signal,
      failureReason: row.failure_reason,
      message: row.message,
      pendingReason: reasons[i],
      batch: parse(row.batch),
      after: await store.parentsOf(row.id),
      inputs: parse(row.inputs),
      logSize: row.log_size,
      logTruncated: row.log_truncated === 1,
      createdAt: iso(row.created_at)!,
      startedAt: iso(row.started_at),
      finishedAt: iso(row.finished_at),
      expiredAt: iso(row.expired_at),
    };
    if (row.params !== null) job.params = parse(row.params);
    if (canSeePrivate(principal, row.owner)) {
      job.env = withoutSecrets(parse(row.env));
      job.settings = withoutSecrets(parse(row.settings));
    }
    views.push(job);
  }
  return views;
}
