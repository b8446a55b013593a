// Stored files: evidence (bank slips, invoices, agreements, signed receipts) and generated documents (certificates,
// receipts). Content-addressed by SHA-256; bytes in the database so a backup holds everything.
import { bigint, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { bytea } from '../../db/columns';

export const storedFiles = pgTable(
  'stored_files',
  {
    id: uuid('id').primaryKey(),
    /** What the file is for: 'evidence', 'certificate', 'receipt', 'agreement', … */
    purpose: text('purpose').notNull(),
    name: text('name').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    data: bytea('data').notNull(),
    /** The unit whose staff may read it (null: platform-generated public document). */
    orgId: integer('org_id'),
    /**
     * Who else may read it once a record claims it (attachFiles): staff holding this permission at `org_id` or above.
     * Null: the uploader only — or, for files from before attaching existed, staff who may view gifts or goods.
     */
    readPermission: text('read_permission'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('stored_files_sha256_idx').on(t.sha256)],
);
