// HTTP route for the outbox page: queued and delivered messages, recipients masked.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/client';
import { errorBodySchema } from '../errors';
import { outboxPageSchema, outboxQuerySchema } from './notify.schemas';
import { listOutbox } from './notify.service';

export const notifyRoutes =
  ({ db, showSecrets }: { db: Db; showSecrets: boolean }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/outbox',
      {
        config: { access: { permission: 'outbox:view' } },
        schema: {
          tags: ['outbox'],
          querystring: outboxQuerySchema,
          response: { 200: outboxPageSchema, 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema },
        },
      },
      (req) => listOutbox(db, req.ctx, req.query, showSecrets),
    );
  };
