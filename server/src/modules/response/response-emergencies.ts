// Emergencies: raised by a 120 centre's API, staff or the public; the alert search (radius, widening, quiet hours,
// fresh fixes, cap, nearest first) and the alerts in ONE transaction; accept/decline/arrived with the split between
// patient and AED fetchers; stand-down; the end with its outcome; the SMS fallback; what the dispatcher sees.
import crypto from 'node:crypto';
import { and, eq, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { toChinaDate } from '../../platform/dates';
import { AppError } from '../../platform/errors';
import { assertPoint, type LatLng, toWgs84 } from '../../platform/geo';
import type { Ctx } from '../../platform/http/context';
import { maskPhone } from '../../platform/identity/masking';
import { enqueueJob } from '../../platform/jobs/jobs.service';
import { queueMessage } from '../../platform/notify/notify.service';
import { pii } from '../../platform/pii';
import { assertCanAt, canAt, scopePaths } from '../../platform/rbac/actor';
import type { RealtimeEvent } from '../../platform/realtime/realtime';
import { nearestAvailableAeds, reportAedUsage } from '../aed/aed.service';
import * as orgs from '../orgs/orgs.service';
import * as training from '../training/training.service';
import * as repo from './response.repo';
import type { AedBrief, EmergencyDetail, EmergencyListQuery, EmergencyView, Outcome } from './response.schemas';
import { assignRole, enoughAccepted } from './response-assign';
import {
  addTimeline,
  aedsOf,
  emergencyTopic,
  publicEmergencyTopic,
  publish,
  randomToken,
  responderEvents,
  responderTopic,
  responseSettings,
  sha256,
  sourceCtxLabel,
  toAedBrief,
  toAlertView,
  toEmergencyResponder,
  toEmergencyView,
  toTimelineItem,
} from './response-core';
import { dropLapsed, findOwnResponder, flushPositions, jobCtx } from './response-responders';

let followupBaseUrl = 'http://localhost:3000';
export function configureFollowupLinks(publicUrl: string | undefined): void {
  if (publicUrl) {
    followupBaseUrl = publicUrl.replace(/\/$/, '');
  }
}
export const followupLink = (token: string) => `${followupBaseUrl}/response/followup/${token}`;

const chinaMinute = (at: Date) => {
  const local = new Date(at.getTime() + 8 * 3600_000);
  return local.getUTCHours() * 60 + local.getUTCMinutes();
};

function emergencyNumber(at: Date): string {
  const d = new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '');
  return `JZ${d}-${crypto.randomBytes(3).toString('hex').toUpperCase()}`;
}

type RaiseInput = {
  source: 'dispatch_api' | 'staff' | 'public';
  orgId: number;
  regionId: number;
  point: LatLng;
  address: string;
  note: string;
  raiserAccountId?: string | null;
  callerPhone?: string | null;
  dispatchKeyId?: string | null;
  externalId?: string | null;
  followTokenHash?: string | null;
};

/**
 * Raises an emergency and alerts responders, in one transaction: on-call responders with a fresh fix within the
 * radius (widened 1,000 → 2,000 → 3,000 m while fewer than the minimum are found), outside quiet hours and within
 * their own maximum distance, nearest first, at most the cap, never the raiser; the nearest ready AEDs; the alerts,
 * their events, SMS for those without a live connection, the +20 s SMS fallback job; each step a timeline row.
 */
