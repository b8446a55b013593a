// The transparency log's public API: append an entry inside the caller's transaction, sign checkpoints, and serve
// entries with inclusion and consistency proofs (RFC 9162 over the canonical-JSON leaves).
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';
import { AppError } from '../../platform/errors';
import { defineJob } from '../../platform/jobs/jobs.service';
import { canonicalize, type JsonValue } from './canonical-json';
import { type LogSigner, signCheckpoint as signCheckpointNote } from './checkpoint';
import * as repo from './ledger.repo';
import type { LedgerConsistencyView, LedgerEntryView } from './ledger.schemas';
import { appendToFrontier, consistencyProof, frontierRoot, inclusionProof, leafHash } from './merkle';

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

const toBase64 = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
const fromBase64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

/**
 * Appends one entry to the log in the caller's transaction: the leaf is the canonical JSON of `{ kind, ...facts }`,
 * its index the current log size. The state row is locked until the caller commits, so concurrent appends get
 * consecutive indexes, and a rolled-back append leaves no entry and no gap.
 * Throws Error when called outside a transaction; VALIDATION_FAILED for an empty kind, a `kind` member in facts,
 * a member name that looks like personal data (name, idNumber, phone, …) or a value JSON cannot hold.
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
  const state = await repo.lockState(tx);
  const frontier = { size: state.size, hashes: state.frontier.map(fromBase64) };
  await repo.insertEntry(tx, { index: state.size, kind: entry.kind, leaf, leafHash: hash });
  const next = appendToFrontier(frontier, hash);
  await repo.updateState(tx, next.size, next.hashes.map(toBase64));
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
  try {
    return canonicalize({ kind, ...facts });
  } catch (error) {
    throw invalid('facts', error instanceof Error ? error.message : String(error));
  }
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

/** The latest signed checkpoint note. Throws NOT_FOUND before the first checkpoint. */
export async function getLatestCheckpointNote(db: Db): Promise<string> {
  const latest = await repo.findLatestCheckpoint(db);
  if (!latest) {
    throw new AppError('NOT_FOUND');
  }
  return latest.note;
}

/**
 * One entry with its inclusion proof in the tree of `treeSize` leaves; by default the latest checkpoint's size when
 * that checkpoint holds the entry, else the current log size (the next checkpoint will cover it).
 * Throws NOT_FOUND for an index not in the log; VALIDATION_FAILED for a tree size that does not hold the entry or
 * exceeds the log.
 */
export async function getInclusionProof(db: Db, index: number, treeSize?: number): Promise<LedgerEntryView> {
  const entry = await repo.findEntry(db, index);
  if (!entry) {
    throw new AppError('NOT_FOUND');
  }
  const size = (await repo.findState(db))?.size ?? 0;
  let proofSize = treeSize;
  if (proofSize === undefined) {
    const latest = await repo.findLatestCheckpoint(db);
    proofSize = latest && latest.size > index ? latest.size : size;
  }
  if (proofSize <= index || proofSize > size) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ field: 'querystring.treeSize', message: `must be above ${index} and at most ${size}` }],
    });
  }
  const hashes = await repo.listLeafHashes(db, proofSize);
  return {
    index,
    kind: entry.kind,
    leaf: entry.leaf,
    leafHash: toBase64(entry.leafHash),
    treeSize: proofSize,
    inclusionProof: inclusionProof(hashes, index).map(toBase64),
  };
}

/**
 * The consistency proof from the tree of `oldSize` leaves to the tree of `newSize` leaves.
 * Throws VALIDATION_FAILED when `oldSize` > `newSize` or `newSize` exceeds the log.
 */
export async function getConsistencyProof(db: Db, oldSize: number, newSize: number): Promise<LedgerConsistencyView> {
  const size = (await repo.findState(db))?.size ?? 0;
  if (oldSize > newSize || newSize > size) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ field: 'querystring', message: `need from <= to <= ${size}` }],
    });
  }
  const hashes = await repo.listLeafHashes(db, newSize);
  return { from: oldSize, to: newSize, proof: consistencyProof(hashes, oldSize).map(toBase64) };
}

/** Registers the recurring `ledger.checkpoint` job: a signed checkpoint every minute whenever the log grew. */
export function defineLedgerJobs(signer: LogSigner, origin: string): void {
  defineJob(
    'ledger.checkpoint',
    async (db) => {
      await signCheckpoint(db, { origin, signer });
    },
    { everyMs: 60_000, transactional: true },
  );
}
