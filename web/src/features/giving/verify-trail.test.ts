// The trace page's checks against real ledger material from a Boai server, and against copies altered one field at a
// time: each alteration must turn exactly the right check red.
import { describe, expect, it } from 'vitest';
import { trailFixture as f } from './trail-fixture';
import { checkAppendOnly, checkCommitment, checkTrail, type TrailCheck } from './verify-trail';

const named = { key: f.key, checkpointNote: f.newNote, entry: f.named.entry, gift: f.named.gift };
const secret = { salt: f.named.gift.salt ?? '', name: f.named.gift.donorName };
const anonymousSalt = f.anonymous.gift.salt ?? '';

function verdicts(checks: TrailCheck[]): Record<string, string> {
  return Object.fromEntries(checks.map((c) => [c.id, c.ok ? 'ok' : c.reason]));
}

/** The base64 of `text` with one character changed, keeping it valid base64 of the same length. */
function flipBase64(text: string, at = 5): string {
  const c = text[at] === 'A' ? 'B' : 'A';
  return text.slice(0, at) + c + text.slice(at + 1);
}

describe('checkTrail', () => {
  it('passes every check for a real entry, checkpoint and donor salt', () => {
    expect(secret.salt).toHaveLength(22);
    const result = checkTrail({ ...named, donor: secret });
    expect(verdicts(result.checks)).toEqual({
      signature: 'ok',
      leafHash: 'ok',
      inclusion: 'ok',
      facts: 'ok',
      commitment: 'ok',
    });
    expect(result.checkpoint?.size).toBe(f.named.entry.treeSize);
  });

  it('checks an anonymous gift against the empty name', () => {
    const result = checkTrail({
      key: f.key,
      checkpointNote: f.newNote,
      entry: f.anonymous.entry,
      gift: f.anonymous.gift,
      donor: { salt: anonymousSalt, name: null },
    });
    expect(result.checks.every((c) => c.ok)).toBe(true);
  });

  it('refuses a checkpoint whose signature was altered, and then cannot vouch for inclusion', () => {
    const lines = f.newNote.split('\n');
    const sigLine = lines[4];
    const sigAt = sigLine.lastIndexOf(' ') + 20;
    lines[4] = sigLine.slice(0, sigAt) + (sigLine[sigAt] === 'A' ? 'B' : 'A') + sigLine.slice(sigAt + 1);
    const v = verdicts(checkTrail({ ...named, checkpointNote: lines.join('\n') }).checks);
    expect(v.signature).toBe('badSignature');
    expect(v.inclusion).toBe('noCheckpoint');
    expect(v.leafHash).toBe('ok');
  });

  it('refuses a checkpoint whose root hash was swapped (the signature no longer covers it)', () => {
    const lines = f.newNote.split('\n');
    lines[2] = flipBase64(lines[2]);
    expect(verdicts(checkTrail({ ...named, checkpointNote: lines.join('\n') }).checks).signature).toBe('badSignature');
  });

  it('refuses a different log key than the one this device saw before', () => {
    const v = verdicts(checkTrail({ ...named, pinnedKey: 'other.example/log+00000000+AAAA' }).checks);
    expect(v.signature).toBe('keyChanged');
    expect(v.inclusion).toBe('noCheckpoint');
  });

  it('catches a leaf whose amount was changed: the hash and the inclusion proof both fail', () => {
    const leaf = f.named.entry.leaf.replace('"amountFen":5000', '"amountFen":500000');
    expect(leaf).not.toBe(f.named.entry.leaf);
    const v = verdicts(checkTrail({ ...named, entry: { ...f.named.entry, leaf } }).checks);
    expect(v.leafHash).toBe('leafHashMismatch');
    expect(v.inclusion).toBe('proofFails');
  });

  it('catches an altered proof step', () => {
    const proof = [...f.named.entry.inclusionProof];
    proof[0] = flipBase64(proof[0]);
    expect(
      verdicts(checkTrail({ ...named, entry: { ...f.named.entry, inclusionProof: proof } }).checks).inclusion,
    ).toBe('proofFails');
  });

  it('catches a proof for another tree size than the checkpoint', () => {
    const v = verdicts(
      checkTrail({ ...named, entry: { ...f.named.entry, treeSize: f.named.entry.treeSize - 1 } }).checks,
    );
    expect(v.inclusion).toBe('sizeMismatch');
  });

  it('catches a valid entry that belongs to another gift', () => {
    const v = checkTrail({ ...named, entry: f.anonymous.entry });
    const facts = v.checks.find((c) => c.id === 'facts');
    expect(facts).toMatchObject({ ok: false, reason: 'otherGift' });
    expect(facts?.detail).toContain('ref');
    // The other entry is itself genuine: only the facts check says it is not this gift.
    expect(verdicts(v.checks)).toMatchObject({ signature: 'ok', leafHash: 'ok', inclusion: 'ok' });
  });

  it('refuses the commitment with another name or another salt', () => {
    expect(checkCommitment(f.named.entry.leaf, { ...secret, name: '欧阳明日' })).toMatchObject({
      ok: false,
      reason: 'commitmentMismatch',
    });
    expect(checkCommitment(f.named.entry.leaf, { ...secret, salt: anonymousSalt })).toMatchObject({
      ok: false,
      reason: 'commitmentMismatch',
    });
    expect(checkCommitment(f.named.entry.leaf, { ...secret, salt: 'not-a-salt' })).toMatchObject({
      ok: false,
      reason: 'badSalt',
    });
  });

  it('accepts the name in NFC or with surrounding spaces, as typed on a phone', () => {
    expect(checkCommitment(f.named.entry.leaf, { salt: ` ${secret.salt} `, name: ` ${secret.name} ` }).ok).toBe(true);
  });
});

describe('checkAppendOnly', () => {
  const fetchProof = async (from: number, to: number) => {
    expect([from, to]).toEqual([173, 174]);
    return f.consistencyProof;
  };

  it('accepts the server consistency proof between two signed checkpoints', async () => {
    const check = await checkAppendOnly({ previousNote: f.oldNote, currentNote: f.newNote, key: f.key, fetchProof });
    expect(check).toMatchObject({ id: 'appendOnly', ok: true });
  });

  it('accepts the same checkpoint seen twice without asking for a proof', async () => {
    const check = await checkAppendOnly({
      previousNote: f.newNote,
      currentNote: f.newNote,
      key: f.key,
      fetchProof: () => Promise.reject(new Error('no proof needed')),
    });
    expect(check.ok).toBe(true);
  });

  it('reports a log that shrank', async () => {
    const check = await checkAppendOnly({ previousNote: f.newNote, currentNote: f.oldNote, key: f.key, fetchProof });
    expect(check).toMatchObject({ ok: false, reason: 'logShrank' });
  });

  it('reports a rewritten log when the proof does not link the two checkpoints', async () => {
    const altered = [...f.consistencyProof];
    altered[1] = flipBase64(altered[1]);
    const check = await checkAppendOnly({
      previousNote: f.oldNote,
      currentNote: f.newNote,
      key: f.key,
      fetchProof: async () => altered,
    });
    expect(check).toMatchObject({ ok: false, reason: 'logRewritten' });
  });
});
