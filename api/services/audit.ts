import type { AuditAction } from '../../core/audit-actions.js';
import type { Awe } from '../context.js';
import type { Principal } from '../plugins/auth.js';
import { insertAudit } from '../store/sqlite/audit.js';
import { immediate } from '../store/sqlite/statements.js';

/** Appends one entry to the audit trail; call it inside the transaction of the change it records. */
export function recordAudit(awe: Awe, principal: Principal | null, action: AuditAction, target: string, detail: Record<string, unknown> = {}): void {
  insertAudit(awe.db, { at: awe.now(), actor: actorName(principal), action, target, detail });
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
  change: () => R,
  detail: Record<string, unknown> = {},
): R {
  return immediate(awe.db, () => {
    const result = change();
    if (result !== false) recordAudit(awe, principal, action, typeof target === 'string' ? target : target(result), detail);
    return result;
  });
}

function actorName(principal: Principal | null): string {
  if (principal?.kind === 'user') return principal.username;
  if (principal?.kind === 'agent') return `agent:${principal.agent.id}`;
  return principal?.kind === 'job' ? `job:${principal.jobId}` : 'anonymous';
}
