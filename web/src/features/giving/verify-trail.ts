// The trace page's checks, run in the browser with @boai/tlog-verify: the checkpoint is signed by the published log key,
// the leaf hashes to what the server claims, the inclusion proof leads to the signed root, the leaf is this gift, the
// donor's salted commitment matches (with the salt), and the log only grew since this device last looked.
import {
  type Checkpoint,
  equalBytes,
  fromBase64,
  identityCommitment,
  isCanonicalJson,
  leafHash,
  toHex,
  utf8,
  VerifyError,
  verifyCheckpoint,
  verifyCheckpointConsistency,
  verifyInclusion,
} from '@boai/tlog-verify';
import type { LedgerEntryView, LedgerKeyView } from '../../../../server/src/modules/ledger/ledger.schemas';
import type { PublicDonation } from './api';

export type CheckId = 'signature' | 'leafHash' | 'inclusion' | 'facts' | 'commitment' | 'appendOnly';
/** Why a check failed, as a key of the giving namespace's `trace.reasons`. */
export type FailReason =
  | 'badSignature'
  | 'keyChanged'
  | 'leafHashMismatch'
  | 'noCheckpoint'
  | 'sizeMismatch'
  | 'proofFails'
  | 'notCanonical'
  | 'otherGift'
  | 'badSalt'
  | 'commitmentMismatch'
  | 'logShrank'
  | 'logRewritten';

export type TrailCheck =
  | { id: CheckId; ok: true; detail?: string }
  | { id: CheckId; ok: false; reason: FailReason; detail?: string };

export type DonorSecret = { salt: string; name: string | null };

export type TrailResult = {
  checks: TrailCheck[];
  /** The verified checkpoint (undefined when its signature failed). */
  checkpoint?: Checkpoint;
  leafHashHex: string;
};

function detailOf(error: unknown): string {
  return error instanceof VerifyError || error instanceof Error ? error.message : String(error);
}

