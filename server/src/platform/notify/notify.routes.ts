// HTTP route for the outbox page: queued and delivered messages, recipients masked.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { errorBodySchema } from '../errors';
import { listOutbox } from './notify.service';

const outboxItemSchema = z
  .object({
    id: z.string(),
    channel: z.string(),
    template: z.string(),
    recipient: z.string(),
    subject: z.string().nullable(),
    body: z.string(),
    status: z.string(),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    adapter: z.string().nullable(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
  })
  .meta({ id: 'OutboxMessage' });

export const notifyRoutes =
  ({ db, showSecrets }: { db: Db; showSecrets: boolean }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/outbox',
      {
        config: { access: { permission: 'outbox:view' } },
        schema: {
          tags: ['outbox'],
          querystring: z.strictObject({
            status: z.enum(['pending', 'sending', 'sent', 'dead']).optional(),
            channel: z.enum(['sms', 'email']).optional(),
            page: z.coerce.number().int().min(1).max(100_000).default(1),
            pageSize: z.coerce.number().int().min(1).max(200).default(50),
            lang: z.string().max(20).optional(),
          }),
          response: {
            200: z.object({
              items: z.array(outboxItemSchema),
              total: z.number().int(),
              page: z.number().int(),
              pageSize: z.number().int(),
            }),
            401: errorBodySchema,
            403: errorBodySchema,
          },
        },
      },
      (req) => listOutbox(db, req.ctx, req.query, showSecrets),
    );
  };
