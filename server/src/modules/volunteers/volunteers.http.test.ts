import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { offsetPoint } from '../../platform/geo';
import { computeCheckCharacter } from '../../platform/identity/id-number';
import { pii } from '../../platform/pii';
import {
  createBranchChain,
  createOrgUnder,
  createStaff,
  postFile,
  signInByPhone,
  tinyPng,
  uniqueIdNumber,
} from '../../test/factories';
import { type Caller, createTestApp, type TestApp } from '../../test/test-app';
import type { OrgView } from '../orgs/orgs.schemas';
import { type ApprovedHours, onHoursApproved } from './volunteers-events';
import { checkinToken, minuteOf } from './volunteers-rules';

let t: TestApp;
let county: OrgView;
let otherCounty: OrgView;
let coordinator: Caller;
let outsider: Caller;
const site = { lat: 29.7136, lng: 120.2423 };
const hooked: ApprovedHours[] = [];

const phone = () => `139${String(crypto.randomInt(0, 100_000_000)).padStart(8, '0')}`;
const registration = (orgId: number, extra: Record<string, unknown> = {}) => ({
  orgId,
  name: '王志愿',
  idNumber: uniqueIdNumber(),
  skills: ['first_aid', 'driving'],
  languages: ['英语'],
  availability: [0, 0, 0, 0, 0, 3, 3],
  emergencyContact: { name: '王家属', phone: '13700001111' },
  ...extra,
});

/** An approved volunteer signed in on a phone. */
async function volunteer(): Promise<{ caller: Caller; id: string }> {
  const caller = await signInByPhone(t, phone());
  const reg = await t.inject(caller, { method: 'POST', url: '/api/volunteers/me', payload: registration(county.id) });
  expect(reg.statusCode, reg.body).toBe(201);
  const ok = await t.inject(coordinator, {
    method: 'POST',
    url: `/api/volunteers/${reg.json().id}/decision`,
    payload: { approve: true },
  });
  expect(ok.statusCode, ok.body).toBe(200);
  return { caller, id: reg.json().id };
}

