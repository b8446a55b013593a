// Service-hall requests: one lifecycle for every item (submit, accept or return or refuse, handle, conclude), each
// step a timeline event with its audit row and its statistics in one transaction; the module's API for other modules
// (openServiceRequest, advanceServiceRequest) and the applicant's and staff's views.
import crypto from 'node:crypto';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { getPublicPhone, getPublicPhoneHash } from '../../platform/auth/auth.service';
import { toChinaDate } from '../../platform/dates';
import { AppError } from '../../platform/errors';
import { attachFiles, findStoredFile } from '../../platform/files/files.service';
import type { Ctx } from '../../platform/http/context';
import { maskName, maskPhone } from '../../platform/identity/masking';
import { normalizePhone } from '../../platform/identity/phone';
import { queueMessage } from '../../platform/notify/notify.service';
import { pii } from '../../platform/pii';
import { actorId, assertCanAt, canAt, hasPermission } from '../../platform/rbac/actor';
import { builtinRoles } from '../../platform/rbac/permissions';
import { listRoles } from '../../platform/rbac/rbac.service';
import * as orgs from '../orgs/orgs.service';
import { findPersonRow } from '../people/people.service';
import { listAllItems, loadCalendar, toItemView } from './catalogue';
import { openForm, sealForm, validateForm } from './request-form';
import * as repo from './services.repo';
import type {
  EventAction,
  FileOnBehalf,
  FormAnswers,
  FormField,
  HandlingLevel,
  Material,
  MaterialFiles,
  Rating,
  RequestDetail,
  RequestPage,
  RequestStatus,
  RequestSummary,
  ResubmitRequest,
  StaffTarget,
  SubmitOwnRequest,
  TimelineEvent,
} from './services.schemas';
import { staffTargetValues } from './services.schemas';
import { addWorkingDays, type WorkingCalendar, workingDaysBetween } from './working-days';

export { ensureServiceReference, loadCalendar } from './catalogue';
export { decryptForm } from './request-form';
export type { RequestRow } from './services.repo';
export { searchRequests } from './work-queue';
export { addWorkingDays, buildCalendar, type WorkingCalendar, workingDaysBetween } from './working-days';

// ------------------------------------------------------------------------------------------------ the state machine

/** Where each status may go. The applicant's own steps: withdrawn (before acceptance) and submitted (补正). */
export const transitions: Readonly<Record<RequestStatus, readonly RequestStatus[]>> = {
  submitted: ['accepted', 'returned', 'refused', 'withdrawn'],
  returned: ['submitted', 'withdrawn'],
  accepted: ['in_progress', 'done', 'rejected'],
  in_progress: ['done', 'rejected'],
  done: [],
  rejected: [],
  refused: [],
  withdrawn: [],
};

const actionFor: Record<RequestStatus, EventAction> = {
  submitted: 'resubmitted',
  returned: 'returned',
  accepted: 'accepted',
  in_progress: 'started',
  done: 'done',
  rejected: 'rejected',
  refused: 'refused',
  withdrawn: 'withdrawn',
};

const needsReason: readonly RequestStatus[] = ['returned', 'refused', 'rejected'];
const levelRank: Record<HandlingLevel, number> = { village: 1, township: 2, county: 3, city: 4, province: 5 };

export function canMove(from: RequestStatus, to: RequestStatus): boolean {
  return transitions[from].includes(to);
}

// ------------------------------------------------------------------------------------------------ helpers

const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** S + the China date + ten random Crockford base32 characters (as donation numbers; the unique index backs it). */
export function newRequestNumber(at: Date = new Date()): string {
  let tail = '';
  for (const b of crypto.randomBytes(10)) {
    tail += alphabet[b & 31];
  }
  return `S${toChinaDate(at).replaceAll('-', '')}${tail}`;
}

async function getItemByCode(db: Db, code: string, forNew: boolean): Promise<repo.ItemRow> {
  const item = await repo.findItemByCode(db, code);
  if (!item || (forNew && !item.isActive)) {
    throw new AppError('NOT_FOUND', { entity: 'service_item', code });
  }
  return item;
}

