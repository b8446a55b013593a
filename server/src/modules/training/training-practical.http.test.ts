// Practical exams over HTTP: only the class's examiner scores, never one of its trainers (培考分离); signing is final;
// a correction needs a second authorised user; a pass issues the certificate; every step is audited.
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { pii } from '../../platform/pii';
import { createBranchChain, createPerson, createStaff, systemCtx } from '../../test/factories';
import { type Caller, createTestApp, type TestApp } from '../../test/test-app';
import type { OrgView } from '../orgs/orgs.schemas';
import {
  trainingClasses,
  trainingClassStaff,
  trainingCourses,
  trainingEnrolments,
  trainingInstructors,
} from './training.tables';
import { gradePractical } from './training-practical';

const checklist = [
  { key: 'cpr', unitCode: 'cpr', nameZh: '心肺复苏', nameEn: 'CPR', maxScore: 40, isCritical: true },
  { key: 'aed', unitCode: 'aed', nameZh: 'AED 使用', nameEn: 'AED', maxScore: 30, isCritical: true },
  { key: 'bandage', unitCode: 'trauma', nameZh: '包扎', nameEn: 'Bandaging', maxScore: 30, isCritical: false },
];

let t: TestApp;
let county: OrgView;
let examiner: Caller & { userId: string };
let trainer: Caller & { userId: string };
let both: Caller & { userId: string };
let certifier: Caller & { userId: string };
let certifier2: Caller & { userId: string };
let classId: string;
let regionId: number;
const learners: string[] = [];

async function instructorFor(user: { userId: string }, name: string) {
  const person = await createPerson(t, county.id, { name });
  const id = crypto.randomUUID();
  await t.db.insert(trainingInstructors).values({
    id,
    orgId: county.id,
    personId: person.id,
    personRegionId: county.regionId,
    name,
    userId: user.userId,
  });
  return id;
}

beforeAll(async () => {
  t = await createTestApp();
  ({ county } = await createBranchChain(t));
  regionId = county.regionId;
  examiner = await createStaff(t, { orgId: county.id, roleId: 'examiner' });
  trainer = await createStaff(t, { orgId: county.id, roleId: 'examiner' });
  both = await createStaff(t, { orgId: county.id, roleId: 'examiner' });
  certifier = await createStaff(t, { orgId: county.id, roleId: 'training_admin' });
  certifier2 = await createStaff(t, { orgId: county.id, roleId: 'training_admin' });
  const [course] = await t.db
    .insert(trainingCourses)
    .values({
      code: `fa-${crypto.randomUUID().slice(0, 6)}`,
      kind: 'first_aider',
      nameZh: '红十字救护员培训',
      nameEn: 'First aider',
      orgId: county.id,
      onlineHours: 8,
      offlineHours: 8,
      units: [],
      blueprint: [],
      theoryMinutes: 60,
      theoryPassPercent: 80,
      maxAttempts: 2,
      checklist,
      practicalPassPercent: 80,
      hasTheoryExam: true,
      hasPracticalExam: true,
      certificateYears: 3,
      certificateTitle: '救护员证',
    })
    .returning();
  classId = crypto.randomUUID();
  await t.db.insert(trainingClasses).values({
    regionId,
    id: classId,
    classNo: `C-${classId.slice(0, 6)}`,
    courseId: course.id,
    orgId: county.id,
    title: '工厂救护员培训班',
    kind: 'open',
    capacity: 40,
    status: 'closed',
    startsOn: '2026-11-01',
    endsOn: '2026-11-02',
    publicToken: crypto.randomUUID(),
    createdBy: 'test',
  });
  const staffRows = [
    { id: await instructorFor(examiner, '考官甲'), role: 'examiner' },
    { id: await instructorFor(trainer, '培训师乙'), role: 'trainer' },
  ];
  const bothId = await instructorFor(both, '两者丙');
  staffRows.push({ id: bothId, role: 'trainer' }, { id: bothId, role: 'examiner' });
  await t.db
    .insert(trainingClassStaff)
    .values(staffRows.map((s) => ({ regionId, classId, instructorId: s.id, role: s.role })));
  for (const [i, name] of ['王小明', '李四', '赵五'].entries()) {
    const phone = `+86139000000${10 + i}`;
    const person = await createPerson(t, county.id, { name, phone });
    const id = crypto.randomUUID();
    await t.db.insert(trainingEnrolments).values({
      regionId,
      id,
      classId,
      orgId: county.id,
      personId: person.id,
      personRegionId: county.regionId,
      name,
      phoneHash: pii().blindIndex('phone', phone),
      phoneEnc: pii().encrypt(phone),
      phoneMasked: '139****0010',
      createdBy: 'test',
      idNumberMasked: person.idNumberMasked,
      status: 'enrolled',
      source: 'staff',
      theoryResult: 'passed',
      theoryScore: 90,
      enrolledAt: new Date(),
    });
    learners.push(id);
  }
  void systemCtx;
});

