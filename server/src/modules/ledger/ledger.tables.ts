// The transparency log: its append-only entries, the one-row state (size and Merkle frontier) that serialises appends,
// the C2SP tlog-tiles hash tiles kept in step with the entries, the signed checkpoints published so far and the
// witnesses' cosignatures on them. Coordinator tables in a Citus deployment.
import { bigint, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp } from 'drizzle-orm/pg-core';
import { bytea } from '../../db/columns';

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

/**
 * C2SP tlog-tiles hash tiles, written in the append transaction: tile (level L, index N) holds, left to right, the
 * MTH of each run of 256^L leaves from leaf N * 256^(L+1) on. A full tile holds 256 hashes and never changes; the
 * rightmost tile of each level grows by one hash whenever a run completes (every append at level 0). Proofs read
 * O(log n) of these rows instead of every leaf hash.
 */
export const ledgerTiles = pgTable(
  'ledger_tiles',
  {
    level: smallint('level').notNull(),
    index: bigint('index', { mode: 'number' }).notNull(),
    /** The tile's hashes concatenated, 32 bytes each: 8,192 bytes when full. */
    hashes: bytea('hashes').notNull(),
  },
  (t) => [primaryKey({ columns: [t.level, t.index] })],
);

/** Witnesses' C2SP tlog-cosignature/v1 signatures on checkpoints, served appended to the checkpoint note. */
export const ledgerCosignatures = pgTable(
  'ledger_cosignatures',
  {
    size: bigint('size', { mode: 'number' })
      .notNull()
      .references(() => ledgerCheckpoints.size),
    /** The witness's verifier key (`<name>+<key ID>+<base64(0x04 || public key)>`), one of the configured ones. */
    witnessKey: text('witness_key').notNull(),
    /** When the witness signed (POSIX seconds, from the cosignature itself). */
    signedAt: timestamp('signed_at', { withTimezone: true }).notNull(),
    /** The signature line exactly as signed-note writes it, without its newline. */
    signatureLine: text('signature_line').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.size, t.witnessKey] })],
);
