// The one guard: loads the session's actor on every request and enforces the access each route declares.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client';
import { resolveSession } from '../auth/auth.service';
import { AppError } from '../errors';
import { anonymous, hasPermission } from '../rbac/actor';
import type { Access } from './context';
import { localeOf } from './locale';

export type RegisteredRoute = { method: string; url: string; access: Access | undefined };

/** Routes outside /api (the web app's files) and the OpenAPI page are public by nature. */
function isApiRoute(url: string): boolean {
  return url.startsWith('/api/') && !url.startsWith('/api/docs');
}

export function installAccessGuard(app: FastifyInstance, db: Db, sessionCookie: string): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') {
        continue;
      }
      routes.push({ method, url: route.url, access: isApiRoute(route.url) ? route.config?.access : 'public' });
    }
  });

  app.decorateRequest('ctx', undefined as never);
  app.addHook('onRequest', async (request) => {
    const locale = localeOf(request);
    request.ctx = { actor: anonymous, requestId: request.id, ip: request.ip ?? null, locale };
    const url = request.routeOptions.url;
    if (!url || !isApiRoute(url)) {
      return;
    }
    const token = request.cookies[sessionCookie];
    if (token && token.length <= 100) {
      request.ctx.actor = (await resolveSession(db, token)) ?? anonymous;
    }
    const access = request.routeOptions.config.access;
    const actor = request.ctx.actor;
    if (access === undefined) {
      // Fail closed: a route that forgot to declare its access is refused (and the route test fails).
      throw new AppError('FORBIDDEN', { reason: 'route declares no access' });
    }
    if (access === 'public') {
      return;
    }
    if (actor.kind === 'anonymous') {
      throw new AppError('UNAUTHENTICATED');
    }
    if (access === 'signed-in') {
      return;
    }
    if (actor.kind !== 'staff') {
      throw new AppError('FORBIDDEN');
    }
    if (access === 'staff') {
      return;
    }
    if (!hasPermission(actor, access.permission)) {
      throw new AppError('FORBIDDEN', { permission: access.permission });
    }
  });
  return routes;
}
