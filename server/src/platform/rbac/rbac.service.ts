// Staff accounts and role grants: who may grant what where (no one grants beyond their own permissions and subtree).
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import * as orgs from '../../modules/orgs/orgs.service';
import { recordAudit } from '../audit/audit.service';
import * as auth from '../auth/auth.service';
import { listUsersInScope } from '../auth/users.repo';
import { AppError } from '../errors';
import type { Ctx } from '../http/context';
import { assertCanAt, canAt, scopePaths } from './actor';
import { builtinRoles, type Permission } from './permissions';
import * as repo from './rbac.repo';
import type { AddGrant, CreateUser, GrantView, RoleView, UpdateUser, UserListQuery, UserView } from './rbac.schemas';

/** Writes the built-in roles (run on every migrate: permission sets follow the code). */
export async function syncBuiltinRoles(db: Db): Promise<void> {
  for (const role of builtinRoles) {
    await repo.upsertRole(db, {
      id: role.id,
      nameZh: role.nameZh,
      nameEn: role.nameEn,
      permissions: [...role.permissions],
      isBuiltin: true,
    });
  }
}

export function toRoleView(r: repo.RoleRow): RoleView {
  return { id: r.id, nameZh: r.nameZh, nameEn: r.nameEn, permissions: r.permissions, isBuiltin: r.isBuiltin };
}

export async function listRoles(db: Db): Promise<RoleView[]> {
  return (await repo.listRoles(db)).map(toRoleView);
}

/**
 * Grants a role on a unit. The granter needs users:manage there and must hold every permission of the role
 * on that unit themselves (no escalation). Throws NOT_FOUND, FORBIDDEN, OUT_OF_SCOPE.
 */
export async function grantRole(db: Db, ctx: Ctx, userId: string, input: AddGrant): Promise<GrantView> {
  const user = await auth.findUserById(db, userId);
  if (!user) {
    throw new AppError('NOT_FOUND', { entity: 'user', id: userId });
  }
  const role = await repo.findRole(db, input.roleId);
  if (!role) {
    throw new AppError('NOT_FOUND', { entity: 'role', id: input.roleId });
  }
  const org = await orgs.getOrg(db, input.orgId);
  assertCanAt(ctx.actor, 'users:manage', org.path);
  // An account that already works elsewhere belongs to whoever manages it there: a grant here must not pull
  // another subtree's account (and its grants) into view.
  await assertManagesUser(db, ctx, userId, { allowNew: true });
  const missing = role.permissions.filter((p) => !canAt(ctx.actor, p as Permission, org.path));
  if (missing.length > 0) {
    throw new AppError('FORBIDDEN', { reason: 'role exceeds your own permissions', missing });
  }
  const grant = await repo.insertGrant(db, {
    id: crypto.randomUUID(),
    userId,
    roleId: role.id,
    orgId: org.id,
    grantedBy: ctx.actor.kind === 'staff' ? ctx.actor.userId : null,
  });
  await recordAudit(db, ctx, {
    action: 'grant.created',
    entityType: 'user',
    entityId: userId,
    orgId: org.id,
    regionId: org.regionId,
    after: { roleId: role.id, orgId: org.id, grantId: grant.id },
  });
  return {
    id: grant.id,
    roleId: role.id,
    roleName: role.nameZh,
    orgId: org.id,
    orgName: org.name,
    createdAt: grant.createdAt.toISOString(),
  };
}

/** Grants a role in its own transaction (the HTTP entry point of grantRole). */
export function addGrant(db: Db, ctx: Ctx, userId: string, input: AddGrant): Promise<GrantView> {
  return db.transaction(async (tx) => {
    const grant = await grantRole(tx, ctx, userId, input);
    await endSessionsOnPrivilegeChange(tx, ctx, userId);
    return grant;
  });
}

/**
 * A new grant ends the user's sessions (ASVS 3.2.1, 3.3.1): they sign in again and get a new token with the new
 * privileges, so a token issued before (or fixed by someone else) never gains them. A revoked grant needs no new token:
 * grants are read with the session on every request, so the loss takes effect on the next one. The caller's own
 * session stays when they change their own grants.
 */
async function endSessionsOnPrivilegeChange(tx: Db, ctx: Ctx, userId: string): Promise<void> {
  const keep = ctx.actor.kind === 'staff' && ctx.actor.userId === userId ? ctx.actor.sessionHash : undefined;
  await auth.revokeUserSessions(tx, userId, new Date(), keep);
}

/** Revokes a grant; needs users:manage on the grant's unit. */
export async function revokeGrant(db: Db, ctx: Ctx, userId: string, grantId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const grant = await repo.findGrant(tx, grantId);
    if (!grant || grant.userId !== userId || grant.revokedAt) {
      throw new AppError('NOT_FOUND', { entity: 'grant', id: grantId });
    }
    const org = await orgs.getOrg(tx, grant.orgId);
    assertCanAt(ctx.actor, 'users:manage', org.path);
    await repo.revokeGrant(tx, grantId, new Date());
    await recordAudit(tx, ctx, {
      action: 'grant.revoked',
      entityType: 'user',
      entityId: userId,
      orgId: org.id,
      regionId: org.regionId,
      before: { roleId: grant.roleId, orgId: grant.orgId, grantId },
    });
  });
}

