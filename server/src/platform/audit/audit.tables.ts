// The audit trail: one append-only row per mutation, written in the mutation's own transaction, and the hash chain
// that seals those rows (docs/audit.md).
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';

export const auditLog = pgTable(
  'audit_log',
  {
    regionId: integer('region_id').notNull(),
    id: bigserial('id', { mode: 'number' }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorKind: text('actor_kind').notNull(),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    orgId: integer('org_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    reason: text('reason'),
    requestId: text('request_id'),
    ip: text('ip'),
    /** The inserting transaction's id (64-bit, never wraps): the sealer seals a row once no older one can commit. */
    xid: bigint('xid', { mode: 'number' }).notNull().default(sql`(pg_current_xact_id()::text::bigint)`),
  },
  (t) => [
    primaryKey({ name: 'audit_log_pkey', columns: [t.regionId, t.id] }),
    index('audit_log_at_idx').on(t.at),
    index('audit_log_entity_idx').on(t.entityType, t.entityId),
    index('audit_log_actor_idx').on(t.actorId, t.at),
    // The chain's order: the sealer's cursor walks it.
    index('audit_log_chain_order_idx').on(t.xid, t.regionId, t.id),
  ],
);

/**
 * The hash chain over audit rows, in sealing order (xid, region_id, id): hash = SHA-256(prev_hash || the row's
 * canonical encoding). One row per audit row, written once by the sealer (audit-chain.ts).
 */
export const auditChain = pgTable(
  'audit_chain',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    xid: bigint('xid', { mode: 'number' }).notNull(),
    regionId: integer('region_id').notNull(),
    auditId: bigint('audit_id', { mode: 'number' }).notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    sealedAt: timestamp('sealed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('audit_chain_audit_row_key').on(t.regionId, t.auditId)],
);

/** Signed chain heads (Ed25519 over seq and hash): truncating the chain's tail below a head is detected. */
export const auditChainHeads = pgTable('audit_chain_heads', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  hash: text('hash').notNull(),
  signedAt: timestamp('signed_at', { withTimezone: true }).notNull(),
  keyId: text('key_id').notNull(),
  signature: text('signature').notNull(),
});

/** One row (id 1): the outcome of the latest verification, shown on the chain status route. */
export const auditChainState = pgTable('audit_chain_state', {
  id: integer('id').primaryKey(),
  verifiedAt: timestamp('verified_at', { withTimezone: true }).notNull(),
  isIntact: boolean('is_intact').notNull(),
  report: jsonb('report').notNull(),
});