afterAll(async () => {
  await t.close();
});

const full = (cpr: number, aed: number, bandage: number) => ({
  items: [
    { key: 'cpr', score: cpr },
    { key: 'aed', score: aed },
    { key: 'bandage', score: bandage, note: '绷带稍松' },
  ],
});

async function auditActions(entityId: string): Promise<string[]> {
  const rows = await queryRows<{ action: string }>(
    t.db,
    sql`SELECT action FROM audit_log WHERE entity_id = ${entityId} ORDER BY id`,
  );
  return rows.map((r) => r.action);
}

describe('grading rules', () => {
  it.each([
    ['all full marks', [40, 30, 30], true],
    ['exactly the pass mark', [40, 30, 10], true],
    ['one point short', [40, 30, 9], false],
    ['a critical item at 0 fails whatever the total', [0, 30, 30], false],
    ['a non-critical item at 0 may still pass', [40, 30, 10], true],
  ])('%s', (_label, [cpr, aed, bandage], passed) => {
    const g = gradePractical(checklist, 80, full(cpr, aed, bandage).items, true);
    expect(g.isPassed).toBe(passed);
    expect(g.maxTotal).toBe(100);
  });

  it('refuses a score above the maximum, an unknown item, a twice-scored item, and a missing item when signing', () => {
    expect(() => gradePractical(checklist, 80, [{ key: 'cpr', score: 41 }], false)).toThrow();
    expect(() => gradePractical(checklist, 80, [{ key: 'xx', score: 1 }], false)).toThrow();
    expect(() =>
      gradePractical(
        checklist,
        80,
        [
          { key: 'cpr', score: 1 },
          { key: 'cpr', score: 2 },
        ],
        false,
      ),
    ).toThrow();
    expect(() => gradePractical(checklist, 80, [{ key: 'cpr', score: 40 }], true)).toThrow();
    expect(gradePractical(checklist, 80, [{ key: 'cpr', score: 40 }], false).isPassed).toBe(false);
  });
});

