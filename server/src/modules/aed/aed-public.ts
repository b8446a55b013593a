// The public side of the AED registry: nearest available devices, a device's page (with its photo), place search, and
// problem reports from the public (扫码报障) that raise an upkeep task; plus the staff list of those reports.
import crypto from 'node:crypto';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { AppError } from '../../platform/errors';
import { claimEvidence, findStoredFile, storeFile } from '../../platform/files/files.service';
import { assertPoint, isOpenAt, type LatLng, wgs84ToGcj02 } from '../../platform/geo';
import type { Ctx } from '../../platform/http/context';
import { maskPhone } from '../../platform/identity/masking';
import { pii } from '../../platform/pii';
import { assertCanAt, systemActor } from '../../platform/rbac/actor';
import { findOrgById, getOrg, listOrgs, orgUnderCondition } from '../orgs/orgs.service';
import { raiseAedTask } from './aed.service';
import { type NearbyAed, nearestAvailableAeds } from './aed-nearby';
import * as repo from './aed-public.repo';
import type {
  NearbyAedView,
  NearbyResult,
  PlaceHit,
  PublicAedView,
  ReportKind,
  ReportProblem,
  ReportReceipt,
  ReportView,
} from './aed-public.schemas';
import { renderAedStickerPdf } from './aed-sticker-pdf';

function toNearbyView(a: NearbyAed): NearbyAedView {
  return {
    code: a.code,
    lat: a.lat,
    lng: a.lng,
    gcj02: a.gcj02,
    address: a.address,
    building: a.building,
    floor: a.floor,
    spot: a.spot,
    accessNotes: a.accessNotes,
    openHoursText: a.openHoursText,
    is24h: a.is24h,
    status: a.status,
    openNow: a.openNow,
    available: a.available,
    distanceM: a.distanceM,
    walkingSeconds: a.walkingSeconds,
  };
}

/**
 * The `limit` nearest devices that are ready and open now, for the public map. Throws INVALID_LOCATION (422) for a
 * point out of range, (0,0), with latitude and longitude swapped, or outside China.
 */
export async function findNearbyForPublic(
  db: Db,
  point: LatLng,
  limit: number,
  at = new Date(),
): Promise<NearbyResult> {
  const items = await nearestAvailableAeds(db, point, { at, limit });
  return { point, at: at.toISOString(), items: items.map(toNearbyView) };
}

/** Devices and units with coordinates whose name matches `q`: the fallback when the phone gives no position. */
export async function searchPlaces(db: Db, q: string): Promise<PlaceHit[]> {
  const devices = await repo.searchAeds(db, q, 8);
  const units = await listOrgs(db, internal, { q, page: 1, pageSize: 30 });
  const hits: PlaceHit[] = units.items
    .filter((u) => u.lat != null && u.lng != null)
    .slice(0, 8)
    .map((u) => ({ kind: 'unit' as const, name: u.name, detail: u.address ?? '', lat: u.lat!, lng: u.lng! }));
  for (const d of devices) {
    hits.push({
      kind: 'aed',
      name: d.building || d.address,
      detail: `${d.code} · ${d.address}`,
      lat: d.lat,
      lng: d.lng,
    });
  }
  return hits;
}

const internal: Ctx = { actor: systemActor('aed-public'), requestId: null, ip: null, locale: 'zh' };

async function getAedByCode(db: Db, code: string): Promise<repo.AedRow> {
  const row = await repo.findAedByCode(db, code);
  if (!row) {
    throw new AppError('NOT_FOUND', { entity: 'aed', code });
  }
  return row;
}

/** What the public sees on a device's page; "available" only when it is ready and open at `at` (China time). */
export async function viewPublicAed(db: Db, code: string, at = new Date()): Promise<PublicAedView> {
  const a = await getAedByCode(db, code);
  const unit = await findOrgById(db, a.orgId);
  const openNow = a.is24h || isOpenAt(a.openHours, at);
  const available = a.status === 'ready' && openNow;
  const reason =
    a.status === 'removed'
      ? 'removed'
      : a.status === 'out_of_service'
        ? 'out_of_service'
        : a.status === 'needs_service'
          ? 'needs_service'
          : openNow
            ? null
            : 'closed_now';
  return {
    code: a.code,
    brand: a.brand,
    model: a.model,
    lat: a.lat,
    lng: a.lng,
    gcj02: wgs84ToGcj02({ lat: a.lat, lng: a.lng }),
    address: a.address,
    building: a.building,
    floor: a.floor,
    spot: a.spot,
    accessNotes: a.accessNotes,
    openHoursText: a.openHoursText,
    is24h: a.is24h,
    openHours: a.openHours,
    status: a.status as PublicAedView['status'],
    openNow,
    available,
    unavailableReason: reason,
    unitName: unit?.name ?? '',
    hasPhoto: a.photoFileId !== null,
    padsExpiresOn: a.padsExpiresOn,
    batteryExpiresOn: a.batteryExpiresOn,
    lastInspectedAt: a.lastInspectedAt?.toISOString() ?? null,
  };
}

/** The device's photo for its public page; NOT_FOUND when it has none. */
export async function readPublicAedPhoto(db: Db, code: string): Promise<{ contentType: string; bytes: Buffer }> {
  const a = await getAedByCode(db, code);
  const file = a.photoFileId ? await findStoredFile(db, a.photoFileId) : undefined;
  if (!file) {
    throw new AppError('NOT_FOUND', { entity: 'aed_photo', code });
  }
  return { contentType: file.contentType, bytes: Buffer.from(file.data) };
}