async function activity(extra: Record<string, unknown> = {}) {
  const now = Date.now();
  const res = await t.inject(coordinator, {
    method: 'POST',
    url: '/api/volunteer-activities',
    payload: {
      orgId: county.id,
      title: '周六社区急救知识宣传',
      startsAt: new Date(now - 10 * 60_000).toISOString(),
      endsAt: new Date(now + 2 * 3600_000).toISOString(),
      place: '诸暨市暨阳街道文化广场',
      ...site,
      geofenceM: 200,
      capacity: 30,
      publish: true,
      ...extra,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; startsAt: string; endsAt: string };
}

const currentToken = async (activityId: string) => {
  const res = await t.inject(coordinator, { method: 'GET', url: `/api/volunteer-activities/${activityId}/qr` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { url: string; token: string; svg: string };
};

const check = (caller: Caller, activityId: string, kind: 'in' | 'out', body: Record<string, unknown>) =>
  t.inject(caller, {
    method: 'POST',
    url: `/api/volunteers/open-activities/${activityId}/check-${kind}`,
    payload: body,
  });

const signUp = (caller: Caller, activityId: string) =>
  t.inject(caller, { method: 'POST', url: `/api/volunteers/open-activities/${activityId}/signup` });

const countRows = async (table: string, activityId: string) =>
  Number(
    (
      await queryRows<{ n: number }>(
        t.db,
        sql`select count(*)::int as n from ${sql.raw(table)} where activity_id = ${activityId}`,
      )
    )[0].n,
  );

beforeAll(async () => {
  t = await createTestApp();
  const chain = await createBranchChain(t);
  county = chain.county;
  otherCounty = await createOrgUnder(t, chain.city, 'county');
  coordinator = await createStaff(t, { orgId: county.id, roleId: 'volunteer_admin' });
  outsider = await createStaff(t, { orgId: otherCounty.id, roleId: 'volunteer_admin' });
  onHoursApproved('volunteers-test', async (_tx, _ctx, hours) => {
    hooked.push(hours);
  });
});
afterAll(async () => {
  onHoursApproved('volunteers-test', async () => {});
  await t.close();
});

describe('registration', () => {
  it('registers a person on their phone as pending, and staff approve with a volunteer number', async () => {
    const caller = await signInByPhone(t, phone());
    const res = await t.inject(caller, { method: 'POST', url: '/api/volunteers/me', payload: registration(county.id) });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'pending', volunteerNo: null, emergencyPhoneMasked: '137****1111' });
    expect(res.body).not.toContain('13700001111');
    const denied = await t.inject(outsider, {
      method: 'POST',
      url: `/api/volunteers/${res.json().id}/decision`,
      payload: { approve: true },
    });
    expect(denied.statusCode).toBe(403);
    const ok = await t.inject(coordinator, {
      method: 'POST',
      url: `/api/volunteers/${res.json().id}/decision`,
      payload: { approve: true },
    });
    expect(ok.json()).toMatchObject({ status: 'approved', volunteerNo: expect.stringMatching(/^ZY/) });
    const me = await t.inject(caller, { method: 'GET', url: '/api/volunteers/me' });
    expect(me.json()).toMatchObject({ status: 'approved', isFullyRegistered: false, fullRegistrationHours: 20 });
  });

  it('refuses a second registration for the same ID number with 409 and writes nothing', async () => {
    const idNumber = uniqueIdNumber();
    const first = await t.inject(coordinator, {
      method: 'POST',
      url: '/api/volunteers',
      payload: { ...registration(county.id, { idNumber }), phone: phone() },
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().status).toBe('approved');
    const caller = await signInByPhone(t, phone());
    const again = await t.inject(caller, {
      method: 'POST',
      url: '/api/volunteers/me',
      payload: registration(county.id, { idNumber }),
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('VOLUNTEER_DUPLICATE');
    expect((await t.inject(caller, { method: 'GET', url: '/api/volunteers/me' })).json()).toBeNull();
  });

  it('asks for a guardian’s consent under 18 (422) and accepts it with the consent file', async () => {
    const first17 = `330681${new Date().getUTCFullYear() - 15}0601${crypto.randomInt(100, 1000)}`;
    const minorId = first17 + computeCheckCharacter(first17);
    const caller = await signInByPhone(t, phone());
    const refused = await t.inject(caller, {
      method: 'POST',
      url: '/api/volunteers/me',
      payload: registration(county.id, { idNumber: minorId }),
    });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().error.code).toBe('VOLUNTEER_GUARDIAN_REQUIRED');
    const upload = await postFile(t, caller, tinyPng, 'consent.png', 'image/png');
    expect(upload.statusCode, upload.body).toBeLessThan(300);
    const ok = await t.inject(caller, {
      method: 'POST',
      url: '/api/volunteers/me',
      payload: registration(county.id, {
        idNumber: minorId,
        guardian: { name: '王监护', phone: '13800002222', consentFileId: upload.json().id },
      }),
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ isMinor: true, guardianPhoneMasked: '138****2222' });
  });

  it('lists volunteers in scope only', async () => {
    const mine = await t.inject(coordinator, { method: 'GET', url: `/api/volunteers?orgId=${county.id}` });
    expect(mine.json().total).toBeGreaterThan(0);
    const theirs = await t.inject(outsider, { method: 'GET', url: '/api/volunteers' });
    expect(theirs.json().items.filter((v: { orgId: number }) => v.orgId === county.id)).toEqual([]);
  });
});

describe('teams', () => {
  it('creates a team with a leader and members', async () => {
    const v = await volunteer();
    const team = await t.inject(coordinator, {
      method: 'POST',
      url: '/api/volunteer-teams',
      payload: { orgId: county.id, name: `应急救护志愿服务队${crypto.randomUUID().slice(0, 4)}` },
    });
    expect(team.statusCode, team.body).toBe(201);
    const added = await t.inject(coordinator, {
      method: 'POST',
      url: `/api/volunteer-teams/${team.json().id}/members`,
      payload: { volunteerId: v.id, role: 'leader' },
    });
    expect(added.json().members).toEqual([expect.objectContaining({ volunteerId: v.id, role: 'leader' })]);
    const list = await t.inject(coordinator, { method: 'GET', url: `/api/volunteer-teams?orgId=${county.id}` });
    expect(list.json().some((x: { id: string }) => x.id === team.json().id)).toBe(true);
  });
});

describe('sign-up', () => {
  it('never over-books under concurrent sign-ups: the rest wait, and a cancellation moves the first up', async () => {
    const a = await activity({
      capacity: 2,
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
      endsAt: new Date(Date.now() + 90_000_000).toISOString(),
    });
    const vols = await Promise.all(Array.from({ length: 5 }, () => volunteer()));
    const results = await Promise.all(vols.map((v) => signUp(v.caller, a.id)));
    const statuses = results.map((r) => r.json().status);
    expect(statuses.filter((s) => s === 'confirmed')).toHaveLength(2);
    expect(statuses.filter((s) => s === 'waitlisted')).toHaveLength(3);
    const confirmed = vols[statuses.indexOf('confirmed')];
    const cancel = await t.inject(confirmed.caller, {
      method: 'POST',
      url: `/api/volunteers/open-activities/${a.id}/cancel`,
    });
    expect(cancel.json().status).toBe('cancelled');
    const view = await t.inject(null, { method: 'GET', url: `/api/volunteers/open-activities/${a.id}` });
    expect(view.json()).toMatchObject({ confirmedCount: 2, waitlisted: 2 });
  });

  it('refuses someone who is not an approved volunteer', async () => {
    const a = await activity();
    const stranger = await signInByPhone(t, phone());
    const res = await signUp(stranger, a.id);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('NOT_A_VOLUNTEER');
  });
});

describe('QR check-in and check-out', () => {
  it('checks in and out with the current code at the site; the code is a URL to the check-in page', async () => {
    const a = await activity();
    const v = await volunteer();
    await signUp(v.caller, a.id);
    const qr = await currentQr(a.id);
    expect(qr.url).toMatch(new RegExp(`/v/checkin/${a.id}\\?t=${qr.token}$`));
    expect(qr.svg).toContain('<svg');
    const near = offsetPoint(site, 50, 90);
    const res = await check(v.caller, a.id, 'in', { token: qr.token, ...near });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ kind: 'in', isWalkIn: false, distanceM: 50 });
    const out = await check(v.caller, a.id, 'out', { token: qr.token, ...near });
    expect(out.statusCode, out.body).toBe(200);
  });

  it('refuses a check-in far from the site and says how far (422), writing nothing', async () => {
    const a = await activity();
    const v = await volunteer();
    await signUp(v.caller, a.id);
    const far = offsetPoint(site, 12_000, 0);
    const res = await check(v.caller, a.id, 'in', { token: (await currentQr(a.id)).token, ...far });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'CHECKIN_OUTSIDE_GEOFENCE', details: { geofenceM: 200 } });
    expect(res.json().error.details.distanceM).toBeGreaterThan(11_900);
    expect(await countRows('volunteer_checkins', a.id)).toBe(0);
  });

  it('refuses a stale (two minutes old) or forged code with 403', async () => {
    const a = await activity();
    const v = await volunteer();
    await signUp(v.caller, a.id);
    const stale = checkinToken((s) => pii().hashToken(s), a.id, minuteOf(new Date()) - 2);
    for (const token of [stale, 'forgedforgedforg']) {
      const res = await check(v.caller, a.id, 'in', { token, ...site });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('CHECKIN_TOKEN_INVALID');
    }
    const previous = checkinToken((s) => pii().hashToken(s), a.id, minuteOf(new Date()) - 1);
    expect((await check(v.caller, a.id, 'in', { token: previous, ...site })).statusCode).toBe(200);
  });

  it('refuses a check-in outside the time window (422)', async () => {
    const a = await activity({
      startsAt: new Date(Date.now() + 3 * 3600_000).toISOString(),
      endsAt: new Date(Date.now() + 5 * 3600_000).toISOString(),
    });
    const v = await volunteer();
    await signUp(v.caller, a.id);
    const res = await check(v.caller, a.id, 'in', { token: (await currentQr(a.id)).token, ...site });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('CHECKIN_OUTSIDE_WINDOW');
  });

  it('refuses one who did not sign up (403) unless walk-ins are allowed', async () => {
    const closed = await activity();
    const open = await activity({ allowWalkIns: true });
    const v = await volunteer();
    const refused = await check(v.caller, closed.id, 'in', { token: (await currentQr(closed.id)).token, ...site });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('CHECKIN_NOT_SIGNED_UP');
    const walkIn = await check(v.caller, open.id, 'in', { token: (await currentQr(open.id)).token, ...site });
    expect(walkIn.json()).toMatchObject({ isWalkIn: true });
  });

  it('checks in exactly once under concurrent duplicates; a second check-in is 409', async () => {
    const a = await activity();
    const v = await volunteer();
    await signUp(v.caller, a.id);
    const { token } = await currentQr(a.id);
    const results = await Promise.all(Array.from({ length: 6 }, () => check(v.caller, a.id, 'in', { token, ...site })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409, 409, 409]);
    expect(results.find((r) => r.statusCode === 409)!.json().error.code).toBe('CHECKIN_DUPLICATE');
    expect(await countRows('volunteer_checkins', a.id)).toBe(1);
  });

  it('refuses a check-out before any check-in', async () => {
    const a = await activity();
    const v = await volunteer();
    await signUp(v.caller, a.id);
    const res = await check(v.caller, a.id, 'out', { token: (await currentQr(a.id)).token, ...site });
    expect(res.json().error.code).toBe('CHECKOUT_WITHOUT_CHECKIN');
  });
});