export async function raise(db: Db, ctx: Ctx, input: RaiseInput): Promise<repo.EmergencyRow> {
  await flushPositions();
  const now = new Date();
  const s = responseSettings;
  const radii = [s.radiusM, ...s.widenM];
  const maxRadius = radii[radii.length - 1];
  return db.transaction(async (tx) => {
    const found = await repo.findCandidates(tx, input.point, {
      radiusM: maxRadius,
      freshAfter: new Date(now.getTime() - s.freshFixMinutes * 60_000),
      minute: chinaMinute(now),
      limit: s.cap,
      excludeAccountId: input.raiserAccountId ?? null,
      now,
    });
    // Certificates are checked again at alert time (one query by phone): a lapsed responder is taken off call, not
    // alerted.
    const valid =
      found.length > 0
        ? await training.findValidCertificatesByPhones(
            tx,
            found.map((c) => c.phone_hash),
            toChinaDate(now),
          )
        : new Map();
    const lapsedIds = new Set(found.filter((c) => !valid.has(c.phone_hash)).map((c) => c.responder_id));
    if (lapsedIds.size > 0) {
      const lapsed = await repo.findRespondersByIds(tx, [...lapsedIds]);
      await dropLapsed(
        tx,
        lapsed.filter((r) => r.onCall),
        now,
      );
    }
    const candidates = found.filter((c) => !lapsedIds.has(c.responder_id));
    let radiusM = radii[0];
    const widened: number[] = [];
    for (const r of radii.slice(1)) {
      if (candidates.filter((c) => c.distance_m <= radiusM).length >= s.minResponders) {
        break;
      }
      widened.push(r);
      radiusM = r;
    }
    const chosen = candidates.filter((c) => c.distance_m <= radiusM);
    const nearby = await nearestAvailableAeds(tx, input.point, { at: now, limit: 3, withinM: maxRadius });
    const aeds: AedBrief[] = nearby.map(toAedBrief);

    const e = await repo.insertEmergency(tx, {
      regionId: input.regionId,
      id: crypto.randomUUID(),
      number: emergencyNumber(now),
      source: input.source,
      orgId: input.orgId,
      lat: input.point.lat,
      lng: input.point.lng,
      address: input.address,
      note: input.note,
      raisedBy: sourceCtxLabel(ctx),
      raiserAccountId: input.raiserAccountId ?? null,
      callerPhoneEnc: input.callerPhone ? pii().encrypt(input.callerPhone) : null,
      callerPhoneMasked: input.callerPhone ? maskPhone(input.callerPhone) : null,
      dispatchKeyId: input.dispatchKeyId ?? null,
      externalId: input.externalId ?? null,
      followTokenHash: input.followTokenHash ?? null,
      radiusM,
      alerted: chosen.length,
      raisedAt: now,
      aeds,
    });
    const alerts = await repo.insertAlerts(
      tx,
      chosen.map((c) => ({
        regionId: e.regionId,
        id: crypto.randomUUID(),
        emergencyId: e.id,
        responderId: c.responder_id,
        responderRegionId: c.region_id,
        lat: c.lat,
        lng: c.lng,
        distanceM: c.distance_m,
        alertedAt: now,
      })),
    );
    // SMS at once for those with no live connection (and SMS allowed); the rest get one after 20 s if unacknowledged.
    const offline = chosen.filter((c) => !c.connected && c.pref_sms);
    const offlineIds = new Set(offline.map((c) => c.responder_id));
    for (const c of offline) {
      await queueMessage(tx, {
        channel: 'sms',
        to: pii().decrypt(c.phone_enc),
        template: 'response.alert',
        body: alertSms(e, c.distance_m),
        dedupeKey: `response.alert:${e.id}:${c.responder_id}`,
      });
    }
    await repo.markSms(
      tx,
      e.regionId,
      alerts.filter((a) => offlineIds.has(a.responderId)).map((a) => a.id),
      now,
    );
    if (alerts.length > offline.length) {
      await enqueueJob(
        tx,
        'response.sms-fallback',
        { regionId: e.regionId, emergencyId: e.id },
        {
          runAt: new Date(now.getTime() + s.smsFallbackSeconds * 1000),
        },
      );
    }
    const events: RealtimeEvent[] = alerts.map((a) => ({
      topic: responderTopic(a.responderId),
      event: 'alert',
      data: toAlertView(a, e),
    }));
    events.push(
      ...(await addTimeline(tx, e, [
        {
          at: now,
          kind: 'raised',
          text: `${sourceText[input.source]}发起:${input.address || '(未填地址)'}`,
          data: { source: input.source },
        },
        {
          at: now,
          kind: 'searched',
          text: `在 ${s.radiusM} 米内找到 ${candidates.filter((c) => c.distance_m <= s.radiusM).length} 名值守应答者,附近可用AED ${aeds.length} 台`,
          data: {
            radiusM: s.radiusM,
            found: candidates.filter((c) => c.distance_m <= s.radiusM).length,
            aeds: aeds.length,
          },
        },
        ...widened.map((r) => ({
          at: now,
          kind: 'widened',
          text: `应答者不足 ${s.minResponders} 名,范围扩大至 ${r} 米`,
          data: { radiusM: r, found: candidates.filter((c) => c.distance_m <= r).length },
        })),
        {
          at: now,
          kind: 'alerted',
          text: `已呼叫 ${alerts.length} 名应答者(短信 ${offline.length} 条)`,
          data: { n: alerts.length, sms: offline.length },
        },
      ])),
    );
    await recordAudit(tx, ctx, {
      action: 'emergency.raised',
      entityType: 'emergency',
      entityId: e.id,
      orgId: e.orgId,
      regionId: e.regionId,
      after: {
        number: e.number,
        source: e.source,
        lat: e.lat,
        lng: e.lng,
        radiusM,
        alerted: alerts.length,
        externalId: e.externalId,
      },
    });
    await publish(tx, events);
    return e;
  });
}

