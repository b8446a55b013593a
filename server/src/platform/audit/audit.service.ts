// Writes the audit row of a mutation inside the mutation's transaction, with personal data masked.
import type { Db } from '../../db/client';
import type { Ctx } from '../http/context';
import { actorId, actorLabel } from '../rbac/actor';
import { insertAudit } from './audit.repo';

export type AuditEntry = {
  action: string;
  entityType: string;
  entityId?: string | number | null;
  orgId?: number | null;
  /** The city-level region of the entity (0 for platform-wide rows such as accounts without a unit). */
  regionId?: number | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
};

// Field names that may hold personal data in clear or its derived secrets; masked or dropped before they reach the trail.
const dropKeys = /(Enc|Hash|password|token|secret|code)$/i;
const maskKeys = /^(idNumber|phone|recipient)$/i;

/** Returns a copy of a value with encrypted columns, hashes and secrets removed and raw PII masked. */
export function redactForAudit(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(redactForAudit);
  }
  if (value instanceof Date) {
    return value.toISOString();
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (dropKeys.test(k) && !/Masked$/.test(k)) {
        continue;
      }
      out[k] = maskKeys.test(k) && typeof v === 'string' ? '***' : redactForAudit(v);
    }
    return out;
  }
  return value;
}

/** Appends one audit row; call it with the transaction that makes the change. */
export async function recordAudit(db: Db, ctx: Ctx, entry: AuditEntry): Promise<void> {
  await insertAudit(db, {
    regionId: entry.regionId ?? 0,
    actorKind: ctx.actor.kind,
    actorId: actorId(ctx.actor),
    actorLabel: actorLabel(ctx.actor),
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId == null ? null : String(entry.entityId),
    orgId: entry.orgId ?? null,
    before: entry.before === undefined ? null : redactForAudit(entry.before),
    after: entry.after === undefined ? null : redactForAudit(entry.after),
    reason: entry.reason ?? null,
    requestId: ctx.requestId,
    ip: ctx.ip,
  });
}
