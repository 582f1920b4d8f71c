import { Type } from '@sinclair/typebox';
import { AUDIT_ACTIONS, type AuditAction } from '../core/audit-actions.js';
import { Strict, Timestamp } from './common.js';

export const AuditQuery = Strict({
  before: Type.Optional(Type.Integer({ minimum: 1, description: 'entries older than this id: the `next` of the previous page' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
});

export const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: Timestamp,
  actor: Type.String({ description: 'the user who made the change' }),
  action: Type.Unsafe<AuditAction>({ type: 'string', enum: [...AUDIT_ACTIONS] }),
  target: Type.String({ description: 'what was changed: a user name, recipe, placement, node id, job id, token id or key id' }),
  detail: Type.Record(Type.String(), Type.Unknown(), { description: 'what changed (never a secret)' }),
});

export const AuditPage = Type.Object({
  entries: Type.Array(AuditEntry, { description: 'newest first' }),
  next: Type.Union([Type.Integer(), Type.Null()], { description: 'pass as `before` for the next page; null at the end' }),
});
