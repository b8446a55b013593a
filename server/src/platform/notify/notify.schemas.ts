// The outbox contract: one queued or delivered message as the outbox page shows it.
import { z } from 'zod';

export const outboxStatuses = ['pending', 'sending', 'sent', 'dead'] as const;
export const outboxChannels = ['sms', 'email'] as const;

export const outboxQuerySchema = z.strictObject({
  status: z.enum(outboxStatuses).optional(),
  channel: z.enum(outboxChannels).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  lang: z.string().max(20).optional(),
});

export const outboxMessageSchema = z
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
export type OutboxMessage = z.infer<typeof outboxMessageSchema>;

export const outboxPageSchema = z.object({
  items: z.array(outboxMessageSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type OutboxPage = z.infer<typeof outboxPageSchema>;
