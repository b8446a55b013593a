// Tamper evidence for the audit trail (docs/audit.md): a sealer links committed audit rows into a SHA-256 hash chain
// in a deterministic order, signed heads pin its length, and a verifier recomputes it from the first link.
import crypto from 'node:crypto';
import type { Db } from '../../db/client';
import { AppError } from '../errors';
import type { Ctx } from '../http/context';
import { defineJob } from '../jobs/jobs.service';
import { scopePaths } from '../rbac/actor';
import * as repo from './audit-chain.repo';

/** The columns the chain hashes, in order: every column of audit_log (a test holds this to the table). */
export const chainedColumns = [
  'region_id',
  'id',
  'xid',
  'at',
  'actor_kind',
  'actor_id',
  'actor_label',
  'action',
  'entity_type',
  'entity_id',
  'org_id',
  'before',
  'after',
  'reason',
  'request_id',
  'ip',
] as const satisfies readonly (keyof repo.CanonicalAuditRow)[];

const ENCODING = 'boai-audit/v1';
export const GENESIS_HASH = '0'.repeat(64);

/** The bytes a row contributes: a JSON array of the encoding's name and every column as text (or null). */
export function canonicalAuditRow(row: repo.CanonicalAuditRow): string {
  return JSON.stringify([ENCODING, ...chainedColumns.map((c) => row[c])]);
}

/** SHA-256(previous hash || canonical row), hex. */
export function linkHash(prevHash: string, row: repo.CanonicalAuditRow): string {
  return crypto
    .createHash('sha256')
    .update(Buffer.from(prevHash, 'hex'))
    .update(canonicalAuditRow(row), 'utf8')
    .digest('hex');
}

// ------------------------------------------------------------------------------------------------------ head key

/** The Ed25519 key that signs chain heads, derived from the master secret (HKDF info 'boai/audit/ed25519/v1'). */
export type AuditChainKey = { keyId: string; publicKey: string; privateKey?: crypto.KeyObject };

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

const keyIdOf = (publicKeyRaw: Buffer) => crypto.createHash('sha256').update(publicKeyRaw).digest('hex').slice(0, 16);

export function deriveAuditChainKey(master: Buffer): AuditChainKey {
  const seed = Buffer.from(crypto.hkdfSync('sha256', master, Buffer.alloc(0), 'boai/audit/ed25519/v1', 32));
  const privateKey = crypto.createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const raw = Buffer.from(crypto.createPublicKey(privateKey).export({ format: 'jwk' }).x as string, 'base64url');
  return { keyId: keyIdOf(raw), publicKey: raw.toString('base64'), privateKey };
}

/** A verifier-only key from its published form (base64 of the 32-byte Ed25519 public key). */
export function parseAuditChainPublicKey(base64: string): AuditChainKey {
  const raw = Buffer.from(base64, 'base64');
  if (raw.length !== 32) {
    throw new Error('an audit chain public key is the base64 of 32 bytes');
  }
  return { keyId: keyIdOf(raw), publicKey: raw.toString('base64') };
}

const headMessage = (h: { seq: number; hash: string; signedAt: Date }) =>
  Buffer.from(`boai-audit-chain-head/v1\n${h.seq}\n${h.hash}\n${h.signedAt.toISOString()}\n`, 'utf8');

function isHeadSignedBy(head: repo.HeadRow, keys: readonly AuditChainKey[]): boolean {
  const key = keys.find((k) => k.keyId === head.keyId);
  if (!key) {
    return false;
  }
  const publicKey = crypto.createPublicKey({
    key: Buffer.concat([SPKI_ED25519_PREFIX, Buffer.from(key.publicKey, 'base64')]),
    format: 'der',
    type: 'spki',
  });
  try {
    return crypto.verify(null, headMessage(head), publicKey, Buffer.from(head.signature, 'base64'));
  } catch {
    return false;
  }
}

let configuredKey: AuditChainKey | undefined;

/** Sets the key this process signs heads with and trusts when verifying (server start, CLI, tests). */
export function configureAuditChain(key: AuditChainKey | undefined): void {
  configuredKey = key;
}

// ------------------------------------------------------------------------------------------------------ sealing

export type SealResult = { sealed: number; seq: number; hash: string };

