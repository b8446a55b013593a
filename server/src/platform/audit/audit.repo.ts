// Audit rows: insert and filtered reads. No update or delete exists here, and a trigger refuses them in the database.
import { and, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { auditLog } from './audit.tables';

export type AuditRow = typeof auditLog.$inferSelect;

export async function insertAudit(db: Db, row: typeof auditLog.$inferInsert): Promise<void> {
  await db.insert(auditLog).values(row);
}

export type AuditFilter = {
  actorId?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  from?: Date;
  to?: Date;
  beforeId?: number;
  /** Scope condition over the row's org column. */
  scope?: (orgColumn: typeof auditLog.orgId) => SQL | undefined;
  limit: number;
};

export async function listAudit(db: Db, f: AuditFilter): Promise<AuditRow[]> {
  const where: SQL[] = [];
  const scope = f.scope?.(auditLog.orgId);
  if (scope) {
    where.push(scope);
  }
  if (f.actorId) {
    where.push(eq(auditLog.actorId, f.actorId));
  }
  if (f.action) {
    where.push(eq(auditLog.action, f.action));
  }
  if (f.entityType) {
    where.push(eq(auditLog.entityType, f.entityType));
  }
  if (f.entityId) {
    where.push(eq(auditLog.entityId, f.entityId));
  }
  if (f.from) {
    where.push(gte(auditLog.at, f.from));
  }
  if (f.to) {
    where.push(lte(auditLog.at, f.to));
  }
  if (f.beforeId) {
    where.push(lt(auditLog.id, f.beforeId));
  }
  return db
    .select()
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(f.limit);
}
