// Request context handed to services: who acts, and what the audit trail records about the request.
import type { Locale } from '../errors';
import type { Actor } from '../rbac/actor';
import type { Permission } from '../rbac/permissions';

export type Ctx = { actor: Actor; requestId: string | null; ip: string | null; locale: Locale };

/**
 * What a route requires, declared in its definition and enforced by one guard:
 * - 'public': anyone, including anonymous callers (public pages, sign-in);
 * - 'signed-in': a staff or public session;
 * - 'staff': any staff session (own account pages);
 * - { permission }: a staff session holding the permission somewhere; the service then checks the subtree.
 */
export type Access = 'public' | 'signed-in' | 'staff' | { permission: Permission };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    ctx: Ctx;
  }
}