/** The filed-at unit, or its nearest ancestor whose level is at least the item's: who handles the request. */
async function handlingUnitFor(db: Db, filedAt: orgs.OrgRow, level: HandlingLevel): Promise<orgs.OrgRow> {
  const ids = filedAt.path.split('.').filter(Boolean).map(Number).reverse();
  const chain = await orgs.findOrgsByIds(db, ids);
  for (const id of ids) {
    const org = chain.find((o) => o.id === id);
    const rank = org ? levelRank[org.type as HandlingLevel] : undefined;
    if (org && rank !== undefined && rank >= levelRank[level]) {
      return org;
    }
  }
  return filedAt;
}

const fileTypeOf: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'application/pdf': 'pdf' };

export type RequestFile = { materialKey: string; fileId: string; name: string; contentType: string; sizeBytes: number };

/**
 * Resolves the material files: keys the item declares, every required material present (MATERIALS_MISSING), each
 * file uploaded by the caller (or already on this request) and of a type the material accepts (FILE_INVALID).
 */
async function resolveMaterials(
  db: Db,
  ctx: Ctx,
  materials: readonly Material[],
  fileIds: MaterialFiles,
  attached: readonly RequestFile[],
): Promise<RequestFile[]> {
  const issues = Object.keys(fileIds)
    .filter((k) => !materials.some((m) => m.key === k))
    .map((k) => ({ field: `body.fileIds.${k}`, message: 'not a material of this item' }));
  if (issues.length > 0) {
    throw new AppError('VALIDATION_FAILED', { issues });
  }
  const missing = materials.filter((m) => m.required && !(fileIds[m.key]?.length > 0));
  if (missing.length > 0) {
    throw new AppError('MATERIALS_MISSING', {
      missing: missing.map((m) => ({ key: m.key, nameZh: m.nameZh, nameEn: m.nameEn })),
    });
  }
  const me = actorId(ctx.actor) ?? ctx.actor.kind;
  const out: RequestFile[] = [];
  for (const m of materials) {
    for (const id of new Set(fileIds[m.key] ?? [])) {
      const known = attached.find((f) => f.fileId === id);
      let file: RequestFile | undefined = known ? { ...known, materialKey: m.key } : undefined;
      if (!file) {
        const row = await findStoredFile(db, id);
        const mine = row && (row.createdBy === me || ctx.actor.kind === 'system');
        if (!row || !mine || !['service-material', 'evidence', 'upload'].includes(row.purpose)) {
          throw new AppError('NOT_FOUND', { entity: 'file', id, field: `body.fileIds.${m.key}` });
        }
        file = {
          materialKey: m.key,
          fileId: id,
          name: row.name,
          contentType: row.contentType,
          sizeBytes: row.sizeBytes,
        };
      }
      const type = fileTypeOf[file.contentType];
      if (!type || !(m.fileTypes as string[]).includes(type)) {
        throw new AppError('FILE_INVALID', {
          field: `body.fileIds.${m.key}`,
          reason: 'type',
          allowed: m.fileTypes,
          fileId: id,
        });
      }
      out.push(file);
    }
  }
  return out;
}

function claimFiles(tx: Db, ctx: Ctx, files: readonly RequestFile[], handlerId: number): Promise<void> {
  return attachFiles(
    tx,
    ctx,
    files.map((f) => f.fileId),
    { orgId: handlerId, readPermission: 'services:handle', purpose: 'service-material' },
  );
}

type ActorLabels = { label: string; name: string | null; orgId: number | null };

/** How the applicant sees who acted: the unit and role of the staff member's grant over the unit, never a name. */
async function labelActor(db: Db, ctx: Ctx, unitPath: string, isApplicant: boolean): Promise<ActorLabels> {
  const a = ctx.actor;
  if (isApplicant || a.kind === 'public') {
    return { label: '申请人', name: null, orgId: null };
  }
  if (a.kind !== 'staff') {
    return { label: '系统', name: null, orgId: null };
  }
  const covering = a.grants
    .filter((g) => unitPath.startsWith(g.orgPath))
    .sort((x, y) => y.orgPath.length - x.orgPath.length);
  const grant = covering.find((g) => g.permissions.has('services:handle')) ?? covering[0] ?? a.grants[0];
  if (!grant) {
    return { label: '工作人员', name: a.displayName, orgId: null };
  }
  const org = await orgs.findOrgById(db, grant.orgId);
  const role =
    builtinRoles.find((r) => r.id === grant.roleId)?.nameZh ??
    (await listRoles(db)).find((r) => r.id === grant.roleId)?.nameZh ??
    '工作人员';
  return { label: `${org?.name ?? ''} · ${role}`, name: a.displayName, orgId: grant.orgId };
}

