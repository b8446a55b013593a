// HTTP routes for sign-in and sessions. The session token travels only in an httpOnly SameSite cookie.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { AppError, errorResponses } from '../errors';
import type { Actor } from '../rbac/actor';
import {
  changePasswordSchema,
  type Me,
  meSchema,
  okSchema,
  otpRequestSchema,
  otpVerifySchema,
  signInSchema,
} from './auth.schemas';
import * as auth from './auth.service';

export const sessionCookie = 'boai_session';
const errors = errorResponses(400, 401, 403, 423, 429);
const tags = ['auth'];

export function toMe(actor: Actor): Me {
  if (actor.kind === 'staff') {
    const permissions = new Set<string>();
    for (const g of actor.grants) {
      for (const p of g.permissions) {
        permissions.add(p);
      }
    }
    return {
      kind: 'staff',
      userId: actor.userId,
      username: actor.username,
      displayName: actor.displayName,
      phoneMasked: null,
      permissions: [...permissions].sort(),
      grants: actor.grants.map((g) => ({ roleId: g.roleId, orgId: g.orgId, orgPath: g.orgPath })),
    };
  }
  if (actor.kind === 'public') {
    return {
      kind: 'public',
      userId: null,
      username: null,
      displayName: actor.phoneMasked,
      phoneMasked: actor.phoneMasked,
      permissions: [],
      grants: [],
    };
  }
  throw new AppError('UNAUTHENTICATED');
}

export const authRoutes =
  ({ db, cookieSecure }: { db: Db; cookieSecure: boolean }): FastifyPluginAsyncZod =>
  async (app) => {
    const setCookie = (reply: FastifyReply, token: string, expiresAt: Date) =>
      reply.setCookie(sessionCookie, token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: cookieSecure,
        path: '/',
        expires: expiresAt,
      });
    /** Sets the session cookie of a fresh sign-in and answers with who is now signed in. */
    const startSession = async (req: FastifyRequest, reply: FastifyReply, session: auth.NewSession) => {
      await auth.endPresentedSession(db, req.cookies[sessionCookie]);
      setCookie(reply, session.token, session.expiresAt);
      const actor = await auth.resolveSession(db, session.token);
      return toMe(actor!);
    };
    const loginLimit = { max: 20, timeWindow: '1 minute' };

    app.post(
      '/auth/sign-in',
      {
        config: { access: 'public', rateLimit: loginLimit },
        schema: {
          tags,
          summary: 'Staff sign-in with username and password',
          body: signInSchema,
          response: { 200: meSchema, ...errors },
        },
      },
      async (req, reply) => {
        const session = await auth.signIn(db, req.ctx, req.body.username, req.body.password, req.headers['user-agent']);
        return startSession(req, reply, session);
      },
    );

    app.post(
      '/auth/otp/request',
      {
        config: { access: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
        schema: {
          tags,
          summary: 'Send a 6-digit sign-in code by SMS (5 minutes)',
          body: otpRequestSchema,
          response: { 200: z.object({ expiresInSeconds: z.number() }), ...errors },
        },
      },
      (req) => auth.requestOtp(db, req.ctx, req.body.phone),
    );

    app.post(
      '/auth/otp/verify',
      {
        config: { access: 'public', rateLimit: loginLimit },
        schema: {
          tags,
          summary: 'Public sign-in with the code',
          body: otpVerifySchema,
          response: { 200: meSchema, ...errors },
        },
      },
      async (req, reply) => {
        const session = await auth.verifyOtp(db, req.ctx, req.body.phone, req.body.code, req.headers['user-agent']);
        return startSession(req, reply, session);
      },
    );

    app.get(
      '/auth/me',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          summary: 'Who is signed in, with permissions and grants',
          response: { 200: meSchema, ...errors },
        },
      },
      (req) => toMe(req.ctx.actor),
    );

    app.post(
      '/auth/sign-out',
      {
        config: { access: 'signed-in' },
        schema: { tags, response: { 200: okSchema, ...errors } },
      },
      async (req, reply) => {
        await auth.signOut(db, req.ctx);
        reply.clearCookie(sessionCookie, { path: '/' });
        return { ok: true as const };
      },
    );

    app.post(
      '/auth/sign-out-everywhere',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          summary: 'End every session of this account on every device',
          response: { 200: z.object({ ended: z.number().int() }), ...errors },
        },
      },
      async (req, reply) => {
        const ended = await auth.signOutEverywhere(db, req.ctx);
        reply.clearCookie(sessionCookie, { path: '/' });
        return { ended };
      },
    );

    app.post(
      '/auth/password',
      {
        config: { access: 'staff', rateLimit: loginLimit },
        schema: {
          tags,
          summary: 'Change your password (other sessions end)',
          body: changePasswordSchema,
          response: { 200: okSchema, ...errors },
        },
      },
      async (req) => {
        await auth.changePassword(db, req.ctx, req.body.currentPassword, req.body.newPassword);
        return { ok: true as const };
      },
    );
  };
