// Who is calling, and the one place that decides what they may do where: permission + org-subtree scope.
import { AppError } from '../errors';
import type { Permission } from './permissions';

export type ActorGrant = {
  grantId: string;
  roleId: string;
  orgId: number;
  orgPath: string;
  permissions: ReadonlySet<Permission>;
};

export type Actor =
  | { kind: 'anonymous' }
  | { kind: 'staff'; userId: string; username: string; displayName: string; sessionHash: string; grants: ActorGrant[] }
  | { kind: 'public'; accountId: string; phoneMasked: string; sessionHash: string }
  | { kind: 'system'; label: string };

export const anonymous: Actor = { kind: 'anonymous' };
export const systemActor = (label: string): Actor => ({ kind: 'system', label });

/** True when any of the actor's grants carries the permission (somewhere in the tree). */
export function hasPermission(actor: Actor, permission: Permission): boolean {
  if (actor.kind === 'system') {
    return true;
  }
  return actor.kind === 'staff' && actor.grants.some((g) => g.permissions.has(permission));
}

/**
 * Org-path prefixes under which the actor holds the permission, minimal (nested grants collapsed).
 * `null` means unrestricted (the system actor).
 */
export function scopePaths(actor: Actor, permission: Permission): string[] | null {
  if (actor.kind === 'system') {
    return null;
  }
  if (actor.kind !== 'staff') {
    return [];
  }
  const paths = actor.grants.filter((g) => g.permissions.has(permission)).map((g) => g.orgPath);
  return paths.filter((p) => !paths.some((q) => q !== p && p.startsWith(q)));
}

/** True when the unit at `orgPath` lies inside a subtree where the actor holds the permission. */
export function canAt(actor: Actor, permission: Permission, orgPath: string): boolean {
  const paths = scopePaths(actor, permission);
  return paths === null || paths.some((p) => orgPath.startsWith(p));
}

/** Throws FORBIDDEN without the permission anywhere, OUT_OF_SCOPE when the unit is outside every granted subtree. */
export function assertCanAt(actor: Actor, permission: Permission, orgPath: string): void {
  if (!hasPermission(actor, permission)) {
    throw new AppError('FORBIDDEN', { permission });
  }
  if (!canAt(actor, permission, orgPath)) {
    throw new AppError('OUT_OF_SCOPE', { permission });
  }
}

export function actorId(actor: Actor): string | null {
  if (actor.kind === 'staff') {
    return actor.userId;
  }
  if (actor.kind === 'public') {
    return actor.accountId;
  }
  return null;
}

export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'staff':
      return actor.username;
    case 'public':
      return `public:${actor.phoneMasked}`;
    case 'system':
      return `system:${actor.label}`;
    default:
      return 'anonymous';
  }
}
