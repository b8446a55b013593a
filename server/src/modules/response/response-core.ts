// What the parts of the response module share: settings, the realtime bus, the consent text, views, timeline rows
// with their live events.
import crypto from 'node:crypto';
import type { Db } from '../../db/client';
import { walkingSeconds } from '../../platform/geo';
import type { Ctx } from '../../platform/http/context';
import type { Realtime, RealtimeEvent } from '../../platform/realtime/realtime';
import * as repo from './response.repo';
import type {
  AedBrief,
  AlertView,
  EmergencyResponder,
  EmergencyView,
  ResponderRole,
  ResponderView,
  TimelineItem,
} from './response.schemas';
import { defaultAssignSettings } from './response-assign';

/** Tunables (defaults from the issue); `configureResponse` changes them (tests, server config). */
export const responseSettings = {
  /** First search radius, and the widenings when fewer than `minResponders` are found. */
  radiusM: 1000,
  widenM: [2000, 3000],
  minResponders: 3,
  /** At most this many responders alerted per emergency. */
  cap: 200,
  /** Only responders with a fix newer than this are alerted. */
  freshFixMinutes: 10,
  /** A position without a new fix for this long is deleted (and its responder taken off call). */
  retentionMinutes: 30,
  followupDelayMinutes: 90,
  smsFallbackSeconds: 20,
  /** Presence: a connection counts for this long after its last refresh. */
  presenceSeconds: 90,
  /** Position fixes are buffered and written in one upsert this often. */
  positionFlushMs: 250,
  counsellingPhone: '12356',
  assign: { ...defaultAssignSettings },
};

export function configureResponse(patch: Partial<typeof responseSettings>): void {
  Object.assign(responseSettings, patch);
}

export { consent } from './response-consent';

// ------------------------------------------------------------------------------------------------ the bus

let bus: Realtime | null = null;

/** The realtime bus events are published on (set when the routes are registered). */
export function useRealtime(r: Realtime): void {
  bus = r;
}
export function realtime(): Realtime | null {
  return bus;
}

/** Publishes events in the caller's transaction (nothing when no bus is configured, e.g. a seed script). */
export async function publish(db: Db, events: RealtimeEvent[]): Promise<void> {
  if (bus && events.length > 0) {
    await bus.publish(db, events);
  }
}

export const responderTopic = (id: string) => `responder:${id}`;
export const emergencyTopic = (id: string) => `emergency:${id}`;
/** What the public raiser's page receives (no names): relayed to its `emergency:<id>:<token>` subscription. */
export const publicEmergencyTopic = (id: string) => `emergency-public:${id}`;

export function randomToken(): string {
  return crypto.randomBytes(24).toString('base64url');
}
export function sha256(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}

// ------------------------------------------------------------------------------------------------ views

