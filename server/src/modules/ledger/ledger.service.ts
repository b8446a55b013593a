// The transparency log's public API: append an entry inside the caller's transaction, sign checkpoints, and serve
// entries with inclusion and consistency proofs (RFC 9162 over the canonical-JSON leaves).
import {
  describeKey,
  formatVerifierKey,
  type NoteSignature,
  parseSignedNote,
  parseTilePath,
  TILE_WIDTH,
  type VerifierKey,
  verifyCosignature,
} from '@boai/tlog-verify';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { AppError } from '../../platform/errors';
import type { Ctx } from '../../platform/http/context';
import { defineJob } from '../../platform/jobs/jobs.service';
import { canonicalize, type JsonValue } from './canonical-json';
import { type LogSigner, signCheckpoint as signCheckpointNote } from './checkpoint';
import * as repo from './ledger.repo';
import type {
  LedgerConsistencyView,
  LedgerCosignatureInput,
  LedgerCosignatureView,
  LedgerEntryView,
} from './ledger.schemas';
import {
  areTilesInStep,
  checkTileCounts,
  readProof,
  readTileResource,
  rebuildLedgerTiles,
  tileAppendsFor,
} from './ledger-tiles';
import { appendToFrontier, frontierRoot, leafHash } from './merkle';
import { consistencyPlan, inclusionPlan } from './tile-math';

/** The public facts of one event: plain JSON, never personal data (the log is never rewritten, even on erasure). */
export type LedgerFacts = { readonly [key: string]: JsonValue };

// Member names that hold personal data, compared without case, '_' or '-'. Identities go in as salted commitments.
const PERSONAL_DATA_KEYS = new Set([
  'name',
  'fullname',
  'donorname',
  'recipientname',
  'idnumber',
  'idcard',
  'phone',
  'phonenumber',
  'mobile',
  'email',
  'address',
]);

// tlog-tiles entry bundles prefix each leaf with a uint16 length.
const MAX_LEAF_BYTES = 65_535;

const toBase64 = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
const fromBase64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

/**
 * Appends one entry to the log in the caller's transaction: the leaf is the canonical JSON of `{ kind, ...facts }`,
 * its index the current log size. The state row is locked until the caller commits, so concurrent appends get
 * consecutive indexes, and a rolled-back append leaves no entry and no gap.
 * The C2SP tlog-tiles hash tiles are updated in the same transaction (ledger-tiles.ts).
 * Throws Error when called outside a transaction; VALIDATION_FAILED for an empty kind, a `kind` member in facts,
 * a member name that looks like personal data (name, idNumber, phone, …), a value JSON cannot hold, or a leaf over
 * 65,535 bytes (the tlog-tiles entry limit).
 */
export async function appendLedgerEntry(
  tx: Db,
  entry: { kind: string; facts: LedgerFacts },
): Promise<{ index: number; leafHash: Uint8Array }> {
  if (!isTransaction(tx)) {
    throw new Error('appendLedgerEntry must run inside the transaction that records the event');
  }
  const leaf = toLeaf(entry.kind, entry.facts);
  const hash = leafHash(new TextEncoder().encode(leaf));
  // Under the lock from here to COMMIT, and every append waits for it: two statements, the lock and one write.
  const state = await repo.lockState(tx);
  const frontier = { size: state.size, hashes: state.frontier.map(fromBase64) };
  const tiles = tileAppendsFor(frontier, hash);
  const next = appendToFrontier(frontier, hash);
  const written = await repo.writeAppend(tx, {
    entry: { index: state.size, kind: entry.kind, leaf, leafHash: hash },
    size: next.size,
    frontier: next.hashes.map(toBase64),
    tiles,
  });
  checkTileCounts(written, tiles, next.size);
  return { index: state.size, leafHash: hash };
}

// A plain boolean, not a type guard: narrowing Db to PgTransaction<any> would lose the schema type.
function isTransaction(db: Db): boolean {
  return db instanceof PgTransaction;
}

