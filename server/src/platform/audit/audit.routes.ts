// HTTP route for the audit log page: filtered, newest first, keyset-paged, limited to the viewer's subtree.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/client';
import { errorBodySchema } from '../errors';
import { auditPageSchema, auditQuerySchema } from './audit.schemas';
import { listAuditForViewer } from './audit.view';

export const auditRoutes =
  ({ db }: { db: Db }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/audit',
      {
        config: { access: { permission: 'audit:view' } },
        schema: {
          tags: ['audit'],
          querystring: auditQuerySchema,
          response: { 200: auditPageSchema, 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema },
        },
      },
      (req) => listAuditForViewer(db, req.ctx, req.query),
    );
  };