const smsText: Partial<Record<EventAction, string>> = {
  accepted: '已受理',
  returned: '需要补正材料,请登录查看并重新提交',
  refused: '不予受理',
  started: '正在办理',
  done: '已办结',
  rejected: '已办结(不予批准)',
};

async function notifyApplicant(db: Db, row: repo.RequestRow, action: EventAction, eventId: string): Promise<void> {
  const text = smsText[action];
  if (!text) {
    return;
  }
  await queueMessage(db, {
    channel: 'sms',
    to: pii().decrypt(row.applicantPhoneEnc),
    template: 'services.status',
    body: `【红十字会】您的办件 ${row.requestNo} ${text}。`,
    dedupeKey: `services:event:${eventId}`,
  });
}

// ------------------------------------------------------------------------------------------------ the module API

export type OpenServiceRequest = {
  itemCode: string;
  /** The unit the applicant applies at; the item's handling level decides which unit handles it. */
  orgId: number;
  applicant: { name: string; phone: string; personId?: string };
  form: FormAnswers;
  /** Uploaded file ids per material key. */
  fileIds: MaterialFiles;
  /** What the request is about in the calling module, e.g. { kind: 'relief_case', id }. */
  subject?: { kind: string; id: string };
};

/**
 * Opens a request inside the caller's transaction (usable from another module's transaction). The form is checked
 * against the item's fields (VALIDATION_FAILED with field paths), materials against the item's list
 * (MATERIALS_MISSING, FILE_INVALID). Who may open: a signed-in citizen for themselves (online), staff holding
 * services:handle over the filed-at unit (counter), or a module acting for its own authorised user, staff or citizen
 * (`opts.channel = 'module'`: the caller has checked its own permission and vouches for `applicant.phone`).
 * NOT_FOUND for an unknown or inactive item.
 */
export async function openServiceRequest(
  tx: Db,
  ctx: Ctx,
  input: OpenServiceRequest,
  opts: { channel?: 'online' | 'counter' | 'module'; accountId?: string } = {},
): Promise<repo.RequestRow> {
  const item = await getItemByCode(tx, input.itemCode, true);
  const filedAt = await orgs.getOrg(tx, input.orgId);
  if (!filedAt.isActive) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ field: 'body.orgId', message: 'the unit is inactive' }] });
  }
  const channel = opts.channel ?? (ctx.actor.kind === 'public' ? 'online' : 'counter');
  if (channel === 'counter') {
    assertCanAt(ctx.actor, 'services:handle', filedAt.path);
  } else if (channel === 'online' && ctx.actor.kind !== 'public') {
    throw new AppError('FORBIDDEN', { reason: 'online requests are filed by the applicant' });
  } else if (channel === 'module' && ctx.actor.kind === 'anonymous') {
    throw new AppError('UNAUTHENTICATED');
  }
  const phone = normalizePhone(input.applicant.phone);
  if (!phone.ok) {
    throw new AppError('INVALID_PHONE', { field: 'applicantPhone' });
  }
  if (input.applicant.personId && !(await findPersonRow(tx, input.applicant.personId))) {
    throw new AppError('NOT_FOUND', { entity: 'person', id: input.applicant.personId });
  }
  const fields = item.formFields as FormField[];
  // A module filing its own case has checked its own inputs and keeps its own files: the hall keeps the answers it is
  // given (checked by type) and the materials, if any, it is handed.
  const form = sealForm(fields, validateForm(fields, input.form, { requireAll: channel !== 'module' }));
  const files =
    channel === 'module' && Object.keys(input.fileIds).length === 0
      ? []
      : await resolveMaterials(tx, ctx, item.materials as Material[], input.fileIds, []);
  const handler = await handlingUnitFor(tx, filedAt, item.handlingLevel as HandlingLevel);
  if (channel !== 'module') {
    // The materials become the request's: readable by the handling unit's staff, never attached to another record.
    await claimFiles(tx, ctx, files, handler.id);
  }

  const now = new Date();
  const today = toChinaDate(now);
  const calendar = await loadCalendar(tx);
  const acceptDueOn = addWorkingDays(today, 1, calendar);
  const row = await repo.insertRequest(tx, {
    regionId: handler.regionId,
    id: crypto.randomUUID(),
    requestNo: newRequestNumber(now),
    itemId: item.id,
    orgId: handler.id,
    filedAtOrgId: filedAt.id,
    channel,
    status: 'submitted',
    applicantName: input.applicant.name.trim(),
    applicantPhoneEnc: pii().encrypt(phone.value),
    applicantPhoneHash: pii().blindIndex('phone', phone.value),
    applicantPhoneMasked: maskPhone(phone.value),
    applicantAccountId: opts.accountId ?? (ctx.actor.kind === 'public' ? ctx.actor.accountId : null),
    personId: input.applicant.personId ?? null,
    form,
    files,
    subjectKind: input.subject?.kind ?? null,
    subjectId: input.subject?.id ?? null,
    submittedOn: today,
    submittedAt: now,
    acceptDueOn,
    deadlineOn: acceptDueOn,
    createdBy: actorId(ctx.actor) ?? ctx.actor.kind,
  });
  const who = await labelActor(tx, ctx, filedAt.path, channel === 'online');
  await repo.insertEvent(tx, {
    regionId: row.regionId,
    id: crypto.randomUUID(),
    requestId: row.id,
    action: 'submitted',
    fromStatus: null,
    toStatus: 'submitted',
    note: null,
    isPublic: true,
    actorKind: ctx.actor.kind,
    actorId: actorId(ctx.actor),
    actorLabel: who.label,
    actorName: who.name,
    orgId: who.orgId,
    at: now,
  });
  await repo.bumpRollup(tx, rollupKey(row), { received: 1 });
  await recordAudit(tx, ctx, {
    action: 'service_request.submitted',
    entityType: 'service_request',
    entityId: row.id,
    orgId: row.orgId,
    regionId: row.regionId,
    after: { requestNo: row.requestNo, item: item.code, orgId: row.orgId, filedAtOrgId: row.filedAtOrgId, channel },
  });
  return row;
}

