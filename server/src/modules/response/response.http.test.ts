// 救在身边 over HTTP and WebSocket: opt-in and on call with a valid certificate, positions, the alert search (radius,
// widening, quiet hours, stale fixes, own maximum distance, nearest first), accept with the patient/AED split,
// stand-down, refusals, the end with an AED usage report, follow-ups, lapsed certificates, the dispatcher API with
// its keys, scope, two concurrent accepts, and alerts arriving over WebSocket (across two instances on PostgreSQL).
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../../app';
import { openPostgres, queryRows } from '../../db/client';
import { type LatLng, offsetPoint } from '../../platform/geo';
import { pii } from '../../platform/pii';
import { createBranchChain, createOrgUnder, createStaff, signInByPhone } from '../../test/factories';
import { type Caller, createTestApp, type TestApp } from '../../test/test-app';
import { connectWs } from '../../test/ws-client';
import { sendFollowups } from './response-admin';
import { consentVersion } from './response-consent';
import { configureResponse } from './response-core';
import { checkResponders, flushPositions } from './response-responders';

let t: TestApp;
let chain: Awaited<ReturnType<typeof createBranchChain>>;
let dispatcher: Caller;
let manager: Caller;
let phoneSeq = 0;
/** Each test works around its own spot (far apart) so their responders never meet. */
let spotSeq = 0;
const nextSpot = (): LatLng => ({ lat: 29.0 + (spotSeq++ % 40) * 0.2, lng: 120.24 + Math.floor(spotSeq / 40) * 0.3 });

beforeAll(async () => {
  t = await createTestApp();
  chain = await createBranchChain(t);
  dispatcher = await createStaff(t, { orgId: chain.county.id, permissions: ['response:dispatch'] });
  manager = await createStaff(t, { orgId: chain.county.id, permissions: ['response:manage'] });
  configureResponse({ smsFallbackSeconds: 20 });
});
afterAll(async () => {
  await t?.close();
});

const newPhone = () => `139${String(10_000_000 + crypto.randomInt(0, 89_999_999)).slice(0, 8)}`;

async function giveCertificate(phone: string, validUntil = '2099-12-31', orgId = chain.county.id): Promise<string> {
  const id = crypto.randomUUID();
  await t.db.execute(sql`INSERT INTO training_certificates (region_id, id, cert_no, org_id, course_id, kind, person_id,
      person_region_id, holder_name, holder_name_masked, phone_hash, issued_on, valid_until, status, source, verify_code, created_by)
    VALUES (${chain.city.id}, ${id}, ${`T-${++phoneSeq}-${id.slice(0, 6)}`}, ${orgId}, 1, 'first_aider', ${crypto.randomUUID()},
      ${chain.city.id}, '张三', '张*', ${pii().blindIndex('phone', `+86${phone}`)}, '2024-01-01', ${validUntil}, 'valid', 'import', 'X', 'test')`);
  return id;
}

const prefs = { sms: true, sound: true, maxDistanceM: 3000 as const };

/** A certified responder, enrolled and on call at `at` (no position when `at` is null). */
async function responder(
  at: LatLng | null,
  extra: { quietHours?: { from: string; to: string } | null; maxDistanceM?: number } = {},
) {
  const phone = newPhone();
  const certId = await giveCertificate(phone);
  const caller = await signInByPhone(t, phone);
  const enrol = await t.inject(caller, {
    method: 'POST',
    url: '/api/response/me/enrol',
    payload: {
      consentVersion,
      prefs: { ...prefs, maxDistanceM: extra.maxDistanceM ?? 3000 },
      quietHours: extra.quietHours ?? null,
    },
  });
  expect(enrol.statusCode, enrol.body).toBe(200);
  const on = await t.inject(caller, {
    method: 'POST',
    url: '/api/response/me/on-call',
    payload: at ? { position: at } : {},
  });
  expect(on.statusCode, on.body).toBe(200);
  return { caller, id: enrol.json().id as string, phone, certId };
}