const sourceText = { dispatch_api: '120调度', staff: '调度员', public: '现场群众' } as const;

function alertSms(e: repo.EmergencyRow, distance: number): string {
  return `【博爱·救在身边】紧急呼叫:距您约${Math.round(distance)}米处(${e.address || '见应用内地图'})有人疑似心脏骤停,请打开"救在身边"应答页面确认是否前往。编号${e.number}`;
}

// ------------------------------------------------------------------------------------------------ the three ways in

async function orgForStaff(db: Db, ctx: Ctx, orgId: number | undefined): Promise<orgs.OrgRow> {
  if (orgId !== undefined) {
    const org = await orgs.getOrg(db, orgId);
    assertCanAt(ctx.actor, 'response:dispatch', org.path);
    return org;
  }
  const paths = scopePaths(ctx.actor, 'response:dispatch');
  const grant = ctx.actor.kind === 'staff' ? ctx.actor.grants.find((g) => paths?.includes(g.orgPath)) : undefined;
  if (!grant) {
    throw new AppError('FORBIDDEN', { permission: 'response:dispatch' });
  }
  return orgs.getOrg(db, grant.orgId);
}

/** Staff raise from the console (orgId defaults to the caller's dispatch unit). */
export async function raiseByStaff(
  db: Db,
  ctx: Ctx,
  input: { orgId?: number; lat: number; lng: number; datum: 'wgs84' | 'gcj02'; address: string; note: string },
): Promise<EmergencyDetail> {
  const point = toWgs84({ lat: input.lat, lng: input.lng }, input.datum);
  assertPoint(point, { china: true });
  const org = await orgForStaff(db, ctx, input.orgId);
  const e = await raise(db, ctx, {
    source: 'staff',
    orgId: org.id,
    regionId: org.regionId,
    point,
    address: input.address,
    note: input.note,
  });
  return detailOf(db, e);
}

/** A 120 centre's raise through the dispatcher API; the same externalId again returns the first (created: false). */
export async function raiseByDispatch(
  db: Db,
  ctx: Ctx,
  key: repo.DispatchKeyRow,
  input: { externalId?: string; lat: number; lng: number; datum: 'wgs84' | 'gcj02'; address: string; note: string },
): Promise<{ detail: EmergencyDetail; created: boolean }> {
  const point = toWgs84({ lat: input.lat, lng: input.lng }, input.datum);
  assertPoint(point, { china: true });
  const org = await orgs.getOrg(db, key.orgId);
  if (input.externalId) {
    const first = await repo.findEmergencyByExternalId(db, org.regionId, key.id, input.externalId);
    if (first) {
      return { detail: await detailOf(db, first), created: false };
    }
  }
  try {
    const e = await raise(db, ctx, {
      source: 'dispatch_api',
      orgId: org.id,
      regionId: org.regionId,
      point,
      address: input.address,
      note: input.note,
      dispatchKeyId: key.id,
      externalId: input.externalId ?? null,
    });
    return { detail: await detailOf(db, e), created: true };
  } catch (err) {
    // Two calls with one externalId at the same moment: the loser returns the winner's emergency.
    const first = input.externalId
      ? await repo.findEmergencyByExternalId(db, org.regionId, key.id, input.externalId)
      : undefined;
    if (first) {
      return { detail: await detailOf(db, first), created: false };
    }
    throw err;
  }
}

