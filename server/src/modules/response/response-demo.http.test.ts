// The 救在身边 demo on a fresh database (the whole demo seed, as `npm start` runs it): the demo responders sign in by
// phone and are eligible (one on call near the city centre, one off call), the ended emergency of three days ago has
// its responders, timeline and outcome, the 120 centre's key is listed, and seeding again adds nothing.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { distanceM } from '../../platform/geo';
import { demoPassword, seedDemo } from '../../seed/demo-seed';
import { signInAs, signInByPhone } from '../../test/factories';
import { createTestApp, type TestApp } from '../../test/test-app';
import { consentVersion } from './response-consent';
import { responseDemoPhones, seedDemoResponse } from './response-demo';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  expect(await seedDemo(t.db, { people: 5 })).toBe(true);
}, 240_000);
afterAll(() => t.close());

const counts = async () =>
  (
    await queryRows<Record<string, number>>(
      t.db,
      sql`SELECT (SELECT count(*)::int FROM response_responders) AS responders,
                 (SELECT count(*)::int FROM response_positions) AS positions,
                 (SELECT count(*)::int FROM response_emergencies) AS emergencies,
                 (SELECT count(*)::int FROM response_alerts) AS alerts,
                 (SELECT count(*)::int FROM response_timeline) AS timeline,
                 (SELECT count(*)::int FROM response_followups) AS followups,
                 (SELECT count(*)::int FROM response_dispatch_keys) AS keys,
                 (SELECT count(*)::int FROM training_certificates) AS certificates,
                 (SELECT count(*)::int FROM public_accounts) AS accounts,
                 (SELECT count(*)::int FROM aed_usages) AS usages`,
    )
  )[0];

