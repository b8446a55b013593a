// The AED registry (AED配置): register and edit devices with their place, access hours, consumables and guardians
// (管理责任人); list them in the caller's scope; change status along the allowed transitions. Every change is one
// transaction with its audit row; aed:manage at the owner unit (both units when a device moves).
import crypto from 'node:crypto';
import { and, eq, ilike, ne, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { addDays, toChinaDate } from '../../platform/dates';
import { AppError } from '../../platform/errors';
import { claimEvidence } from '../../platform/files/files.service';
import {
  allDayMask,
  alwaysOpen,
  assertPoint,
  hoursMask,
  isOpenAt,
  type LatLng,
  toWgs84,
  type WeekHours,
  wgs84ToGcj02,
} from '../../platform/geo';
import type { Ctx } from '../../platform/http/context';
import { maskPhone } from '../../platform/identity/masking';
import { normalizePhone } from '../../platform/identity/phone';
import { pii } from '../../platform/pii';
import { actorLabel, assertCanAt } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import * as repo from './aed.repo';
import type {
  AedListQuery,
  AedStatus,
  AedStatusChange,
  AedSummary,
  AedTaskKind,
  AedTaskView,
  AedView,
  CreateAed,
  UpdateAed,
} from './aed.schemas';

export type AedRow = repo.AedRow;

export { addDays };

// ------------------------------------------------------------------------------------------------ hours

/** Intervals (whole hours) per weekday -> int[7] masks. */
export function toMasks(week: { from: number; to: number }[][]): WeekHours {
  return week.map((day) => day.reduce((m, iv) => m | hoursMask(iv.from, iv.to % 24), 0));
}

/** int[7] masks -> the runs of set bits per day, as intervals [from, to). */
export function toIntervals(masks: WeekHours): { from: number; to: number }[][] {
  return masks.map((mask) => {
    const out: { from: number; to: number }[] = [];
    let start = -1;
    for (let h = 0; h <= 24; h++) {
      const on = h < 24 && ((mask >> h) & 1) === 1;
      if (on && start < 0) {
        start = h;
      } else if (!on && start >= 0) {
        out.push({ from: start, to: h });
        start = -1;
      }
    }
    return out;
  });
}

function hoursOf(is24h: boolean, week: { from: number; to: number }[][] | undefined): WeekHours {
  if (is24h) {
    return [...alwaysOpen];
  }
  if (!week) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ field: 'body.weekHours', message: 'give the weekly hours, or mark the device as reachable 24h' }],
    });
  }
  return toMasks(week);
}

// ------------------------------------------------------------------------------------------------ helpers

/** A point given in `datum`, as stored (WGS-84), refused with INVALID_LOCATION when not usable in China. */
export function storedPoint(p: LatLng, datum: 'wgs84' | 'gcj02' = 'wgs84'): LatLng {
  // Check the point as given first: a swapped or (0,0) GCJ-02 point is as wrong as a WGS-84 one.
  assertPoint(p, { china: true });
  const w = toWgs84(p, datum);
  return { lat: Math.round(w.lat * 1e7) / 1e7, lng: Math.round(w.lng * 1e7) / 1e7 };
}

export function guardianRows(regionId: number, aedId: string, list: { name: string; phone: string }[]) {
  return list.map((g, i) => {
    const phone = normalizePhone(g.phone);
    if (!phone.ok) {
      throw new AppError('VALIDATION_FAILED', {
        issues: [{ field: `body.guardians.${i}.phone`, message: 'not a phone number' }],
      });
    }
    return {
      regionId,
      id: crypto.randomUUID(),
      aedId,
      name: g.name,
      phoneEnc: pii().encrypt(phone.value),
      phoneHash: pii().blindIndex('phone', phone.value),
      phoneMasked: maskPhone(phone.value),
      position: i,
    };
  });
}

/** The administrative code a device code carries: the nearest unit up the tree (itself first) that has one. */
export async function adminCodeOf(db: Db, org: orgs.OrgRow): Promise<string> {
  if (org.code && /^\d{6}$/.test(org.code)) {
    return org.code;
  }
  const ids = org.path.split('.').filter(Boolean).map(Number);
  const chain = await orgs.findOrgsByIds(db, ids);
  for (const id of ids.reverse()) {
    const code = chain.find((o) => o.id === id)?.code;
    if (code && /^\d{6}$/.test(code)) {
      return code;
    }
  }
  return String(org.regionId).padStart(6, '0');
}