function rollupKey(row: repo.RequestRow) {
  return { regionId: row.regionId, day: row.submittedOn, itemId: row.itemId, orgId: row.orgId };
}

export type AdvanceServiceRequest = {
  to: RequestStatus;
  note?: string;
  /**
   * 'module': the calling module authorised the step by its own rules (e.g. a relief approval), so the
   * services:handle scope check is skipped; the actor is still recorded.
   */
  authorisedBy?: 'module';
};

/**
 * Moves a request along the one lifecycle inside the caller's transaction: TRANSITION_NOT_ALLOWED for a step the
 * state machine does not allow, VALIDATION_FAILED without a reason for returned/refused/rejected, OUT_OF_SCOPE for
 * staff outside the handling unit's subtree (services:handle). Sets the deadlines (acceptance: + the item's limit in
 * working days), records the timeline event, audit row and statistics, and queues an SMS to the applicant.
 */
export async function advanceServiceRequest(
  tx: Db,
  ctx: Ctx,
  requestId: string,
  input: AdvanceServiceRequest,
): Promise<repo.RequestRow> {
  const row = await repo.findRequest(tx, requestId, true);
  if (!row) {
    throw new AppError('NOT_FOUND', { entity: 'service_request', id: requestId });
  }
  const handler = await orgs.getOrg(tx, row.orgId);
  if (input.authorisedBy !== 'module') {
    assertCanAt(ctx.actor, 'services:handle', handler.path);
  }
  return applyTransition(tx, ctx, row, handler.path, input.to, input.note, false);
}