/**
 * The public's one button: the place's unit is the nearest ready AED's (within 20 km), else the nearest responder's.
 * Returns the token the raiser follows the emergency with.
 */
export async function raiseByPublic(
  db: Db,
  ctx: Ctx,
  input: { lat: number; lng: number; address: string; note: string; callerPhone: string },
) {
  const point = { lat: input.lat, lng: input.lng };
  assertPoint(point, { china: true });
  const near = await nearestAvailableAeds(db, point, { limit: 1, withinM: 20_000, includeUnavailable: true });
  const orgId = near[0]?.orgId ?? (await repo.findNearestResponderOrg(db, point));
  if (orgId === undefined) {
    throw new AppError('VALIDATION_FAILED', { reason: 'no unit serves this place' });
  }
  const org = await orgs.getOrg(db, orgId);
  const token = randomToken();
  const e = await raise(db, ctx, {
    source: 'public',
    orgId: org.id,
    regionId: org.regionId,
    point,
    address: input.address,
    note: input.note,
    callerPhone: input.callerPhone,
    raiserAccountId: ctx.actor.kind === 'public' ? ctx.actor.accountId : null,
    followTokenHash: sha256(token),
  });
  return { emergency: toEmergencyView(e, org.name), followToken: token, nearestAeds: aedsOf(e) };
}

// ------------------------------------------------------------------------------------------------ views

async function orgNameOf(db: Db, orgId: number): Promise<string> {
  return (await orgs.findOrgById(db, orgId))?.name ?? '';
}

async function respondersOf(db: Db, e: repo.EmergencyRow) {
  const alerts = await repo.listAlertsOfEmergency(db, e.regionId, e.id);
  const ids = alerts.map((a) => a.responderId);
  const [rows, positions] = await Promise.all([repo.findRespondersByIds(db, ids), repo.findPositions(db, ids)]);
  const names = new Map(rows.map((r) => [r.id, r.holderNameMasked]));
  const pos = new Map(positions.map((p) => [p.responderId, p]));
  return alerts.map((a) => toEmergencyResponder(a, names.get(a.responderId) ?? '', pos.get(a.responderId)));
}

export async function detailOf(db: Db, e: repo.EmergencyRow): Promise<EmergencyDetail> {
  const [orgName, responders, timeline] = await Promise.all([
    orgNameOf(db, e.orgId),
    respondersOf(db, e),
    repo.listTimeline(db, e.regionId, e.id),
  ]);
  return {
    ...toEmergencyView(e, orgName),
    responders,
    aeds: aedsOf(e),
    timeline: timeline.map(toTimelineItem),
    outcome: (e.outcome as EmergencyDetail['outcome']) ?? null,
    needsCare: e.needsCare,
  };
}

async function getEmergency(db: Db, id: string): Promise<repo.EmergencyRow> {
  const e = await repo.findEmergencyById(db, id);
  if (!e) {
    throw new AppError('NOT_FOUND', { entity: 'emergency', id });
  }
  return e;
}

/** The emergency for staff with response:dispatch at its unit (OUT_OF_SCOPE elsewhere). */
export async function getEmergencyFor(db: Db, ctx: Ctx, id: string): Promise<repo.EmergencyRow> {
  const e = await getEmergency(db, id);
  const org = await orgs.getOrg(db, e.orgId);
  assertCanAt(ctx.actor, 'response:dispatch', org.path);
  return e;
}

/** For the dispatcher API: the key's unit subtree only (NOT_FOUND elsewhere, to reveal nothing). */
export async function getEmergencyForKey(db: Db, key: repo.DispatchKeyRow, id: string): Promise<repo.EmergencyRow> {
  const e = await getEmergency(db, id);
  const [org, keyOrg] = await Promise.all([orgs.getOrg(db, e.orgId), orgs.getOrg(db, key.orgId)]);
  if (!org.path.startsWith(keyOrg.path)) {
    throw new AppError('NOT_FOUND', { entity: 'emergency', id });
  }
  return e;
}

export async function viewEmergency(db: Db, ctx: Ctx, id: string): Promise<EmergencyDetail> {
  return detailOf(db, await getEmergencyFor(db, ctx, id));
}

