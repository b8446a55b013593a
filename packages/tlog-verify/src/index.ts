// @boai/tlog-verify: check Boai's public ledger without trusting the server (or this repository's server code).
// Pure verification — RFC 9162 Merkle proofs, RFC 8785 leaves, C2SP signed-note checkpoints and tlog-cosignature/v1,
// tlog-tiles resources, Boai identity commitments — on @noble/hashes and @noble/curves, so it runs in Node and browsers.
export {
  concatBytes,
  equalBytes,
  fromBase64,
  fromBase64Url,
  fromHex,
  fromUtf8,
  toBase64,
  toBase64Url,
  toHex,
  utf8,
} from './bytes';
export { canonicalJson, isCanonicalJson, type JsonValue } from './canonical-json';
export { COMMITMENT_PREFIX, decodeSalt, identityCommitment, SALT_SIZE, verifyCommitment } from './commitment';
export {
  createTreeHasher,
  emptyRootHash,
  HASH_SIZE,
  leafHash,
  nodeHash,
  rootFromInclusionProof,
  rootFromLeafHashes,
  type TreeHasher,
  verifyConsistency,
  verifyInclusion,
} from './merkle';
export {
  type Checkpoint,
  computeKeyId,
  cosignatureMessage,
  describeKey,
  formatVerifierKey,
  type NoteSignature,
  parseCheckpoint,
  parseCosignatureBytes,
  parseSignedNote,
  parseVerifierKey,
  SIGNATURE_TYPE,
  type SignatureType,
  type SignedNote,
  type VerifierKey,
  VerifyError,
  verifyCheckpoint,
  verifyCosignature,
  verifyNote,
} from './note';
export {
  formatTileIndex,
  MAX_TILE_LEVEL,
  parseTilePath,
  readEntryBundle,
  readHashTile,
  TILE_WIDTH,
  type TileRef,
  tilePath,
} from './tiles';
export {
  createExportVerifier,
  type EntryCheck,
  type EntryWithProof,
  type ExportedEntry,
  parseExportLine,
  verifyCheckpointConsistency,
  verifyEntry,
} from './verify';
