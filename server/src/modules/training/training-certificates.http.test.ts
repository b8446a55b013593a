// Certificates over HTTP: issuing (number series per unit, re-certification), public verification that reveals no
// more than needed, revocation, the holder's PDF, staff search and export, expiry reminders, import of historical ones.
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { pii } from '../../platform/pii';
import {
  createBranchChain,
  createOrgUnder,
  createPerson,
  createStaff,
  signInByPhone,
  systemCtx,
  uniqueIdNumber,
} from '../../test/factories';
import { multipart, waitForImport, workbook } from '../../test/imports';
import { type Caller, createTestApp, type TestApp } from '../../test/test-app';
import type { OrgView } from '../orgs/orgs.schemas';
import { trainingClasses, trainingCourses, trainingEnrolments } from './training.tables';
import {
  addYears,
  hasValidCertificate,
  issueCertificateIfComplete,
  listValidCertificateHolders,
  sendCertificateReminders,
  validityOf,
} from './training-certificates';

let t: TestApp;
let chain: { province: OrgView; city: OrgView; county: OrgView };
let base: OrgView;
let admin: Caller & { userId: string };
let admin2: Caller & { userId: string };
let outsider: Caller & { userId: string };
let courseId: number;
let recertId: number;
const phone = '+8613900001111';

async function courseOf(kind: string, years: number) {
  const [c] = await t.db
    .insert(trainingCourses)
    .values({
      code: `${kind}-${crypto.randomUUID().slice(0, 6)}`,
      kind,
      nameZh: kind === 'recert' ? '救护员复训' : '红十字救护员培训',
      nameEn: kind,
      orgId: chain.province.id,
      onlineHours: 4,
      offlineHours: 4,
      units: [],
      blueprint: [],
      theoryMinutes: 60,
      theoryPassPercent: 80,
      maxAttempts: 2,
      checklist: [],
      practicalPassPercent: 80,
      hasTheoryExam: true,
      hasPracticalExam: false,
      certificateYears: years,
      certificateTitle: '救护员证',
    })
    .returning();
  return c.id;
}

/** A learner who passed the theory exam of a class of `course` at `unit`, then the certificate issuing call. */
async function passLearner(
  unit: OrgView,
  course: number,
  name: string,
  opts: { phone?: string; personId?: string } = {},
) {
  const classId = crypto.randomUUID();
  await t.db.insert(trainingClasses).values({
    regionId: unit.regionId,
    id: classId,
    classNo: `C-${classId.slice(0, 8)}`,
    courseId: course,
    orgId: unit.id,
    title: '救护员培训班',
    kind: 'open',
    capacity: 30,
    status: 'finished',
    startsOn: '2026-01-01',
    endsOn: '2026-01-02',
    publicToken: crypto.randomUUID(),
    createdBy: 'test',
  });
  const p = opts.phone ?? `+86137${String(crypto.randomInt(0, 1e8)).padStart(8, '0')}`;
  const personId = opts.personId ?? (await createPerson(t, unit.id, { name, phone: p })).id;
  const enrolmentId = crypto.randomUUID();
  await t.db.insert(trainingEnrolments).values({
    regionId: unit.regionId,
    id: enrolmentId,
    classId,
    orgId: unit.id,
    personId,
    personRegionId: unit.regionId,
    name,
    phoneHash: pii().blindIndex('phone', p),
    phoneEnc: pii().encrypt(p),
    phoneMasked: '137****0000',
    idNumberMasked: '330***********1234',
    status: 'enrolled',
    source: 'staff',
    theoryResult: 'passed',
    enrolledAt: new Date(),
    createdBy: 'test',
  });
  const id = await t.db.transaction((tx) =>
    issueCertificateIfComplete(tx, systemCtx, { regionId: unit.regionId, enrolmentId }),
  );
  const [row] = await queryRows<{
    id: string;
    cert_no: string;
    verify_code: string;
    valid_until: string;
    person_id: string;
  }>(
    t.db,
    sql`SELECT id, cert_no, verify_code, valid_until::text, person_id FROM training_certificates WHERE enrolment_id = ${enrolmentId}`,
  );
  expect(id).toBe(row.id);
  return { ...row, enrolmentId, personId };
}

beforeAll(async () => {
  t = await createTestApp();
  chain = await createBranchChain(t);
  base = await createOrgUnder(t, chain.county, 'training_base', { name: '市救护培训基地' });
  admin = await createStaff(t, { orgId: chain.county.id, roleId: 'training_admin' });
  admin2 = await createStaff(t, { orgId: chain.city.id, roleId: 'training_admin' });
  const sibling = await createOrgUnder(t, chain.city, 'county');
  outsider = await createStaff(t, { orgId: sibling.id, roleId: 'training_admin' });
  courseId = await courseOf('first_aider', 3);
  recertId = await courseOf('recert', 3);
});