describe('practical exams', () => {
  it("lists the examiner's classes, and marks a class where the user is also its trainer", async () => {
    const mine = await t.inject(examiner, { method: 'GET', url: '/api/training/practical/classes' });
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json()).toMatchObject([{ id: classId, learners: 3, signed: 0, isTrainer: false }]);
    const theirs = await t.inject(both, { method: 'GET', url: '/api/training/practical/classes' });
    expect(theirs.json()).toMatchObject([{ id: classId, isTrainer: true }]);
    const none = await t.inject(trainer, { method: 'GET', url: '/api/training/practical/classes' });
    expect(none.json()).toEqual([]);
  });

  it('refuses a trainer of the class (even when also assigned as examiner) and a user who is not its examiner', async () => {
    const url = `/api/training/practical/enrolments/${learners[0]}/draft`;
    const asTrainer = await t.inject(trainer, { method: 'PUT', url, payload: full(40, 30, 30) });
    expect(asTrainer.statusCode).toBe(403);
    expect(asTrainer.json().error.code).toBe('NOT_CLASS_EXAMINER');
    const asBoth = await t.inject(both, { method: 'PUT', url, payload: full(40, 30, 30) });
    expect(asBoth.statusCode).toBe(409);
    expect(asBoth.json().error.code).toBe('EXAMINER_IS_TRAINER');
    const asAdmin = await t.inject(certifier, { method: 'GET', url: `/api/training/practical/classes/${classId}` });
    expect(asAdmin.statusCode).toBe(403);
    const rows = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM training_practical_scores WHERE class_id = ${classId}`,
    );
    expect(Number(rows[0].n)).toBe(0);
  });

  it('saves a draft, signs a pass, issues the certificate and refuses any further edit', async () => {
    const base = `/api/training/practical/enrolments/${learners[0]}`;
    const draft = await t.inject(examiner, {
      method: 'PUT',
      url: `${base}/draft`,
      payload: { items: [{ key: 'cpr', score: 35 }] },
    });
    expect(draft.statusCode, draft.body).toBe(200);
    expect(draft.json().current).toMatchObject({ status: 'draft', total: 35, version: 1 });
    const bad = await t.inject(examiner, {
      method: 'POST',
      url: `${base}/signature`,
      payload: { items: [{ key: 'cpr', score: 35 }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    const signed = await t.inject(examiner, { method: 'POST', url: `${base}/signature`, payload: full(38, 30, 20) });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json().current).toMatchObject({
      status: 'signed',
      total: 88,
      isPassed: true,
      version: 1,
      examinerName: '考官甲',
    });
    expect(signed.json().learner).toMatchObject({
      practicalResult: 'passed',
      practicalScore: 88,
      hasCertificate: true,
    });
    const again = await t.inject(examiner, { method: 'PUT', url: `${base}/draft`, payload: full(40, 30, 30) });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('RESULT_SIGNED');
    const [cert] = await queryRows<{ cert_no: string; status: string; valid_until: string; issued_on: string }>(
      t.db,
      sql`SELECT cert_no, status, valid_until::text, issued_on::text FROM training_certificates WHERE enrolment_id = ${learners[0]}`,
    );
    expect(cert.cert_no).toMatch(new RegExp(`^JH${county.code}-\\d{4}-000001$`));
    expect(cert.valid_until.slice(0, 4)).toBe(String(Number(cert.issued_on.slice(0, 4)) + 3));
    const sms = await queryRows<{ body: string }>(
      t.db,
      sql`SELECT body FROM outbox_messages WHERE template = 'training.certificate-issued' AND body LIKE ${`%${cert.cert_no}%`}`,
    );
    expect(sms).toHaveLength(1);
    expect(sms[0].body).toContain('/certificates/v/');
  });

  it('signs a fail when a critical item is 0, with no certificate', async () => {
    const res = await t.inject(examiner, {
      method: 'POST',
      url: `/api/training/practical/enrolments/${learners[1]}/signature`,
      payload: full(0, 30, 30),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().current).toMatchObject({ isPassed: false, hasCriticalFail: true, total: 60 });
    expect(res.json().learner).toMatchObject({ practicalResult: 'failed', hasCertificate: false });
  });

  it('corrects a signed result only with a second authorised user, and issues the certificate on approval', async () => {
    const base = `/api/training/practical/enrolments/${learners[1]}`;
    const noReason = await t.inject(examiner, { method: 'POST', url: `${base}/amendments`, payload: full(35, 30, 30) });
    expect(noReason.statusCode).toBe(400);
    const asked = await t.inject(examiner, {
      method: 'POST',
      url: `${base}/amendments`,
      payload: { ...full(35, 30, 30), reason: '心肺复苏项误记为0分,录像复核为35分' },
    });
    expect(asked.statusCode, asked.body).toBe(201);
    expect(asked.json().pending).toMatchObject({ status: 'amendment_pending', version: 2, total: 95 });
    expect(asked.json().current).toMatchObject({ status: 'signed', version: 1 });
    const second = await t.inject(examiner, {
      method: 'POST',
      url: `${base}/amendments`,
      payload: { ...full(36, 30, 30), reason: '再改' },
    });
    expect(second.json().error.code).toBe('CONFLICT');

    const list = await t.inject(certifier, { method: 'GET', url: '/api/training/practical/amendments' });
    expect(list.statusCode, list.body).toBe(200);
    const pending = list.json().find((a: { enrolmentId: string }) => a.enrolmentId === learners[1]);
    expect(pending).toMatchObject({ learnerName: '李四', before: { total: 60 }, after: { total: 95 } });

    // The examiner cannot approve their own request even with certify rights; a second certifier can.
    const examinerWithCertify = await t.inject(examiner, {
      method: 'POST',
      url: `/api/training/practical/amendments/${pending.id}/decision`,
      payload: { decision: 'approve' },
    });
    expect(examinerWithCertify.statusCode).toBe(403);
    const approved = await t.inject(certifier, {
      method: 'POST',
      url: `/api/training/practical/amendments/${pending.id}/decision`,
      payload: { decision: 'approve', note: '已核对录像' },
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toEqual({ id: pending.id, status: 'signed' });
    const again = await t.inject(certifier2, {
      method: 'POST',
      url: `/api/training/practical/amendments/${pending.id}/decision`,
      payload: { decision: 'reject' },
    });
    expect(again.json().error.code).toBe('TRANSITION_NOT_ALLOWED');

    const sheet = await t.inject(examiner, { method: 'GET', url: base });
    expect(sheet.json().versions.map((v: { status: string }) => v.status)).toEqual(['superseded', 'signed']);
    expect(sheet.json().learner).toMatchObject({ practicalResult: 'passed', practicalScore: 95, hasCertificate: true });
    expect(await auditActions(pending.id)).toEqual([
      'training_practical.amendment-requested',
      'training_practical.amendment-approved',
    ]);
  });

  it('refuses the approval by the user who asked for it (SAME_USER_APPROVAL)', async () => {
    // A certifier who is also the class's examiner asks, then tries to approve.
    const dual = await createStaff(t, {
      orgId: county.id,
      permissions: ['training:view', 'training:examine', 'training:certify'],
    });
    const instructorId = await instructorFor(dual, '双权限丁');
    await t.db.insert(trainingClassStaff).values({ regionId, classId, instructorId, role: 'examiner' });
    const base = `/api/training/practical/enrolments/${learners[0]}`;
    const asked = await t.inject(dual, {
      method: 'POST',
      url: `${base}/amendments`,
      payload: { ...full(40, 30, 30), reason: '包扎项复核加分' },
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const id = asked.json().pending.id as string;
    const self = await t.inject(dual, {
      method: 'POST',
      url: `/api/training/practical/amendments/${id}/decision`,
      payload: { decision: 'approve' },
    });
    expect(self.statusCode).toBe(403);
    expect(self.json().error.code).toBe('SAME_USER_APPROVAL');
    const rejected = await t.inject(certifier2, {
      method: 'POST',
      url: `/api/training/practical/amendments/${id}/decision`,
      payload: { decision: 'reject', note: '无依据' },
    });
    expect(rejected.json()).toEqual({ id, status: 'rejected' });
    const sheet = await t.inject(examiner, { method: 'GET', url: base });
    expect(sheet.json().current).toMatchObject({ status: 'signed', total: 88 });
  });

  it('revokes the certificate when an approved correction turns a pass into a fail', async () => {
    const base = `/api/training/practical/enrolments/${learners[0]}`;
    const asked = await t.inject(examiner, {
      method: 'POST',
      url: `${base}/amendments`,
      payload: { ...full(40, 0, 30), reason: 'AED 项实际未完成' },
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const approved = await t.inject(certifier, {
      method: 'POST',
      url: `/api/training/practical/amendments/${asked.json().pending.id}/decision`,
      payload: { decision: 'approve' },
    });
    expect(approved.statusCode, approved.body).toBe(200);
    const [cert] = await queryRows<{ status: string; revoke_category: string }>(
      t.db,
      sql`SELECT status, revoke_category FROM training_certificates WHERE enrolment_id = ${learners[0]}`,
    );
    expect(cert).toEqual({ status: 'revoked', revoke_category: 'result_amended' });
    const sheet = await t.inject(examiner, { method: 'GET', url: base });
    expect(sheet.json().learner).toMatchObject({ practicalResult: 'failed', hasCertificate: false });
  });

  it('shows the class to its examiner with each learner state', async () => {
    const res = await t.inject(examiner, { method: 'GET', url: `/api/training/practical/classes/${classId}` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().checklist).toHaveLength(3);
    expect(
      res.json().learners.map((l: { name: string; sheetStatus: string | null }) => [l.name, l.sheetStatus]),
    ).toEqual([
      ['王小明', 'signed'],
      ['李四', 'signed'],
      ['赵五', null],
    ]);
  });
});