/** The coordinator's current code for an activity. */
const currentQr = currentToken;

describe('hours', () => {
  it('computes hours capped to the activity, flags a missing check-out, approves in bulk, runs the hooks', async () => {
    const a = await activity();
    const [v1, v2] = [await volunteer(), await volunteer()];
    for (const v of [v1, v2]) {
      await signUp(v.caller, a.id);
      await check(v.caller, a.id, 'in', { token: (await currentQr(a.id)).token, ...site });
    }
    await check(v1.caller, a.id, 'out', { token: (await currentQr(a.id)).token, ...site });
    // Move v1's check-in an hour back (before the start) and check-out 40 minutes on: capped at the start.
    await t.db.execute(
      sql`update volunteer_checkins set at = at + (case when kind = 'in' then interval '-60 minutes' else interval '40 minutes' end) where activity_id = ${a.id} and volunteer_id = ${v1.id}`,
    );
    const sheet = await t.inject(coordinator, { method: 'GET', url: `/api/volunteer-activities/${a.id}/attendance` });
    const row1 = sheet.json().rows.find((r: { volunteerId: string }) => r.volunteerId === v1.id);
    const row2 = sheet.json().rows.find((r: { volunteerId: string }) => r.volunteerId === v2.id);
    expect(row1).toMatchObject({ isMissingCheckout: false, computedMinutes: expect.any(Number) });
    expect(row1.computedMinutes).toBeGreaterThanOrEqual(49);
    expect(row1.computedMinutes).toBeLessThanOrEqual(51);
    expect(row2).toMatchObject({ isMissingCheckout: true, computedMinutes: null });
    hooked.length = 0;
    const approved = await t.inject(coordinator, {
      method: 'POST',
      url: `/api/volunteer-activities/${a.id}/hours/approve`,
      payload: {},
    });
    expect(approved.json()).toEqual({ approved: 1, skipped: [{ volunteerId: v2.id, reason: 'missing_checkout' }] });
    expect(hooked).toEqual([expect.objectContaining({ personId: expect.any(String), minutes: row1.computedMinutes })]);
    const record = await t.inject(v1.caller, { method: 'GET', url: '/api/volunteers/me/record' });
    expect(record.json()).toMatchObject({ totalMinutes: row1.computedMinutes, records: [{ activityId: a.id }] });
  });

  it('corrects hours with a reason (kept before/after, audited, hooks re-run) and refuses overlapping time', async () => {
    const start = Date.now() - 3 * 3600_000;
    const first = await activity({
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 4 * 3600_000).toISOString(),
      allowWalkIns: true,
    });
    const second = await activity({
      startsAt: new Date(start + 3600_000).toISOString(),
      endsAt: new Date(start + 5 * 3600_000).toISOString(),
      allowWalkIns: true,
    });
    const v = await volunteer();
    for (const a of [first, second]) {
      await check(v.caller, a.id, 'in', { token: (await currentQr(a.id)).token, ...site });
    }
    hooked.length = 0;
    const corrected = await t.inject(coordinator, {
      method: 'POST',
      url: `/api/volunteer-activities/${first.id}/hours/correct`,
      payload: {
        volunteerId: v.id,
        startedAt: new Date(start).toISOString(),
        endedAt: new Date(start + 2 * 3600_000).toISOString(),
        reason: '忘记签退,按现场签到表补录',
      },
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect(corrected.json().minutes).toBe(120);
    expect(hooked).toEqual([expect.objectContaining({ minutes: 120, activityId: first.id })]);
    const overlap = await t.inject(coordinator, {
      method: 'POST',
      url: `/api/volunteer-activities/${second.id}/hours/correct`,
      payload: {
        volunteerId: v.id,
        startedAt: new Date(start + 3600_000).toISOString(),
        endedAt: new Date(start + 3 * 3600_000).toISOString(),
        reason: '补录',
      },
    });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json().error.code).toBe('HOURS_OVERLAP');
    expect(await countRows('volunteer_service_records', second.id)).toBe(0);
    const again = await t.inject(coordinator, {
      method: 'POST',
      url: `/api/volunteer-activities/${first.id}/hours/correct`,
      payload: {
        volunteerId: v.id,
        startedAt: new Date(start).toISOString(),
        endedAt: new Date(start + 3600_000).toISOString(),
        reason: '核对后更正',
      },
    });
    expect(again.json().minutes).toBe(60);
    const corrections = await queryRows<{ before_minutes: number; after_minutes: number }>(
      t.db,
      sql`select before_minutes, after_minutes from volunteer_hour_corrections c join volunteer_service_records r on r.id = c.record_id where r.activity_id = ${first.id} order by c.created_at`,
    );
    expect(corrections).toEqual([
      { before_minutes: null, after_minutes: 120 },
      { before_minutes: 120, after_minutes: 60 },
    ]);
    const audit = await queryRows<{ reason: string }>(
      t.db,
      sql`select reason from audit_log where action = 'volunteer-hours.corrected' and reason = '核对后更正'`,
    );
    expect(audit).toHaveLength(1);
    const outsiderTry = await t.inject(outsider, {
      method: 'POST',
      url: `/api/volunteer-activities/${first.id}/hours/correct`,
      payload: {
        volunteerId: v.id,
        startedAt: new Date(start).toISOString(),
        endedAt: new Date(start).toISOString(),
        reason: '越权',
      },
    });
    expect(outsiderTry.statusCode).toBe(403);
  });

  it('refuses a correction without a reason and one outside the activity’s time', async () => {
    const a = await activity({ allowWalkIns: true });
    const v = await volunteer();
    await check(v.caller, a.id, 'in', { token: (await currentQr(a.id)).token, ...site });
    const noReason = await t.inject(coordinator, {
      method: 'POST',
      url: `/api/volunteer-activities/${a.id}/hours/correct`,
      payload: { volunteerId: v.id, startedAt: a.startsAt, endedAt: a.endsAt, reason: '' },
    });
    expect(noReason.statusCode).toBe(400);
    const outside = await t.inject(coordinator, {
      method: 'POST',
      url: `/api/volunteer-activities/${a.id}/hours/correct`,
      payload: {
        volunteerId: v.id,
        startedAt: a.startsAt,
        endedAt: new Date(Date.parse(a.endsAt) + 3600_000).toISOString(),
        reason: '多算一小时',
      },
    });
    expect(outside.statusCode).toBe(400);
    expect(await countRows('volunteer_service_records', a.id)).toBe(0);
  });
});

