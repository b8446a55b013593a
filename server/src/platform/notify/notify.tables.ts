// The notification outbox: messages are written in the business transaction and delivered by a job with retries.
import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const outboxMessages = pgTable(
  'outbox_messages',
  {
    id: uuid('id').primaryKey(),
    channel: text('channel').notNull(),
    template: text('template').notNull(),
    recipientEnc: text('recipient_enc').notNull(),
    recipientMasked: text('recipient_masked').notNull(),
    subject: text('subject'),
    body: text('body').notNull(),
    /** Bodies holding secrets (one-time codes) are never shown outside the dev adapter. */
    isSecret: integer('is_secret').notNull().default(0),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    adapter: text('adapter'),
    dedupeKey: text('dedupe_key'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [index('outbox_due_idx').on(t.status, t.nextAttemptAt), uniqueIndex('outbox_dedupe_key').on(t.dedupeKey)],
);