function parseFacts(leaf: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(leaf) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The commitment check alone (also used by the form where a donor types the salt and name from the certificate). */
export function checkCommitment(leaf: string, secret: DonorSecret): TrailCheck {
  const donor = parseFacts(leaf)?.donor;
  // An anonymous gift commits to the empty name; a donor who gave a name may not remember whether they ticked 匿名.
  const identities = [...new Set([secret.name?.trim() ?? '', ''])];
  try {
    const matches = identities.some((identity) => identityCommitment(secret.salt.trim(), identity) === donor);
    return matches ? { id: 'commitment', ok: true } : { id: 'commitment', ok: false, reason: 'commitmentMismatch' };
  } catch (error) {
    return { id: 'commitment', ok: false, reason: 'badSalt', detail: detailOf(error) };
  }
}

/** The facts in the leaf that must be this gift's: its number, amount, project and ledger position. */
function checkFacts(entry: LedgerEntryView, gift: PublicDonation): TrailCheck {
  if (!isCanonicalJson(entry.leaf)) {
    return { id: 'facts', ok: false, reason: 'notCanonical' };
  }
  const facts = parseFacts(entry.leaf) ?? {};
  const expected: [string, unknown, unknown][] = [
    ['kind', facts.kind, 'donation.received'],
    ['ref', facts.ref, gift.donationNo],
    ['amountFen', facts.amountFen, gift.amountFen],
    ['project', facts.project, gift.projectCode],
    ['index', entry.index, gift.ledgerIndex],
  ];
  const wrong = expected.filter(([, actual, want]) => actual !== want).map(([name]) => name);
  return wrong.length === 0
    ? { id: 'facts', ok: true }
    : { id: 'facts', ok: false, reason: 'otherGift', detail: wrong.join(', ') };
}

/**
 * Runs every check that needs no further request. Each check stands alone, so the page shows exactly which one
 * failed; the inclusion check counts only against a checkpoint whose signature verified. `pinnedKey` is the key this
 * device saw before: a different key now fails the signature check (a swapped key would sign anything).
 */
export function checkTrail(input: {
  key: LedgerKeyView;
  checkpointNote: string;
  entry: LedgerEntryView;
  gift: PublicDonation;
  donor?: DonorSecret;
  pinnedKey?: string;
}): TrailResult {
  const { key, entry } = input;
  const checks: TrailCheck[] = [];

  let checkpoint: Checkpoint | undefined;
  if (input.pinnedKey && input.pinnedKey !== key.verifierKey) {
    checks.push({ id: 'signature', ok: false, reason: 'keyChanged', detail: key.verifierKey });
  } else {
    try {
      checkpoint = verifyCheckpoint(input.checkpointNote, key.verifierKey, { origin: key.origin });
      checks.push({ id: 'signature', ok: true, detail: `${checkpoint.origin} · ${checkpoint.size}` });
    } catch (error) {
      checks.push({ id: 'signature', ok: false, reason: 'badSignature', detail: detailOf(error) });
    }
  }

  const hash = leafHash(utf8(entry.leaf));
  const served = fromBase64(entry.leafHash);
  checks.push(
    served && equalBytes(served, hash)
      ? { id: 'leafHash', ok: true, detail: toHex(hash) }
      : { id: 'leafHash', ok: false, reason: 'leafHashMismatch', detail: toHex(hash) },
  );

  if (!checkpoint) {
    checks.push({ id: 'inclusion', ok: false, reason: 'noCheckpoint' });
  } else if (entry.treeSize !== checkpoint.size) {
    checks.push({
      id: 'inclusion',
      ok: false,
      reason: 'sizeMismatch',
      detail: `${entry.treeSize} ≠ ${checkpoint.size}`,
    });
  } else {
    const proof = entry.inclusionProof.map((h) => fromBase64(h) ?? new Uint8Array(0));
    checks.push(
      verifyInclusion(hash, entry.index, checkpoint.size, proof, checkpoint.rootHash)
        ? { id: 'inclusion', ok: true, detail: `#${entry.index} / ${checkpoint.size}` }
        : { id: 'inclusion', ok: false, reason: 'proofFails' },
    );
  }

  checks.push(checkFacts(entry, input.gift));
  if (input.donor) {
    checks.push(checkCommitment(entry.leaf, input.donor));
  }
  return { checks, checkpoint, leafHashHex: toHex(hash) };
}

/**
 * The log only grew between the checkpoint this device saw before and the current one (both signed by the key):
 * asks the server for a consistency proof and verifies it. A smaller tree, or a proof that fails, means the log was
 * rewritten.
 */
export async function checkAppendOnly(input: {
  previousNote: string;
  currentNote: string;
  key: LedgerKeyView;
  fetchProof: (from: number, to: number) => Promise<string[]>;
}): Promise<TrailCheck> {
  let previous: Checkpoint;
  let current: Checkpoint;
  try {
    previous = verifyCheckpoint(input.previousNote, input.key.verifierKey, { origin: input.key.origin });
    current = verifyCheckpoint(input.currentNote, input.key.verifierKey, { origin: input.key.origin });
  } catch (error) {
    return { id: 'appendOnly', ok: false, reason: 'badSignature', detail: detailOf(error) };
  }
  if (current.size < previous.size) {
    return { id: 'appendOnly', ok: false, reason: 'logShrank', detail: `${previous.size} → ${current.size}` };
  }
  try {
    const proof = current.size === previous.size ? [] : await input.fetchProof(previous.size, current.size);
    verifyCheckpointConsistency({
      oldNote: input.previousNote,
      newNote: input.currentNote,
      proof,
      logKey: input.key.verifierKey,
      origin: input.key.origin,
    });
    return { id: 'appendOnly', ok: true, detail: `${previous.size} → ${current.size}` };
  } catch (error) {
    return { id: 'appendOnly', ok: false, reason: 'logRewritten', detail: detailOf(error) };
  }
}

const seenKey = 'boai_ledger_seen';
export type SeenLedger = { verifierKey: string; checkpointNote: string };

/** The log key and latest verified checkpoint this device has seen (trust on first use, then consistency). */
export function seenLedger(): SeenLedger | undefined {
  try {
    const raw = localStorage.getItem(seenKey);
    const value = raw ? (JSON.parse(raw) as Partial<SeenLedger>) : undefined;
    return typeof value?.verifierKey === 'string' && typeof value.checkpointNote === 'string'
      ? { verifierKey: value.verifierKey, checkpointNote: value.checkpointNote }
      : undefined;
  } catch {
    return undefined;
  }
}

export function rememberLedger(seen: SeenLedger): void {
  try {
    localStorage.setItem(seenKey, JSON.stringify(seen));
  } catch {
    // Storage unavailable: the next visit starts afresh.
  }
}