function toLeaf(kind: string, facts: LedgerFacts): string {
  const invalid = (field: string, message: string) =>
    new AppError('VALIDATION_FAILED', { issues: [{ field, message }] });
  if (kind.trim() === '') {
    throw invalid('kind', 'a ledger entry needs a kind');
  }
  if ('kind' in facts) {
    throw invalid('facts.kind', 'kind is given separately, not among the facts');
  }
  const personal = findPersonalDataKey(facts, 'facts');
  if (personal) {
    throw invalid(personal, 'personal data never goes into the public ledger; commit to it with a salted hash');
  }
  let leaf: string;
  try {
    leaf = canonicalize({ kind, ...facts });
  } catch (error) {
    throw invalid('facts', error instanceof Error ? error.message : String(error));
  }
  if (Buffer.byteLength(leaf, 'utf8') > MAX_LEAF_BYTES) {
    throw invalid('facts', `a ledger leaf holds at most ${MAX_LEAF_BYTES} bytes`);
  }
  return leaf;
}

function findPersonalDataKey(value: JsonValue, path: string): string | undefined {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findPersonalDataKey(value[i], `${path}[${i}]`);
      if (found) {
        return found;
      }
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, member] of Object.entries(value as { [key: string]: JsonValue })) {
      if (PERSONAL_DATA_KEYS.has(key.toLowerCase().replace(/[_-]/g, ''))) {
        return `${path}.${key}`;
      }
      const found = findPersonalDataKey(member, `${path}.${key}`);
      if (found) {
        return found;
      }
    }
  }
  return undefined;
}

export type SignedCheckpoint = { size: number; rootHash: string; note: string; isNew: boolean };

/**
 * Signs a checkpoint (C2SP tlog-checkpoint note) of the log as committed now and stores it when the log grew since
 * the latest one; otherwise returns the latest (idempotent). Returns undefined while the log is empty and unsigned.
 */
export async function signCheckpoint(
  db: Db,
  key: { origin: string; signer: LogSigner },
): Promise<SignedCheckpoint | undefined> {
  const state = await repo.findState(db);
  const latest = await repo.findLatestCheckpoint(db);
  const size = state?.size ?? 0;
  if (size === 0 || (latest && latest.size >= size)) {
    return latest && { size: latest.size, rootHash: latest.rootHash, note: latest.note, isNew: false };
  }
  const root = frontierRoot({ size, hashes: state!.frontier.map(fromBase64) });
  const note = signCheckpointNote({ origin: key.origin, size, rootHash: root }, key.signer);
  const rootHash = toBase64(root);
  const isNew = await repo.insertCheckpoint(db, { size, rootHash, note });
  if (!isNew) {
    // Another instance signed this size a moment ago: serve the note it stored.
    const stored = (await repo.findCheckpoint(db, size))!;
    return { size, rootHash: stored.rootHash, note: stored.note, isNew };
  }
  return { size, rootHash, note, isNew };
}

/**
 * The latest signed checkpoint note, followed by the witnesses' cosignatures of it (C2SP tlog-cosignature lines).
 * Throws NOT_FOUND before the first checkpoint.
 */
export async function getLatestCheckpointNote(db: Db): Promise<string> {
  const latest = await repo.findLatestCheckpoint(db);
  if (!latest) {
    throw new AppError('NOT_FOUND');
  }
  return withCosignatures(db, latest);
}

/** The checkpoint note of one tree size, with its cosignatures. Throws NOT_FOUND when no checkpoint has that size. */
export async function getCheckpointNote(db: Db, size: number): Promise<string> {
  const checkpoint = await repo.findCheckpoint(db, size);
  if (!checkpoint) {
    throw new AppError('NOT_FOUND', { entity: 'ledger_checkpoint', size });
  }
  return withCosignatures(db, checkpoint);
}

async function withCosignatures(db: Db, checkpoint: repo.LedgerCheckpointRow): Promise<string> {
  const cosignatures = await repo.listCosignatures(db, checkpoint.size);
  return checkpoint.note + cosignatures.map((c) => `${c.signatureLine}\n`).join('');
}

/** How far in the future a witness's clock may run before its cosignature is refused (tlog-cosignature allows it). */
const COSIGNATURE_CLOCK_SKEW_S = 300;

/**
 * Stores a witness's C2SP tlog-cosignature/v1 of the checkpoint of `treeSize`, after checking it: the signature line
 * must be by one of `witnesses` (verifier keys of type 0x04 the deployment trusts), verify over that checkpoint, and
 * carry a time no more than five minutes ahead. A newer cosignature by the same witness replaces an older one.
 * Throws NOT_FOUND when no checkpoint has that size; FORBIDDEN for a witness key not configured; VALIDATION_FAILED
 * for a malformed line, a signature that does not verify or a time in the future.
 */