async function applyTransition(
  tx: Db,
  ctx: Ctx,
  row: repo.RequestRow,
  unitPath: string,
  to: RequestStatus,
  note: string | undefined,
  byApplicant: boolean,
  extra: Partial<repo.RequestRow> = {},
): Promise<repo.RequestRow> {
  const from = row.status as RequestStatus;
  if (!canMove(from, to)) {
    throw new AppError('TRANSITION_NOT_ALLOWED', { from, to });
  }
  const text = note?.trim() || null;
  if (needsReason.includes(to) && !text) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ field: 'body.note', message: 'a reason is required' }] });
  }
  const now = new Date();
  const today = toChinaDate(now);
  const calendar = await loadCalendar(tx);
  const item = (await listAllItems(tx)).find((i) => i.id === row.itemId)!;
  const patch: Partial<repo.RequestRow> = { ...extra, status: to };
  const delta: repo.RollupDelta = {};
  switch (to) {
    case 'submitted': {
      patch.submittedAt = now;
      patch.acceptDueOn = addWorkingDays(today, 1, calendar);
      patch.deadlineOn = patch.acceptDueOn;
      break;
    }
    case 'accepted': {
      patch.acceptedAt = now;
      patch.dueOn = addWorkingDays(today, item.timeLimitDays, calendar);
      patch.deadlineOn = patch.dueOn;
      delta.accepted = 1;
      break;
    }
    case 'returned':
      patch.deadlineOn = null;
      delta.returned = 1;
      break;
    case 'refused':
    case 'withdrawn':
      patch.deadlineOn = null;
      patch.concludedAt = now;
      delta[to] = 1;
      break;
    case 'in_progress':
      break;
    case 'done':
    case 'rejected': {
      const acceptedOn = toChinaDate(row.acceptedAt ?? now);
      patch.deadlineOn = null;
      patch.concludedAt = now;
      patch.handlingDays = Math.max(0, workingDaysBetween(acceptedOn, today, calendar));
      patch.isOnTime = row.dueOn ? today <= row.dueOn : true;
      delta[to] = 1;
      delta.concludedOnTime = patch.isOnTime ? 1 : 0;
      delta.handlingDaysSum = patch.handlingDays;
      break;
    }
  }
  const updated = await repo.updateRequest(tx, row, patch);
  const action = actionFor[to];
  const who = await labelActor(tx, ctx, unitPath, byApplicant);
  const eventId = crypto.randomUUID();
  await repo.insertEvent(tx, {
    regionId: row.regionId,
    id: eventId,
    requestId: row.id,
    action,
    fromStatus: from,
    toStatus: to,
    note: text,
    isPublic: true,
    actorKind: ctx.actor.kind,
    actorId: actorId(ctx.actor),
    actorLabel: who.label,
    actorName: who.name,
    orgId: who.orgId,
    at: now,
  });
  await repo.bumpRollup(tx, rollupKey(row), delta);
  await recordAudit(tx, ctx, {
    action: `service_request.${action}`,
    entityType: 'service_request',
    entityId: row.id,
    orgId: row.orgId,
    regionId: row.regionId,
    before: { status: from },
    after: { status: to, note: text, dueOn: updated.dueOn },
  });
  if (!byApplicant) {
    await notifyApplicant(tx, updated, action, eventId);
  }
  return updated;
}

// ------------------------------------------------------------------------------------------------ views

type ViewContext = {
  items: Map<number, repo.ItemRow>;
  orgNames: Map<number, string>;
  calendar: WorkingCalendar;
  today: string;
};

async function viewContext(db: Db, rows: repo.RequestRow[]): Promise<ViewContext> {
  const [items, calendar] = await Promise.all([listAllItems(db), loadCalendar(db)]);
  const ids = [...new Set(rows.flatMap((r) => [r.orgId, r.filedAtOrgId]))];
  const units = await orgs.findOrgsByIds(db, ids);
  return {
    items: new Map(items.map((i) => [i.id, i])),
    orgNames: new Map(units.map((o) => [o.id, o.name])),
    calendar,
    today: toChinaDate(),
  };
}

export function toRequestSummary(row: repo.RequestRow, v: ViewContext): RequestSummary {
  const item = v.items.get(row.itemId);
  const open = repo.openStatuses.includes(row.status);
  const deadline = open ? row.deadlineOn : null;
  const left = deadline ? workingDaysBetween(v.today, deadline, v.calendar) : null;
  const overdue = deadline !== null && v.today > deadline;
  return {
    id: row.id,
    requestNo: row.requestNo,
    itemCode: item?.code ?? '',
    itemNameZh: item?.nameZh ?? '',
    itemNameEn: item?.nameEn ?? '',
    status: row.status as RequestStatus,
    channel: row.channel as RequestSummary['channel'],
    orgId: row.orgId,
    orgName: v.orgNames.get(row.orgId) ?? '',
    filedAtOrgId: row.filedAtOrgId,
    filedAtOrgName: v.orgNames.get(row.filedAtOrgId) ?? '',
    applicantNameMasked: maskName(row.applicantName),
    applicantPhoneMasked: row.applicantPhoneMasked,
    submittedAt: row.submittedAt.toISOString(),
    acceptedAt: row.acceptedAt?.toISOString() ?? null,
    concludedAt: row.concludedAt?.toISOString() ?? null,
    acceptDueOn: row.acceptDueOn,
    dueOn: row.dueOn,
    deadlineOn: deadline,
    isOverdue: overdue,
    isDueSoon: deadline !== null && !overdue && (left ?? 0) <= 1,
    workingDaysLeft: left,
    isOnTime: row.isOnTime,
    stars: row.stars,
  };
}