export async function nextCodes(db: Db, org: orgs.OrgRow, n: number): Promise<string[]> {
  const prefix = await adminCodeOf(db, org);
  const first = await repo.reserveCodes(db, prefix, n);
  return Array.from({ length: n }, (_, i) => `AED-${prefix}-${String(first + i).padStart(6, '0')}`);
}

export async function assertSerialFree(db: Db, brand: string, serialNo: string, exceptId?: string): Promise<void> {
  const found = (await repo.findSerials(db, [{ brand, serialNo }])).find(
    (r) => r.brand.toLowerCase() === brand.toLowerCase() && r.serialNo === serialNo && r.id !== exceptId,
  );
  if (found) {
    throw new AppError('AED_SERIAL_TAKEN', { brand, serialNo, code: found.code });
  }
}

/** Three missed heartbeats: a device with a key that has been quiet that long is "silent". */
export function isSilent(row: AedRow, now = new Date()): boolean {
  const last = row.lastHeartbeatAt ?? row.telemetryKeyIssuedAt;
  return !!row.telemetryKeyHash && !!last && now.getTime() - last.getTime() > 3 * row.heartbeatIntervalMinutes * 60_000;
}

export async function getAedRow(db: Db, id: string): Promise<AedRow> {
  const row = await repo.findAedById(db, id);
  if (!row) {
    throw new AppError('NOT_FOUND', { entity: 'aed', id });
  }
  return row;
}