afterAll(async () => {
  await t.close();
});

describe('rules', () => {
  it.each([
    ['2026-03-01', 3, undefined, '2029-03-01'],
    ['2024-02-29', 3, undefined, '2027-02-28'],
    // Renewing early keeps the remaining time: the new validity runs from the old end.
    ['2026-03-01', 3, { validUntil: '2026-09-30' }, '2029-09-30'],
    // Renewing after expiry runs from the issue date.
    ['2026-03-01', 3, { validUntil: '2025-09-30' }, '2029-03-01'],
  ])('validity from %s for %i years (renewing %o) ends %s', (issued, years, renews, expected) => {
    expect(validityOf(issued, years, renews)).toBe(expected);
  });

  it('adds years on calendar dates', () => {
    expect(addYears('2028-02-29', 1)).toBe('2029-02-28');
  });
});

describe('issuing', () => {
  it('numbers certificates per issuing unit and year; an uncoded unit issues in its coded ancestor series', async () => {
    const a = await passLearner(chain.county, courseId, '张小三', { phone });
    const b = await passLearner(chain.county, courseId, '李四');
    const c = await passLearner(base, courseId, '王五');
    const year = new Date().getUTCFullYear();
    expect(a.cert_no).toBe(`JH${chain.county.code}-${year}-000001`);
    expect(b.cert_no).toBe(`JH${chain.county.code}-${year}-000002`);
    expect(c.cert_no).toBe(`JH${chain.county.code}-${year}-000003`);
    const again = await t.db.transaction((tx) =>
      issueCertificateIfComplete(tx, systemCtx, { regionId: chain.county.regionId, enrolmentId: a.enrolmentId }),
    );
    expect(again).toBeNull();
    expect(await hasValidCertificate(t.db, chain.county.regionId, a.personId)).toBe(true);
    const holders = await listValidCertificateHolders(t.db, { orgPath: chain.county.path });
    expect(holders.map((h) => h.certNo).sort()).toEqual([a.cert_no, b.cert_no, c.cert_no].sort());
  });

  it('renews the latest first-aider certificate on a re-certification, leaving the old one valid', async () => {
    const first = await passLearner(chain.county, courseId, '复训人');
    const renewed = await passLearner(chain.county, recertId, '复训人', { personId: first.person_id });
    const [row] = await queryRows<{ renews_id: string; kind: string; source: string; valid_until: string }>(
      t.db,
      sql`SELECT renews_id, kind, source, valid_until::text FROM training_certificates WHERE id = ${renewed.id}`,
    );
    expect(row).toMatchObject({ renews_id: first.id, kind: 'first_aider', source: 'recert' });
    expect(row.valid_until).toBe(addYears(first.valid_until, 3));
    const old = await t.inject(admin, { method: 'GET', url: `/api/training/certificates/${first.id}` });
    expect(old.json().status).toBe('valid');
  });
});

