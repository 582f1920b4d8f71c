import type { AuditAction } from '../../core/audit-actions.js';
import type { Awe } from '../context.js';
import type { Principal } from '../plugins/auth.js';
import type { Store } from '../store/store.js';

/** Appends one entry to the audit trail; call it with the transaction (`s`) of the change it records. */
export function recordAudit(s: Store, at: number, principal: Principal | null, action: AuditAction, target: string, detail: Record<string, unknown> = {}): Promise<void> {
  return s.insertAudit({ at, actor: actorName(principal), action, target, detail });
}

/**
 * Runs a change and records it in the audit trail in the same transaction, so
 * the trail never shows a change that did not happen nor misses one that did.
 * A change that answers `false` (nothing matched) is not recorded; `target`
 * may be computed from the result (the id of something just created).
 */
export function audited<R>(
  awe: Awe,
  principal: Principal | null,
  action: AuditAction,
  target: string | ((result: R) => string),
  change: (s: Store) => Promise<R>,
  detail: Record<string, unknown> = {},
): Promise<R> {
  return awe.store.tx(async (s) => {
    const result = await change(s);
    if (result !== false) await recordAudit(s, awe.now(), principal, action, typeof target === 'string' ? target : target(result), detail);
    return result;
  });
}

function actorName(principal: Principal | null): string {
  if (principal?.kind === 'user') return principal.username;
  if (principal?.kind === 'agent') return `agent:${principal.agent.id}`;
  return principal?.kind === 'job' ? `job:${principal.jobId}` : 'anonymous';
}
