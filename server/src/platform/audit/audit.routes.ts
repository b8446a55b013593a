// HTTP route for the audit log page: filtered, newest first, keyset-paged, limited to the viewer's subtree.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/client';
import { errorBodySchema } from '../errors';
import { auditChainReportSchema, auditChainStatusSchema, auditPageSchema, auditQuerySchema } from './audit.schemas';
import { listAuditForViewer } from './audit.view';
import { getChainStatus, verifyChainNow } from './audit-chain';

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

    const chainErrors = { 401: errorBodySchema, 403: errorBodySchema };
    app.get(
      '/audit/chain',
      {
        config: { access: { permission: 'audit:view' } },
        schema: {
          tags: ['audit'],
          summary: 'The audit hash chain: sealed up to, rows waiting, the latest signed head, the last verification',
          response: { 200: auditChainStatusSchema, ...chainErrors },
        },
      },
      (req) => getChainStatus(db, req.ctx),
    );

    app.post(
      '/audit/chain/verify',
      {
        config: { access: { permission: 'audit:view' } },
        schema: {
          tags: ['audit'],
          summary: 'Seal what is sealable, recompute the whole chain and record the verdict (province only)',
          response: { 200: auditChainReportSchema, ...chainErrors },
        },
      },
      (req) => verifyChainNow(db, req.ctx),
    );
  };