export async function submitCosignature(
  db: Db,
  ctx: Ctx,
  witnesses: readonly VerifierKey[],
  input: LedgerCosignatureInput,
  now: Date = new Date(),
): Promise<LedgerCosignatureView> {
  const invalid = (message: string) =>
    new AppError('VALIDATION_FAILED', { issues: [{ field: 'body.cosignature', message }] });
  return db.transaction(async (tx) => {
    const checkpoint = await repo.findCheckpoint(tx, input.treeSize);
    if (!checkpoint) {
      throw new AppError('NOT_FOUND', { entity: 'ledger_checkpoint', size: input.treeSize });
    }
    const { text } = parseSignedNote(checkpoint.note);
    const line = input.cosignature.replace(/\n$/, '');
    let signatures: readonly NoteSignature[];
    try {
      ({ signatures } = parseSignedNote(`${text}\n${line}\n`));
    } catch (error) {
      throw invalid(error instanceof Error ? error.message : String(error));
    }
    if (signatures.length !== 1) {
      throw invalid('send one signature line');
    }
    const [signature] = signatures;
    const witness = witnesses.find((w) => w.name === signature.name && w.keyId === signature.keyId);
    if (!witness) {
      throw new AppError('FORBIDDEN', { reason: 'not a witness this log accepts cosignatures from' });
    }
    let timestamp: number;
    try {
      ({ timestamp } = verifyCosignature(`${text}\n${line}\n`, witness));
    } catch (error) {
      throw invalid(error instanceof Error ? error.message : String(error));
    }
    if (timestamp > now.getTime() / 1000 + COSIGNATURE_CLOCK_SKEW_S) {
      throw invalid('the cosignature is dated in the future');
    }
    const witnessKey = formatVerifierKey(witness.name, witness.type, witness.publicKey);
    const signedAt = new Date(timestamp * 1000);
    await repo.upsertCosignature(tx, { size: checkpoint.size, witnessKey, signedAt, signatureLine: line });
    await recordAudit(tx, ctx, {
      action: 'ledger.cosigned',
      entityType: 'ledger_checkpoint',
      entityId: checkpoint.size,
      after: { witness: describeKey(witness), signedAt },
    });
    return { treeSize: checkpoint.size, witness: describeKey(witness), signedAt: signedAt.toISOString() };
  });
}

/**
 * A C2SP tlog-tiles resource by its path below `tile/` (`0/x001/234`, `1/000.p/17`, `entries/005`): the hashes of a
 * tile, or an entry bundle. `isFull` tiles never change. Throws NOT_FOUND for a path that is not a canonical tile
 * path, or a tile the log does not hold (yet).
 */
export async function getTileResource(db: Db, path: string): Promise<{ bytes: Uint8Array; isFull: boolean }> {
  const ref = parseTilePath(path);
  const bytes = ref && (await readTileResource(db, ref));
  if (!ref || !bytes) {
    throw new AppError('NOT_FOUND', { entity: 'ledger_tile', path });
  }
  return { bytes, isFull: ref.width === TILE_WIDTH };
}

/** Most entries one export request streams; the CLI pages through larger logs. */
export const MAX_EXPORT_ENTRIES = 50_000;

/**
 * Checks an export range and returns the NDJSON lines of entries [from, to), one `{"index","leaf","leafHash"}` per
 * line (leaf exactly as hashed, leafHash base64), read in pages. `to` defaults to the latest checkpoint's size, so
 * an export from 0 verifies against that checkpoint. Throws VALIDATION_FAILED for an empty or inverted range, one
 * past the latest checkpoint, or more than MAX_EXPORT_ENTRIES entries.
 */
export async function exportEntries(db: Db, from: number, to?: number): Promise<AsyncIterable<string>> {
  const signed = (await repo.findLatestCheckpoint(db))?.size ?? 0;
  const end = to ?? Math.min(signed, from + MAX_EXPORT_ENTRIES);
  if (from > end || end > signed || end - from > MAX_EXPORT_ENTRIES) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [
        {
          field: 'querystring',
          message: `need from <= to <= ${signed} (the latest checkpoint), at most ${MAX_EXPORT_ENTRIES} entries`,
        },
      ],
    });
  }
  return (async function* () {
    for (let page = from; page < end; page += 1000) {
      for (const entry of await repo.listEntries(db, page, Math.min(end, page + 1000))) {
        yield `${JSON.stringify({ index: entry.index, leaf: entry.leaf, leafHash: toBase64(entry.leafHash) })}\n`;
      }
    }
  })();
}

