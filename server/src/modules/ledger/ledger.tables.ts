// The transparency log: its append-only entries, the one-row state (size and Merkle frontier) that serialises appends,
// and the signed checkpoints published so far. Coordinator tables in a Citus deployment.
import { bigint, customType, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** bytea as a Uint8Array on both drivers (pg answers a Buffer, PGlite a Uint8Array). */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
  fromDriver: (value) => new Uint8Array(value),
});

export const ledgerEntries = pgTable('ledger_entries', {
  /** The leaf position, from 0: the index in inclusion proofs. */
  index: bigint('index', { mode: 'number' }).primaryKey(),
  kind: text('kind').notNull(),
  /** RFC 8785 canonical JSON of the public facts: the exact bytes the leaf hash covers. */
  leaf: text('leaf').notNull(),
  /** SHA-256(0x00 || leaf), 32 bytes. */
  leafHash: bytea('leaf_hash').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const ledgerState = pgTable('ledger_state', {
  /** Always 1: the one row every append locks. */
  id: integer('id').primaryKey(),
  size: bigint('size', { mode: 'number' }).notNull(),
  /** The Merkle frontier (roots of the complete subtrees on the right edge), base64, leftmost first. */
  frontier: jsonb('frontier').$type<string[]>().notNull(),
});

export const ledgerCheckpoints = pgTable('ledger_checkpoints', {
  size: bigint('size', { mode: 'number' }).primaryKey(),
  /** Base64 of the 32-byte root hash of the tree of `size` leaves. */
  rootHash: text('root_hash').notNull(),
  /** The signed checkpoint note (C2SP tlog-checkpoint), served as is. */
  note: text('note').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