export async function listEmergencies(
  db: Db,
  ctx: Ctx,
  q: EmergencyListQuery,
): Promise<{ items: EmergencyView[]; total: number }> {
  const conds: SQL[] = [orgs.orgScopeCondition(repo.emergencyOrgColumn, ctx, 'response:dispatch')];
  if (q.status) {
    conds.push(eq(repo.emergencyColumns.status, q.status));
  }
  const { items, total } = await repo.listEmergencies(db, and(...conds)!, q.pageSize, (q.page - 1) * q.pageSize);
  const names = new Map(
    (await orgs.findOrgsByIds(db, [...new Set(items.map((e) => e.orgId))])).map((o) => [o.id, o.name]),
  );
  return { items: items.map((e) => toEmergencyView(e, names.get(e.orgId) ?? '')), total: Number(total) };
}

/** The public raiser's view (by follow token; NOT_FOUND for a wrong one): no names, no ids of people. */
export async function viewPublicEmergency(db: Db, id: string, token: string) {
  const e = await getEmergencyByToken(db, id, token);
  const detail = await detailOf(db, e);
  const { timeline: _t, outcome: _o, needsCare: _n, responders, ...view } = detail;
  return {
    ...view,
    responders: responders
      .filter((r) => r.status === 'accepted' || r.status === 'arrived' || (r.status === 'ended' && r.role))
      .map((r) => ({
        alertId: r.alertId,
        status: r.status,
        role: r.role,
        distanceM: r.distanceM,
        position: r.position,
      })),
  };
}

export async function getEmergencyByToken(db: Db, id: string, token: string): Promise<repo.EmergencyRow> {
  const e = await repo.findEmergencyById(db, id);
  const expected = e?.followTokenHash;
  const given = sha256(token);
  if (!e || !expected || !crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(given))) {
    throw new AppError('NOT_FOUND', { entity: 'emergency', id });
  }
  return e;
}

/** May this connection follow `emergency:<id>` (staff in scope)? */
export async function canWatch(db: Db, ctx: Ctx, id: string): Promise<boolean> {
  const e = await repo.findEmergencyById(db, id);
  if (!e) {
    return false;
  }
  const org = await orgs.findOrgById(db, e.orgId);
  return Boolean(
    org &&
      canAt(ctx.actor, 'response:dispatch', org.path) &&
      ctx.actor.kind !== 'anonymous' &&
      ctx.actor.kind !== 'public',
  );
}

// ------------------------------------------------------------------------------------------------ answers

async function ownAlert(db: Db, ctx: Ctx, alertId: string) {
  const r = await findOwnResponder(db, ctx);
  const a = r ? await repo.findAlertById(db, alertId) : undefined;
  if (!r || !a || a.responderId !== r.id) {
    throw new AppError('NOT_ALERTED', { alertId });
  }
  return { r, a };
}

async function lockActive(tx: Db, a: repo.AlertRow): Promise<repo.EmergencyRow> {
  const e = await repo.lockEmergency(tx, a.regionId, a.emergencyId);
  if (!e) {
    throw new AppError('NOT_FOUND', { entity: 'emergency', id: a.emergencyId });
  }
  if (e.status !== 'active') {
    throw new AppError('EMERGENCY_ENDED', { emergencyId: e.id });
  }
  return e;
}

async function responderEvent(
  tx: Db,
  e: repo.EmergencyRow,
  a: repo.AlertRow,
  nameMasked: string,
): Promise<RealtimeEvent[]> {
  const [pos] = await repo.findPositions(tx, [a.responderId]);
  return responderEvents(e, toEmergencyResponder(a, nameMasked, pos));
}

/**
 * Accepts an alert: NOT_ALERTED for someone else's, EMERGENCY_ENDED after the end, CONFLICT when already answered
 * or stood down. The emergency row is locked, so of two accepts at the same moment only one is the first. Assigns
 * the role (assignRole) and stands the remaining alerted responders down once enough have accepted.
 */