/**
 * One entry with its inclusion proof in the tree of `treeSize` leaves; by default the latest checkpoint's size when
 * that checkpoint holds the entry, else the current log size (the next checkpoint will cover it). A size asked for
 * must be signed already: at most the latest checkpoint's. Two queries: the entry with the log's and the latest
 * checkpoint's sizes, then the proof's hashes from O(log n) stored tiles; `stats` counts them.
 * Throws NOT_FOUND for an index not in the log; VALIDATION_FAILED for a tree size that does not hold the entry or
 * exceeds the latest checkpoint.
 */
export async function getInclusionProof(
  db: Db,
  index: number,
  treeSize?: number,
  stats?: repo.ReadStats,
): Promise<LedgerEntryView> {
  const entry = await repo.findEntryForProof(db, index, stats);
  if (!entry) {
    throw new AppError('NOT_FOUND');
  }
  const signed = entry.signedSize;
  let proofSize = treeSize;
  if (proofSize === undefined) {
    proofSize = signed > index ? signed : entry.logSize;
  } else if (proofSize <= index || proofSize > signed) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [
        {
          field: 'querystring.treeSize',
          message: `must be above ${index} and at most ${signed} (the latest checkpoint)`,
        },
      ],
    });
  }
  const tile0 = entry.tile0 ? { index: Math.floor(index / TILE_WIDTH), hashes: entry.tile0 } : undefined;
  const proof = await readProof(db, inclusionPlan(index, proofSize), stats, tile0);
  return {
    index,
    kind: entry.kind,
    leaf: entry.leaf,
    leafHash: toBase64(entry.leafHash),
    treeSize: proofSize,
    inclusionProof: proof.map(toBase64),
  };
}

/**
 * The consistency proof from the tree of `oldSize` leaves to the tree of `newSize` leaves, both at most the latest
 * checkpoint's size, computed from O(log n) hash tiles.
 * Throws VALIDATION_FAILED when `oldSize` > `newSize` or `newSize` exceeds the latest checkpoint.
 */
export async function getConsistencyProof(
  db: Db,
  oldSize: number,
  newSize: number,
  stats?: repo.ReadStats,
): Promise<LedgerConsistencyView> {
  const signed = (await repo.findLatestCheckpoint(db, stats))?.size ?? 0;
  if (oldSize > newSize || newSize > signed) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ field: 'querystring', message: `need from <= to <= ${signed} (the latest checkpoint)` }],
    });
  }
  const proof = await readProof(db, consistencyPlan(oldSize, newSize), stats);
  return { from: oldSize, to: newSize, proof: proof.map(toBase64) };
}

/** Registers the recurring `ledger.checkpoint` job: a signed checkpoint every minute whenever the log grew. */
/** Signs a checkpoint every `everyMs` (a minute by default) when the log grew: batches of gifts become verifiable. */
export function defineLedgerJobs(signer: LogSigner, origin: string, everyMs = 60_000): void {
  defineJob(
    'ledger.checkpoint',
    async (db) => {
      await signCheckpoint(db, { origin, signer });
    },
    { everyMs, transactional: true },
  );
}

/** The size of the latest signed checkpoint (null before the first one): what the public can verify right now. */
export async function latestCheckpointSize(db: Db): Promise<number | null> {
  return (await repo.findLatestCheckpoint(db))?.size ?? null;
}

/** The leaf hash (hex) of the entry at `index`; NOT_FOUND when the log has no such entry. */
export async function getLeafHashHex(db: Db, index: number): Promise<string> {
  const entry = await repo.findEntry(db, index);
  if (!entry) {
    throw new AppError('NOT_FOUND', { entity: 'ledger_entry', index });
  }
  return Buffer.from(entry.leafHash).toString('hex');
}

/**
 * Rebuilds the stored tiles when they are not in step with the log (a database from before tiles existed, or one
 * restored from a copy without them). Run at start-up, after migrations; returns whether it rebuilt.
 */
export async function ensureLedgerTiles(db: Db): Promise<boolean> {
  const size = (await repo.findState(db))?.size ?? 0;
  if (await areTilesInStep(db, size)) {
    return false;
  }
  await rebuildLedgerTiles(db);
  return true;
}