/** The device and its unit, with aed:view / aed:manage there (NOT_FOUND first, then FORBIDDEN / OUT_OF_SCOPE). */
export async function loadInScope(db: Db, ctx: Ctx, id: string, permission: 'aed:view' | 'aed:manage') {
  const row = await getAedRow(db, id);
  const org = await orgs.getOrg(db, row.orgId);
  assertCanAt(ctx.actor, permission, org.path);
  return { row, org };
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

function toSummary(row: AedRow, orgName: string, openTasks: number, now = new Date()): AedSummary {
  return {
    id: row.id,
    code: row.code,
    orgId: row.orgId,
    orgName,
    brand: row.brand,
    model: row.model,
    serialNo: row.serialNo,
    lat: row.lat,
    lng: row.lng,
    gcj02: wgs84ToGcj02({ lat: row.lat, lng: row.lng }),
    address: row.address,
    building: row.building,
    floor: row.floor,
    spot: row.spot,
    is24h: row.is24h,
    openHoursText: row.openHoursText,
    openNow: isOpenAt(row.openHours, now),
    status: row.status as AedStatus,
    statusReason: row.statusReason,
    batteryExpiresOn: row.batteryExpiresOn,
    padsExpiresOn: row.padsExpiresOn,
    lastInspectedAt: iso(row.lastInspectedAt),
    lastHeartbeatAt: iso(row.lastHeartbeatAt),
    openTasks,
  };
}

export function toTaskView(task: repo.TaskRow, aed: AedRow, orgName: string): AedTaskView {
  return {
    id: task.id,
    aedId: task.aedId,
    aedCode: aed.code,
    address: [aed.address, aed.building, aed.floor].filter(Boolean).join(' '),
    orgId: task.orgId,
    orgName,
    kind: task.kind as AedTaskKind,
    status: task.status as AedTaskView['status'],
    dueOn: task.dueOn,
    detail: task.detail,
    createdAt: task.createdAt.toISOString(),
    closedAt: iso(task.closedAt),
    closeNote: task.closeNote,
  };
}

/** The full view of a device: guardians (masked phones), tasks, inspections, self-tests, usage reports. */
export async function toAedView(db: Db, row: AedRow, orgName: string): Promise<AedView> {
  // One after another: inside a transaction the queries share one connection.
  const guardians = await repo.listGuardians(db, row.regionId, [row.id]);
  const tasks = await repo.listTasksOf(db, row.regionId, row.id);
  const inspections = await repo.listInspections(db, row.regionId, row.id);
  const selfTests = await repo.listSelfTests(db, row.regionId, row.id);
  const usages = await repo.listUsages(db, row.regionId, row.id);
  const open = tasks.filter((t) => t.status === 'open').length;
  return {
    ...toSummary(row, orgName, open),
    photoFileId: row.photoFileId,
    accessNotes: row.accessNotes,
    keyHolder: row.keyHolder,
    openHours: row.openHours,
    weekHours: toIntervals(row.openHours),
    installedOn: row.installedOn,
    inspectionIntervalDays: row.inspectionIntervalDays,
    heartbeatIntervalMinutes: row.heartbeatIntervalMinutes,
    statusChangedAt: row.statusChangedAt.toISOString(),
    statusCause: row.statusCause,
    telemetry: {
      hasKey: !!row.telemetryKeyHash,
      keyIssuedAt: iso(row.telemetryKeyIssuedAt),
      lastHeartbeatAt: iso(row.lastHeartbeatAt),
      lastSelfTestAt: iso(row.lastSelfTestAt),
      lastSelfTestOk: row.lastSelfTestOk,
      batteryPercent: row.batteryPercent,
      silent: isSilent(row),
    },
    guardians: guardians.map((g) => ({ id: g.id, name: g.name, phoneMasked: g.phoneMasked })),
    tasks: tasks.map((t) => toTaskView(t, row, orgName)),
    inspections: inspections.map((i) => ({
      id: i.id,
      inspectedAt: i.inspectedAt.toISOString(),
      inspector: i.inspector,
      items: i.items as { item: string; ok: boolean; note?: string }[],
      result: i.result as 'pass' | 'fail',
      photoFileId: i.photoFileId,
      note: i.note,
    })),
    selfTests: selfTests.map((s) => ({ id: s.id, testedAt: s.testedAt.toISOString(), ok: s.ok, details: s.details })),
    usages: usages.map((u) => ({
      id: u.id,
      usedAt: u.usedAt.toISOString(),
      shocksDelivered: u.shocksDelivered,
      outcome: u.outcome as AedView['usages'][number]['outcome'],
      emergencyId: u.emergencyId,
      reporter: u.reporter,
      note: u.note,
      padsConfirmedAt: iso(u.padsConfirmedAt),
    })),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A snapshot of a device for the audit trail (no key hash). */
function auditShape(row: AedRow) {
  const { telemetryKeyHash: _k, ...rest } = row;
  return rest;
}

// ------------------------------------------------------------------------------------------------ create, edit, view

/**
 * Registers a device at a unit where the caller holds aed:manage. The point may be given in GCJ-02 (stored as
 * WGS-84). Throws INVALID_LOCATION, AED_SERIAL_TAKEN, NOT_FOUND (unit, photo), OUT_OF_SCOPE.
 */
export async function createAed(db: Db, ctx: Ctx, input: CreateAed): Promise<AedView> {
  const point = storedPoint({ lat: input.lat, lng: input.lng }, input.datum);
  const openHours = hoursOf(input.is24h, input.weekHours);
  const org = await orgs.getOrg(db, input.orgId);
  assertCanAt(ctx.actor, 'aed:manage', org.path);
  return db.transaction(async (tx) => {
    await assertSerialFree(tx, input.brand, input.serialNo);
    const [code] = await nextCodes(tx, org, 1);
    const id = crypto.randomUUID();
    await repo.insertAeds(tx, [
      {
        regionId: org.regionId,
        id,
        code,
        orgId: org.id,
        brand: input.brand,
        model: input.model,
        serialNo: input.serialNo,
        ...point,
        address: input.address,
        building: input.building,
        floor: input.floor,
        spot: input.spot,
        photoFileId: input.photoFileId ?? null,
        accessNotes: input.accessNotes,
        keyHolder: input.keyHolder,
        is24h: input.is24h || openHours.every((m) => m === allDayMask),
        openHours,
        openHoursText: input.openHoursText || (input.is24h ? '24小时' : ''),
        installedOn: input.installedOn ?? null,
        batteryExpiresOn: input.batteryExpiresOn ?? null,
        padsExpiresOn: input.padsExpiresOn ?? null,
        status: 'ready',
        inspectionIntervalDays: input.inspectionIntervalDays,
        heartbeatIntervalMinutes: input.heartbeatIntervalMinutes,
        createdBy: actorLabel(ctx.actor),
      },
    ]);
    await repo.insertGuardians(tx, guardianRows(org.regionId, id, input.guardians));
    await claimEvidence(tx, ctx, [{ field: 'photoFileId', id: input.photoFileId }], {
      orgId: org.id,
      readPermission: 'aed:view',
      purpose: 'aed_photo',
    });
    const row = (await repo.findAedById(tx, id))!;
    await recordAudit(tx, ctx, {
      action: 'aed.registered',
      entityType: 'aed',
      entityId: id,
      orgId: org.id,
      regionId: org.regionId,
      after: { ...auditShape(row), guardians: input.guardians.length },
    });
    return toAedView(tx, row, org.name);
  });
}

/**
 * Edits a device (aed:manage at its unit, and at the new unit when it moves; a move to another region is refused
 * with VALIDATION_FAILED: re-register it there). A new battery or pads expiry beyond the warning window closes the
 * open expiry task. Guardians, when given, replace the list.
 */
export async function updateAed(db: Db, ctx: Ctx, id: string, patch: UpdateAed): Promise<AedView> {
  const { row: found, org } = await loadInScope(db, ctx, id, 'aed:manage');
  if (found.status === 'removed') {
    throw new AppError('AED_STATUS_TRANSITION', { status: found.status, reason: 'a removed device cannot be edited' });
  }
  let target = org;
  if (patch.orgId !== undefined && patch.orgId !== found.orgId) {
    target = await orgs.getOrg(db, patch.orgId);
    assertCanAt(ctx.actor, 'aed:manage', target.path);
    if (target.regionId !== found.regionId) {
      throw new AppError('VALIDATION_FAILED', {
        issues: [{ field: 'body.orgId', message: 'the new unit is in another city: register the device there' }],
      });
    }
  }
  const set: Partial<repo.AedInsert> = {};
  if (patch.lat !== undefined || patch.lng !== undefined) {
    if (patch.lat === undefined || patch.lng === undefined) {
      throw new AppError('VALIDATION_FAILED', {
        issues: [{ field: 'body.lat', message: 'give lat and lng together' }],
      });
    }
    Object.assign(set, storedPoint({ lat: patch.lat, lng: patch.lng }, patch.datum ?? 'wgs84'));
  }
  const is24h = patch.is24h ?? found.is24h;
  if (patch.is24h !== undefined || patch.weekHours !== undefined) {
    set.openHours = hoursOf(is24h, patch.weekHours ?? (is24h ? undefined : toIntervals(found.openHours)));
    set.is24h = is24h;
  }
  for (const key of [
    'brand',
    'model',
    'serialNo',
    'address',
    'building',
    'floor',
    'spot',
    'photoFileId',
    'accessNotes',
    'keyHolder',
    'openHoursText',
    'installedOn',
    'batteryExpiresOn',
    'padsExpiresOn',
    'inspectionIntervalDays',
    'heartbeatIntervalMinutes',
  ] as const) {
    if (patch[key] !== undefined) {
      (set as Record<string, unknown>)[key] = patch[key];
    }
  }
  if (patch.orgId !== undefined) {
    set.orgId = target.id;
  }
  return db.transaction(async (tx) => {
    const before = (await repo.lockAed(tx, found.regionId, id))!;
    if (set.brand !== undefined || set.serialNo !== undefined) {
      await assertSerialFree(tx, set.brand ?? before.brand, set.serialNo ?? before.serialNo, id);
    }
    const row = await repo.updateAed(tx, found.regionId, id, set);
    if (patch.guardians) {
      await repo.replaceGuardians(tx, found.regionId, id, guardianRows(found.regionId, id, patch.guardians));
    }
    if (patch.photoFileId) {
      await claimEvidence(tx, ctx, [{ field: 'photoFileId', id: patch.photoFileId }], {
        orgId: target.id,
        readPermission: 'aed:view',
        purpose: 'aed_photo',
      });
    }
    await closeFixedExpiryTasks(tx, ctx, row);
    await recordAudit(tx, ctx, {
      action: 'aed.updated',
      entityType: 'aed',
      entityId: id,
      orgId: target.id,
      regionId: row.regionId,
      before: auditShape(before),
      after: { ...auditShape(row), ...(patch.guardians ? { guardians: patch.guardians.length } : {}) },
    });
    return toAedView(tx, row, target.name);
  });
}

/** Expiry warnings: battery 60 days, pads 30 days ahead. */
export const expiryWindows = { batteryDays: 60, padsDays: 30 } as const;

/** Closes the battery / pads task once the device's expiry date lies beyond the warning window. */
export async function closeFixedExpiryTasks(tx: Db, ctx: Ctx, row: AedRow, today = toChinaDate()): Promise<void> {
  const fixed: string[] = [];
  if (!row.batteryExpiresOn || row.batteryExpiresOn > addDays(today, expiryWindows.batteryDays)) {
    fixed.push('battery_expiring');
  }
  if (!row.padsExpiresOn || row.padsExpiresOn > addDays(today, expiryWindows.padsDays)) {
    fixed.push('pads_expiring');
  }
  await repo.closeOpenTasks(tx, row.regionId, row.id, fixed, {
    by: actorLabel(ctx.actor),
    note: '已更换(新有效期已登记)',
  });
}

export async function viewAed(db: Db, ctx: Ctx, id: string): Promise<AedView> {
  const { row, org } = await loadInScope(db, ctx, id, 'aed:view');
  return toAedView(db, row, org.name);
}

/** Devices in the caller's aed:view scope (under `orgId` when given): status, text (code, address, serial), due work. */
export async function listAeds(db: Db, ctx: Ctx, q: AedListQuery): Promise<{ items: AedSummary[]; total: number }> {
  const a = repo.columns.aed;
  const conds: (SQL | undefined)[] = [orgs.orgScopeCondition(a.orgId, ctx, 'aed:view')];
  if (q.orgId) {
    const org = await orgs.getOrg(db, q.orgId);
    assertCanAt(ctx.actor, 'aed:view', org.path);
    conds.push(orgs.orgUnderCondition(a.orgId, org.path));
    if (org.type !== 'province') {
      conds.push(eq(a.regionId, org.regionId));
    }
  }
  if (q.status) {
    conds.push(eq(a.status, q.status));
  } else if (q.includeRemoved !== 'true') {
    conds.push(ne(a.status, 'removed'));
  }
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(
      or(
        ilike(a.code, like),
        ilike(a.address, like),
        ilike(a.serialNo, like),
        ilike(a.building, like),
        ilike(a.brand, like),
      ),
    );
  }
  if (q.dueWithinDays !== undefined) {
    conds.push(repo.hasTaskDueBy(addDays(toChinaDate(), q.dueWithinDays)));
  }
  const { rows, total } = await repo.listAeds(db, and(...conds), {
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  const names = new Map(
    (await orgs.findOrgsByIds(db, [...new Set(rows.map((r) => r.orgId))])).map((o) => [o.id, o.name]),
  );
  const open = await repo.openTaskCounts(
    db,
    rows.map((r) => r.id),
  );
  return { items: rows.map((r) => toSummary(r, names.get(r.orgId) ?? '', open.get(r.id) ?? 0)), total };
}

// ------------------------------------------------------------------------------------------------ status

/** Manual transitions: ready ⇄ needs_service ⇄ out_of_service; any → removed; removed is final. */
const allowed: Record<AedStatus, AedStatus[]> = {
  ready: ['needs_service', 'removed'],
  needs_service: ['ready', 'out_of_service', 'removed'],
  out_of_service: ['needs_service', 'removed'],
  removed: [],
};

export function canTransition(from: AedStatus, to: AedStatus): boolean {
  return allowed[from].includes(to);
}

/** Changes a device's status by hand (aed:manage), with a reason; AED_STATUS_TRANSITION when not allowed. */
export async function changeStatus(db: Db, ctx: Ctx, id: string, input: AedStatusChange): Promise<AedView> {
  const { row: found, org } = await loadInScope(db, ctx, id, 'aed:manage');
  return db.transaction(async (tx) => {
    const before = (await repo.lockAed(tx, found.regionId, id))!;
    const from = before.status as AedStatus;
    if (!canTransition(from, input.status)) {
      throw new AppError('AED_STATUS_TRANSITION', { from, to: input.status });
    }
    const row = await setStatus(tx, before, input.status, input.reason, 'manual');
    if (input.status === 'removed') {
      await repo.closeOpenTasks(tx, row.regionId, row.id, [...allTaskKinds], {
        by: actorLabel(ctx.actor),
        note: '设备已撤除',
        status: 'cancelled',
      });
    }
    await recordAudit(tx, ctx, {
      action: 'aed.status_changed',
      entityType: 'aed',
      entityId: id,
      orgId: org.id,
      regionId: row.regionId,
      before: { status: from, reason: before.statusReason },
      after: { status: row.status, reason: row.statusReason },
      reason: input.reason,
    });
    return toAedView(tx, row, org.name);
  });
}

const allTaskKinds = [
  'battery_expiring',
  'pads_expiring',
  'inspection_due',
  'inspection_failed',
  'heartbeat_missing',
  'device_fault',
  'self_test_failed',
  'used_in_rescue',
  'public_report',
  'other',
] as const;

/** Writes a status (no transition check: the caller decides), with its reason and cause. */
export async function setStatus(
  tx: Db,
  row: AedRow,
  status: AedStatus,
  reason: string,
  cause: string,
): Promise<AedRow> {
  return repo.updateAed(tx, row.regionId, row.id, {
    status,
    statusReason: reason,
    statusCause: cause,
    statusChangedAt: new Date(),
  });
}
