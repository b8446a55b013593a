// The columns of an import's progress record. Each module keeps its own table of them (org_imports, gift_imports),
// built here so that one store and one runner serve them all.
import { integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export function importTable(name: string) {
  return pgTable(name, {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id').notNull(),
    fileName: text('file_name').notNull(),
    status: text('status').notNull(),
    totalRows: integer('total_rows').notNull().default(0),
    processedRows: integer('processed_rows').notNull().default(0),
    createdCount: integer('created_count').notNull().default(0),
    errors: jsonb('errors').notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  });
}

export type ImportTable = ReturnType<typeof importTable>;
