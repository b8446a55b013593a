// The public ledger's contract: how to ask for entries and proofs, and what comes back. Hashes are standard base64.
import { z } from 'zod';

/** A leaf index or tree size: a non-negative safe integer, from the path or query string. */
const sizeSchema = z.coerce.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const base64HashSchema = z.string().describe('standard base64 of a 32-byte SHA-256 hash');

export const ledgerKeyViewSchema = z.object({
  origin: z.string(),
  verifierKey: z.string().describe('signed-note verifier key: <name>+<key ID>+<base64 Ed25519 public key>'),
  witnesses: z
    .array(z.string())
    .describe('verifier keys (type 0x04, tlog-cosignature/v1) of the witnesses whose cosignatures this log serves'),
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

export const ledgerCheckpointParamsSchema = z.object({ size: sizeSchema });

/** A witness's cosignature of one checkpoint, as `boai witness` prints it. */
export const ledgerCosignatureInputSchema = z.object({
  treeSize: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  cosignature: z
    .string()
    .max(400)
    .describe('the C2SP tlog-cosignature/v1 signature line: "— <witness name> <base64(key ID || time || signature)>"'),
});
export type LedgerCosignatureInput = z.infer<typeof ledgerCosignatureInputSchema>;

export const ledgerCosignatureViewSchema = z.object({
  treeSize: z.number().int().positive(),
  /** `<name>+<key ID>` of the witness. */
  witness: z.string(),
  signedAt: z.iso.datetime(),
});
export type LedgerCosignatureView = z.infer<typeof ledgerCosignatureViewSchema>;

export const ledgerTileParamsSchema = z.object({
  '*': z.string().max(100).describe('the tlog-tiles path after tile/: <L>/<N>[.p/<W>] or entries/<N>[.p/<W>]'),
});

export const ledgerExportQuerySchema = z.object({
  from: sizeSchema.default(0),
  to: sizeSchema.optional().describe('exclusive; by default the latest checkpoint size (at most 50,000 entries)'),
});