/**
 * Appends every sealable audit row to the chain, in batches of `batch` rows, each batch one transaction under the
 * sealer lock (two sealers never link the same row; the unique (region_id, audit_id) key would refuse it anyway).
 * Rows whose transaction may still be followed by an earlier commit wait for a later pass. Returns the new tip.
 */
export async function sealAuditChain(db: Db, opts: { batch?: number; maxBatches?: number } = {}): Promise<SealResult> {
  const batch = opts.batch ?? 2000;
  let sealed = 0;
  let tip: repo.ChainTip | undefined;
  for (let round = 0; round < (opts.maxBatches ?? 1000); round++) {
    const n = await db.transaction(async (tx) => {
      await repo.lockSealer(tx);
      tip = await repo.findTip(tx);
      const rows = await repo.listSealable(tx, tip, batch);
      let prev = tip?.hash ?? GENESIS_HASH;
      let seq = tip?.seq ?? 0;
      const links: repo.ChainInsert[] = rows.map((row) => {
        const hash = linkHash(prev, row);
        const link = {
          seq: ++seq,
          xid: Number(row.xid),
          regionId: Number(row.region_id),
          auditId: Number(row.id),
          prevHash: prev,
          hash,
        };
        prev = hash;
        return link;
      });
      await repo.insertLinks(tx, links);
      const last = links.at(-1);
      if (last) {
        tip = { seq: last.seq, hash: last.hash, xid: last.xid, regionId: last.regionId, auditId: last.auditId };
      }
      return links.length;
    });
    sealed += n;
    if (n < batch) {
      break;
    }
  }
  return { sealed, seq: tip?.seq ?? 0, hash: tip?.hash ?? GENESIS_HASH };
}

export type HeadView = { seq: number; hash: string; signedAt: string; keyId: string; signature: string };

const toHeadView = (h: repo.HeadRow): HeadView => ({ ...h, signedAt: h.signedAt.toISOString() });

/** The latest signed head, to publish or keep outside the database; undefined before the first. */
export async function findLatestChainHead(db: Db): Promise<HeadView | undefined> {
  const head = await repo.findLatestHead(db);
  return head && toHeadView(head);
}

/**
 * Signs the chain's tip when it grew since the latest head and that head is at least `minIntervalMs` old.
 * Returns the head signed, or undefined when nothing was due (or no key is configured).
 */
export async function signAuditChainHead(
  db: Db,
  opts: { key?: AuditChainKey; minIntervalMs?: number } = {},
): Promise<HeadView | undefined> {
  const key = opts.key ?? configuredKey;
  if (!key?.privateKey) {
    return undefined;
  }
  const tip = await repo.findTip(db);
  const latest = await repo.findLatestHead(db);
  if (!tip || (latest && latest.seq >= tip.seq)) {
    return undefined;
  }
  if (latest && Date.now() - latest.signedAt.getTime() < (opts.minIntervalMs ?? 0)) {
    return undefined;
  }
  const signedAt = new Date();
  const head = { seq: tip.seq, hash: tip.hash, signedAt, keyId: key.keyId, signature: '' };
  head.signature = crypto.sign(null, headMessage(head), key.privateKey).toString('base64');
  return (await repo.insertHead(db, head)) ? toHeadView(head) : undefined;
}

/**
 * The sealer job (every `everyMs`, one pending run across instances) and a daily verification. Heads are signed at
 * most every `headEveryMs`: rows sealed after the latest head can be cut off the tail undetected until the next one.
 */
export function defineAuditChainJobs(opts: {
  key: AuditChainKey;
  everyMs?: number;
  headEveryMs?: number;
  verifyEveryMs?: number;
}): void {
  configureAuditChain(opts.key);
  defineJob(
    'audit.chain.seal',
    async (db) => {
      await sealAuditChain(db, { maxBatches: 50 });
      await signAuditChainHead(db, { key: opts.key, minIntervalMs: opts.headEveryMs ?? 60_000 });
    },
    { everyMs: opts.everyMs ?? 10_000 },
  );
  defineJob(
    'audit.chain.verify',
    async (db) => {
      await verifyAuditChain(db, { record: true });
    },
    { everyMs: opts.verifyEveryMs ?? 24 * 3600_000, transactional: false },
  );
}