export async function acceptAlert(db: Db, ctx: Ctx, alertId: string) {
  const { r, a: found } = await ownAlert(db, ctx, alertId);
  await flushPositions();
  return db.transaction(async (tx) => {
    let e = await lockActive(tx, found);
    const a0 = (await repo.findAlertById(tx, found.id))!;
    if (a0.status !== 'alerted') {
      throw new AppError('CONFLICT', { status: a0.status });
    }
    const now = new Date();
    const all = await repo.listAlertsOfEmergency(tx, e.regionId, e.id);
    const going = all.filter((x) => x.status === 'accepted' || x.status === 'arrived');
    const atPatient = going.filter((x) => x.role === 'patient').length;
    const fetching = going.filter((x) => x.role === 'fetch_aed').length;
    const [pos] = await repo.findPositions(tx, [r.id]);
    const here = pos ? { lat: pos.lat, lng: pos.lng } : { lat: a0.lat, lng: a0.lng };
    const patient = { lat: e.lat, lng: e.lng };
    const taken = new Set(going.map((x) => x.aedId).filter(Boolean));
    const ready = (await nearestAvailableAeds(tx, patient, { at: now, limit: 5, withinM: 3000 })).filter(
      (x) => !taken.has(x.id),
    );
    const assignment = assignRole(
      { responder: here, patient, aeds: ready, atPatient, fetching },
      responseSettings.assign,
    );
    const aedId = assignment.role === 'fetch_aed' ? assignment.aedId : null;
    if (aedId && !aedsOf(e).some((x) => x.id === aedId)) {
      const brief = toAedBrief(ready.find((x) => x.id === aedId)!);
      e = await repo.updateEmergency(tx, e, { aeds: [...aedsOf(e), brief] });
    }
    const a = await repo.updateAlert(tx, a0, {
      status: 'accepted',
      role: assignment.role,
      aedId,
      answeredAt: now,
      ackedAt: a0.ackedAt ?? now,
    });
    e = await repo.updateEmergency(tx, e, { accepted: e.accepted + 1, firstAcceptedAt: e.firstAcceptedAt ?? now });
    const events: RealtimeEvent[] = [
      { topic: responderTopic(r.id), event: 'alert.updated', data: toAlertView(a, e) },
      ...(await responderEvent(tx, e, a, r.holderNameMasked)),
    ];
    const aed = aedId ? aedsOf(e).find((x) => x.id === aedId) : undefined;
    events.push(
      ...(await addTimeline(tx, e, [
        {
          at: now,
          kind: 'accepted',
          text: `${r.holderNameMasked} 接受呼叫(距 ${Math.round(a.distanceM)} 米)`,
          data: { alertId: a.id },
        },
        {
          at: now,
          kind: 'assigned',
          text: aed
            ? `${r.holderNameMasked} 先取AED ${aed.code}(${aed.building || aed.address})`
            : `${r.holderNameMasked} 直接前往患者处`,
          data: { alertId: a.id, role: assignment.role, aedId },
        },
      ])),
    );
    const nowPatient = atPatient + (assignment.role === 'patient' ? 1 : 0);
    const nowFetching = fetching + (assignment.role === 'fetch_aed' ? 1 : 0);
    if (enoughAccepted(nowPatient, nowFetching, ready.length, responseSettings.assign)) {
      const stood = await repo.setAlertsStatus(tx, e, ['alerted'], 'stood_down');
      if (stood.length > 0) {
        const names = new Map(
          (
            await repo.findRespondersByIds(
              tx,
              stood.map((x) => x.responderId),
            )
          ).map((x) => [x.id, x.holderNameMasked]),
        );
        for (const s of stood) {
          events.push({ topic: responderTopic(s.responderId), event: 'alert.updated', data: toAlertView(s, e) });
          events.push(...responderEvents(e, toEmergencyResponder(s, names.get(s.responderId) ?? '', undefined)));
        }
        events.push(
          ...(await addTimeline(tx, e, [
            {
              at: now,
              kind: 'stood_down',
              text: `应答人数已足够,通知其余 ${stood.length} 人无需前往`,
              data: { n: stood.length },
            },
          ])),
        );
      }
    }
    await recordAudit(tx, ctx, {
      action: 'alert.accepted',
      entityType: 'emergency',
      entityId: e.id,
      orgId: e.orgId,
      regionId: e.regionId,
      after: { alertId: a.id, role: assignment.role, aedId },
    });
    await publish(tx, events);
    return toAlertView(a, e, ctx.locale);
  });
}

