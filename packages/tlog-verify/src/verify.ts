// What a donor, the trace page or an auditor checks, built from the pieces: one entry against a signed checkpoint
// (with the donor's commitment), two checkpoints against each other, and a whole exported log against a checkpoint.
import { equalBytes, fromBase64, fromHex, toHex, utf8 } from './bytes';
import { isCanonicalJson } from './canonical-json';
import { verifyCommitment } from './commitment';
import { createTreeHasher, leafHash, verifyConsistency, verifyInclusion } from './merkle';
import { type Checkpoint, VerifyError, verifyCheckpoint } from './note';

/** An entry as `GET /api/ledger/entries/:index` serves it (hashes in standard base64). */
export type EntryWithProof = {
  readonly index: number;
  /** The exact leaf bytes (RFC 8785 canonical JSON). */
  readonly leaf: string;
  readonly leafHash?: string;
  readonly treeSize: number;
  readonly inclusionProof: readonly string[];
};

export type EntryCheck = {
  readonly checkpoint: Checkpoint;
  readonly index: number;
  /** Hex of the leaf hash. */
  readonly leafHash: string;
  /** The leaf member holding the donor's commitment, when a salt and identity were given. */
  readonly commitmentField?: string;
};

/**
 * Verifies one ledger entry without trusting the server: the checkpoint is signed by the log key, the leaf is
 * canonical JSON hashing to the claimed (and, from a certificate, expected) leaf hash, the inclusion proof leads from
 * it to the checkpoint's root at the checkpoint's size, and, given a salt and identity, the leaf commits to them.
 * Throws VerifyError naming the first check that fails.
 */
export function verifyEntry(input: {
  entry: EntryWithProof;
  checkpointNote: string;
  logKey: string;
  origin?: string;
  /** The leaf hash printed on the certificate, hex or base64. */
  expectedLeafHash?: string;
  salt?: string;
  identity?: string;
}): EntryCheck {
  const { entry } = input;
  const checkpoint = verifyCheckpoint(input.checkpointNote, input.logKey, { origin: input.origin });
  if (entry.treeSize !== checkpoint.size) {
    throw new VerifyError(
      `the proof is for a tree of ${entry.treeSize} entries, the checkpoint has ${checkpoint.size}`,
    );
  }
  if (!isCanonicalJson(entry.leaf)) {
    throw new VerifyError(`entry ${entry.index}: the leaf is not RFC 8785 canonical JSON`);
  }
  const hash = leafHash(utf8(entry.leaf));
  if (entry.leafHash !== undefined && !sameHash(hash, entry.leafHash)) {
    throw new VerifyError(`entry ${entry.index}: the leaf hash served does not match the leaf bytes`);
  }
  if (input.expectedLeafHash !== undefined && !sameHash(hash, input.expectedLeafHash)) {
    throw new VerifyError(`entry ${entry.index}: the leaf is not the one on the certificate (leaf hash differs)`);
  }
  const proof = decodeHashes(entry.inclusionProof, 'inclusion proof');
  if (!verifyInclusion(hash, entry.index, checkpoint.size, proof, checkpoint.rootHash)) {
    throw new VerifyError(`entry ${entry.index}: the inclusion proof does not lead to the checkpoint's root`);
  }
  let commitmentField: string | undefined;
  if (input.salt !== undefined || input.identity !== undefined) {
    if (input.salt === undefined || input.identity === undefined) {
      throw new VerifyError('checking the commitment needs both the salt and the identity');
    }
    commitmentField = verifyCommitment(entry.leaf, input.salt, input.identity).field;
  }
  return { checkpoint, index: entry.index, leafHash: toHex(hash), commitmentField };
}

/**
 * Verifies that the log only appended between two checkpoints, each signed by the log key.
 * Throws VerifyError when a signature fails, the new checkpoint is smaller, or the proof does not verify.
 */