// ------------------------------------------------------------------------------------------------------ verifying

export type TamperKind = 'edited' | 'deleted' | 'inserted' | 'reordered' | 'truncated' | 'rewritten' | 'forged_head';

export type ChainProblem = {
  kind: TamperKind;
  /** The chain position (link) where it shows, when there is one. */
  seq: number | null;
  regionId: number | null;
  auditId: number | null;
  detail: string;
};

export type ChainReport = {
  isIntact: boolean;
  rowsChecked: number;
  sealedUpTo: number;
  tipHash: string;
  unsealedRows: number;
  latestHead: HeadView | null;
  headsChecked: number;
  /** At most `maxProblems`, in chain order; the first one names where the chain first breaks. */
  problems: ChainProblem[];
  checkedAt: string;
};

/** An externally kept head to hold the chain to (published copy): same shape as the heads the server signs. */
export type ExternalHead = HeadView;

/**
 * Recomputes the chain from its first link and classifies what does not hold: a row whose contents no longer give
 * its link's hash (edited), a link whose row is gone or missing links (deleted), a row the sealer passed but no
 * link holds (inserted), links out of chain order or not following each other (reordered), a signed head beyond
 * the chain's end (truncated) or not matching the chain at its position (rewritten), a latest head that does not
 * verify with a trusted key (forged_head). Trusts the configured key plus `trustedKeys` (keys before a rotation).
 * With `record`, stores the outcome for the status route.
 */
export async function verifyAuditChain(
  db: Db,
  opts: {
    trustedKeys?: readonly AuditChainKey[];
    externalHead?: ExternalHead;
    record?: boolean;
    batch?: number;
    maxProblems?: number;
  } = {},
): Promise<ChainReport> {
  const keys = [...(configuredKey ? [configuredKey] : []), ...(opts.trustedKeys ?? [])];
  const maxProblems = opts.maxProblems ?? 50;
  const problems: ChainProblem[] = [];
  const report = (p: ChainProblem) => {
    if (problems.length < maxProblems) {
      problems.push(p);
    }
  };
  const heads = await repo.listHeads(db);
  const external = opts.externalHead && {
    ...opts.externalHead,
    signedAt: new Date(opts.externalHead.signedAt),
  };
  const headsBySeq = new Map<number, repo.HeadRow[]>();
  for (const h of external ? [...heads, external] : heads) {
    headsBySeq.set(h.seq, [...(headsBySeq.get(h.seq) ?? []), h]);
  }

  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let lastKey: [number, number, number] | undefined;
  let tip: repo.ChainTip | undefined;
  let rowsChecked = 0;
  const batch = opts.batch ?? 5000;
  for (;;) {
    const links = await repo.listLinks(db, expectedSeq - 1, batch);
    for (const l of links) {
      const seq = Number(l.seq);
      const at = { seq, regionId: l.link_region_id, auditId: Number(l.audit_id) };
      if (seq !== expectedSeq) {
        report({ kind: 'deleted', ...at, detail: `chain links ${expectedSeq}–${seq - 1} are missing` });
        prev = l.prev_hash;
      } else if (l.prev_hash !== prev) {
        report({ kind: 'reordered', ...at, detail: 'this link does not follow the previous one (prev_hash differs)' });
        prev = l.prev_hash;
      }
      if (!l.is_present) {
        report({ kind: 'deleted', ...at, detail: `audit row ${l.link_region_id}/${l.audit_id} is gone` });
      } else {
        rowsChecked++;
        const row = l as repo.CanonicalAuditRow;
        const key: [number, number, number] = [Number(row.xid), Number(row.region_id), Number(row.id)];
        if (lastKey && compareKeys(key, lastKey) <= 0) {
          report({ kind: 'reordered', ...at, detail: 'audit row is out of chain order (xid, region_id, id)' });
        } else if (linkHash(l.prev_hash, row) !== l.hash || row.xid !== l.link_xid) {
          report({ kind: 'edited', ...at, detail: 'audit row no longer matches the hash it was sealed with' });
        }
        lastKey = key;
      }
      for (const h of headsBySeq.get(seq) ?? []) {
        if (h.hash !== l.hash) {
          report({
            kind: 'rewritten',
            ...at,
            detail: `chain differs from the head signed at ${h.signedAt.toISOString()}`,
          });
        }
      }
      prev = l.hash;
      expectedSeq = seq + 1;
      tip = { seq, hash: l.hash, xid: Number(l.link_xid), regionId: l.link_region_id, auditId: Number(l.audit_id) };
    }
    if (links.length < batch) {
      break;
    }
  }

  if (tip) {
    for (const r of await repo.listUnchainedBefore(db, tip, maxProblems)) {
      report({
        kind: 'inserted',
        seq: null,
        regionId: r.region_id,
        auditId: Number(r.id),
        detail: `audit row ${r.region_id}/${r.id} sorts inside the sealed chain but no link holds it`,
      });
    }
  }
  const sealedUpTo = tip?.seq ?? 0;
  const latest = heads.at(-1);
  for (const h of [latest, external].filter((h): h is repo.HeadRow => h !== undefined)) {
    const at = { seq: h.seq, regionId: null, auditId: null };
    if (!isHeadSignedBy(h, keys)) {
      report({ kind: 'forged_head', ...at, detail: `head ${h.seq} does not verify with a trusted key (${h.keyId})` });
    } else if (h.seq > sealedUpTo) {
      report({
        kind: 'truncated',
        ...at,
        detail: `a head signed at ${h.signedAt.toISOString()} covers ${h.seq} links; the chain has ${sealedUpTo}`,
      });
    }
  }
  problems.sort((a, b) => (a.seq ?? Number.MAX_SAFE_INTEGER) - (b.seq ?? Number.MAX_SAFE_INTEGER));
  const result: ChainReport = {
    isIntact: problems.length === 0,
    rowsChecked,
    sealedUpTo,
    tipHash: tip?.hash ?? GENESIS_HASH,
    unsealedRows: await repo.countUnsealed(db, tip),
    latestHead: latest ? toHeadView(latest) : null,
    headsChecked: heads.length + (external ? 1 : 0),
    problems,
    checkedAt: new Date().toISOString(),
  };
  if (opts.record) {
    await repo.saveVerdict(db, { verifiedAt: new Date(result.checkedAt), isIntact: result.isIntact, report: result });
  }
  return result;
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      return a[i] < b[i] ? -1 : 1;
    }
  }
  return 0;
}