/** Declines an alert still waiting (CONFLICT once answered or stood down, EMERGENCY_ENDED after the end). */
export async function declineAlert(db: Db, ctx: Ctx, alertId: string, reason?: string) {
  const { r, a: found } = await ownAlert(db, ctx, alertId);
  return db.transaction(async (tx) => {
    const e = await lockActive(tx, found);
    const a0 = (await repo.findAlertById(tx, found.id))!;
    if (a0.status !== 'alerted') {
      throw new AppError('CONFLICT', { status: a0.status });
    }
    const now = new Date();
    const a = await repo.updateAlert(tx, a0, {
      status: 'declined',
      answeredAt: now,
      ackedAt: a0.ackedAt ?? now,
      declineReason: reason ?? null,
    });
    const events: RealtimeEvent[] = [
      { topic: responderTopic(r.id), event: 'alert.updated', data: toAlertView(a, e) },
      ...(await responderEvent(tx, e, a, r.holderNameMasked)),
      ...(await addTimeline(tx, e, [
        { at: now, kind: 'declined', text: `${r.holderNameMasked} 婉拒`, data: { alertId: a.id } },
      ])),
    ];
    await recordAudit(tx, ctx, {
      action: 'alert.declined',
      entityType: 'emergency',
      entityId: e.id,
      orgId: e.orgId,
      regionId: e.regionId,
      after: { alertId: a.id },
      reason: reason ?? null,
    });
    await publish(tx, events);
    return toAlertView(a, e, ctx.locale);
  });
}

/** On scene (only after accepting: CONFLICT otherwise); a fetcher says whether they brought the AED. */
export async function arrive(db: Db, ctx: Ctx, alertId: string, fetchedAed?: boolean) {
  const { r, a: found } = await ownAlert(db, ctx, alertId);
  return db.transaction(async (tx) => {
    let e = await lockActive(tx, found);
    const a0 = (await repo.findAlertById(tx, found.id))!;
    if (a0.status !== 'accepted') {
      throw new AppError('CONFLICT', { status: a0.status });
    }
    const now = new Date();
    const fetched = Boolean(fetchedAed && a0.role === 'fetch_aed');
    const a = await repo.updateAlert(tx, a0, { status: 'arrived', arrivedAt: now, fetchedAed: fetched });
    e = await repo.updateEmergency(tx, e, { firstArrivedAt: e.firstArrivedAt ?? now });
    const aed = fetched ? aedsOf(e).find((x) => x.id === a.aedId) : undefined;
    const events: RealtimeEvent[] = [
      { topic: responderTopic(r.id), event: 'alert.updated', data: toAlertView(a, e) },
      ...(await responderEvent(tx, e, a, r.holderNameMasked)),
      ...(await addTimeline(tx, e, [
        { at: now, kind: 'arrived', text: `${r.holderNameMasked} 已到达现场`, data: { alertId: a.id } },
        ...(aed
          ? [{ at: now, kind: 'aed_fetched', text: `AED ${aed.code} 已送达`, data: { alertId: a.id, aedId: aed.id } }]
          : []),
      ])),
    ];
    await recordAudit(tx, ctx, {
      action: 'alert.arrived',
      entityType: 'emergency',
      entityId: e.id,
      orgId: e.orgId,
      regionId: e.regionId,
      after: { alertId: a.id, fetchedAed: fetched },
    });
    await publish(tx, events);
    return toAlertView(a, e, ctx.locale);
  });
}

// ------------------------------------------------------------------------------------------------ the end

const usageOutcome = {
  rosc: 'rosc',
  transported: 'transported',
  died: 'died',
  false_alarm: 'not_needed',
  cancelled: 'not_needed',
  other: 'unknown',
} as const;

/**
 * Ends the emergency with its outcome (EMERGENCY_ENDED when it has ended already): remaining alerts end, a used AED
 * is reported to the registry (it goes out of service until new pads), and the follow-up is scheduled.
 */