describe('the 救在身边 demo', () => {
  it('gives the demo phones an eligible responder: one on call near the city centre, one off call', async () => {
    const onCall = await signInByPhone(t, responseDemoPhones[0]);
    const me = await t.inject(onCall, { method: 'GET', url: '/api/response/me' });
    expect(me.statusCode).toBe(200);
    const body = me.json();
    expect(body).toMatchObject({
      eligible: true,
      certificate: { holderNameMasked: '楼*颖' },
      responder: { onCall: true, consentVersion, offCallReason: null },
    });
    expect(body.certificate.validUntil > new Date().toISOString().slice(0, 10)).toBe(true);
    expect(body.responder.certificate.certNo).toBe(body.certificate.certNo);
    expect(distanceM(body.responder.position, { lat: 29.7146, lng: 120.2431 })).toBeLessThan(100);
    expect(Date.now() - Date.parse(body.responder.position.fixedAt)).toBeLessThan(10 * 60_000);

    const offCall = await signInByPhone(t, responseDemoPhones[1]);
    const other = (await t.inject(offCall, { method: 'GET', url: '/api/response/me' })).json();
    expect(other).toMatchObject({
      eligible: true,
      responder: { onCall: false, offCallReason: 'self', position: null, quietHours: { from: '22:30', to: '06:30' } },
    });
  });

  it('has an ended emergency three days ago with its responders, timeline, outcome and an answered follow-up', async () => {
    const dispatcher = await signInAs(t, 'diaodu', demoPassword);
    const list = await t.inject(dispatcher, { method: 'GET', url: '/api/response/emergencies?status=ended' });
    expect(list.statusCode).toBe(200);
    expect(list.json().total).toBe(1);
    const [item] = list.json().items;
    expect(item).toMatchObject({ source: 'dispatch_api', status: 'ended', orgName: '诸暨市', alerted: 3, accepted: 2 });
    const raisedAt = Date.parse(item.raisedAt);
    const days = (Date.now() - raisedAt) / 86_400_000;
    expect(days).toBeGreaterThan(2);
    expect(days).toBeLessThan(4);
    // The number carries the China date of the raise.
    const chinaDate = new Date(raisedAt + 8 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '');
    expect(item.number).toMatch(new RegExp(`^JZ${chinaDate}-[0-9A-F]{6}$`));

    const detail = (await t.inject(dispatcher, { method: 'GET', url: `/api/response/emergencies/${item.id}` })).json();
    const byRole = new Map(
      detail.responders.map((r: { role: string | null; status: string }) => [r.role ?? r.status, r]),
    );
    const toPatient = byRole.get('patient') as { arrivedAt: string; answeredAt: string; status: string };
    const fetcher = byRole.get('fetch_aed') as { arrivedAt: string; aedId: string; status: string };
    expect(toPatient).toMatchObject({ status: 'ended' });
    expect(fetcher).toMatchObject({ status: 'ended' });
    expect(byRole.get('declined')).toBeDefined();
    expect(Date.parse(toPatient.arrivedAt)).toBeLessThan(Date.parse(fetcher.arrivedAt));
    expect(detail.outcome).toMatchObject({ result: 'rosc', aedUsed: true, aedId: fetcher.aedId, shocks: 1 });
    expect(Date.parse(detail.firstAcceptedAt) - raisedAt).toBe(34_000);
    expect(Date.parse(detail.endedAt) - raisedAt).toBe(34 * 60_000);

    const kinds = detail.timeline.map((i: { kind: string }) => i.kind);
    expect(kinds).toEqual([
      'raised',
      'searched',
      'alerted',
      'accepted',
      'assigned',
      'declined',
      'accepted',
      'assigned',
      'arrived',
      'arrived',
      'aed_fetched',
      'ended',
      'followup_sent',
      'followup_answered',
    ]);
    const times = detail.timeline.map((i: { at: string }) => Date.parse(i.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[0]).toBe(raisedAt);
    expect(times[times.length - 1]).toBeLessThan(Date.now());

    const followups = await queryRows<{ answered: boolean }>(
      t.db,
      sql`SELECT answered_at IS NOT NULL AS answered FROM response_followups WHERE emergency_id = ${item.id}`,
    );
    expect(followups.map((f) => f.answered).sort()).toEqual([false, true]);
    // The AED used got new pads: ready again, its usage on record at the time of the rescue.
    const [aed] = await queryRows<{ status: string; used_at: Date }>(
      t.db,
      sql`SELECT a.status, u.used_at FROM aeds a JOIN aed_usages u ON u.aed_id = a.id AND u.emergency_id = ${item.id}
          WHERE a.id = ${fetcher.aedId}`,
    );
    expect(aed.status).toBe('ready');
    expect(new Date(aed.used_at).getTime()).toBeLessThan(Date.parse(detail.endedAt));
  });

  it('lists the 120 centre key for the unit, and a second run adds nothing', async () => {
    const manager = await signInAs(t, 'aedguan', demoPassword);
    const keys = await t.inject(manager, { method: 'GET', url: '/api/response/dispatch-keys' });
    expect(keys.json()).toEqual([
      expect.objectContaining({ name: '诸暨市120急救指挥中心', orgName: '诸暨市', revokedAt: null }),
    ]);
    expect(keys.body).not.toMatch(/"key"/);

    const before = await counts();
    expect(before).toMatchObject({ responders: 3, emergencies: 1, alerts: 3, followups: 2, keys: 1 });
    await seedDemoResponse(t.db);
    expect(await counts()).toEqual(before);
  });
});

// The AED demo the responders' demo stands on (one seed for both: a full demo seed takes ~30 s).
describe('the AED demo', () => {
  it('seeds devices in 诸暨 with statuses, tasks, telemetry and accounts', async () => {
    const byStatus = new Map(
      (
        await queryRows<{ status: string; n: number }>(
          t.db,
          sql`SELECT status, count(*)::int AS n FROM aeds GROUP BY status`,
        )
      ).map((r) => [r.status, r.n]),
    );
    expect(byStatus.get('ready')).toBeGreaterThanOrEqual(20);
    expect(byStatus.get('needs_service')).toBeGreaterThanOrEqual(2);
    expect(byStatus.get('out_of_service')).toBe(1);
    const [codes] = await queryRows<{ bad: number; n: number }>(
      t.db,
      sql`SELECT count(*) FILTER (WHERE code !~ '^AED-330681-[0-9]{6}$')::int AS bad, count(*)::int AS n FROM aeds`,
    );
    expect(codes).toEqual({ bad: 0, n: 25 });
    const kinds = await queryRows<{ kind: string }>(
      t.db,
      sql`SELECT DISTINCT kind FROM aed_tasks WHERE status = 'open' ORDER BY kind`,
    );
    expect(kinds.map((k) => k.kind)).toEqual(
      expect.arrayContaining([
        'battery_expiring',
        'heartbeat_missing',
        'inspection_due',
        'pads_expiring',
        'used_in_rescue',
      ]),
    );
    const [tele] = await queryRows<{ keyed: number; tests: number }>(
      t.db,
      sql`SELECT (SELECT count(*)::int FROM aeds WHERE telemetry_key_hash IS NOT NULL) AS keyed,
                 (SELECT count(*)::int FROM aed_self_tests) AS tests`,
    );
    expect(tele).toEqual({ keyed: 2, tests: 7 });
    const accounts = await queryRows<{ username: string }>(
      t.db,
      sql`SELECT username FROM users WHERE username IN ('aedguan', 'diaodu') ORDER BY username`,
    );
    expect(accounts.map((a) => a.username)).toEqual(['aedguan', 'diaodu']);
  });
});