async function raiseAt(p: LatLng) {
  const res = await t.inject(dispatcher, {
    method: 'POST',
    url: '/api/response/emergencies',
    payload: { ...p, address: '测试地点', note: '' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function alertOf(caller: Caller, emergencyId: string) {
  const res = await t.inject(caller, { method: 'GET', url: '/api/response/me/alerts' });
  expect(res.statusCode).toBe(200);
  return (res.json() as { id: string; emergencyId: string; status: string; role: string | null }[]).find(
    (a) => a.emergencyId === emergencyId,
  );
}

async function addAed(p: LatLng, extra: { status?: string; hours?: number } = {}): Promise<string> {
  const id = crypto.randomUUID();
  const hours = extra.hours ?? 16_777_215;
  await t.db.execute(sql`INSERT INTO aeds (region_id, id, code, org_id, brand, model, serial_no, lat, lng, address, is_24h,
      open_hours, status, created_by)
    VALUES (${chain.city.id}, ${id}, ${`AED-T-${id.slice(0, 8)}`}, ${chain.county.id}, 'T', 'T1', ${id}, ${p.lat}, ${p.lng}, '测试AED',
      ${hours === 16_777_215}, ARRAY[${hours}, ${hours}, ${hours}, ${hours}, ${hours}, ${hours}, ${hours}]::int[], ${extra.status ?? 'ready'}, 'test')`);
  return id;
}

describe('responders', () => {
  it('shows a user without a certificate as not eligible and refuses their enrolment and going on call', async () => {
    const caller = await signInByPhone(t, newPhone());
    const me = await t.inject(caller, { method: 'GET', url: '/api/response/me' });
    expect(me.json()).toMatchObject({
      eligible: false,
      certificate: null,
      responder: null,
      consent: { version: consentVersion },
    });
    const enrol = await t.inject(caller, {
      method: 'POST',
      url: '/api/response/me/enrol',
      payload: { consentVersion, prefs, quietHours: null },
    });
    expect(enrol.statusCode).toBe(409);
    expect(enrol.json().error.code).toBe('NO_VALID_CERTIFICATE');
    const on = await t.inject(caller, { method: 'POST', url: '/api/response/me/on-call', payload: {} });
    expect(on.json().error.code).toBe('RESPONDER_CONSENT_REQUIRED');
  });

  it('refuses a stale consent version, and staff', async () => {
    const phone = newPhone();
    await giveCertificate(phone);
    const caller = await signInByPhone(t, phone);
    const stale = await t.inject(caller, {
      method: 'POST',
      url: '/api/response/me/enrol',
      payload: { consentVersion: 'old', prefs, quietHours: null },
    });
    expect(stale.statusCode).toBe(400);
    expect(stale.json().error.code).toBe('VALIDATION_FAILED');
    const staff = await t.inject(dispatcher, {
      method: 'POST',
      url: '/api/response/me/enrol',
      payload: { consentVersion, prefs, quietHours: null },
    });
    expect(staff.statusCode).toBe(403);
  });

  it('refuses going on call once the certificate has expired (NO_VALID_CERTIFICATE), nothing changed', async () => {
    const r = await responder(null);
    await t.inject(r.caller, { method: 'POST', url: '/api/response/me/off-call' });
    await t.db.execute(sql`UPDATE training_certificates SET valid_until = '2020-01-01' WHERE id = ${r.certId}`);
    const on = await t.inject(r.caller, { method: 'POST', url: '/api/response/me/on-call', payload: {} });
    expect(on.statusCode).toBe(409);
    expect(on.json().error.code).toBe('NO_VALID_CERTIFICATE');
    const me = await t.inject(r.caller, { method: 'GET', url: '/api/response/me' });
    expect(me.json()).toMatchObject({ eligible: false, responder: { onCall: false } });
  });

  it('keeps only the latest fix, refuses fixes while off call and bad points, and deletes the position on off-call', async () => {
    const spot = nextSpot();
    const r = await responder(spot);
    const fix = await t.inject(r.caller, {
      method: 'POST',
      url: '/api/response/me/position',
      payload: offsetPoint(spot, 50, 0),
    });
    expect(fix.statusCode).toBe(204);
    await flushPositions();
    const rows = await queryRows<{ n: number; lat: number }>(
      t.db,
      sql`SELECT count(*)::int AS n, max(lat) AS lat FROM response_positions WHERE responder_id = ${r.id}`,
    );
    expect(rows[0].n).toBe(1);
    expect(Number(rows[0].lat)).toBeCloseTo(offsetPoint(spot, 50, 0).lat, 6);

    for (const [payload, status, reason] of [
      [{ lat: 95, lng: 120 }, 422, 'out_of_range'],
      [{ lat: 120.24, lng: 29.71 }, 422, 'swapped'],
      [{ lat: 0, lng: 0 }, 422, 'null_island'],
    ] as const) {
      const bad = await t.inject(r.caller, { method: 'POST', url: '/api/response/me/position', payload });
      expect(bad.statusCode).toBe(status);
      if (reason) {
        expect(bad.json().error).toMatchObject({ code: 'INVALID_LOCATION', details: { reason } });
      }
    }
    const off = await t.inject(r.caller, { method: 'POST', url: '/api/response/me/off-call' });
    expect(off.json()).toMatchObject({ onCall: false, offCallReason: 'self', position: null });
    const refused = await t.inject(r.caller, { method: 'POST', url: '/api/response/me/position', payload: spot });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('RESPONDER_OFF_CALL');
    await flushPositions();
    const left = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM response_positions WHERE responder_id = ${r.id}`,
    );
    expect(left[0].n).toBe(0);
  });

  it('takes a responder whose certificate lapsed off call with a reason, an event and an SMS', async () => {
    const r = await responder(nextSpot());
    await t.db.execute(sql`UPDATE training_certificates SET valid_until = '2020-01-01' WHERE id = ${r.certId}`);
    await t.db.execute(sql`UPDATE response_responders SET cert_valid_until = '2020-01-01' WHERE id = ${r.id}`);
    const result = await checkResponders(t.db);
    expect(result.lapsed).toBeGreaterThanOrEqual(1);
    const me = await t.inject(r.caller, { method: 'GET', url: '/api/response/me' });
    expect(me.json().responder).toMatchObject({ onCall: false, offCallReason: 'certificate_expired', position: null });
    const sms = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM outbox_messages WHERE template = 'response.off_call' AND dedupe_key LIKE ${`%${r.id}%`}`,
    );
    expect(sms[0].n).toBe(1);
  });
});

describe('the alert search', () => {
  it('alerts fresh on-call responders within 1,000 m nearest first, skipping quiet hours, stale fixes and own limits', async () => {
    const p = nextSpot();
    const near = await responder(offsetPoint(p, 200, 0));
    const mid = await responder(offsetPoint(p, 600, 90));
    const far = await responder(offsetPoint(p, 900, 180));
    const outside = await responder(offsetPoint(p, 1500, 270));
    const stale = await responder(offsetPoint(p, 300, 45));
    await t.db.execute(
      sql`UPDATE response_positions SET fixed_at = now() - interval '11 minutes' WHERE responder_id = ${stale.id}`,
    );
    const quiet = await responder(offsetPoint(p, 400, 135), { quietHours: { from: '00:00', to: '23:59' } });
    const picky = await responder(offsetPoint(p, 700, 225), { maxDistanceM: 500 });
    const detail = await raiseAt(p);
    expect(detail.radiusM).toBe(1000);
    expect(detail.responders.map((r: { responderId: string }) => r.responderId)).toEqual([near.id, mid.id, far.id]);
    expect(detail.timeline.map((i: { kind: string }) => i.kind)).toEqual(['raised', 'searched', 'alerted']);
    for (const x of [outside, stale, quiet, picky]) {
      expect(await alertOf(x.caller, detail.id)).toBeUndefined();
    }
    expect(await alertOf(near.caller, detail.id)).toMatchObject({ status: 'alerted', role: null });
  });

  it('widens to 2,000 then 3,000 m when fewer than three are found, each a timeline item', async () => {
    const p = nextSpot();
    const a = await responder(offsetPoint(p, 500, 0));
    const b = await responder(offsetPoint(p, 2500, 90));
    const detail = await raiseAt(p);
    expect(detail.radiusM).toBe(3000);
    expect(
      detail.timeline
        .filter((i: { kind: string }) => i.kind === 'widened')
        .map((i: { data: { radiusM: number } }) => i.data.radiusM),
    ).toEqual([2000, 3000]);
    expect(detail.responders.map((r: { responderId: string }) => r.responderId)).toEqual([a.id, b.id]);
  });

  it('caps the alerts and texts responders without a live connection', async () => {
    configureResponse({ cap: 2 });
    try {
      const p = nextSpot();
      await responder(offsetPoint(p, 100, 0));
      await responder(offsetPoint(p, 200, 0));
      await responder(offsetPoint(p, 300, 0));
      const detail = await raiseAt(p);
      expect(detail.alerted).toBe(2);
      const sms = await queryRows<{ n: number }>(
        t.db,
        sql`SELECT count(*)::int AS n FROM outbox_messages WHERE template = 'response.alert' AND dedupe_key LIKE ${`response.alert:${detail.id}:%`}`,
      );
      expect(sms[0].n).toBe(2);
    } finally {
      configureResponse({ cap: 200 });
    }
  });

  it('refuses a raise at a bad point and a staff raise outside scope, creating nothing', async () => {
    const before = await queryRows<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM response_emergencies`);
    for (const p of [
      { lat: 0, lng: 0 },
      { lat: 120.2, lng: 29.7 },
    ]) {
      const res = await t.inject(dispatcher, {
        method: 'POST',
        url: '/api/response/emergencies',
        payload: { ...p, address: 'x' },
      });
      expect(res.statusCode).toBe(422);
    }
    const other = await createOrgUnder(t, chain.city, 'county');
    const res = await t.inject(dispatcher, {
      method: 'POST',
      url: '/api/response/emergencies',
      payload: { orgId: other.id, ...nextSpot(), address: 'x' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('OUT_OF_SCOPE');
    const after = await queryRows<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM response_emergencies`);
    expect(after[0].n).toBe(before[0].n);
  });
});

describe('accepting, the split and the end', () => {
  it('sends the first to the patient, one past an AED to fetch it, stands the rest down, and ends with an AED usage', async () => {
    const p = nextSpot();
    const aedId = await addAed(offsetPoint(p, 400, 90));
    const first = await responder(offsetPoint(p, 500, 90));
    const second = await responder(offsetPoint(p, 600, 90));
    const third = await responder(offsetPoint(p, 300, 270));
    const fourth = await responder(offsetPoint(p, 800, 0));
    const detail = await raiseAt(p);
    expect(detail.aeds.map((a: { id: string }) => a.id)).toContain(aedId);
    const accept = async (r: { caller: Caller }) => {
      const a = await alertOf(r.caller, detail.id);
      return t.inject(r.caller, { method: 'POST', url: `/api/response/alerts/${a!.id}/accept` });
    };
    const one = await accept(first);
    expect(one.json()).toMatchObject({ status: 'accepted', role: 'patient' });
    const two = await accept(second);
    expect(two.json()).toMatchObject({ role: 'fetch_aed', aed: { id: aedId } });
    expect(two.json().instruction).toContain('AED');
    const three = await accept(third);
    expect(three.json()).toMatchObject({ role: 'patient' });
    expect(await alertOf(fourth.caller, detail.id)).toMatchObject({ status: 'stood_down' });
    const late = await accept(fourth);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('CONFLICT');

    const stranger = await responder(nextSpot());
    const a1 = await alertOf(first.caller, detail.id);
    const notMine = await t.inject(stranger.caller, { method: 'POST', url: `/api/response/alerts/${a1!.id}/accept` });
    expect(notMine.statusCode).toBe(403);
    expect(notMine.json().error.code).toBe('NOT_ALERTED');

    const a2 = await alertOf(second.caller, detail.id);
    const arrived = await t.inject(second.caller, {
      method: 'POST',
      url: `/api/response/alerts/${a2!.id}/arrived`,
      payload: { fetchedAed: true },
    });
    expect(arrived.json()).toMatchObject({ status: 'arrived' });

    const end = await t.inject(dispatcher, {
      method: 'POST',
      url: `/api/response/emergencies/${detail.id}/end`,
      payload: { result: 'rosc', bystanderCpr: true, aedUsed: true, aedId, shocks: 2, note: '' },
    });
    expect(end.statusCode, end.body).toBe(200);
    expect(end.json()).toMatchObject({ status: 'ended', outcome: { result: 'rosc', aedId, shocks: 2 } });
    expect(end.json().timeline.map((i: { kind: string }) => i.kind)).toEqual(
      expect.arrayContaining(['accepted', 'assigned', 'stood_down', 'arrived', 'aed_fetched', 'ended']),
    );
    const aed = await queryRows<{ status: string }>(t.db, sql`SELECT status FROM aeds WHERE id = ${aedId}`);
    expect(aed[0].status).toBe('out_of_service');

    const again = await t.inject(dispatcher, {
      method: 'POST',
      url: `/api/response/emergencies/${detail.id}/end`,
      payload: { result: 'other', bystanderCpr: false, aedUsed: false },
    });
    expect(again.json().error.code).toBe('EMERGENCY_ENDED');
    const afterEnd = await t.inject(first.caller, {
      method: 'POST',
      url: `/api/response/alerts/${a1!.id}/decline`,
      payload: {},
    });
    expect(afterEnd.statusCode).toBe(409);
    expect(afterEnd.json().error.code).toBe('EMERGENCY_ENDED');

    // The follow-up goes to the three who went; an answer asking for help flags the emergency; a second is refused.
    expect(await sendFollowups(t.db, detail.regionId ?? chain.city.id, detail.id)).toBe(3);
    const [msg] = await queryRows<{ body: string }>(
      t.db,
      sql`SELECT body FROM outbox_messages WHERE template = 'response.followup' ORDER BY created_at DESC LIMIT 1`,
    );
    const token = msg.body.match(/followup\/([A-Za-z0-9_-]+)/)![1];
    const view = await t.inject(null, { method: 'GET', url: `/api/response/followups/${token}` });
    expect(view.json()).toMatchObject({ emergencyNumber: detail.number, answers: null });
    const answer = { wellbeing: 'struggling', wantsCounselling: true, injured: false, comment: '' };
    const answered = await t.inject(null, { method: 'POST', url: `/api/response/followups/${token}`, payload: answer });
    expect(answered.json()).toMatchObject({ answers: { wellbeing: 'struggling' } });
    const twice = await t.inject(null, { method: 'POST', url: `/api/response/followups/${token}`, payload: answer });
    expect(twice.json().error.code).toBe('CONFLICT');
    const flagged = await t.inject(dispatcher, { method: 'GET', url: `/api/response/emergencies/${detail.id}` });
    expect(flagged.json()).toMatchObject({ needsCare: true });
  });

  it('lets only one of two simultaneous accepts be the first', async () => {
    const p = nextSpot();
    await addAed(offsetPoint(p, 300, 0));
    const a = await responder(offsetPoint(p, 450, 0));
    const b = await responder(offsetPoint(p, 460, 0));
    const detail = await raiseAt(p);
    const ids = await Promise.all([alertOf(a.caller, detail.id), alertOf(b.caller, detail.id)]);
    const [ra, rb] = await Promise.all([
      t.inject(a.caller, { method: 'POST', url: `/api/response/alerts/${ids[0]!.id}/accept` }),
      t.inject(b.caller, { method: 'POST', url: `/api/response/alerts/${ids[1]!.id}/accept` }),
    ]);
    expect([ra.json().role, rb.json().role].sort()).toEqual(['fetch_aed', 'patient']);
    const view = await t.inject(dispatcher, { method: 'GET', url: `/api/response/emergencies/${detail.id}` });
    expect(view.json().accepted).toBe(2);
  });

  it('keeps emergencies of other units out of reach (OUT_OF_SCOPE)', async () => {
    const detail = await raiseAt(nextSpot());
    const other = await createOrgUnder(t, chain.city, 'county');
    const outsider = await createStaff(t, { orgId: other.id, permissions: ['response:dispatch'] });
    const res = await t.inject(outsider, { method: 'GET', url: `/api/response/emergencies/${detail.id}` });
    expect(res.statusCode).toBe(403);
    const list = await t.inject(outsider, { method: 'GET', url: '/api/response/emergencies' });
    expect(list.json().items.map((e: { id: string }) => e.id)).not.toContain(detail.id);
  });
});

describe('the dispatcher API and the public raise', () => {
  it('raises with a key, returns the first for a repeated externalId, and refuses wrong and revoked keys', async () => {
    const created = await t.inject(manager, {
      method: 'POST',
      url: '/api/response/dispatch-keys',
      payload: { name: '诸暨120', orgId: chain.county.id },
    });
    expect(created.statusCode).toBe(201);
    const { key, id } = created.json();
    const auth = { authorization: `Bearer ${key}` };
    const body = { externalId: `X-${crypto.randomUUID()}`, ...nextSpot(), address: '万达广场', note: '男,60岁' };
    const first = await t.inject(null, {
      method: 'POST',
      url: '/api/response/dispatch/emergencies',
      headers: auth,
      payload: body,
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ source: 'dispatch_api', orgId: chain.county.id });
    const again = await t.inject(null, {
      method: 'POST',
      url: '/api/response/dispatch/emergencies',
      headers: auth,
      payload: body,
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    const read = await t.inject(null, {
      method: 'GET',
      url: `/api/response/dispatch/emergencies/${first.json().id}`,
      headers: auth,
    });
    expect(read.statusCode).toBe(200);

    for (const authorization of [undefined, 'Bearer nonsense', `Bearer ${id}.${'x'.repeat(43)}`]) {
      const res = await t.inject(null, {
        method: 'POST',
        url: '/api/response/dispatch/emergencies',
        headers: authorization ? { authorization } : {},
        payload: { ...body, externalId: 'other' },
      });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('DISPATCH_KEY_INVALID');
    }
    const revoked = await t.inject(manager, { method: 'POST', url: `/api/response/dispatch-keys/${id}/revoke` });
    expect(revoked.json().revokedAt).not.toBeNull();
    const after = await t.inject(null, {
      method: 'POST',
      url: '/api/response/dispatch/emergencies',
      headers: auth,
      payload: { ...body, externalId: 'new' },
    });
    expect(after.json().error.code).toBe('DISPATCH_KEY_INVALID');
    const keys = await t.inject(manager, { method: 'GET', url: '/api/response/dispatch-keys' });
    expect(JSON.stringify(keys.json())).not.toContain(key.split('.')[1]);

    const end = await t.inject(null, {
      method: 'POST',
      url: `/api/response/dispatch/emergencies/${first.json().id}/end`,
      headers: auth,
      payload: { result: 'transported', bystanderCpr: true, aedUsed: false },
    });
    expect(end.json().error.code).toBe('DISPATCH_KEY_INVALID');
  });

  it('lets the public raise with a phone, follow it by token (no names), and not with a wrong token', async () => {
    const p = nextSpot();
    await responder(offsetPoint(p, 300, 0));
    const res = await t.inject(null, {
      method: 'POST',
      url: '/api/response/public/emergencies',
      payload: { ...p, callerPhone: '13800001111', note: '有人倒地' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { emergency, followToken } = res.json();
    expect(emergency).toMatchObject({ source: 'public', alerted: 1 });
    const view = await t.inject(null, {
      method: 'GET',
      url: `/api/response/public/emergencies/${emergency.id}?token=${followToken}`,
    });
    expect(view.statusCode).toBe(200);
    expect(view.body).not.toContain('nameMasked');
    const wrong = await t.inject(null, {
      method: 'GET',
      url: `/api/response/public/emergencies/${emergency.id}?token=${'a'.repeat(32)}`,
    });
    expect(wrong.statusCode).toBe(404);
  });

  it('counts emergencies, acceptance and responders in the statistics', async () => {
    const res = await t.inject(manager, { method: 'GET', url: '/api/response/stats' });
    expect(res.statusCode).toBe(200);
    const s = res.json();
    expect(s.emergencies).toBeGreaterThan(3);
    expect(s.withAcceptance).toBeGreaterThanOrEqual(2);
    expect(s.medianFirstAcceptSeconds).not.toBeNull();
    expect(s.respondersEnrolled).toBeGreaterThan(10);
    expect(s.outcomes).toEqual(expect.arrayContaining([{ result: 'rosc', count: 1 }]));
    const list = await t.inject(manager, { method: 'GET', url: '/api/response/responders?onCall=true&pageSize=5' });
    expect(list.json().items[0]).toMatchObject({ onCall: true, phoneMasked: expect.stringMatching(/\*{4}/) });
  });
});

describe('alerts over WebSocket', () => {
  async function listen(app: typeof t.app) {
    await app.listen({ port: 0, host: '127.0.0.1' });
    return `ws://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/realtime`;
  }

  it('delivers the alert to a connected responder within a second, takes position frames and refuses them off call', async () => {
    const url = await listen(t.app);
    const p = nextSpot();
    const r = await responder(offsetPoint(p, 200, 0));
    const c = await connectWs(url, r.caller!.cookie);
    await c.next((f) => f.type === 'hello');
    c.send({ type: 'position', ref: 1, ...offsetPoint(p, 150, 0) });
    expect(await c.next((f) => f.type === 'reply' && f.ref === 1)).toMatchObject({ data: { ok: true } });
    c.send({ type: 'position', ref: 2, lat: 0, lng: 0 });
    expect(await c.next((f) => f.ref === 2)).toMatchObject({ type: 'error', code: 'INVALID_LOCATION' });

    const started = Date.now();
    const detail = await raiseAt(p);
    const alert = await c.next((f) => f.type === 'event' && f.event === 'alert', 1000);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(alert).toMatchObject({ topic: `responder:${r.id}`, data: { emergencyId: detail.id, distanceM: 150 } });
    // Connected: no SMS at once.
    const sms = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM outbox_messages WHERE dedupe_key = ${`response.alert:${detail.id}:${r.id}`}`,
    );
    expect(sms[0].n).toBe(0);

    const staffWs = await connectWs(url, dispatcher!.cookie);
    await staffWs.next((f) => f.type === 'hello');
    staffWs.send({ type: 'subscribe', topic: `emergency:${detail.id}` });
    await staffWs.next((f) => f.type === 'subscribed');
    await t.inject(r.caller, {
      method: 'POST',
      url: `/api/response/alerts/${(alert.data as { id: string }).id}/accept`,
    });
    expect(await staffWs.next((f) => f.type === 'event' && f.event === 'responder')).toMatchObject({
      data: { status: 'accepted', role: 'patient' },
    });
    expect(await c.next((f) => f.type === 'event' && f.event === 'alert.updated')).toMatchObject({
      data: { status: 'accepted' },
    });

    await t.inject(r.caller, { method: 'POST', url: '/api/response/me/off-call' });
    await c.next((f) => f.type === 'event' && f.event === 'status');
    c.send({ type: 'position', ref: 3, ...p });
    expect(await c.next((f) => f.ref === 3)).toMatchObject({ type: 'error', code: 'RESPONDER_OFF_CALL' });
    c.ws.close();
    staffWs.ws.close();
  });

  it('on PostgreSQL: a responder connected to instance 2 gets the alert raised through instance 1 within a second', async () => {
    if (inject('dbKind') !== 'postgres') {
      return;
    }
    const second = await openPostgres(String(t.database.pool!.options.connectionString), { max: 2 });
    const app2 = await buildApp({ database: second, logLevel: 'silent', webDist: '/nonexistent', rateLimits: false });
    try {
      const url2 = await listen(app2);
      const p = nextSpot();
      const r = await responder(offsetPoint(p, 300, 0));
      const c = await connectWs(url2, r.caller!.cookie);
      await c.next((f) => f.type === 'hello');
      const started = Date.now();
      const detail = await raiseAt(p);
      const alert = await c.next((f) => f.type === 'event' && f.event === 'alert', 1000);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(alert).toMatchObject({ data: { emergencyId: detail.id } });
      c.ws.close();
    } finally {
      await app2.close();
      await second.close();
    }
  });
});