export async function endEmergency(
  db: Db,
  ctx: Ctx,
  found: repo.EmergencyRow,
  outcome: Outcome,
): Promise<EmergencyDetail> {
  const ended = await db.transaction(async (tx) => {
    let e = await repo.lockEmergency(tx, found.regionId, found.id);
    if (!e) {
      throw new AppError('NOT_FOUND', { entity: 'emergency', id: found.id });
    }
    if (e.status !== 'active') {
      throw new AppError('EMERGENCY_ENDED', { emergencyId: e.id });
    }
    const now = new Date();
    const stored = { ...outcome, aedId: outcome.aedUsed ? outcome.aedId : null };
    e = await repo.updateEmergency(tx, e, {
      status: 'ended',
      endedAt: now,
      endedBy: sourceCtxLabel(ctx),
      outcome: stored,
    });
    const changed = await repo.setAlertsStatus(tx, e, ['alerted', 'accepted', 'arrived'], 'ended');
    const names = new Map(
      (
        await repo.findRespondersByIds(
          tx,
          changed.map((x) => x.responderId),
        )
      ).map((x) => [x.id, x.holderNameMasked]),
    );
    const events: RealtimeEvent[] = [];
    for (const a of changed) {
      events.push({ topic: responderTopic(a.responderId), event: 'alert.updated', data: toAlertView(a, e) });
      events.push(...responderEvents(e, toEmergencyResponder(a, names.get(a.responderId) ?? '', undefined)));
    }
    if (stored.aedUsed && stored.aedId) {
      await reportAedUsage(tx, jobCtx, {
        aedId: stored.aedId,
        usedAt: now.toISOString(),
        shocksDelivered: stored.shocks ?? 0,
        outcome: usageOutcome[stored.result],
        emergencyId: e.id,
        reporter: `救在身边 ${e.number}`,
        note: stored.note.slice(0, 500),
      });
    }
    const went = changed.filter((a) => a.role).length;
    if (went > 0) {
      await enqueueJob(
        tx,
        'response.followups',
        { regionId: e.regionId, emergencyId: e.id },
        {
          runAt: new Date(now.getTime() + responseSettings.followupDelayMinutes * 60_000),
          singletonKey: `response.followups:${e.id}`,
        },
      );
    }
    events.push(
      ...(await addTimeline(tx, e, [
        {
          at: now,
          kind: 'ended',
          text: `事件结束:${resultText[stored.result]}`,
          data: { result: stored.result, aedUsed: stored.aedUsed },
        },
      ])),
    );
    events.push(
      { topic: emergencyTopic(e.id), event: 'status', data: { status: 'ended', endedAt: now.toISOString() } },
      { topic: publicEmergencyTopic(e.id), event: 'status', data: { status: 'ended', endedAt: now.toISOString() } },
    );
    await recordAudit(tx, ctx, {
      action: 'emergency.ended',
      entityType: 'emergency',
      entityId: e.id,
      orgId: e.orgId,
      regionId: e.regionId,
      after: stored,
    });
    await publish(tx, events);
    return e;
  });
  return detailOf(db, ended);
}

const resultText = {
  rosc: '恢复自主循环',
  transported: '已送医',
  died: '死亡',
  false_alarm: '误报',
  cancelled: '取消',
  other: '其他',
} as const;

// ------------------------------------------------------------------------------------------------ SMS fallback

/** Texts alerted responders whose phone has not shown the alert (no `alert.ack`, /me/alerts not opened). */
export async function sendFallbackSms(db: Db, regionId: number, emergencyId: string): Promise<number> {
  const e = await repo.findEmergencyById(db, emergencyId);
  if (e?.status !== 'active') {
    return 0;
  }
  const waiting = await repo.listUnackedAlerts(db, regionId, emergencyId);
  const responders = new Map(
    (
      await repo.findRespondersByIds(
        db,
        waiting.map((a) => a.responderId),
      )
    ).map((r) => [r.id, r]),
  );
  const sent: string[] = [];
  for (const a of waiting) {
    const r = responders.get(a.responderId);
    if (!r?.prefSms) {
      continue;
    }
    await queueMessage(db, {
      channel: 'sms',
      to: pii().decrypt(r.phoneEnc),
      template: 'response.alert',
      body: alertSms(e, a.distanceM),
      dedupeKey: `response.alert:${e.id}:${r.id}`,
    });
    sent.push(a.id);
  }
  await repo.markSms(db, regionId, sent, new Date());
  return sent.length;
}