/** Creates a staff account with its first grants, all or nothing. Throws USERNAME_TAKEN, WEAK_PASSWORD and grant errors. */
export async function createUser(db: Db, ctx: Ctx, input: CreateUser): Promise<UserView> {
  if (input.grants.length === 0 && scopePaths(ctx.actor, 'users:manage') !== null) {
    // An account without a grant would be invisible to everyone but system-wide administrators.
    throw new AppError('VALIDATION_FAILED', { issues: [{ field: 'body.grants', message: 'at least one grant' }] });
  }
  const id = await db.transaction(async (tx) => {
    const user = await auth.createUserAccount(tx, input);
    await recordAudit(tx, ctx, {
      action: 'user.created',
      entityType: 'user',
      entityId: user.id,
      after: { username: user.username, displayName: user.displayName },
    });
    for (const g of input.grants) {
      await grantRole(tx, ctx, user.id, g);
    }
    return user.id;
  });
  return getUser(db, ctx, id);
}

/** Changes display name, disables/enables, unlocks. Disabling ends the user's sessions. */
export async function updateUser(db: Db, ctx: Ctx, userId: string, patch: UpdateUser): Promise<UserView> {
  await db.transaction(async (tx) => {
    const before = await auth.findUserById(tx, userId);
    if (!before) {
      throw new AppError('NOT_FOUND', { entity: 'user', id: userId });
    }
    await assertManagesUser(tx, ctx, userId);
    const next: Record<string, unknown> = {};
    if (patch.displayName !== undefined) {
      next.displayName = patch.displayName;
    }
    if (patch.isActive !== undefined) {
      next.isActive = patch.isActive;
    }
    if (patch.unlock) {
      next.lockedUntil = null;
      next.failedLogins = 0;
    }
    const after = await auth.updateUserRow(tx, userId, next);
    if (patch.isActive === false) {
      await auth.revokeUserSessions(tx, userId, new Date());
    }
    await recordAudit(tx, ctx, {
      action: patch.isActive === false ? 'user.disabled' : 'user.updated',
      entityType: 'user',
      entityId: userId,
      before: { displayName: before.displayName, isActive: before.isActive, lockedUntil: before.lockedUntil },
      after: { displayName: after.displayName, isActive: after.isActive, lockedUntil: after.lockedUntil },
    });
  });
  return getUser(db, ctx, userId);
}

/** A user is managed by whoever holds users:manage over every unit the user has a grant on. */
async function assertManagesUser(db: Db, ctx: Ctx, userId: string, opts: { allowNew?: boolean } = {}): Promise<void> {
  const userGrants = await repo.listActiveGrants(db, [userId]);
  const units = await orgs.findOrgsByIds(
    db,
    userGrants.map((g) => g.orgId),
  );
  if (scopePaths(ctx.actor, 'users:manage') === null || (opts.allowNew && units.length === 0)) {
    return;
  }
  if (units.length === 0 || units.some((u) => !canAt(ctx.actor, 'users:manage', u.path))) {
    throw new AppError('OUT_OF_SCOPE', { permission: 'users:manage' });
  }
}

async function toUserViews(
  db: Db,
  rows: {
    id: string;
    username: string;
    displayName: string;
    isActive: boolean;
    lockedUntil: Date | null;
    createdAt: Date;
  }[],
): Promise<UserView[]> {
  const allGrants = await repo.listActiveGrants(
    db,
    rows.map((r) => r.id),
  );
  const units = await orgs.findOrgsByIds(db, [...new Set(allGrants.map((g) => g.orgId))]);
  const roles = await repo.listRoles(db);
  const now = new Date();
  return rows.map((u) => ({
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    isActive: u.isActive,
    isLocked: !!u.lockedUntil && u.lockedUntil > now,
    createdAt: u.createdAt.toISOString(),
    grants: allGrants
      .filter((g) => g.userId === u.id)
      .map((g) => ({
        id: g.id,
        roleId: g.roleId,
        roleName: roles.find((r) => r.id === g.roleId)?.nameZh ?? g.roleId,
        orgId: g.orgId,
        orgName: units.find((o) => o.id === g.orgId)?.name ?? String(g.orgId),
        createdAt: g.createdAt.toISOString(),
      })),
  }));
}

/** One account, visible when one of its grants lies in the actor's users:view scope (or it has none and scope is global). */
export async function getUser(db: Db, ctx: Ctx, userId: string): Promise<UserView> {
  const user = await auth.findUserById(db, userId);
  if (!user) {
    throw new AppError('NOT_FOUND', { entity: 'user', id: userId });
  }
  const [view] = await toUserViews(db, [user]);
  const scope = scopePaths(ctx.actor, 'users:view');
  if (scope !== null) {
    const units = await orgs.findOrgsByIds(
      db,
      view.grants.map((g) => g.orgId),
    );
    if (!units.some((u) => canAt(ctx.actor, 'users:view', u.path))) {
      throw new AppError('NOT_FOUND', { entity: 'user', id: userId });
    }
  }
  return view;
}

/** Accounts with a grant inside the actor's users:view scope. */
export async function listUsers(db: Db, ctx: Ctx, q: UserListQuery) {
  const scope = scopePaths(ctx.actor, 'users:view');
  const { rows, total } = await listUsersInScope(db, {
    q: q.q,
    scopeCondition: (grantOrgColumn) =>
      scope === null ? sql`true` : orgs.orgScopeCondition(grantOrgColumn, ctx, 'users:view'),
    globalScope: scope === null,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return { items: await toUserViews(db, rows), total, page: q.page, pageSize: q.pageSize };
}