describe('certificates, statistics and exports', () => {
  it('issues a certificate PDF that its QR code verifies, and shows statistics and the exports', async () => {
    const a = await activity({ allowWalkIns: true });
    const v = await volunteer();
    await check(v.caller, a.id, 'in', { token: (await currentQr(a.id)).token, ...site });
    await t.inject(coordinator, {
      method: 'POST',
      url: `/api/volunteer-activities/${a.id}/hours/correct`,
      payload: {
        volunteerId: v.id,
        startedAt: a.startsAt,
        endedAt: new Date(Date.parse(a.startsAt) + 90 * 60_000).toISOString(),
        reason: '补录签退',
      },
    });
    const today = new Date().toISOString().slice(0, 10);
    const from = `${today.slice(0, 4)}-01-01`;
    const to = `${today.slice(0, 4)}-12-31`;
    const pdf = await t.inject(v.caller, {
      method: 'GET',
      url: `/api/volunteers/me/certificate.pdf?from=${from}&to=${to}`,
    });
    expect(pdf.statusCode, pdf.body.slice(0, 200)).toBe(200);
    expect(pdf.rawPayload.subarray(0, 4).toString()).toBe('%PDF');
    const code = /filename="(VC\w+)\.pdf"/.exec(String(pdf.headers['content-disposition']))![1];
    const verified = await t.inject(null, { method: 'GET', url: `/api/volunteers/certificates/${code}` });
    expect(verified.json()).toMatchObject({ minutes: 90, activityCount: 1, nameMasked: '王*愿' });

    const stats = await t.inject(coordinator, {
      method: 'GET',
      url: `/api/volunteers/stats?orgId=${county.id}&from=${from}&to=${to}`,
    });
    expect(stats.statusCode, stats.body).toBe(200);
    expect(stats.json().total.activities).toBeGreaterThan(3);
    expect(stats.json().total.minutes).toBeGreaterThanOrEqual(90);
    const cityStats = await t.inject(coordinator, {
      method: 'GET',
      url: `/api/volunteers/stats?orgId=${otherCounty.id}&from=${from}&to=${to}`,
    });
    expect(cityStats.statusCode).toBe(403);

    for (const [url, header] of [
      [`/api/volunteers/export/volunteers.xlsx?orgId=${county.id}`, '志愿者编号'],
      [`/api/volunteers/export/records.xlsx?orgId=${county.id}&from=${from}&to=${to}`, '服务时长(小时)'],
    ]) {
      const res = await t.inject(coordinator, { method: 'GET', url });
      expect(res.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const headers = (wb.worksheets[0].getRow(1).values as string[]).filter(Boolean);
      expect(headers).toContain(header);
      expect(wb.worksheets[0].rowCount).toBeGreaterThan(1);
    }
  });

  it('refuses a stats period that ends before it starts', async () => {
    const res = await t.inject(coordinator, {
      method: 'GET',
      url: `/api/volunteers/stats?orgId=${county.id}&from=2026-05-01&to=2026-04-01`,
    });
    expect(res.statusCode).toBe(400);
  });
});
