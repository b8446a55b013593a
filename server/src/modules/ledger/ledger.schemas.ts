// The public ledger's contract: how to ask for entries and proofs, and what comes back. Hashes are standard base64.
import { z } from 'zod';

/** A leaf index or tree size: a non-negative safe integer, from the path or query string. */
const sizeSchema = z.coerce.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const base64HashSchema = z.string().describe('standard base64 of a 32-byte SHA-256 hash');

export const ledgerKeyViewSchema = z.object({
  origin: z.string(),
  verifierKey: z.string().describe('signed-note verifier key: <name>+<key ID>+<base64 Ed25519 public key>'),
});
export type LedgerKeyView = z.infer<typeof ledgerKeyViewSchema>;

export const ledgerEntryParamsSchema = z.object({ index: sizeSchema });
export const ledgerEntryQuerySchema = z.object({
  treeSize: sizeSchema
    .optional()
    .describe('the tree size to prove inclusion in; by default the latest checkpoint that holds the entry'),
});

export const ledgerEntryViewSchema = z.object({
  index: z.number().int().nonnegative(),
  kind: z.string(),
  /** The RFC 8785 canonical JSON the leaf hash covers, exactly as hashed. */
  leaf: z.string(),
  leafHash: base64HashSchema,
  treeSize: z.number().int().positive(),
  /** RFC 9162 audit path for `index` in the tree of `treeSize` leaves, deepest sibling first. */
  inclusionProof: z.array(base64HashSchema),
});
export type LedgerEntryView = z.infer<typeof ledgerEntryViewSchema>;

export const ledgerConsistencyQuerySchema = z.object({ from: sizeSchema, to: sizeSchema });

export const ledgerConsistencyViewSchema = z.object({
  from: z.number().int().nonnegative(),
  to: z.number().int().nonnegative(),
  /** RFC 9162 consistency proof that the tree of `from` leaves is a prefix of the tree of `to` leaves. */
  proof: z.array(base64HashSchema),
});
export type LedgerConsistencyView = z.infer<typeof ledgerConsistencyViewSchema>;
