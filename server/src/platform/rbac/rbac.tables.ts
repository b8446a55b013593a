// Roles (permission sets) and grants: a grant gives a user a role on an org unit and its whole subtree.
import { boolean, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const roles = pgTable('roles', {
  id: text('id').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  permissions: text('permissions').array().notNull(),
  isBuiltin: boolean('is_builtin').notNull().default(false),
});

export const grants = pgTable(
  'grants',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id').notNull(),
    roleId: text('role_id').notNull(),
    orgId: integer('org_id').notNull(),
    grantedBy: uuid('granted_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('grants_user_idx').on(t.userId), index('grants_org_idx').on(t.orgId)],
);
