/** The changes the audit trail records (GET /v1/audit): who changed users, routing, recipes, nodes, jobs, tokens and keys. */
export const AUDIT_ACTIONS = [
  'user.create',
  'user.update',
  'user.delete',
  'user.password',
  'recipe.put',
  'recipe.delete',
  'route.put',
  'route.delete',
  'node.update',
  'node.remove',
  'node.credential',
  'job.cancel',
  'enrollment.create',
  'enrollment.revoke',
  'key.rotate',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