// ------------------------------------------------------------------------------------------------------ HTTP

export type ChainStatus = {
  sealedUpTo: number;
  tipHash: string;
  unsealedRows: number;
  latestHead: HeadView | null;
  publicKey: string | null;
  lastVerification: { verifiedAt: string; isIntact: boolean; report: ChainReport } | null;
};

/** The chain is the whole platform's: audit:view at a top unit (a province). Throws AUDIT_CHAIN_PROVINCE_ONLY. */
function assertChainViewer(ctx: Ctx): void {
  const scope = scopePaths(ctx.actor, 'audit:view');
  if (scope !== null && !scope.some((p) => /^\d+\.$/.test(p))) {
    throw new AppError('AUDIT_CHAIN_PROVINCE_ONLY');
  }
}

export async function getChainStatus(db: Db, ctx: Ctx): Promise<ChainStatus> {
  assertChainViewer(ctx);
  const tip = await repo.findTip(db);
  const latest = await repo.findLatestHead(db);
  const state = await repo.findState(db);
  return {
    sealedUpTo: tip?.seq ?? 0,
    tipHash: tip?.hash ?? GENESIS_HASH,
    unsealedRows: await repo.countUnsealed(db, tip),
    latestHead: latest ? toHeadView(latest) : null,
    publicKey: configuredKey?.publicKey ?? null,
    lastVerification: state
      ? { verifiedAt: state.verifiedAt.toISOString(), isIntact: state.isIntact, report: state.report as ChainReport }
      : null,
  };
}

/** Seals what is sealable, then verifies the whole chain and records the outcome. Province only. */
export async function verifyChainNow(db: Db, ctx: Ctx): Promise<ChainReport> {
  assertChainViewer(ctx);
  await sealAuditChain(db);
  return verifyAuditChain(db, { record: true });
}
