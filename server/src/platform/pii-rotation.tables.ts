// Progress of a PII key rotation: one row per registered table, its cursor advanced in the batch's transaction.
import { sql } from 'drizzle-orm';
import { bigint, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export const piiRotations = pgTable(
  'pii_rotations',
  {
    /** The key every value is re-encrypted under (pii key id, 8 hex). */
    toKeyId: text('to_key_id').notNull(),
    tableName: text('table_name').notNull(),
    /** The previous keys configured when the rotation started (comma-separated key ids; `v1` = the original format). */
    fromKeyIds: text('from_key_ids').notNull(),
    /** The primary key of the last row processed (column values in key order); null before the first batch. */
    cursor: jsonb('cursor').$type<string[] | null>(),
    /** Rows passed by the cursor, and of those the ones that held a value under an older key (re-encrypted). */
    rowsDone: bigint('rows_done', { mode: 'number' }).notNull().default(0),
    rowsChanged: bigint('rows_changed', { mode: 'number' }).notNull().default(0),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().default(sql`now()`),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().default(sql`now()`),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.toKeyId, t.tableName] })],
);
