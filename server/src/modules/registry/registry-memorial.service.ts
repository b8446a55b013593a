// The memorial (网上纪念馆): a page for a donor who passed, made by staff only with the family's consent (the full
// name shown only when the family agreed); visitors leave flowers (one per visitor, memorial and day) and messages
// that wait for a moderator; visits count once per visitor and day.
import crypto from 'node:crypto';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { addDays, toChinaDate } from '../../platform/dates';
import { AppError } from '../../platform/errors';
import { claimEvidence, findStoredFile } from '../../platform/files/files.service';
import type { Ctx } from '../../platform/http/context';
import { maskName } from '../../platform/identity/masking';
import { pii } from '../../platform/pii';
import { actorLabel, assertCanAt } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import {
  type CreateMemorial,
  type LeaveMessage,
  type MemorialAdminView,
  type MemorialView,
  type MemorialWallQuery,
  type MessageView,
  type ModerationQuery,
  memorialMessageMaxChars,
  type UpdateMemorial,
} from './registry-memorial.schemas';
import * as repo from './registry-organ.repo';
import { getRegistrationForMemorial } from './registry-organ.service';

/** Flowers one visitor may leave on one memorial in a China day. */
export const flowersPerVisitorPerDay = 1;

/** A web address or link in any usual spelling (http://, www., a bare domain such as abc.com or 短网址.cn). */
const linkPattern =
  /(https?:\/\/|www\.|[a-z0-9-]+\s*(\.|。|点)\s*(com|cn|net|org|top|xyz|info|cc|io|me|vip|shop|site)\b)/i;

/** True when a message holds a link (refused: a memorial is no place for advertising or phishing). */
export function hasLink(text: string): boolean {
  return linkPattern.test(text);
}

function toMemorialView(m: repo.MemorialRow, orgName: string): MemorialView {
  return {
    id: m.id,
    name: m.displayName,
    isNameShown: m.isNameShown,
    donationKind: m.donationKind as 'organ' | 'body',
    birthYear: m.birthOn ? Number(m.birthOn.slice(0, 4)) : null,
    deathOn: m.deathOn,
    biography: m.biography,
    familyWords: m.familyWords,
    hasPhoto: m.photoFileId !== null,
    visitCount: m.visitCount,
    flowerCount: m.flowerCount,
    messageCount: m.messageCount,
    orgName,
  };
}

function toAdminView(m: repo.MemorialRow, orgName: string): MemorialAdminView {
  return {
    ...toMemorialView(m, orgName),
    registrationId: m.registrationId,
    orgId: m.orgId,
    consentBy: m.consentBy,
    isPublished: m.isPublished,
    createdAt: m.createdAt.toISOString(),
  };
}

const toMessageView = (r: repo.MessageRow): MessageView => ({
  id: r.id,
  authorName: r.authorName,
  body: r.body,
  status: r.status as MessageView['status'],
  createdAt: r.createdAt.toISOString(),
});

async function orgNames(db: Db, ids: number[]) {
  const units = await orgs.findOrgsByIds(db, [...new Set(ids)]);
  return new Map(units.map((u) => [u.id, u.name]));
}

/**
 * Staff holding registry:manage over the registration's unit create the memorial of a donor who passed (the death
 * recorded), with the family's signed consent. MEMORIAL_CONSENT_REQUIRED without a consenting relative,
 * REGISTRATION_NOT_ACTIVE before the death is recorded, MEMORIAL_EXISTS for a second page.
 */
export async function createMemorial(db: Db, ctx: Ctx, input: CreateMemorial): Promise<MemorialAdminView> {
  return db.transaction(async (tx) => {
    const { row, org } = await getRegistrationForMemorial(tx, ctx, input.registrationId);
    if (row.status !== 'deceased' && row.status !== 'realised') {
      throw new AppError('REGISTRATION_NOT_ACTIVE', { status: row.status, reason: 'the death is not recorded' });
    }
    if (!row.deathOn) {
      throw new AppError('MEMORIAL_CONSENT_REQUIRED');
    }
    if (await repo.findMemorialByRegistration(tx, row.id)) {
      throw new AppError('MEMORIAL_EXISTS');
    }
    await claimEvidence(
      tx,
      ctx,
      [
        { field: 'consentFileId', id: input.consentFileId },
        { field: 'photoFileId', id: input.photoFileId },
      ],
      { orgId: org.id, readPermission: 'registry:view', purpose: 'memorial' },
    );
    const m = await repo.insertMemorial(tx, {
      regionId: row.regionId,
      id: crypto.randomUUID(),
      registrationId: row.id,
      orgId: row.orgId,
      displayName: input.showName ? row.name : maskName(row.name),
      isNameShown: input.showName,
      consentBy: input.consentBy,
      consentFileId: input.consentFileId,
      photoFileId: input.photoFileId ?? null,
      birthOn: row.birthDate,
      deathOn: row.deathOn,
      donationKind: row.kind,
      biography: input.biography,
      familyWords: input.familyWords ?? null,
      isPublished: true,
      createdBy: actorLabel(ctx.actor),
      createdAt: new Date(),
    });
    const view = toAdminView(m, org.name);
    await recordAudit(tx, ctx, {
      action: 'memorial.created',
      entityType: 'memorial',
      entityId: m.id,
      orgId: m.orgId,
      regionId: m.regionId,
      after: view,
    });
    return view;
  });
}