function toTimelineEvent(e: repo.EventRow, forStaff: boolean): TimelineEvent {
  return {
    id: e.id,
    action: e.action as EventAction,
    fromStatus: e.fromStatus as RequestStatus | null,
    toStatus: e.toStatus as RequestStatus | null,
    note: e.note,
    at: e.at.toISOString(),
    actorLabel: e.actorLabel,
    actorName: forStaff ? e.actorName : null,
  };
}

async function toRequestDetail(
  db: Db,
  ctx: Ctx,
  row: repo.RequestRow,
  viewer: 'applicant' | 'staff',
): Promise<RequestDetail> {
  const v = await viewContext(db, [row]);
  const item = v.items.get(row.itemId)!;
  const events = await repo.listEvents(db, { regionId: row.regionId, requestId: row.id });
  const forStaff = viewer === 'staff';
  const status = row.status as RequestStatus;
  const actions: RequestDetail['allowedActions'] = [];
  if (forStaff) {
    const handler = await orgs.findOrgById(db, row.orgId);
    if (handler && canAt(ctx.actor, 'services:handle', handler.path)) {
      actions.push(...staffTargetValues.filter((t) => canMove(status, t)));
    }
    if (row.channel === 'counter') {
      const filedAt = await orgs.findOrgById(db, row.filedAtOrgId);
      if (filedAt && canAt(ctx.actor, 'services:handle', filedAt.path)) {
        pushApplicantActions(actions, row, false);
      }
    }
  } else {
    pushApplicantActions(actions, row, true);
  }
  return {
    ...toRequestSummary(row, v),
    applicantName: row.applicantName,
    personId: row.personId,
    form: openForm(row.form as FormAnswers, !forStaff || hasPermission(ctx.actor, 'pii:view')),
    files: row.files as RequestFile[],
    subject: row.subjectKind && row.subjectId ? { kind: row.subjectKind, id: row.subjectId } : null,
    fulfilledBy: item.fulfilledBy as RequestDetail['fulfilledBy'],
    item: toItemView(item, v.calendar, v.today),
    ratingComment: row.ratingComment,
    ratedAt: row.ratedAt?.toISOString() ?? null,
    handlingDays: row.handlingDays,
    events: events.filter((e) => forStaff || e.isPublic).map((e) => toTimelineEvent(e, forStaff)),
    allowedActions: [...new Set(actions)],
  };
}

function pushApplicantActions(actions: RequestDetail['allowedActions'], row: repo.RequestRow, canRate: boolean): void {
  const status = row.status as RequestStatus;
  if (canMove(status, 'withdrawn')) {
    actions.push('withdraw');
  }
  if (canMove(status, 'submitted')) {
    actions.push('resubmit');
  }
  if (canRate && (status === 'done' || status === 'rejected') && row.stars === null) {
    actions.push('rate');
  }
}

// ------------------------------------------------------------------------------------------------ the applicant

/** A citizen files a request for themselves; the phone is their account's. */
export async function submitOwnRequest(db: Db, ctx: Ctx, input: SubmitOwnRequest): Promise<RequestDetail> {
  if (ctx.actor.kind !== 'public') {
    throw new AppError('FORBIDDEN', { reason: 'sign in with your phone to apply for yourself' });
  }
  const accountId = ctx.actor.accountId;
  const phone = await accountPhone(db, ctx);
  const row = await db.transaction((tx) =>
    openServiceRequest(
      tx,
      ctx,
      {
        itemCode: input.itemCode,
        orgId: input.orgId,
        applicant: { name: input.applicantName, phone },
        form: input.form,
        fileIds: input.fileIds,
      },
      { channel: 'online', accountId },
    ),
  );
  return toRequestDetail(db, ctx, row, 'applicant');
}

/** The signed-in citizen's phone (E.164), from their account. */
function accountPhone(db: Db, ctx: Ctx): Promise<string> {
  return getPublicPhone(db, ctx);
}

/** The caller's own request (matched by the phone they signed in with); NOT_FOUND for anyone else's. */
export async function getOwnRequest(db: Db, ctx: Ctx, id: string, lock = false): Promise<repo.RequestRow> {
  const hash = await getPublicPhoneHash(db, ctx);
  const row = await repo.findRequest(db, id, lock);
  if (!row || row.applicantPhoneHash !== hash) {
    throw new AppError('NOT_FOUND', { entity: 'service_request', id });
  }
  return row;
}

