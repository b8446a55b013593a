// Volunteer activities: create and publish, lists for staff and the public, sign-up (capacity held by a conditional
// UPDATE, a waitlist beyond it) and cancellation (the longest-waiting volunteer moves up), the coordinator's rotating
// QR code, and the on-site check-in / check-out (code, time window, geofence, sign-up; exactly once by primary key).
import crypto from 'node:crypto';
import { and, gte, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { getPublicPhoneHash } from '../../platform/auth/auth.service';
import { qrSvg } from '../../platform/documents/qr';
import { AppError } from '../../platform/errors';
import { assertPoint, distanceM } from '../../platform/geo';
import type { Ctx } from '../../platform/http/context';
import { pii } from '../../platform/pii';
import { actorLabel, assertCanAt } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import * as repo from './volunteers.repo';
import type {
  ActivityListQuery,
  ActivityView,
  CheckIn,
  CheckInResult,
  CheckinQr,
  CreateActivity,
  PublicActivity,
} from './volunteers.schemas';
import { findMyVolunteer, getMyApprovedVolunteer, getTeam, managePerm, viewPerm } from './volunteers.service';
import {
  checkinToken,
  chinaDayEnd,
  chinaDayStart,
  isInWindow,
  isValidCheckinToken,
  minuteOf,
  secondsToNextCode,
} from './volunteers-rules';

const hmac = (text: string) => pii().hashToken(text);

export async function getActivity(db: Db, id: string): Promise<repo.ActivityRow> {
  const a = await repo.findActivityById(db, id);
  if (!a) {
    throw new AppError('NOT_FOUND', { entity: 'volunteer_activity', id });
  }
  return a;
}

export async function activityInScope(db: Db, ctx: Ctx, id: string, perm = managePerm) {
  const activity = await getActivity(db, id);
  const org = await orgs.getOrg(db, activity.orgId);
  assertCanAt(ctx.actor, perm, org.path);
  return { activity, org };
}

export async function toActivityViews(db: Db, rows: repo.ActivityRow[]): Promise<ActivityView[]> {
  const units = await orgs.findOrgsByIds(db, [...new Set(rows.map((r) => r.orgId))]);
  const teamIds = [...new Set(rows.map((r) => r.teamId).filter((t): t is string => t !== null))];
  const teams = await Promise.all(teamIds.map((id) => repo.findTeamById(db, id)));
  return rows.map((a) => ({
    id: a.id,
    orgId: a.orgId,
    orgName: units.find((u) => u.id === a.orgId)?.name ?? '',
    teamId: a.teamId,
    teamName: teams.find((t) => t?.id === a.teamId)?.name ?? null,
    title: a.title,
    description: a.description,
    startsAt: a.startsAt.toISOString(),
    endsAt: a.endsAt.toISOString(),
    place: a.place,
    lat: a.lat,
    lng: a.lng,
    geofenceM: a.geofenceM,
    capacity: a.capacity,
    confirmedCount: a.confirmedCount,
    skills: a.skills,
    allowWalkIns: a.allowWalkIns,
    checkInOpensMinutes: a.checkInOpensMinutes,
    checkOutGraceMinutes: a.checkOutGraceMinutes,
    status: a.status as ActivityView['status'],
    publishedAt: a.publishedAt?.toISOString() ?? null,
  }));
}

/**
 * Creates an activity of a unit (optionally of one of its teams), published at once when asked. The place must be a
 * usable position in China (INVALID_LOCATION); a team of another unit is refused (VALIDATION_FAILED).
 */
export async function createActivity(db: Db, ctx: Ctx, input: CreateActivity): Promise<ActivityView> {
  assertPoint({ lat: input.lat, lng: input.lng }, { china: true, field: 'lat' });
  const row = await db.transaction(async (tx) => {
    const org = await orgs.getOrg(tx, input.orgId);
    assertCanAt(ctx.actor, managePerm, org.path);
    if (input.teamId) {
      const team = await getTeam(tx, input.teamId);
      if (team.orgId !== org.id) {
        throw new AppError('VALIDATION_FAILED', { issues: [{ field: 'teamId', message: 'a team of another unit' }] });
      }
    }
    const now = new Date();
    const row = await repo.insertActivity(tx, {
      regionId: org.regionId,
      id: crypto.randomUUID(),
      orgId: org.id,
      teamId: input.teamId,
      title: input.title,
      description: input.description,
      startsAt: new Date(input.startsAt),
      endsAt: new Date(input.endsAt),
      place: input.place,
      lat: input.lat,
      lng: input.lng,
      geofenceM: input.geofenceM,
      capacity: input.capacity,
      skills: [...new Set(input.skills)],
      allowWalkIns: input.allowWalkIns,
      checkInOpensMinutes: input.checkInOpensMinutes,
      checkOutGraceMinutes: input.checkOutGraceMinutes,
      status: input.publish ? 'published' : 'draft',
      publishedAt: input.publish ? now : null,
      createdBy: actorLabel(ctx.actor),
    });
    await recordAudit(tx, ctx, {
      action: 'volunteer-activity.created',
      entityType: 'volunteer_activity',
      entityId: row.id,
      orgId: org.id,
      regionId: org.regionId,
      after: row,
    });
    return row;
  });
  return (await toActivityViews(db, [row]))[0];
}

/** Publishes a draft or cancels an activity (TRANSITION_NOT_ALLOWED otherwise). */
export async function setActivityStatus(
  db: Db,
  ctx: Ctx,
  id: string,
  to: 'published' | 'cancelled',
): Promise<ActivityView> {
  const row = await db.transaction(async (tx) => {
    const { activity } = await activityInScope(tx, ctx, id);
    const locked = await repo.lockActivity(tx, activity);
    const allowed = to === 'published' ? locked.status === 'draft' : locked.status !== 'cancelled';
    if (!allowed) {
      throw new AppError('TRANSITION_NOT_ALLOWED', { from: locked.status, to });
    }
    const updated = await repo.updateActivity(tx, locked, {
      status: to,
      ...(to === 'published' ? { publishedAt: new Date() } : {}),
    });
    await recordAudit(tx, ctx, {
      action: to === 'published' ? 'volunteer-activity.published' : 'volunteer-activity.cancelled',
      entityType: 'volunteer_activity',
      entityId: id,
      orgId: locked.orgId,
      regionId: locked.regionId,
      before: { status: locked.status },
      after: { status: to },
    });
    return updated;
  });
  forgetActivity(db, id);
  return (await toActivityViews(db, [row]))[0];
}

export async function viewActivity(db: Db, ctx: Ctx, id: string): Promise<ActivityView> {
  const { activity } = await activityInScope(db, ctx, id, viewPerm);
  return (await toActivityViews(db, [activity]))[0];
}

export async function listActivities(db: Db, ctx: Ctx, q: ActivityListQuery) {
  const col = repo.columns.activity;
  const conds: SQL[] = [orgs.orgScopeCondition(col.orgId, ctx, viewPerm)];
  if (q.orgId) {
    const org = await orgs.getOrg(db, q.orgId);
    assertCanAt(ctx.actor, viewPerm, org.path);
    conds.push(orgs.orgUnderCondition(col.orgId, org.path));
  }
  if (q.from) {
    conds.push(gte(col.startsAt, chinaDayStart(q.from)));
  }
  if (q.to) {
    conds.push(lt(col.startsAt, chinaDayEnd(q.to)));
  }
  const page = await repo.listActivities(db, and(...conds)!, q.pageSize, (q.page - 1) * q.pageSize);
  return { items: await toActivityViews(db, page.items), total: page.total };
}

// ------------------------------------------------------------------------------------------------ public side

async function toPublicActivities(db: Db, ctx: Ctx, rows: repo.ActivityRow[]): Promise<PublicActivity[]> {
  const me = ctx.actor.kind === 'public' ? await findMyVolunteer(db, ctx) : undefined;
  const ids = rows.map((r) => r.id);
  const [views, mine, waiting] = await Promise.all([
    toActivityViews(db, rows),
    me ? repo.mySignupsFor(db, [me.id], ids) : Promise.resolve([]),
    repo.waitlistCounts(db, ids),
  ]);
  return views.map((v) => ({
    ...v,
    mySignup: (mine.find((s) => s.activityId === v.id)?.status as PublicActivity['mySignup']) ?? null,
    waitlisted: waiting.get(v.id) ?? 0,
  }));
}

/** Published activities that have not ended, soonest first (anyone may look). */
export async function listOpenActivities(db: Db, ctx: Ctx): Promise<PublicActivity[]> {
  return toPublicActivities(db, ctx, await repo.listOpenActivities(db, new Date(), 100));
}

export async function viewPublicActivity(db: Db, ctx: Ctx, id: string): Promise<PublicActivity> {
  const a = await getActivity(db, id);
  if (a.status === 'draft') {
    throw new AppError('NOT_FOUND', { entity: 'volunteer_activity', id });
  }
  return (await toPublicActivities(db, ctx, [a]))[0];
}

/**
 * Signs the caller (an approved volunteer) up: confirmed while places are left, else waitlisted. The place is taken
 * by a conditional UPDATE on the activity row, so concurrent sign-ups never exceed the capacity. Signing up again is
 * idempotent. Throws NOT_A_VOLUNTEER, ACTIVITY_NOT_OPEN (draft, cancelled or ended).
 */
export async function signUp(db: Db, ctx: Ctx, activityId: string): Promise<{ status: 'confirmed' | 'waitlisted' }> {
  const v = await getMyApprovedVolunteer(db, ctx);
  return db.transaction(async (tx) => {
    const a = await getActivity(tx, activityId);
    if (a.status !== 'published' || a.endsAt <= new Date()) {
      throw new AppError('ACTIVITY_NOT_OPEN', { status: a.status });
    }
    const existing = await repo.findSignup(tx, a.regionId, a.id, v.id);
    if (existing && existing.status !== 'cancelled') {
      return { status: existing.status as 'confirmed' | 'waitlisted' };
    }
    const status = (await repo.takePlace(tx, a)) ? 'confirmed' : 'waitlisted';
    const signup = await repo.upsertSignup(tx, {
      regionId: a.regionId,
      id: existing?.id ?? crypto.randomUUID(),
      activityId: a.id,
      volunteerId: v.id,
      status,
    });
    await recordAudit(tx, ctx, {
      action: 'volunteer-signup.created',
      entityType: 'volunteer_signup',
      entityId: signup.id,
      orgId: a.orgId,
      regionId: a.regionId,
      after: { activityId: a.id, volunteerId: v.id, status },
    });
    return { status };
  });
}

/**
 * Cancels the caller's sign-up; a confirmed place goes to the longest-waiting volunteer on the waitlist. Throws
 * NOT_FOUND without a sign-up, ACTIVITY_NOT_OPEN after the start.
 */
export async function cancelSignUp(db: Db, ctx: Ctx, activityId: string): Promise<{ status: 'cancelled' }> {
  const v = await getMyApprovedVolunteer(db, ctx);
  return db.transaction(async (tx) => {
    const a = await getActivity(tx, activityId);
    const s = await repo.findSignup(tx, a.regionId, a.id, v.id);
    if (!s || s.status === 'cancelled') {
      throw new AppError('NOT_FOUND', { entity: 'volunteer_signup', activityId });
    }
    if (a.startsAt <= new Date()) {
      throw new AppError('ACTIVITY_NOT_OPEN', { reason: 'started' });
    }
    await repo.setSignupStatus(tx, s, 'cancelled');
    if (s.status === 'confirmed') {
      const next = await repo.firstWaitlisted(tx, a.regionId, a.id);
      if (next) {
        await repo.setSignupStatus(tx, next, 'confirmed');
      } else {
        await repo.releasePlace(tx, a);
      }
    }
    await recordAudit(tx, ctx, {
      action: 'volunteer-signup.cancelled',
      entityType: 'volunteer_signup',
      entityId: s.id,
      orgId: a.orgId,
      regionId: a.regionId,
      before: { status: s.status },
      after: { status: 'cancelled' },
    });
    return { status: 'cancelled' as const };
  });
}

// ------------------------------------------------------------------------------------------------ QR check-in

/** The check-in page's URL for a code (what the QR holds). */
export const checkinUrl = (origin: string, activityId: string, token: string) =>
  `${origin}/v/checkin/${activityId}?t=${token}`;

/** The coordinator's screen: this minute's code as a URL and an SVG QR (volunteers:manage at the unit). */
export async function currentQr(db: Db, ctx: Ctx, id: string, origin: string): Promise<CheckinQr> {
  const { activity } = await activityInScope(db, ctx, id);
  if (activity.status !== 'published') {
    throw new AppError('ACTIVITY_NOT_OPEN', { status: activity.status });
  }
  const now = new Date();
  const token = checkinToken(hmac, activity.id, minuteOf(now));
  const url = checkinUrl(origin, activity.id, token);
  return { url, token, secondsLeft: secondsToNextCode(now), svg: await qrSvg(url) };
}

// Activities and callers' phone hashes are read on every scan; both are cached per database (an activity's place and
// times for a few seconds, a public account's phone hash for good: it never changes), so a scan costs the session
// query and one INSERT … SELECT that finds the volunteer, checks the rules and writes. WeakMap<Db, …> because test
// files share modules.
const cacheMs = 5_000;
const activityCache = new WeakMap<Db, Map<string, { at: number; row: repo.ActivityRow }>>();
const phoneHashCache = new WeakMap<Db, Map<string, string>>();

function forgetActivity(db: Db, id: string): void {
  activityCache.get(db)?.delete(id);
}

async function cachedActivity(db: Db, id: string): Promise<repo.ActivityRow> {
  let byId = activityCache.get(db);
  if (!byId) {
    byId = new Map();
    activityCache.set(db, byId);
  }
  const hit = byId.get(id);
  if (hit && Date.now() - hit.at < cacheMs) {
    return hit.row;
  }
  const row = await getActivity(db, id);
  byId.set(id, { at: Date.now(), row });
  return row;
}

async function cachedPhoneHash(db: Db, ctx: Ctx): Promise<string> {
  if (ctx.actor.kind !== 'public') {
    throw new AppError('FORBIDDEN', { reason: 'volunteers check in with their own phone' });
  }
  let byAccount = phoneHashCache.get(db);
  if (!byAccount) {
    byAccount = new Map();
    phoneHashCache.set(db, byAccount);
  }
  const hit = byAccount.get(ctx.actor.accountId);
  if (hit) {
    return hit;
  }
  const hash = await getPublicPhoneHash(db, ctx);
  byAccount.set(ctx.actor.accountId, hash);
  return hash;
}

/**
 * Checks the caller in (or out) on site with the code on the coordinator's screen and the phone's position. Refused:
 * a stale or forged code (CHECKIN_TOKEN_INVALID), outside the time window (CHECKIN_OUTSIDE_WINDOW, with the window),
 * outside the geofence (CHECKIN_OUTSIDE_GEOFENCE, with the distance), not signed up without walk-ins
 * (CHECKIN_NOT_SIGNED_UP), twice (CHECKIN_DUPLICATE), a check-out without check-in (CHECKOUT_WITHOUT_CHECKIN).
 * Exactly once under concurrent duplicates: the row's primary key decides, not a read before the write.
 */
export async function checkInOrOut(
  db: Db,
  ctx: Ctx,
  activityId: string,
  kind: 'in' | 'out',
  input: CheckIn,
): Promise<CheckInResult> {
  const now = new Date();
  const [a, phoneHash] = await Promise.all([cachedActivity(db, activityId), cachedPhoneHash(db, ctx)]);
  if (a.status !== 'published') {
    throw new AppError('ACTIVITY_NOT_OPEN', { status: a.status });
  }
  if (!isValidCheckinToken(hmac, a.id, input.token, now)) {
    throw new AppError('CHECKIN_TOKEN_INVALID');
  }
  if (!isInWindow(a, kind, now)) {
    const opensAt = new Date(a.startsAt.getTime() - a.checkInOpensMinutes * 60_000);
    const closesAt = kind === 'in' ? a.endsAt : new Date(a.endsAt.getTime() + a.checkOutGraceMinutes * 60_000);
    throw new AppError('CHECKIN_OUTSIDE_WINDOW', {
      kind,
      opensAt: opensAt.toISOString(),
      closesAt: closesAt.toISOString(),
    });
  }
  assertPoint({ lat: input.lat, lng: input.lng }, { china: true, field: 'lat' });
  const distance = Math.round(distanceM({ lat: input.lat, lng: input.lng }, a));
  if (distance > a.geofenceM) {
    throw new AppError('CHECKIN_OUTSIDE_GEOFENCE', { distanceM: distance, geofenceM: a.geofenceM, place: a.place });
  }
  const written = await repo.insertCheckin(db, {
    regionId: a.regionId,
    activityId: a.id,
    phoneHash,
    kind,
    at: now,
    lat: input.lat,
    lng: input.lng,
    distanceM: distance,
    allowWalkIns: a.allowWalkIns,
  });
  if (!written) {
    const v = await getMyApprovedVolunteer(db, ctx);
    const mine = await repo.findCheckins(db, a.regionId, a.id, v.id);
    if (mine.some((c) => c.kind === kind)) {
      const at = mine.find((c) => c.kind === kind)!.at.toISOString();
      throw new AppError('CHECKIN_DUPLICATE', { kind, at });
    }
    throw kind === 'out' ? new AppError('CHECKOUT_WITHOUT_CHECKIN') : new AppError('CHECKIN_NOT_SIGNED_UP');
  }
  return { kind, at: now.toISOString(), distanceM: distance, isWalkIn: written.isWalkIn, activityTitle: a.title };
}