export function minuteOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}
function hhmmOf(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

export function toResponderView(r: repo.ResponderRow, position: repo.PositionRow | undefined | null): ResponderView {
  return {
    id: r.id,
    onCall: r.onCall,
    onCallSince: r.onCallSince?.toISOString() ?? null,
    offCallReason: r.offCallReason,
    consentVersion: r.consentVersion,
    consentedAt: r.consentedAt.toISOString(),
    prefs: { sms: r.prefSms, sound: r.prefSound, maxDistanceM: r.maxDistanceM },
    quietHours:
      r.quietFromMin === null || r.quietToMin === null
        ? null
        : { from: hhmmOf(r.quietFromMin), to: hhmmOf(r.quietToMin) },
    position: position
      ? { lat: position.lat, lng: position.lng, accuracyM: position.accuracyM, fixedAt: position.fixedAt.toISOString() }
      : null,
    certificate: { certNo: r.certNo, validUntil: r.certValidUntil },
  };
}

export function toAedBrief(a: {
  id: string;
  code: string;
  lat: number;
  lng: number;
  address: string;
  building: string;
  floor: string;
  spot: string;
  accessNotes: string;
  openHoursText: string;
  distanceM: number;
}): AedBrief {
  return {
    id: a.id,
    code: a.code,
    lat: a.lat,
    lng: a.lng,
    address: a.address,
    building: a.building,
    floor: a.floor,
    spot: a.spot,
    accessNotes: a.accessNotes,
    openHoursText: a.openHoursText,
    distanceM: Math.round(a.distanceM),
    walkingSeconds: walkingSeconds(a.distanceM),
  };
}

export function aedsOf(e: repo.EmergencyRow): AedBrief[] {
  return Array.isArray(e.aeds) ? (e.aeds as AedBrief[]) : [];
}

export function instructionFor(
  status: AlertView['status'],
  role: ResponderRole | null,
  aed: AedBrief | null,
  locale: 'zh' | 'en',
): string {
  const zh = locale === 'zh';
  switch (status) {
    case 'alerted':
      return zh ? '附近有人疑似心脏骤停,能否前往?' : 'Someone nearby may be in cardiac arrest. Can you go?';
    case 'declined':
      return zh ? '您已婉拒本次呼叫' : 'You declined this alert';
    case 'stood_down':
      return zh
        ? '已有足够的应答者,无需前往,感谢!'
        : 'Enough responders are on the way; you are no longer needed. Thank you!';
    case 'ended':
      return zh ? '本次急救已结束,感谢您的付出' : 'This emergency has ended. Thank you';
    case 'arrived':
      return zh
        ? '已到达现场:持续心肺复苏,AED到达后立即使用'
        : 'On scene: keep up CPR and use the AED as soon as it arrives';
    default:
      if (role === 'fetch_aed' && aed) {
        const where = [aed.building, aed.floor, aed.spot].filter(Boolean).join(' ');
        return zh
          ? `先取AED(${aed.code},${where || aed.address}),再送往患者处`
          : `Fetch the AED first (${aed.code}, ${where || aed.address}), then bring it to the patient`;
      }
      return zh ? '立即前往患者处开始心肺复苏' : 'Go to the patient now and start CPR';
  }
}

export function toAlertView(a: repo.AlertRow, e: repo.EmergencyRow, locale: 'zh' | 'en' = 'zh'): AlertView {
  const aeds = aedsOf(e);
  const aed = (a.aedId ? aeds.find((x) => x.id === a.aedId) : undefined) ?? aeds[0] ?? null;
  const status = a.status as AlertView['status'];
  const role = a.role as ResponderRole | null;
  return {
    id: a.id,
    emergencyId: e.id,
    status,
    role,
    alertedAt: a.alertedAt.toISOString(),
    answeredAt: a.answeredAt?.toISOString() ?? null,
    distanceM: Math.round(a.distanceM),
    walkingSeconds: walkingSeconds(a.distanceM),
    emergency: {
      id: e.id,
      lat: e.lat,
      lng: e.lng,
      address: e.address,
      note: e.note,
      status: e.status as 'active' | 'ended',
      raisedAt: e.raisedAt.toISOString(),
    },
    aed,
    instruction: instructionFor(status, role, aed, locale),
  };
}

export function toEmergencyResponder(
  a: repo.AlertRow,
  nameMasked: string,
  position: repo.PositionRow | undefined,
): EmergencyResponder {
  return {
    alertId: a.id,
    responderId: a.responderId,
    nameMasked,
    status: a.status as EmergencyResponder['status'],
    role: a.role as ResponderRole | null,
    distanceM: Math.round(a.distanceM),
    position: position ? { lat: position.lat, lng: position.lng, fixedAt: position.fixedAt.toISOString() } : null,
    alertedAt: a.alertedAt.toISOString(),
    answeredAt: a.answeredAt?.toISOString() ?? null,
    arrivedAt: a.arrivedAt?.toISOString() ?? null,
    aedId: a.aedId,
  };
}

/** The public raiser's view of a responder: no name, no id. */
export function toPublicResponder(r: EmergencyResponder) {
  return { alertId: r.alertId, status: r.status, role: r.role, distanceM: r.distanceM, position: r.position };
}

export function toEmergencyView(e: repo.EmergencyRow, orgName: string): EmergencyView {
  return {
    id: e.id,
    number: e.number,
    source: e.source as EmergencyView['source'],
    status: e.status as EmergencyView['status'],
    lat: e.lat,
    lng: e.lng,
    address: e.address,
    note: e.note,
    orgId: e.orgId,
    orgName,
    raisedAt: e.raisedAt.toISOString(),
    endedAt: e.endedAt?.toISOString() ?? null,
    radiusM: e.radiusM,
    alerted: e.alerted,
    accepted: e.accepted,
    firstAcceptedAt: e.firstAcceptedAt?.toISOString() ?? null,
    firstArrivedAt: e.firstArrivedAt?.toISOString() ?? null,
  };
}

export function toTimelineItem(t: repo.TimelineRow): TimelineItem {
  return {
    at: t.at.toISOString(),
    kind: t.kind,
    text: t.text,
    ...(t.data ? { data: t.data as Record<string, unknown> } : {}),
  };
}

/** Timeline rows written in the caller's transaction, with their `timeline` events (staff and public topics). */
export async function addTimeline(
  db: Db,
  e: { regionId: number; id: string },
  items: { kind: string; text: string; data?: Record<string, unknown>; at?: Date }[],
): Promise<RealtimeEvent[]> {
  const rows = await repo.insertTimeline(
    db,
    items.map((i) => ({
      regionId: e.regionId,
      emergencyId: e.id,
      at: i.at ?? new Date(),
      kind: i.kind,
      text: i.text,
      data: i.data ?? null,
    })),
  );
  return rows.flatMap((r) => {
    const item = toTimelineItem(r);
    return [
      { topic: emergencyTopic(e.id), event: 'timeline', data: item },
      { topic: publicEmergencyTopic(e.id), event: 'timeline', data: { at: item.at, kind: item.kind, text: item.text } },
    ];
  });
}

/** The events telling the dispatcher (and the raiser, without names) that a responder's state changed. */
export function responderEvents(e: { id: string }, r: EmergencyResponder): RealtimeEvent[] {
  return [
    { topic: emergencyTopic(e.id), event: 'responder', data: r },
    { topic: publicEmergencyTopic(e.id), event: 'responder', data: toPublicResponder(r) },
  ];
}

export function sourceCtxLabel(ctx: Ctx): string {
  return ctx.actor.kind === 'staff'
    ? ctx.actor.username
    : ctx.actor.kind === 'system'
      ? `system:${ctx.actor.label}`
      : 'public';
}
