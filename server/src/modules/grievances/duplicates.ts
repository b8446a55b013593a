// Suspected duplicate relief (疑似重复救助): the same person (one person record = one ID number, by its blind index)
// with relief cases in two different units within 12 months. A job scans cases created since its cursor and raises
// one task per pair, held by the lowest unit above both; staff resolve it with a note.
import crypto from 'node:crypto';
import { eq, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { AppError } from '../../platform/errors';
import type { Ctx } from '../../platform/http/context';
import { actorLabel, canAt, systemActor } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import * as oversight from '../relief/relief-oversight';
import * as repo from './grievances.repo';
import type { DuplicateView } from './grievances.schemas';
import { orgNames } from './grievances.service';

const permission = 'grievances:handle' as const;
const cursorName = 'relief-duplicates';
/** Re-read this much before the cursor: a case committed late with an earlier created-at is still seen (keys dedupe). */
const overlapMs = 10 * 60_000;
const batchSize = 500;

/**
 * The deepest unit whose subtree holds both paths ('1.2.5.' and '1.2.7.9.' → 2). Two separate trees (two provinces
 * on one install) share none: the first case's root holds the task then.
 */
export function lowestCommonUnit(pathA: string, pathB: string): number {
  const a = pathA.split('.').filter(Boolean);
  const b = pathB.split('.').filter(Boolean);
  let last: string | undefined;
  for (let i = 0; i < Math.min(a.length, b.length) && a[i] === b[i]; i++) {
    last = a[i];
  }
  return Number(last ?? a[0]);
}

/** The one key per pair of cases: the person and both case ids in order. */
export function duplicateKey(personId: string, caseA: string, caseB: string): string {
  const [x, y] = caseA < caseB ? [caseA, caseB] : [caseB, caseA];
  return `dup:${personId}:${x}:${y}`;
}

/**
 * Scans relief cases created since the cursor (with a short overlap) for the same person helped in another unit
 * within 12 months, and inserts one task per pair (idempotent: the key is unique). Returns what it saw and raised.
 */
export async function scanForDuplicates(db: Db, now = new Date()): Promise<{ scanned: number; raised: string[] }> {
  const ctx: Ctx = { actor: systemActor('grievances.duplicates'), requestId: null, ip: null, locale: 'zh' };
  const cursor = (await repo.lockCursor(db, cursorName))!;
  let at = new Date(Math.max(0, cursor.lastAt.getTime() - overlapMs));
  const nilId = '00000000-0000-0000-0000-000000000000';
  let lastId = nilId;
  let scanned = 0;
  const raised: string[] = [];
  let newest = { at: cursor.lastAt, id: cursor.lastId };
  for (;;) {
    const batch = await oversight.listCasesCreatedAfter(db, at, lastId, batchSize);
    for (const c of batch) {
      scanned++;
      for (const other of await oversight.listSamePersonElsewhere(db, c)) {
        const [a, b] = c.id < other.id ? [c, other] : [other, c];
        const key = duplicateKey(c.personId, a.id, b.id);
        const [orgA, orgB] = await Promise.all([orgs.getOrg(db, a.orgId), orgs.getOrg(db, b.orgId)]);
        const holder = await orgs.getOrg(db, lowestCommonUnit(orgA.path, orgB.path));
        const row = {
          regionId: holder.regionId,
          id: crypto.randomUUID(),
          dedupeKey: key,
          matchKind: 'person',
          personId: c.personId,
          orgId: holder.id,
          caseAId: a.id,
          caseANo: a.caseNo,
          caseAOrgId: a.orgId,
          caseBId: b.id,
          caseBNo: b.caseNo,
          caseBOrgId: b.orgId,
          status: 'open',
          createdAt: now,
        };
        if (await repo.insertDuplicate(db, row)) {
          raised.push(key);
          await recordAudit(db, ctx, {
            action: 'duplicate.raised',
            entityType: 'duplicate_suspect',
            entityId: row.id,
            orgId: holder.id,
            regionId: holder.regionId,
            after: { caseA: a.caseNo, caseB: b.caseNo, holder: holder.name },
          });
        }
      }
      if (c.createdAt > newest.at || (c.createdAt.getTime() === newest.at.getTime() && c.id > newest.id)) {
        newest = { at: c.createdAt, id: c.id };
      }
    }
    if (batch.length < batchSize) {
      break;
    }
    at = batch[batch.length - 1].createdAt;
    lastId = batch[batch.length - 1].id;
  }
  await repo.setCursor(db, cursorName, newest.at, newest.id);
  return { scanned, raised };
}

async function toViews(db: Db, rows: repo.DuplicateRow[]): Promise<DuplicateView[]> {
  const cases = await oversight.findCasesByIds(
    db,
    rows.flatMap((r) => [r.caseAId, r.caseBId]),
  );
  const byId = new Map(cases.map((c) => [c.id, c]));
  const names = await orgNames(
    db,
    rows.flatMap((r) => [r.orgId, r.caseAOrgId, r.caseBOrgId]),
  );
  const side = (id: string, no: string, orgId: number) => {
    const c = byId.get(id);
    return {
      id,
      caseNo: no,
      orgId,
      orgName: names.get(orgId) ?? '',
      kind: c?.kind ?? null,
      status: c?.status ?? null,
      amountFen: c ? (c.paidFen ?? c.approvedFen ?? c.requestedFen) : null,
      applicantName: c?.applicantName ?? null,
      createdAt: c?.submittedAt.toISOString() ?? null,
    };
  };
  return rows.map((r) => ({
    id: r.id,
    matchKind: r.matchKind as DuplicateView['matchKind'],
    orgId: r.orgId,
    orgName: names.get(r.orgId) ?? '',
    status: r.status as DuplicateView['status'],
    resolution: r.resolution as DuplicateView['resolution'],
    note: r.note,
    resolvedBy: r.resolvedBy,
    resolvedAt: r.resolvedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    caseA: side(r.caseAId, r.caseANo, r.caseAOrgId),
    caseB: side(r.caseBId, r.caseBNo, r.caseBOrgId),
  }));
}

/** Tasks held by units in the actor's scope (a task sits on the lowest unit above both cases), open first. */
export async function listDuplicateSuspects(
  db: Db,
  ctx: Ctx,
  q: { status?: 'open' | 'resolved'; page: number; pageSize: number },
) {
  const c = repo.columns.duplicate;
  const where: SQL[] = [orgs.orgScopeCondition(c.orgId, ctx, permission)];
  if (q.status) {
    where.push(eq(c.status, q.status));
  }
  const { rows, total } = await repo.listDuplicates(db, where, q.pageSize, (q.page - 1) * q.pageSize);
  return { items: await toViews(db, rows), total, page: q.page, pageSize: q.pageSize };
}

/**
 * Resolves an open task: a genuine duplicate or not, with a note. NOT_FOUND outside the actor's scope,
 * TRANSITION_NOT_ALLOWED when it was resolved already.
 */
export async function resolveDuplicateSuspect(
  db: Db,
  ctx: Ctx,
  id: string,
  input: { resolution: 'duplicate' | 'not_duplicate'; note: string },
): Promise<DuplicateView> {
  const found = await repo.findDuplicateById(db, id);
  const holder = found ? await orgs.getOrg(db, found.orgId) : undefined;
  if (!found || !holder || !canAt(ctx.actor, permission, holder.path)) {
    throw new AppError('NOT_FOUND', { entity: 'duplicate_suspect', id });
  }
  const after = await db.transaction(async (tx) => {
    const d = (await repo.lockDuplicate(tx, found.regionId, found.id))!;
    if (d.status !== 'open') {
      throw new AppError('TRANSITION_NOT_ALLOWED', { from: d.status, action: 'resolve' });
    }
    const changed = await repo.updateDuplicate(tx, d, {
      status: 'resolved',
      resolution: input.resolution,
      note: input.note,
      resolvedBy: actorLabel(ctx.actor),
      resolvedAt: new Date(),
    });
    await recordAudit(tx, ctx, {
      action: 'duplicate.resolved',
      entityType: 'duplicate_suspect',
      entityId: d.id,
      orgId: d.orgId,
      regionId: d.regionId,
      before: { status: d.status },
      after: { status: changed.status, resolution: changed.resolution, note: changed.note },
    });
    return changed;
  });
  const [view] = await toViews(db, [after]);
  return view;
}