const kindWords: Record<ReportKind, string> = {
  missing: '设备不见了',
  damaged: '设备损坏',
  inaccessible: '上锁或无法取用',
  expired: '电池或电极片过期',
  other: '其他问题',
};

/**
 * Records a problem the public reports on a device's page and raises an upkeep task for its owner unit, in one
 * transaction with the audit rows. The optional phone is stored encrypted (blind index + masked copy); the optional
 * photo must be a real JPEG, PNG or WebP (FILE_INVALID otherwise) and becomes readable by staff with aed:view there.
 * Throws NOT_FOUND for an unknown code or a removed device.
 */
export async function reportProblem(db: Db, ctx: Ctx, code: string, input: ReportProblem): Promise<ReportReceipt> {
  const a = await getAedByCode(db, code);
  if (a.status === 'removed') {
    throw new AppError('NOT_FOUND', { entity: 'aed', code });
  }
  const photo = input.photo ? Buffer.from(input.photo.base64, 'base64') : null;
  if (photo && photo.byteLength > 600 * 1024) {
    throw new AppError('PAYLOAD_TOO_LARGE', { field: 'photo', maxBytes: 600 * 1024 });
  }
  const id = crypto.randomUUID();
  const createdAt = new Date();
  await db.transaction(async (tx) => {
    let photoFileId: string | null = null;
    if (photo) {
      if (photo.subarray(0, 5).toString('latin1') === '%PDF-') {
        throw new AppError('FILE_INVALID', { field: 'photo', reason: 'type' });
      }
      const stored = await storeFile(tx, ctx, {
        purpose: 'aed_report',
        name: input.photo!.name || 'photo',
        bytes: photo,
      });
      await claimEvidence(tx, ctx, [{ field: 'photo', id: stored.id }], {
        orgId: a.orgId,
        readPermission: 'aed:view',
        purpose: 'aed_report',
      });
      photoFileId = stored.id;
    }
    const phone = input.phone ?? null;
    await repo.insertReport(tx, {
      regionId: a.regionId,
      id,
      aedId: a.id,
      orgId: a.orgId,
      kind: input.kind,
      note: input.note,
      photoFileId,
      phoneEnc: phone ? pii().encrypt(phone) : null,
      phoneHash: phone ? pii().blindIndex('phone', phone) : null,
      phoneMasked: phone ? maskPhone(phone) : null,
      ip: ctx.ip,
      createdAt,
    });
    await recordAudit(tx, ctx, {
      action: 'aed-report.filed',
      entityType: 'aed_report',
      entityId: id,
      orgId: a.orgId,
      regionId: a.regionId,
      after: { aedCode: a.code, kind: input.kind, note: input.note, hasPhoto: photoFileId !== null, hasPhone: !!phone },
    });
    const detail = `公众报告:${kindWords[input.kind]}${input.note ? `。${input.note}` : ''}`;
    const taskId = await raiseAedTask(tx, ctx, {
      regionId: a.regionId,
      aedId: a.id,
      kind: 'public_report',
      detail: detail.slice(0, 600),
      sourceId: id,
    });
    if (taskId) {
      await repo.setReportTask(tx, a.regionId, id, taskId);
    }
  });
  return { id, code: a.code, kind: input.kind, createdAt: createdAt.toISOString() };
}

/** Problem reports on the devices of a unit and its subtree, newest first (aed:view there; OUT_OF_SCOPE otherwise). */
export async function listProblemReports(db: Db, ctx: Ctx, orgId: number): Promise<ReportView[]> {
  const org = await getOrg(db, orgId);
  assertCanAt(ctx.actor, 'aed:view', org.path);
  const rows = await repo.listReports(db, orgUnderCondition(repo.columns.reportOrg, org.path));
  return rows.map(({ report: r, code, address }) => ({
    id: r.id,
    aedId: r.aedId,
    code,
    address,
    orgId: r.orgId,
    kind: r.kind as ReportKind,
    note: r.note,
    hasPhoto: r.photoFileId !== null,
    photoFileId: r.photoFileId,
    phoneMasked: r.phoneMasked,
    taskId: r.taskId,
    createdAt: r.createdAt.toISOString(),
  }));
}

/** Checks a point given by a member of the public or staff (range, (0,0), swapped, China). */
export function checkPoint(p: LatLng, field = 'location'): void {
  assertPoint(p, { china: true, field });
}

/**
 * The printable QR sticker of a device (aed:view at its unit; NOT_FOUND for an unknown id, OUT_OF_SCOPE elsewhere):
 * the QR code opens `${publicUrl}/aed/d/<code>`.
 */
export async function renderSticker(
  db: Db,
  ctx: Ctx,
  id: string,
  publicUrl: string,
): Promise<{ code: string; pdf: Buffer }> {
  const a = await repo.findAedById(db, id);
  if (!a) {
    throw new AppError('NOT_FOUND', { entity: 'aed', id });
  }
  const unit = await getOrg(db, a.orgId);
  assertCanAt(ctx.actor, 'aed:view', unit.path);
  const place = [a.building, a.floor, a.spot].filter(Boolean).join(' ') || a.address;
  const pdf = await renderAedStickerPdf({
    code: a.code,
    place,
    address: a.address,
    hoursText: a.is24h ? '24小时' : a.openHoursText,
    unitName: unit.name,
    url: `${publicUrl.replace(/\/$/, '')}/aed/d/${encodeURIComponent(a.code)}`,
  });
  return { code: a.code, pdf };
}