async function getMemorialInScope(db: Db, ctx: Ctx, id: string, permission: 'registry:manage' | 'registry:view') {
  const m = await repo.findMemorial(db, id);
  if (!m) {
    throw new AppError('NOT_FOUND', { entity: 'memorial', id });
  }
  const org = await orgs.getOrg(db, m.orgId);
  assertCanAt(ctx.actor, permission, org.path);
  return { m, org };
}

/** Publishes or hides a memorial, or edits its texts (the family's wishes change). */
export async function updateMemorial(db: Db, ctx: Ctx, id: string, patch: UpdateMemorial): Promise<MemorialAdminView> {
  return db.transaction(async (tx) => {
    const { m, org } = await getMemorialInScope(tx, ctx, id, 'registry:manage');
    const after = await repo.updateMemorial(tx, m, patch);
    await recordAudit(tx, ctx, {
      action: 'memorial.updated',
      entityType: 'memorial',
      entityId: m.id,
      orgId: m.orgId,
      regionId: m.regionId,
      before: toAdminView(m, org.name),
      after: toAdminView(after, org.name),
    });
    return toAdminView(after, org.name);
  });
}

export async function listMemorialsForStaff(db: Db, ctx: Ctx, q: MemorialWallQuery) {
  const { rows, total } = await repo.listMemorials(db, {
    q: q.q,
    scope: (col) => orgs.orgScopeCondition(col, ctx, 'registry:view'),
    publishedOnly: false,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  const names = await orgNames(
    db,
    rows.map((r) => r.orgId),
  );
  return {
    items: rows.map((r) => toAdminView(r, names.get(r.orgId) ?? '')),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** The public wall: published memorials, newest first, searchable by name or biography. */
export async function listMemorialWall(db: Db, q: MemorialWallQuery) {
  const { rows, total } = await repo.listMemorials(db, {
    q: q.q,
    publishedOnly: true,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  const names = await orgNames(
    db,
    rows.map((r) => r.orgId),
  );
  return {
    items: rows.map((r) => toMemorialView(r, names.get(r.orgId) ?? '')),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** The visitor key: the visitor cookie when the browser keeps one, else the address (hashed; never stored raw). */
export function visitorHash(cookie: string | undefined, ip: string | null): string {
  return pii().hashToken(cookie ? `memorial-visitor:${cookie}` : `memorial-ip:${ip ?? 'unknown'}`);
}

async function getPublished(db: Db, id: string): Promise<repo.MemorialRow> {
  const m = await repo.findMemorial(db, id);
  if (!m?.isPublished) {
    throw new AppError('NOT_FOUND', { entity: 'memorial', id });
  }
  return m;
}

/** Visitor-day rows are kept this many days (today and yesterday answer the once-a-day rules), then pruned. */
const visitorDaysKept = 3;

/**
 * Prunes visitor-day rows older than `visitorDaysKept` China days, in batches (the counts stay on the memorials);
 * returns how many rows went. Run hourly by the `registry.memorial-prune` job.
 */
export async function pruneVisitorDays(db: Db, today = toChinaDate(), batch = 10_000): Promise<number> {
  const before = addDays(today, -visitorDaysKept);
  let total = 0;
  for (let round = 0; round < 20; round++) {
    const gone = await repo.pruneVisitorDays(db, before, batch);
    total += gone;
    if (gone < batch) {
      break;
    }
  }
  return total;
}

/** A memorial page with its approved messages; the visitor's first visit of the day counts once. */
export async function visitMemorial(db: Db, id: string, visitor: string) {
  return db.transaction(async (tx) => {
    let m = await getPublished(tx, id);
    if (await repo.markVisit(tx, m, toChinaDate(), visitor)) {
      m = { ...m, visitCount: m.visitCount + 1 };
    }
    const org = await orgs.getOrg(tx, m.orgId);
    const messages = await repo.listApprovedMessages(tx, m, 50, 0);
    return { memorial: toMemorialView(m, org.name), messages: messages.map(toMessageView) };
  });
}

/** A flower from a visitor: MEMORIAL_FLOWER_LIMIT (429) after the day's allowance. */
export async function leaveFlower(db: Db, id: string, visitor: string) {
  return db.transaction(async (tx) => {
    const m = await getPublished(tx, id);
    const total = await repo.addFlower(tx, m, toChinaDate(), visitor, flowersPerVisitorPerDay);
    if (total === undefined) {
      throw new AppError('MEMORIAL_FLOWER_LIMIT', { perDay: flowersPerVisitorPerDay });
    }
    return { flowerCount: total };
  });
}

/**
 * A visitor's message, held (pending) until a moderator approves it. Refused, with nothing written: over
 * memorialMessageMaxChars characters (MEMORIAL_MESSAGE_TOO_LONG), or holding a link (MEMORIAL_MESSAGE_HAS_LINK).
 */
export async function leaveMessage(db: Db, ctx: Ctx, id: string, visitor: string, input: LeaveMessage) {
  if ([...input.body].length > memorialMessageMaxChars) {
    throw new AppError('MEMORIAL_MESSAGE_TOO_LONG', { maxChars: memorialMessageMaxChars });
  }
  if (hasLink(input.body) || hasLink(input.authorName)) {
    throw new AppError('MEMORIAL_MESSAGE_HAS_LINK');
  }
  return db.transaction(async (tx) => {
    const m = await getPublished(tx, id);
    const row = await repo.insertMessage(tx, {
      regionId: m.regionId,
      id: crypto.randomUUID(),
      memorialId: m.id,
      authorName: input.authorName,
      body: input.body,
      status: 'pending',
      visitorHash: visitor,
      createdAt: new Date(),
    });
    await recordAudit(tx, ctx, {
      action: 'memorial_message.left',
      entityType: 'memorial_message',
      entityId: row.id,
      orgId: m.orgId,
      regionId: m.regionId,
    });
    return toMessageView(row);
  });
}

/** Messages in the moderator's memorial:moderate scope (pending first-in first-out by default). */
export async function listForModeration(db: Db, ctx: Ctx, q: ModerationQuery) {
  const { rows, total } = await repo.listMessagesForModeration(db, {
    scope: (col) => orgs.orgScopeCondition(col, ctx, 'memorial:moderate'),
    status: q.status,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return {
    items: rows.map((r) => ({
      ...toMessageView(r.message),
      memorialId: r.message.memorialId,
      memorialName: r.memorialName,
      decidedBy: r.message.decidedBy,
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** Approves (shown from now on) or rejects a pending message; MEMORIAL_MESSAGE_DECIDED once decided. */
export async function decideMessage(db: Db, ctx: Ctx, id: string, decision: 'approve' | 'reject') {
  return db.transaction(async (tx) => {
    const msg = await repo.findMessage(tx, id, true);
    if (!msg) {
      throw new AppError('NOT_FOUND', { entity: 'memorial_message', id });
    }
    const m = (await repo.findMemorial(tx, msg.memorialId))!;
    const org = await orgs.getOrg(tx, m.orgId);
    assertCanAt(ctx.actor, 'memorial:moderate', org.path);
    if (msg.status !== 'pending') {
      throw new AppError('MEMORIAL_MESSAGE_DECIDED', { status: msg.status });
    }
    const after = await repo.decideMessage(
      tx,
      msg,
      decision === 'approve' ? 'approved' : 'rejected',
      actorLabel(ctx.actor),
    );
    await recordAudit(tx, ctx, {
      action: `memorial_message.${decision === 'approve' ? 'approved' : 'rejected'}`,
      entityType: 'memorial_message',
      entityId: msg.id,
      orgId: m.orgId,
      regionId: m.regionId,
      before: toMessageView(msg),
      after: toMessageView(after),
    });
    return toMessageView(after);
  });
}

/** The photo of a published memorial (bytes and type), or NOT_FOUND. */
export async function getMemorialPhoto(db: Db, id: string) {
  const m = await getPublished(db, id);
  const file = m.photoFileId ? await findStoredFile(db, m.photoFileId) : undefined;
  if (!file) {
    throw new AppError('NOT_FOUND', { entity: 'memorial_photo', id });
  }
  return { bytes: Buffer.from(file.data), contentType: file.contentType };
}
