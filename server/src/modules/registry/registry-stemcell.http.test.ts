// Stem-cell registration and blood drives at the HTTP boundary: sign-up on a phone with its cooling-off, the refusals
// (age, health, consent version, relatives, duplicates), samples with unique barcodes, the workflow in order, the
// withdrawal rules (who may, the late-withdrawal confirmation), masked lists and audited reads, the certificate and
// its public check page, the service-hall requests, the lapse sweep, blood-drive age and interval rules, statistics.
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { decodeQr, hasPoppler, pdfText, rasterizePdf, squeeze } from '../../platform/documents/pdf-inspect';
import { computeCheckCharacter } from '../../platform/identity/id-number';
import { createBranchChain, createOrgUnder, createStaff, signInByPhone, systemCtx } from '../../test/factories';
import { type Caller, createTestApp, type TestApp, testPublicUrl } from '../../test/test-app';
import type { OrgView } from '../orgs/orgs.schemas';
import { lapseUnconfirmed, stemCellConsent } from './registry-stemcell.service';

let t: TestApp;
let city: OrgView;
let county: OrgView;
let school: OrgView;
let otherCounty: OrgView;
let officer: Caller;
let viewer: Caller;
let outsider: Caller;
let piiViewer: Caller;
let seq = 100;

/** A valid resident ID of 诸暨 for a birth date YYYYMMDD. */
function idBorn(birth: string): string {
  const first17 = `330681${birth}${String(++seq % 1000).padStart(3, '0')}`;
  return first17 + computeCheckCharacter(first17);
}
const phone = () => `139${String(crypto.randomInt(0, 1e8)).padStart(8, '0')}`;
const yearsAgo = (n: number, monthDay = '0101') => `${new Date().getUTCFullYear() - n}${monthDay}`;
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

const noConditions = (): Record<string, boolean> =>
  Object.fromEntries(stemCellConsent.healthQuestions.map((q) => [q.key, false]));

function form(extra: Record<string, unknown> = {}) {
  return {
    orgId: school.id,
    name: '陈晓雨',
    idNumber: idBorn(yearsAgo(20)),
    bloodType: 'A',
    consentVersion: stemCellConsent.version,
    consentAgreed: true,
    relatives: [
      { name: '陈建国', relation: 'parent', phone: phone() },
      { name: '李秀英', relation: 'parent', phone: phone() },
    ],
    health: noConditions(),
    ...extra,
  };
}

async function signUp(extra: Record<string, unknown> = {}) {
  const citizen = await signInByPhone(t, phone());
  const res = await t.inject(citizen, { method: 'POST', url: '/api/registry/stem-cell/me', payload: form(extra) });
  return { citizen, res };
}