export async function listMyRequests(
  db: Db,
  ctx: Ctx,
  q: { status?: RequestStatus; limit: number; offset: number },
): Promise<RequestPage> {
  const phoneHash = await getPublicPhoneHash(db, ctx);
  const { rows, total } = await repo.listByPhone(db, { phoneHash, ...q });
  const v = await viewContext(db, rows);
  return { items: rows.map((r) => toRequestSummary(r, v)), total };
}

export async function viewMyRequest(db: Db, ctx: Ctx, id: string): Promise<RequestDetail> {
  return toRequestDetail(db, ctx, await getOwnRequest(db, ctx, id), 'applicant');
}

/** 补正: the applicant corrects a returned request; the form and materials are checked again. */
export async function resubmitMyRequest(db: Db, ctx: Ctx, id: string, input: ResubmitRequest): Promise<RequestDetail> {
  const row = await db.transaction(async (tx) => {
    const current = await getOwnRequest(tx, ctx, id, true);
    return resubmit(tx, ctx, current, input, true);
  });
  return toRequestDetail(db, ctx, row, 'applicant');
}

async function resubmit(
  tx: Db,
  ctx: Ctx,
  row: repo.RequestRow,
  input: ResubmitRequest,
  byApplicant: boolean,
): Promise<repo.RequestRow> {
  if (!canMove(row.status as RequestStatus, 'submitted')) {
    throw new AppError('TRANSITION_NOT_ALLOWED', { from: row.status, to: 'submitted' });
  }
  const item = await getItemByCode(tx, (await itemCodeOf(tx, row.itemId)) ?? '', false);
  const fields = item.formFields as FormField[];
  const form = sealForm(fields, validateForm(fields, input.form));
  const files = await resolveMaterials(
    tx,
    ctx,
    item.materials as Material[],
    input.fileIds,
    row.files as RequestFile[],
  );
  const filedAt = await orgs.getOrg(tx, row.filedAtOrgId);
  if (row.channel !== 'module') {
    await claimFiles(tx, ctx, files, row.orgId);
  }
  return applyTransition(tx, ctx, row, filedAt.path, 'submitted', input.note, byApplicant, { form, files });
}

async function itemCodeOf(db: Db, itemId: number): Promise<string | undefined> {
  return (await listAllItems(db)).find((i) => i.id === itemId)?.code;
}

/** The applicant withdraws before acceptance (TRANSITION_NOT_ALLOWED after). */
export async function withdrawMyRequest(db: Db, ctx: Ctx, id: string, note?: string): Promise<RequestDetail> {
  const row = await db.transaction(async (tx) => {
    const current = await getOwnRequest(tx, ctx, id, true);
    const filedAt = await orgs.getOrg(tx, current.filedAtOrgId);
    return applyTransition(tx, ctx, current, filedAt.path, 'withdrawn', note, true);
  });
  return toRequestDetail(db, ctx, row, 'applicant');
}

/**
 * 好差评: once, by the applicant, when the request is done or rejected. TRANSITION_NOT_ALLOWED before that, CONFLICT
 * for a second rating.
 */
export async function rateMyRequest(db: Db, ctx: Ctx, id: string, input: Rating): Promise<RequestDetail> {
  const row = await db.transaction(async (tx) => {
    const current = await getOwnRequest(tx, ctx, id, true);
    if (current.status !== 'done' && current.status !== 'rejected') {
      throw new AppError('TRANSITION_NOT_ALLOWED', { from: current.status, to: 'rated' });
    }
    if (current.stars !== null) {
      throw new AppError('CONFLICT', { reason: 'already rated' });
    }
    const now = new Date();
    const updated = await repo.updateRequest(tx, current, {
      stars: input.stars,
      ratingComment: input.comment?.trim() || null,
      ratedAt: now,
    });
    await repo.insertEvent(tx, {
      regionId: current.regionId,
      id: crypto.randomUUID(),
      requestId: current.id,
      action: 'rated',
      fromStatus: null,
      toStatus: null,
      note: `${input.stars}★${input.comment?.trim() ? ` ${input.comment.trim()}` : ''}`,
      isPublic: true,
      actorKind: ctx.actor.kind,
      actorId: actorId(ctx.actor),
      actorLabel: '申请人',
      actorName: null,
      orgId: null,
      at: now,
    });
    await repo.bumpRollup(tx, rollupKey(current), {
      ratings: 1,
      starsSum: input.stars,
      goodRatings: input.stars >= 4 ? 1 : 0,
    });
    await recordAudit(tx, ctx, {
      action: 'service_request.rated',
      entityType: 'service_request',
      entityId: current.id,
      orgId: current.orgId,
      regionId: current.regionId,
      after: { stars: input.stars },
    });
    return updated;
  });
  return toRequestDetail(db, ctx, row, 'applicant');
}