export function verifyCheckpointConsistency(input: {
  oldNote: string;
  newNote: string;
  proof: readonly string[];
  logKey: string;
  origin?: string;
}): { old: Checkpoint; current: Checkpoint } {
  const old = verifyCheckpoint(input.oldNote, input.logKey, { origin: input.origin });
  const current = verifyCheckpoint(input.newNote, input.logKey, { origin: input.origin });
  if (current.size < old.size) {
    throw new VerifyError(`the log shrank: checkpoint of ${current.size} entries after one of ${old.size}`);
  }
  const proof = decodeHashes(input.proof, 'consistency proof');
  if (!verifyConsistency(old.size, current.size, old.rootHash, current.rootHash, proof)) {
    throw new VerifyError(
      `the log was rewritten: no valid consistency proof from ${old.size} to ${current.size} entries`,
    );
  }
  return { old, current };
}

/** One line of `GET /api/ledger/export` (NDJSON): the entry's index, its exact leaf, its leaf hash (base64). */
export type ExportedEntry = { readonly index: number; readonly leaf: string; readonly leafHash?: string };

/** Parses one export line; throws VerifyError for anything but `{ index, leaf, leafHash? }`. */
export function parseExportLine(line: string, lineNumber: number): ExportedEntry {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new VerifyError(`export line ${lineNumber} is not JSON`);
  }
  const v = value as Partial<Record<string, unknown>>;
  if (
    value === null ||
    typeof value !== 'object' ||
    !Number.isSafeInteger(v.index) ||
    typeof v.leaf !== 'string' ||
    (v.leafHash !== undefined && typeof v.leafHash !== 'string')
  ) {
    throw new VerifyError(`export line ${lineNumber} is not {"index","leaf","leafHash"}`);
  }
  return { index: v.index as number, leaf: v.leaf, leafHash: v.leafHash as string | undefined };
}

/**
 * Verifies an exported log entry by entry against a signed checkpoint: indexes run 0, 1, 2, … with none missing,
 * repeated or out of order; every leaf is canonical JSON and matches its stated leaf hash; the first `checkpoint.size`
 * leaves hash to the checkpoint's root. Entries past the checkpoint are checked but not hashed into the root.
 * `push` and `finish` throw VerifyError naming the first bad index.
 */
export function createExportVerifier(checkpoint: Pick<Checkpoint, 'size' | 'rootHash'>) {
  const tree = createTreeHasher();
  let count = 0;
  return {
    push(entry: ExportedEntry): void {
      if (entry.index !== count) {
        throw new VerifyError(
          `entry ${count}: the export holds index ${entry.index} in its place (an entry is missing, repeated or moved)`,
          { index: count },
        );
      }
      if (!isCanonicalJson(entry.leaf)) {
        throw new VerifyError(`entry ${count}: the leaf is not RFC 8785 canonical JSON`, { index: count });
      }
      const hash = leafHash(utf8(entry.leaf));
      if (entry.leafHash !== undefined && !sameHash(hash, entry.leafHash)) {
        throw new VerifyError(`entry ${count}: the stated leaf hash does not match the leaf bytes`, { index: count });
      }
      if (count < checkpoint.size) {
        tree.append(hash);
      }
      count++;
    },
    /** Checks the root once every entry is in; returns the number of entries seen. */
    finish(): { entries: number } {
      if (count < checkpoint.size) {
        throw new VerifyError(`the export ends after ${count} entries; the checkpoint covers ${checkpoint.size}`, {
          index: count,
        });
      }
      if (!equalBytes(tree.root(), checkpoint.rootHash)) {
        throw new VerifyError(
          `the first ${checkpoint.size} entries do not hash to the checkpoint's root: an entry was changed, removed, added or reordered`,
        );
      }
      return { entries: count };
    },
  };
}

function decodeHashes(hashes: readonly string[], what: string): Uint8Array[] {
  return hashes.map((text, i) => {
    const bytes = fromBase64(text);
    if (bytes?.length !== 32) {
      throw new VerifyError(`${what} element ${i} is not the base64 of a 32-byte hash`);
    }
    return bytes;
  });
}

// A hash given as hex (certificates print hex) or standard base64 (the API serves base64).
function sameHash(hash: Uint8Array, text: string): boolean {
  const bytes = /^[0-9a-fA-F]{64}$/.test(text) ? fromHex(text) : fromBase64(text);
  return bytes !== undefined && equalBytes(hash, bytes);
}