describe('public verification', () => {
  it('answers an unknown number with CERTIFICATE_NOT_FOUND, the same for any unknown number', async () => {
    const year = new Date().getUTCFullYear();
    for (const no of [`JH${chain.county.code}-${year}-999999`, 'JH000000-1999-000001', 'NOPE']) {
      const res = await t.inject(null, { method: 'GET', url: `/api/training/certificates/verify?no=${no}` });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('CERTIFICATE_NOT_FOUND');
      expect(res.json().error.details).toBeUndefined();
    }
  });

  it('shows only status and dates for a number with a missing or wrong code, and the masked name with the code', async () => {
    const cert = await passLearner(chain.county, courseId, '欧阳小明');
    const url = `/api/training/certificates/verify?no=${cert.cert_no}`;
    for (const res of [
      await t.inject(null, { method: 'GET', url }),
      await t.inject(null, { method: 'GET', url: `${url}&c=WRONGCODE1` }),
    ]) {
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        certNo: cert.cert_no,
        status: 'valid',
        isCodeVerified: false,
        holderNameMasked: null,
        unitName: null,
      });
      expect(res.body).not.toContain('欧阳');
    }
    const full = await t.inject(null, { method: 'GET', url: `${url}&c=${cert.verify_code}` });
    expect(full.json()).toMatchObject({
      status: 'valid',
      isCodeVerified: true,
      holderNameMasked: '欧**明',
      unitName: chain.county.name,
      courseName: '红十字救护员培训',
    });
    expect(full.body).not.toContain('欧阳小明');
  });

  it('shows a revoked certificate as revoked with the category only, and an expired one as expired', async () => {
    const cert = await passLearner(chain.county, courseId, '赵撤销');
    const refused = await t.inject(outsider, {
      method: 'POST',
      url: `/api/training/certificates/${cert.id}/revocation`,
      payload: { category: 'fraud', reason: '冒名顶替参加考试' },
    });
    expect(refused.statusCode).toBe(403);
    const noReason = await t.inject(admin, {
      method: 'POST',
      url: `/api/training/certificates/${cert.id}/revocation`,
      payload: { category: 'fraud' },
    });
    expect(noReason.statusCode).toBe(400);
    const revoked = await t.inject(admin, {
      method: 'POST',
      url: `/api/training/certificates/${cert.id}/revocation`,
      payload: { category: 'fraud', reason: '冒名顶替参加考试' },
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json()).toMatchObject({ status: 'revoked', revokeCategory: 'fraud' });
    const twice = await t.inject(admin, {
      method: 'POST',
      url: `/api/training/certificates/${cert.id}/revocation`,
      payload: { category: 'fraud', reason: '再次' },
    });
    expect(twice.json().error.code).toBe('TRANSITION_NOT_ALLOWED');
    const pub = await t.inject(null, {
      method: 'GET',
      url: `/api/training/certificates/verify?no=${cert.cert_no}&c=${cert.verify_code}`,
    });
    expect(pub.json()).toMatchObject({ status: 'revoked', revokeCategory: 'fraud' });
    expect(pub.body).not.toContain('冒名');
    const audit = await queryRows<{ action: string }>(
      t.db,
      sql`SELECT action FROM audit_log WHERE entity_id = ${cert.id} ORDER BY id`,
    );
    expect(audit.map((a) => a.action)).toEqual(['training_certificate.issued', 'training_certificate.revoked']);
    const sms = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM outbox_messages WHERE template = 'training.certificate-revoked' AND dedupe_key = ${`training-cert-revoked:${cert.id}`}`,
    );
    expect(Number(sms[0].n)).toBe(1);

    const old = await passLearner(chain.county, courseId, '钱过期');
    await t.db.execute(sql`UPDATE training_certificates SET valid_until = '2020-01-01' WHERE id = ${old.id}`);
    const expired = await t.inject(null, { method: 'GET', url: `/api/training/certificates/verify?no=${old.cert_no}` });
    expect(expired.json()).toMatchObject({ status: 'expired', validUntil: '2020-01-01' });
  });
});

describe('the holder and staff', () => {
  it("lets the holder list and download their own certificate, and nobody else's", async () => {
    const holder = await signInByPhone(t, phone);
    const mine = await t.inject(holder, { method: 'GET', url: '/api/me/training-certificates' });
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json()).toHaveLength(1);
    const [cert] = mine.json();
    expect(cert).toMatchObject({ holderName: '张小三', status: 'valid' });
    expect(cert.verifyUrl).toMatch(/\/certificates\/v\/JH.*\?c=[A-Z0-9]{10}$/);
    const pdf = await t.inject(holder, { method: 'GET', url: `/api/me/training-certificates/${cert.id}/pdf` });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const other = await signInByPhone(t, '+8613900002222');
    const refused = await t.inject(other, { method: 'GET', url: `/api/me/training-certificates/${cert.id}/pdf` });
    expect(refused.statusCode).toBe(404);
    expect(refused.json().error.code).toBe('CERTIFICATE_NOT_FOUND');
    const staffPdf = await t.inject(admin, { method: 'GET', url: `/api/training/certificates/${cert.id}/pdf` });
    expect(staffPdf.statusCode).toBe(200);
    const outside = await t.inject(outsider, { method: 'GET', url: `/api/training/certificates/${cert.id}/pdf` });
    expect(outside.statusCode).toBe(403);
  });

  it('lists and filters certificates in scope only, and exports them', async () => {
    const all = await t.inject(admin, { method: 'GET', url: '/api/training/certificates?limit=100' });
    expect(all.statusCode, all.body).toBe(200);
    expect(all.json().total).toBeGreaterThanOrEqual(7);
    const byName = await t.inject(admin, {
      method: 'GET',
      url: `/api/training/certificates?q=${encodeURIComponent('张小')}`,
    });
    expect(byName.json().items.map((c: { holderName: string }) => c.holderName)).toEqual(['张小三']);
    const revoked = await t.inject(admin, { method: 'GET', url: '/api/training/certificates?status=revoked' });
    expect(revoked.json().items.map((c: { holderName: string }) => c.holderName)).toEqual(['赵撤销']);
    const expired = await t.inject(admin, { method: 'GET', url: '/api/training/certificates?status=expired' });
    expect(expired.json().items.map((c: { holderName: string }) => c.holderName)).toEqual(['钱过期']);
    const none = await t.inject(outsider, { method: 'GET', url: '/api/training/certificates' });
    expect(none.json()).toEqual({ items: [], total: 0 });
    const xlsx = await t.inject(admin, { method: 'GET', url: '/api/training/certificates/export.xlsx?status=revoked' });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});

describe('expiry reminders', () => {
  it('queues one message 90 days ahead and one 30 days ahead, each once', async () => {
    const cert = await passLearner(chain.county, courseId, '孙提醒');
    const count = async () =>
      queryRows<{ template: string }>(
        t.db,
        sql`SELECT template FROM outbox_messages WHERE dedupe_key LIKE ${`training-cert-remind-%:${cert.id}`} ORDER BY created_at`,
      );
    const dayMs = 86_400_000;
    const validUntil = new Date(`${cert.valid_until}T04:00:00Z`).getTime();
    await sendCertificateReminders(t.db, new Date(validUntil - 120 * dayMs));
    expect(await count()).toEqual([]);
    await sendCertificateReminders(t.db, new Date(validUntil - 89 * dayMs));
    await sendCertificateReminders(t.db, new Date(validUntil - 80 * dayMs));
    expect((await count()).map((r) => r.template)).toEqual(['training.certificate-expiry-90']);
    await sendCertificateReminders(t.db, new Date(validUntil - 29 * dayMs));
    await sendCertificateReminders(t.db, new Date(validUntil - 10 * dayMs));
    expect((await count()).map((r) => r.template)).toEqual([
      'training.certificate-expiry-90',
      'training.certificate-expiry-30',
    ]);
    const expiring = await t.inject(admin, { method: 'GET', url: '/api/training/certificates?expiringWithinDays=30' });
    expect(expiring.json().items).toEqual([]);
  });
});

describe('import of historical certificates', () => {
  const headers = ['证书编号', '姓名', '身份证号', '手机号', '发证日期', '有效期至', '课程代码'];

  it('lists every bad row and imports nothing', async () => {
    const year = new Date().getUTCFullYear();
    const taken = `JH${chain.county.code}-${year}-000001`;
    const file = await workbook(headers, [
      ['JH-OLD-0001', '周一', uniqueIdNumber(), '', '2023-05-20', '2026-05-19', ''],
      ['JH-OLD-0001', '周二', uniqueIdNumber(), '', '2023-05-20', '', ''],
      ['JH-OLD-0003', '周三', '330681199001011235', '', '2023-05-20', '', ''],
      ['JH-OLD-0004', '周四', uniqueIdNumber(), '', '2023-13-40', '', ''],
      ['JH-OLD-0005', '周五', uniqueIdNumber(), '', '2023-05-20', '2022-01-01', ''],
      [taken, '周六', uniqueIdNumber(), '', '2023-05-20', '', ''],
    ]);
    const res = await t.inject(admin, {
      method: 'POST',
      url: `/api/training/certificates/imports?orgId=${chain.county.id}`,
      ...multipart(file),
    });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error.code).toBe('IMPORT_ROWS_INVALID');
    expect(res.json().error.details.errors.map((e: { row: number; field: string }) => [e.row, e.field])).toEqual([
      [3, 'certNo'],
      [4, 'idNumber'],
      [5, 'issuedOn'],
      [6, 'validUntil'],
      [7, 'certNo'],
    ]);
    const rows = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM training_certificates WHERE source = 'import'`,
    );
    expect(Number(rows[0].n)).toBe(0);
  });

  it('imports a good file in the background, with verify codes, and moves the series past imported numbers', async () => {
    const template = await t.inject(admin, { method: 'GET', url: '/api/training/certificates/import/template.xlsx' });
    expect(template.statusCode).toBe(200);
    const year = new Date().getUTCFullYear();
    const inSeries = `JH${chain.county.code}-${year}-000500`;
    const file = await workbook(headers, [
      ['JH-OLD-1001', '吴一', uniqueIdNumber(), '13900003333', '2023-05-20', '', ''],
      [inSeries, '吴二', uniqueIdNumber(), '', `${year}-01-05`, '', ''],
    ]);
    const res = await t.inject(admin, {
      method: 'POST',
      url: `/api/training/certificates/imports?orgId=${chain.county.id}`,
      ...multipart(file),
    });
    expect(res.statusCode, res.body).toBe(202);
    const done = await waitForImport(t, admin, `/api/training/certificates/imports/${res.json().id}`);
    expect(done).toMatchObject({ status: 'done', createdCount: 2 });
    const old = await t.inject(null, { method: 'GET', url: '/api/training/certificates/verify?no=JH-OLD-1001' });
    expect(old.json()).toMatchObject({ status: 'expired', issuedOn: '2023-05-20', validUntil: '2026-05-19' });
    const next = await passLearner(chain.county, courseId, '郑新');
    expect(next.cert_no).toBe(`JH${chain.county.code}-${year}-000501`);
    const outside = await t.inject(outsider, {
      method: 'POST',
      url: `/api/training/certificates/imports?orgId=${chain.county.id}`,
      ...multipart(file),
    });
    expect(outside.statusCode).toBe(403);
    void admin2;
  });
});