// ------------------------------------------------------------------------------------------------ staff

/** Staff file a request on a person's behalf at a counter (代办). */
export async function fileOnBehalf(db: Db, ctx: Ctx, input: FileOnBehalf): Promise<RequestDetail> {
  const row = await db.transaction((tx) =>
    openServiceRequest(
      tx,
      ctx,
      {
        itemCode: input.itemCode,
        orgId: input.orgId,
        applicant: { name: input.applicantName, phone: input.applicantPhone, personId: input.personId },
        form: input.form,
        fileIds: input.fileIds,
      },
      { channel: 'counter' },
    ),
  );
  return toRequestDetail(db, ctx, row, 'staff');
}

/** A request for staff holding services:handle over its handling unit or the unit it was filed at. */
export async function getRequestForStaff(db: Db, ctx: Ctx, id: string, lock = false): Promise<repo.RequestRow> {
  const row = await repo.findRequest(db, id, lock);
  if (!row) {
    throw new AppError('NOT_FOUND', { entity: 'service_request', id });
  }
  const [handler, filedAt] = await Promise.all([orgs.getOrg(db, row.orgId), orgs.getOrg(db, row.filedAtOrgId)]);
  if (!canAt(ctx.actor, 'services:handle', handler.path)) {
    assertCanAt(ctx.actor, 'services:handle', filedAt.path);
  }
  return row;
}

export async function viewRequest(db: Db, ctx: Ctx, id: string): Promise<RequestDetail> {
  return toRequestDetail(db, ctx, await getRequestForStaff(db, ctx, id), 'staff');
}

/** A staff step on a request (accept, return, refuse, start, conclude); see advanceServiceRequest. */
export async function transitionRequest(
  db: Db,
  ctx: Ctx,
  id: string,
  input: { to: StaffTarget; note?: string },
): Promise<RequestDetail> {
  const row = await db.transaction((tx) => advanceServiceRequest(tx, ctx, id, input));
  return toRequestDetail(db, ctx, row, 'staff');
}

/** The counter resubmits a request it filed on someone's behalf (补正), in scope of the filed-at unit. */
export async function resubmitForApplicant(
  db: Db,
  ctx: Ctx,
  id: string,
  input: ResubmitRequest,
): Promise<RequestDetail> {
  const row = await db.transaction(async (tx) => {
    const current = await getCounterRequest(tx, ctx, id);
    return resubmit(tx, ctx, current, input, false);
  });
  return toRequestDetail(db, ctx, row, 'staff');
}

export async function withdrawForApplicant(db: Db, ctx: Ctx, id: string, note?: string): Promise<RequestDetail> {
  const row = await db.transaction(async (tx) => {
    const current = await getCounterRequest(tx, ctx, id);
    const filedAt = await orgs.getOrg(tx, current.filedAtOrgId);
    return applyTransition(tx, ctx, current, filedAt.path, 'withdrawn', note, false);
  });
  return toRequestDetail(db, ctx, row, 'staff');
}

async function getCounterRequest(tx: Db, ctx: Ctx, id: string): Promise<repo.RequestRow> {
  const row = await repo.findRequest(tx, id, true);
  if (!row) {
    throw new AppError('NOT_FOUND', { entity: 'service_request', id });
  }
  const filedAt = await orgs.getOrg(tx, row.filedAtOrgId);
  assertCanAt(ctx.actor, 'services:handle', filedAt.path);
  if (row.channel !== 'counter') {
    throw new AppError('FORBIDDEN', { reason: 'only the applicant changes a request they filed themselves' });
  }
  return row;
}

/** Request rows for another module (e.g. relief reading the subject's request); NOT_FOUND when absent. */
export async function getServiceRequestRow(db: Db, id: string): Promise<repo.RequestRow> {
  const row = await repo.findRequest(db, id);
  if (!row) {
    throw new AppError('NOT_FOUND', { entity: 'service_request', id });
  }
  return row;
}

export { toRequestDetail, viewContext };