async function staffRegister(extra: Record<string, unknown> = {}) {
  const res = await t.inject(officer, {
    method: 'POST',
    url: '/api/registry/stem-cell/registrations',
    payload: { ...form(extra), phone: phone() },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function countRows(table: string, where = sql`true`): Promise<number> {
  const [r] = await queryRows<{ n: number }>(
    t.db,
    sql`SELECT count(*)::int AS n FROM ${sql.raw(table)} WHERE ${where}`,
  );
  return r.n;
}

beforeAll(async () => {
  t = await createTestApp();
  ({ city, county } = await createBranchChain(t));
  school = await createOrgUnder(t, county, 'school');
  otherCounty = await createOrgUnder(t, city, 'county');
  officer = await createStaff(t, { orgId: county.id, roleId: 'registry_officer' });
  viewer = await createStaff(t, { orgId: county.id, permissions: ['registry:view'] });
  outsider = await createStaff(t, { orgId: otherCounty.id, roleId: 'registry_officer' });
  piiViewer = await createStaff(t, { orgId: county.id, permissions: ['registry:view', 'pii:view'] });
});
afterAll(() => t.close());

describe('stem-cell sign-up on a phone', () => {
  it('starts a 7-day cooling-off, opens the stem-cell hall request and refuses an early confirmation', async () => {
    const consent = await t.inject(null, { method: 'GET', url: '/api/public/registry/stem-cell/consent' });
    expect(consent.json()).toMatchObject({ version: stemCellConsent.version, rules: { minAge: 18, maxAge: 45 } });

    const { citizen, res } = await signUp();
    expect(res.statusCode, res.body).toBe(201);
    const reg = res.json();
    expect(reg).toMatchObject({ status: 'cooling_off', channel: 'online', canConfirm: false, hasCertificate: false });
    expect(new Date(reg.coolingOffEndsAt).getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    expect(reg.relatives[0].phoneMasked).toMatch(/^139\*{4}\d{4}$/);

    const mine = await t.inject(citizen, { method: 'GET', url: '/api/registry/stem-cell/me' });
    expect(mine.json().registration.registrationNo).toBe(reg.registrationNo);
    const hall = await t.inject(citizen, { method: 'GET', url: '/api/services/my/requests' });
    expect(JSON.stringify(hall.json())).toContain('stem-cell');

    const early = await t.inject(citizen, { method: 'POST', url: '/api/registry/stem-cell/me/confirm' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('STEMCELL_COOLING_OFF');

    // Seven days later the registrant confirms; the hall request is accepted (受理).
    await t.db.execute(
      sql`UPDATE stemcell_registrations SET cooling_off_ends_at = now() - interval '1 minute' WHERE id = ${reg.id}`,
    );
    const confirmed = await t.inject(citizen, { method: 'POST', url: '/api/registry/stem-cell/me/confirm' });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ status: 'awaiting_sample', hasCertificate: true });
    const [request] = await queryRows<{ status: string }>(
      t.db,
      sql`SELECT status FROM service_requests WHERE subject_id = ${reg.id}`,
    );
    expect(request.status).toBe('accepted');
  });

  it.each([
    ['under 18', { idNumber: idBorn(yearsAgo(17, '1231')) }, 422, 'STEMCELL_AGE'],
    ['over 45', { idNumber: idBorn(yearsAgo(46)) }, 422, 'STEMCELL_AGE'],
    ['a health condition', { health: { ...noConditions(), heart: true } }, 422, 'STEMCELL_HEALTH_INELIGIBLE'],
    ['an old consent version', { consentVersion: '2020-01' }, 409, 'STEMCELL_CONSENT_OUTDATED'],
    [
      'the same relative twice',
      {
        relatives: [
          { name: '陈建国', relation: 'parent', phone: '13900001111' },
          { name: '陈建国', relation: 'parent', phone: '13900001111' },
        ],
      },
      422,
      'STEMCELL_RELATIVES_INVALID',
    ],
    [
      'one relative only',
      { relatives: [{ name: '陈建国', relation: 'parent', phone: '13900001111' }] },
      400,
      'VALIDATION_FAILED',
    ],
    ['no consent', { consentAgreed: false }, 400, 'VALIDATION_FAILED'],
  ])('refuses a sign-up with %s and writes nothing', async (_label, extra, status, code) => {
    const before = await countRows('stemcell_registrations');
    const { res } = await signUp(extra);
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json().error.code).toBe(code);
    expect(await countRows('stemcell_registrations')).toBe(before);
  });

  it('refuses a second registration of the same ID number with 409, online or by staff', async () => {
    const idNumber = idBorn(yearsAgo(25));
    expect((await signUp({ idNumber })).res.statusCode).toBe(201);
    const again = await signUp({ idNumber });
    expect(again.res.statusCode).toBe(409);
    expect(again.res.json().error.code).toBe('STEMCELL_DUPLICATE');
    const byStaff = await t.inject(officer, {
      method: 'POST',
      url: '/api/registry/stem-cell/registrations',
      payload: { ...form({ idNumber }), phone: phone() },
    });
    expect(byStaff.statusCode).toBe(409);
    expect(byStaff.json().error.code).toBe('STEMCELL_DUPLICATE');
  });

  it('lapses an online sign-up not confirmed within the window, which frees the ID number', async () => {
    const idNumber = idBorn(yearsAgo(30));
    const { res } = await signUp({ idNumber });
    const id = res.json().id;
    await t.db.execute(
      sql`UPDATE stemcell_registrations SET confirm_by = now() - interval '1 minute' WHERE id = ${id}`,
    );
    expect(await lapseUnconfirmed(t.db, systemCtx)).toBeGreaterThanOrEqual(1);
    const [row] = await queryRows<{ status: string }>(
      t.db,
      sql`SELECT status FROM stemcell_registrations WHERE id = ${id}`,
    );
    expect(row.status).toBe('lapsed');
    const [request] = await queryRows<{ status: string }>(
      t.db,
      sql`SELECT status FROM service_requests WHERE subject_id = ${id} AND item_id = (SELECT id FROM service_items WHERE code = 'stem-cell')`,
    );
    expect(request.status).toBe('withdrawn');
    expect((await signUp({ idNumber })).res.statusCode).toBe(201);
  });
});

describe('samples and the workflow', () => {
  it('samples a cooling-off sign-up only with in-person confirmation, with a unique barcode and a printable label', async () => {
    const { res } = await signUp();
    const id = res.json().id;
    const url = `/api/registry/stem-cell/registrations/${id}/samples`;
    const barcode = `HLA-${crypto.randomUUID().slice(0, 8).toUpperCase()}`;
    const refused = await t.inject(officer, {
      method: 'POST',
      url,
      payload: { barcode, collectedOn: today(), volumeMl: 6 },
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('STEMCELL_COOLING_OFF');

    const sampled = await t.inject(officer, {
      method: 'POST',
      url,
      payload: { barcode, collectedOn: today(), volumeMl: 6, inPersonConfirmed: true },
    });
    expect(sampled.statusCode, sampled.body).toBe(200);
    expect(sampled.json()).toMatchObject({ status: 'sampled', barcode, nextStep: 'registered' });
    expect(sampled.json().steps.map((s: { step: string }) => s.step)).toEqual([
      'signed_up',
      'confirmed_in_person',
      'sampled',
    ]);

    const other = await staffRegister();
    const taken = await t.inject(officer, {
      method: 'POST',
      url: `/api/registry/stem-cell/registrations/${other.id}/samples`,
      payload: { barcode, collectedOn: today(), volumeMl: 5 },
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('STEMCELL_BARCODE_TAKEN');
    const generated = await t.inject(officer, {
      method: 'POST',
      url: `/api/registry/stem-cell/registrations/${other.id}/samples`,
      payload: { collectedOn: today(), volumeMl: 9 },
    });
    expect(generated.statusCode).toBe(400);

    const sample = sampled.json().samples[0];
    const label = await t.inject(officer, {
      method: 'GET',
      url: `/api/registry/stem-cell/samples/${sample.id}/label.pdf`,
    });
    expect(label.statusCode).toBe(200);
    expect(label.rawPayload.subarray(0, 4).toString()).toBe('%PDF');
    if (hasPoppler) {
      expect(squeeze(pdfText(label.rawPayload))).toContain(barcode);
      expect(decodeQr(rasterizePdf(label.rawPayload, 300)[0])).toBe(barcode);
    }
    const foreign = await t.inject(outsider, {
      method: 'GET',
      url: `/api/registry/stem-cell/samples/${sample.id}/label.pdf`,
    });
    expect(foreign.statusCode).toBe(403);
  });

  it('records the steps in order with dates and the responsible staff, and refuses skipping or going back', async () => {
    const reg = await staffRegister();
    expect(reg).toMatchObject({ status: 'awaiting_sample', channel: 'staff', coolingOffEndsAt: null });
    const step = (s: string, stepOn = today()) =>
      t.inject(officer, {
        method: 'POST',
        url: `/api/registry/stem-cell/registrations/${reg.id}/steps`,
        payload: { step: s, stepOn },
      });
    expect((await step('registered')).json().error.code).toBe('STEMCELL_STEP_NOT_ALLOWED');
    await t.inject(officer, {
      method: 'POST',
      url: `/api/registry/stem-cell/registrations/${reg.id}/samples`,
      payload: { collectedOn: today(), volumeMl: 5 },
    });
    expect((await step('registered')).statusCode).toBe(200);
    const skip = await step('medical_exam');
    expect(skip.statusCode).toBe(409);
    expect(skip.json().error.details).toMatchObject({ expected: 'preliminary_match' });
    expect((await step('preliminary_match', '2099-01-01')).statusCode).toBe(400);
    const matched = await step('preliminary_match');
    expect(matched.json()).toMatchObject({ status: 'preliminary_match', isLateWithdrawal: true });
    const last = matched.json().steps.at(-1);
    expect(last).toMatchObject({ step: 'preliminary_match', stepOn: today() });
    expect(last.actorName).toBeTruthy();
    const [audit] = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = ${reg.id} AND action LIKE 'stemcell.%'`,
    );
    expect(audit.n).toBe(4);
    // The hall request was done (办结) when the typing entered the database.
    const [request] = await queryRows<{ status: string }>(
      t.db,
      sql`SELECT status FROM service_requests WHERE subject_id = ${reg.id}`,
    );
    expect(request.status).toBe('done');
  });
});

describe('withdrawals', () => {
  it('lets the registrant withdraw on the phone, files a done registry-change request, and keeps the step', async () => {
    const { citizen, res } = await signUp();
    const id = res.json().id;
    const stranger = await signInByPhone(t, phone());
    const notTheirs = await t.inject(stranger, {
      method: 'POST',
      url: '/api/registry/stem-cell/me/withdraw',
      payload: {},
    });
    expect(notTheirs.statusCode).toBe(404);
    const withdrawn = await t.inject(citizen, {
      method: 'POST',
      url: '/api/registry/stem-cell/me/withdraw',
      payload: { reason: '个人原因' },
    });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json()).toMatchObject({ status: 'withdrawn', canWithdraw: false });
    const requests = await queryRows<{ code: string; status: string }>(
      t.db,
      sql`SELECT i.code, r.status FROM service_requests r JOIN service_items i ON i.id = r.item_id WHERE r.subject_id = ${id} ORDER BY i.code`,
    );
    expect(requests).toEqual([
      { code: 'registry-change', status: 'done' },
      { code: 'stem-cell', status: 'withdrawn' },
    ]);
    const again = await t.inject(citizen, { method: 'POST', url: '/api/registry/stem-cell/me/withdraw', payload: {} });
    expect(again.json().error.code).toBe('STEMCELL_STEP_NOT_ALLOWED');
  });

  it('refuses a late withdrawal without the explicit confirmation, and changes nothing', async () => {
    const reg = await staffRegister();
    const base = `/api/registry/stem-cell/registrations/${reg.id}`;
    await t.inject(officer, { method: 'POST', url: `${base}/samples`, payload: { collectedOn: today(), volumeMl: 5 } });
    for (const s of ['registered', 'preliminary_match']) {
      await t.inject(officer, { method: 'POST', url: `${base}/steps`, payload: { step: s, stepOn: today() } });
    }
    const request = { requestedBy: '本人(电话)', channel: 'phone', reason: '家人反对' };
    const refused = await t.inject(officer, { method: 'POST', url: `${base}/withdraw`, payload: request });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('STEMCELL_LATE_WITHDRAWAL_UNCONFIRMED');
    const [row] = await queryRows<{ status: string }>(
      t.db,
      sql`SELECT status FROM stemcell_registrations WHERE id = ${reg.id}`,
    );
    expect(row.status).toBe('preliminary_match');

    const byViewer = await t.inject(viewer, {
      method: 'POST',
      url: `${base}/withdraw`,
      payload: { ...request, confirmLate: true },
    });
    expect(byViewer.statusCode).toBe(403);
    const byOutsider = await t.inject(outsider, {
      method: 'POST',
      url: `${base}/withdraw`,
      payload: { ...request, confirmLate: true },
    });
    expect(byOutsider.json().error.code).toBe('OUT_OF_SCOPE');
    const noRequest = await t.inject(officer, {
      method: 'POST',
      url: `${base}/withdraw`,
      payload: { confirmLate: true },
    });
    expect(noRequest.statusCode).toBe(400);

    const done = await t.inject(officer, {
      method: 'POST',
      url: `${base}/withdraw`,
      payload: { ...request, confirmLate: true },
    });
    expect(done.statusCode, done.body).toBe(200);
    const step = done.json().steps.at(-1);
    expect(step).toMatchObject({ step: 'withdrawn', note: '家人反对' });
    expect(step.detail).toMatchObject({ requestedBy: '本人(电话)', channel: 'phone', late: true });
  });
});

describe('sensitive data', () => {
  it('masks names in lists without registry:manage, audits every detail read, unmasks only with pii:view', async () => {
    const reg = await staffRegister({ name: '欧阳明月' });
    const listed = await t.inject(viewer, {
      method: 'GET',
      url: `/api/registry/stem-cell/registrations?orgId=${county.id}`,
    });
    const item = listed.json().items.find((i: { id: string }) => i.id === reg.id);
    expect(item.name).toBe('欧**月');
    expect(item.idNumberMasked).toMatch(/^330\*{11}[\dX]{4}$/);
    const asOfficer = await t.inject(officer, {
      method: 'GET',
      url: `/api/registry/stem-cell/registrations?q=${reg.registrationNo}`,
    });
    expect(asOfficer.json().items).toHaveLength(1);
    expect(asOfficer.json().items[0].name).toBe('欧阳明月');
    const foreign = await t.inject(outsider, {
      method: 'GET',
      url: `/api/registry/stem-cell/registrations?q=${reg.registrationNo}`,
    });
    expect(foreign.json().items).toHaveLength(0);

    const viewed = async () => countRows('audit_log', sql`entity_id = ${reg.id} AND action = 'registry.viewed'`);
    const before = await viewed();
    const detail = await t.inject(viewer, { method: 'GET', url: `/api/registry/stem-cell/registrations/${reg.id}` });
    expect(detail.statusCode).toBe(200);
    expect(detail.json().name).toBe('欧**月');
    expect(JSON.stringify(detail.json())).not.toMatch(/1[3-9]\d{9}/);
    expect(await viewed()).toBe(before + 1);
    expect(
      (await t.inject(outsider, { method: 'GET', url: `/api/registry/stem-cell/registrations/${reg.id}` })).statusCode,
    ).toBe(403);
    expect(await viewed()).toBe(before + 1);

    const unmaskUrl = `/api/registry/stem-cell/registrations/${reg.id}/unmask`;
    expect((await t.inject(viewer, { method: 'POST', url: unmaskUrl, payload: { reason: '核对' } })).statusCode).toBe(
      403,
    );
    const unmasked = await t.inject(piiViewer, { method: 'POST', url: unmaskUrl, payload: { reason: '核对亲属电话' } });
    expect(unmasked.statusCode).toBe(200);
    expect(unmasked.json().relatives[0].phone).toMatch(/^\+?(86)?139\d{8}$/);
    expect(await countRows('audit_log', sql`entity_id = ${reg.id} AND action = 'registry.unmasked'`)).toBe(1);
  });

  it('prints a certificate whose QR opens a public page with the masked name and status only', async () => {
    const { citizen, res } = await signUp({ name: '王小明' });
    const none = await t.inject(citizen, { method: 'GET', url: '/api/registry/stem-cell/me/certificate.pdf' });
    expect(none.statusCode).toBe(409);
    await t.inject(officer, {
      method: 'POST',
      url: `/api/registry/stem-cell/registrations/${res.json().id}/samples`,
      payload: { collectedOn: today(), volumeMl: 5, inPersonConfirmed: true },
    });
    const pdf = await t.inject(citizen, { method: 'GET', url: '/api/registry/stem-cell/me/certificate.pdf' });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 4).toString()).toBe('%PDF');
    const mine = (await t.inject(citizen, { method: 'GET', url: '/api/registry/stem-cell/me' })).json().registration;
    expect(mine.checkUrl).toMatch(new RegExp(`^${testPublicUrl}/registry/stem-cell/check/`));
    if (hasPoppler) {
      expect(squeeze(pdfText(pdf.rawPayload))).toContain('造血干细胞捐献志愿者登记证书');
      expect(decodeQr(rasterizePdf(pdf.rawPayload, 150)[0])).toBe(mine.checkUrl);
    }
    const code = mine.checkUrl.split('/').at(-1);
    const check = await t.inject(null, { method: 'GET', url: `/api/public/registry/stem-cell/check/${code}` });
    expect(check.json()).toEqual({
      registrationNo: mine.registrationNo,
      nameMasked: '王*明',
      status: 'sampled',
      registeredOn: today(),
      orgName: school.name,
    });
    const bad = await t.inject(null, {
      method: 'GET',
      url: `/api/public/registry/stem-cell/check/${county.regionId}.nope`,
    });
    expect(bad.statusCode).toBe(404);
  });
});

describe('blood drives', () => {
  let driveId: string;
  const donor = (idNumber: string, extra: Record<string, unknown> = {}) =>
    t.inject(officer, {
      method: 'POST',
      url: `/api/registry/blood-drives/${driveId}/donors`,
      payload: { idNumber, ...extra },
    });

  it('registers participants within the age and 6-month rules, and counts them', async () => {
    const created = await t.inject(officer, {
      method: 'POST',
      url: '/api/registry/blood-drives',
      payload: {
        orgId: school.id,
        title: '校园献血日',
        place: '学校体育馆',
        heldOn: today(),
        bloodCentre: '绍兴市中心血站',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    driveId = created.json().id;

    const young = await donor(idBorn(yearsAgo(20)), {
      volumeMl: 400,
      hasContactConsent: true,
      name: '张三',
      phone: phone(),
    });
    expect(young.statusCode, young.body).toBe(201);
    expect(young.json()).toMatchObject({ status: 'donated', volumeMl: 400, name: '张三', isRepeatDonor: false });
    expect((await donor(idBorn(yearsAgo(17, '1231')))).json().error.code).toBe('BLOOD_DONOR_AGE');
    expect((await donor(idBorn(yearsAgo(56)))).json().error.code).toBe('BLOOD_DONOR_AGE');
    const bad = await donor(idBorn(yearsAgo(30)), { volumeMl: 250 });
    expect(bad.statusCode).toBe(400);
    const noName = await donor(idBorn(yearsAgo(30)), { hasContactConsent: true });
    expect(noName.statusCode).toBe(400);
    const anonymous = await donor(idBorn(yearsAgo(30)), { name: '不留名', phone: phone() });
    expect(anonymous.json()).toMatchObject({ name: null, phoneMasked: null, status: 'registered' });
    const outcome = await t.inject(officer, {
      method: 'POST',
      url: `/api/registry/blood-drives/${driveId}/donors/${anonymous.json().id}/outcome`,
      payload: { outcome: 'donated', volumeMl: 300 },
    });
    expect(outcome.json()).toMatchObject({ status: 'donated', volumeMl: 300 });
    const valid = idBorn(yearsAgo(20));
    expect((await donor(valid.slice(0, 17) + (valid.endsWith('0') ? '1' : '0'))).json().error.code).toBe(
      'INVALID_ID_NUMBER',
    );

    const detail = await t.inject(viewer, { method: 'GET', url: `/api/registry/blood-drives/${driveId}` });
    expect(detail.json()).toMatchObject({ registered: 2, donated: 2, volumeMl: 700 });
    expect(detail.json().donors.find((d: { volumeMl: number }) => d.volumeMl === 400).name).toBe('张*');
  });

  it('refuses whole blood within 6 months of a previous donation, and lets a repeat donor give up to 60', async () => {
    const idNumber = idBorn(yearsAgo(57));
    // A first-time donor of 57 is refused; one who gave before at our drives (at 54) may give until 60.
    expect((await donor(idNumber)).json().error.code).toBe('BLOOD_DONOR_AGE');
    const past = await t.inject(officer, {
      method: 'POST',
      url: '/api/registry/blood-drives',
      payload: {
        orgId: school.id,
        title: '社区献血',
        place: '社区',
        heldOn: addDays(today(), -3 * 365),
        bloodCentre: '绍兴市中心血站',
      },
    });
    const first = await t.inject(officer, {
      method: 'POST',
      url: `/api/registry/blood-drives/${past.json().id}/donors`,
      payload: { idNumber, volumeMl: 200 },
    });
    expect(first.statusCode, first.body).toBe(201);
    const repeat = await donor(idNumber);
    expect(repeat.statusCode, repeat.body).toBe(201);
    expect(repeat.json().isRepeatDonor).toBe(true);

    // Two drives 3 months apart: the second donation is refused and nothing is written.
    const recent = await t.inject(officer, {
      method: 'POST',
      url: '/api/registry/blood-drives',
      payload: {
        orgId: school.id,
        title: '春季献血',
        place: '广场',
        heldOn: addDays(today(), -90),
        bloodCentre: '绍兴市中心血站',
      },
    });
    const again = idBorn(yearsAgo(35));
    await t.inject(officer, {
      method: 'POST',
      url: `/api/registry/blood-drives/${recent.json().id}/donors`,
      payload: { idNumber: again, volumeMl: 300 },
    });
    const before = await countRows('blood_drive_donors');
    const refused = await donor(again, { volumeMl: 400 });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({
      code: 'BLOOD_DONATION_INTERVAL',
      details: { nextOn: expect.any(String) },
    });
    expect(await countRows('blood_drive_donors')).toBe(before);
    expect((await donor(idBorn(yearsAgo(20)))).statusCode).toBe(201);
  });

  it('rolls the statistics up to the child units and exports them', async () => {
    const q = `orgId=${city.id}&from=${addDays(today(), -365)}&to=${today()}`;
    const stats = await t.inject(viewer, {
      method: 'GET',
      url: `/api/registry/stem-cell/stats?orgId=${county.id}&from=${addDays(today(), -365)}&to=${today()}`,
    });
    expect(stats.statusCode, stats.body).toBe(200);
    const s = stats.json();
    expect(s.totals.registrations).toBeGreaterThanOrEqual(10);
    expect(s.totals.samples).toBeGreaterThanOrEqual(4);
    expect(s.totals.matches).toBeGreaterThanOrEqual(2);
    expect(s.totals.withdrawals).toBeGreaterThanOrEqual(2);
    expect(s.totals.bloodVolumeMl).toBeGreaterThanOrEqual(700);
    const schoolRow = s.byUnit.find((u: { orgId: number }) => u.orgId === school.id);
    expect(schoolRow.registrations).toBe(s.totals.registrations);
    expect(s.byMonth.length).toBeGreaterThan(0);
    expect((await t.inject(outsider, { method: 'GET', url: `/api/registry/stem-cell/stats?${q}` })).statusCode).toBe(
      403,
    );
    const xlsx = await t.inject(viewer, {
      method: 'GET',
      url: `/api/registry/stem-cell/stats.xlsx?orgId=${county.id}&from=${addDays(today(), -365)}&to=${today()}`,
    });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
