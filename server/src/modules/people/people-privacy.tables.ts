// Personal-data requests (PIPL Art. 44–47): a person asks for a copy of their data or for its deletion; staff handle
// the request within 15 working days. The subject is kept as blind indexes and a masked label, never in clear.
import { date, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const privacyRequests = pgTable(
  'privacy_requests',
  {
    id: uuid('id').primaryKey(),
    requestNo: text('request_no').notNull().unique('privacy_requests_no_key'),
    /** export | erase */
    kind: text('kind').notNull(),
    /** open → completed | refused */
    status: text('status').notNull(),
    /** staff | self_service */
    channel: text('channel').notNull(),
    /** The unit that handles the request (the person's unit, or the unit the staff member chose). */
    orgId: integer('org_id').notNull(),
    subjectIdHash: text('subject_id_hash'),
    subjectPhoneHash: text('subject_phone_hash'),
    /** Masked ID number or phone, for the list (330***********1234, 138****5678). */
    subjectMasked: text('subject_masked').notNull(),
    /** The public account that asked (self-service). */
    publicAccountId: uuid('public_account_id'),
    receivedOn: date('received_on').notNull(),
    /** 15 working days after receipt. */
    dueOn: date('due_on').notNull(),
    note: text('note'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    completedBy: text('completed_by'),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    /** What the erasure did: per table, rows deleted / anonymised / retained (counts only). */
    outcome: jsonb('outcome'),
  },
  (t) => [
    index('privacy_requests_org_idx').on(t.orgId, t.status, t.dueOn),
    index('privacy_requests_id_hash_idx').on(t.subjectIdHash),
    index('privacy_requests_phone_hash_idx').on(t.subjectPhoneHash),
  ],
);
