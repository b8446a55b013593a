// HTTP routes for staff accounts, roles and grants.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { errorResponses } from '../errors';
import { permissions } from './permissions';
import {
  addGrantSchema,
  createUserSchema,
  grantViewSchema,
  roleViewSchema,
  updateUserSchema,
  userListQuerySchema,
  userPageSchema,
  userViewSchema,
} from './rbac.schemas';
import * as rbac from './rbac.service';

const errors = errorResponses(400, 401, 403, 404, 409);
const tags = ['users'];
const userParams = z.strictObject({ id: z.uuid() });

export const rbacRoutes =
  ({ db }: { db: Db }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/roles',
      {
        config: { access: 'staff' },
        schema: { tags, summary: 'Roles and their permissions', response: { 200: z.array(roleViewSchema), ...errors } },
      },
      () => rbac.listRoles(db),
    );

    app.get(
      '/permissions',
      {
        config: { access: 'staff' },
        schema: {
          tags,
          response: { 200: z.array(z.object({ id: z.string(), zh: z.string(), en: z.string() })), ...errors },
        },
      },
      () => Object.entries(permissions).map(([id, l]) => ({ id, zh: l.zh, en: l.en })),
    );

    app.get(
      '/users',
      {
        config: { access: { permission: 'users:view' } },
        schema: { tags, querystring: userListQuerySchema, response: { 200: userPageSchema, ...errors } },
      },
      (req) => rbac.listUsers(db, req.ctx, req.query),
    );

    app.post(
      '/users',
      {
        config: { access: { permission: 'users:manage' } },
        schema: {
          tags,
          summary: 'Create a staff account with its grants',
          body: createUserSchema,
          response: { 201: userViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await rbac.createUser(db, req.ctx, req.body)),
    );

    app.get(
      '/users/:id',
      {
        config: { access: { permission: 'users:view' } },
        schema: { tags, params: userParams, response: { 200: userViewSchema, ...errors } },
      },
      (req) => rbac.getUser(db, req.ctx, req.params.id),
    );

    app.patch(
      '/users/:id',
      {
        config: { access: { permission: 'users:manage' } },
        schema: {
          tags,
          summary: 'Rename, disable/enable or unlock an account',
          params: userParams,
          body: updateUserSchema,
          response: { 200: userViewSchema, ...errors },
        },
      },
      (req) => rbac.updateUser(db, req.ctx, req.params.id, req.body),
    );

    app.post(
      '/users/:id/grants',
      {
        config: { access: { permission: 'users:manage' } },
        schema: {
          tags,
          summary: 'Grant a role on a unit (holds for its subtree)',
          params: userParams,
          body: addGrantSchema,
          response: { 201: grantViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await rbac.addGrant(db, req.ctx, req.params.id, req.body)),
    );

    app.delete(
      '/users/:id/grants/:grantId',
      {
        config: { access: { permission: 'users:manage' } },
        schema: {
          tags,
          params: z.strictObject({ id: z.uuid(), grantId: z.uuid() }),
          response: { 204: z.null(), ...errors },
        },
      },
      async (req, reply) => {
        await rbac.revokeGrant(db, req.ctx, req.params.id, req.params.grantId);
        return reply.code(204).send(null);
      },
    );
  };
