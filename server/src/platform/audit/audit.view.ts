// Reads the audit log for a viewer: rows of units in their audit:view subtree; platform-wide rows need global scope.
import { or, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';
import * as orgs from '../../modules/orgs/orgs.service';
import type { Ctx } from '../http/context';
import { scopePaths } from '../rbac/actor';
import { listAudit } from './audit.repo';
import type { AuditQuery } from './audit.schemas';

export async function listAuditForViewer(db: Db, ctx: Ctx, q: AuditQuery) {
  const scope = scopePaths(ctx.actor, 'audit:view');
  // Rows without a unit (sign-ins, accounts) are platform-wide: only a grant on a root unit (a province) sees them.
  const seesPlatformRows = scope === null || scope.some((p) => /^\d+\.$/.test(p));
  const scoped = (orgColumn: AnyPgColumn) =>
    scope === null
      ? undefined
      : or(
          orgs.orgScopeCondition(orgColumn, ctx, 'audit:view'),
          seesPlatformRows ? sql`${orgColumn} IS NULL` : sql`false`,
        );
  const rows = await listAudit(db, {
    actorId: q.actorId,
    action: q.action,
    entityType: q.entityType,
    entityId: q.entityId,
    from: q.from ? new Date(q.from) : undefined,
    to: q.to ? new Date(q.to) : undefined,
    beforeId: q.beforeId,
    scope: scoped,
    limit: q.limit,
  });
  return {
    items: rows.map((r) => ({ ...r, at: r.at.toISOString() })),
    nextBeforeId: rows.length === q.limit ? rows[rows.length - 1].id : null,
  };
}
