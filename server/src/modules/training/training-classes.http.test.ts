// Training classes through the HTTP routes: a training administrator schedules a class at a base, assigns a trainer
// and a different examiner (培考分离), opens it and enrols learners by hand, by Excel and through the class QR page;
// a full class waitlists instead of refusing, a cancellation promotes the first on the waitlist, 50 concurrent
// enrolments never overfill it; learners check in by the session QR code and see their own enrolments; and every
// bad input answers a clear 4xx and writes nothing.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { writeSheet } from '../../platform/excel';
import { createBranchChain, createOrgUnder, createStaff, signInByPhone, uniqueIdNumber } from '../../test/factories';
import { type Caller, createTestApp, type TestApp } from '../../test/test-app';
import type { OrgView } from '../orgs/orgs.schemas';
import { enrolColumns, loadOwnEnrolment } from './training-classes';

let t: TestApp;
let chain: Awaited<ReturnType<typeof createBranchChain>>;
let farCity: OrgView;
let admin: Caller;
let viewer: Caller;
let farAdmin: Caller;
let firstAiderId: number;
let baseId: number;
let trainerId: string;
let examinerId: string;

const count = async (table: string, where = 'true') =>
  Number(
    (await queryRows<{ n: number }>(t.db, sql.raw(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`)))[0].n,
  );

let phoneSeq = 0;
const newPhone = () => `1391${String(Date.now() % 10000).padStart(4, '0')}${String(++phoneSeq).padStart(3, '0')}`;

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const inDays = (n: number) => new Date(Date.now() + 8 * 3600_000 + n * 86400_000).toISOString().slice(0, 10);

async function newClass(extra: Record<string, unknown> = {}, caller: Caller = admin) {
  const res = await t.inject(caller, {
    method: 'POST',
    url: '/api/training/classes',
    payload: {
      courseId: firstAiderId,
      orgId: chain.city.id,
      kind: 'open',
      title: '救护员培训班',
      baseId,
      capacity: 3,
      startsOn: today(),
      endsOn: inDays(7),
      ...extra,
    },
  });
  return res;
}

async function openClass(extra: Record<string, unknown> = {}) {
  const res = await newClass(extra);
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  const opened = await t.inject(admin, {
    method: 'POST',
    url: `/api/training/classes/${id}/transitions`,
    payload: { to: 'open' },
  });
  expect(opened.statusCode, opened.body).toBe(200);
  return opened.json();
}

const learner = (extra: Record<string, unknown> = {}) => ({
  name: '李学员',
  idNumber: uniqueIdNumber(),
  phone: newPhone(),
  workplace: '诸暨市某厂',
  ...extra,
});

async function upload(caller: Caller, classId: string, rows: Record<string, string>[], source = 'excel') {
  const buffer = await writeSheet('报名名单', enrolColumns, rows);
  const boundary = '----boai-training';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="list.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    buffer,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.inject(caller, {
    method: 'POST',
    url: `/api/training/classes/${classId}/enrolments/imports?source=${source}`,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
}

async function waitForImport(caller: Caller, classId: string, importId: string) {
  for (let i = 0; i < 200; i++) {
    const res = await t.inject(caller, {
      method: 'GET',
      url: `/api/training/classes/${classId}/enrolments/imports/${importId}`,
    });
    if (res.json().status !== 'importing') {
      return res.json();
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('import did not finish');
}

beforeAll(async () => {
  t = await createTestApp();
  chain = await createBranchChain(t);
  farCity = await createOrgUnder(t, chain.province, 'city');
  admin = await createStaff(t, { orgId: chain.city.id, roleId: 'training_admin' });
  viewer = await createStaff(t, { orgId: chain.city.id, roleId: 'examiner' });
  farAdmin = await createStaff(t, { orgId: farCity.id, roleId: 'training_admin' });
  const courses = await t.inject(admin, { method: 'GET', url: '/api/training/courses' });
  expect(courses.statusCode, courses.body).toBe(200);
  firstAiderId = courses.json().find((c: { code: string }) => c.code === 'first-aider').id;
  const base = await t.inject(admin, {
    method: 'POST',
    url: '/api/training/bases',
    payload: {
      orgId: chain.city.id,
      name: '市红十字会培训基地',
      address: '人民路 1 号',
      capacity: 40,
      equipment: ['CPR 模拟人 10 具'],
    },
  });
  expect(base.statusCode, base.body).toBe(201);
  baseId = base.json().id;
  const qual = { grade: 'senior', issuedOn: inDays(-365), validUntil: inDays(365) };
  const mk = async (name: string, kind: 'trainer' | 'examiner') => {
    const res = await t.inject(admin, {
      method: 'POST',
      url: '/api/training/instructors',
      payload: { orgId: chain.city.id, name, idNumber: uniqueIdNumber(), phone: newPhone() },
    });
    expect(res.statusCode, res.body).toBe(201);
    const q = await t.inject(admin, {
      method: 'POST',
      url: `/api/training/instructors/${res.json().id}/qualifications`,
      payload: { kind, ...qual },
    });
    expect(q.statusCode, q.body).toBe(201);
    return res.json().id as string;
  };
  trainerId = await mk('王培训', 'trainer');
  examinerId = await mk('赵考官', 'examiner');
  // The trainer may also examine other classes: give them an examiner qualification too.
  await t.inject(admin, {
    method: 'POST',
    url: `/api/training/instructors/${trainerId}/qualifications`,
    payload: { kind: 'examiner', ...qual },
  });
});

afterAll(async () => {
  await t?.close();
});

describe('scheduling a class', () => {
  it('creates a draft class at a base, refuses a capacity above the base and a class without a venue', async () => {
    const res = await newClass();
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      status: 'draft',
      capacity: 3,
      baseName: '市红十字会培训基地',
      enrolledCount: 0,
    });
    expect(res.json().publicUrl).toMatch(/^\/training\/classes\/[\w-]{20,}$/);

    const before = await count('training_classes');
    const big = await newClass({ capacity: 41 });
    expect(big.statusCode).toBe(400);
    expect(big.json().error.code).toBe('VALIDATION_FAILED');
    const nowhere = await newClass({ baseId: null });
    expect(nowhere.statusCode).toBe(400);
    const order = await newClass({ kind: 'order' });
    expect(order.statusCode).toBe(400);
    const far = await newClass({}, farAdmin);
    expect(far.statusCode).toBe(403);
    expect(await count('training_classes')).toBe(before);
  });

  it('creates an order-based class on site with a masked contact phone', async () => {
    const res = await newClass({
      kind: 'order',
      baseId: null,
      siteAddress: '诸暨市某某工业园 3 号厂房',
      orderOrgName: '浙江某某机械有限公司',
      orderContactName: '陈经理',
      orderContactPhone: '13812345678',
      capacity: 40,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      kind: 'order',
      orderOrgName: '浙江某某机械有限公司',
      orderContactPhoneMasked: '138****5678',
    });
  });

  it('separates training from examining (EXAMINER_IS_TRAINER) and needs a valid qualification', async () => {
    const cls = (await newClass()).json();
    const asTrainer = await t.inject(admin, {
      method: 'POST',
      url: `/api/training/classes/${cls.id}/staff`,
      payload: { instructorId: trainerId, role: 'trainer' },
    });
    expect(asTrainer.statusCode, asTrainer.body).toBe(200);
    const staffBefore = await count('training_class_staff');
    const sameAsExaminer = await t.inject(admin, {
      method: 'POST',
      url: `/api/training/classes/${cls.id}/staff`,
      payload: { instructorId: trainerId, role: 'examiner' },
    });
    expect(sameAsExaminer.statusCode).toBe(409);
    expect(sameAsExaminer.json().error.code).toBe('EXAMINER_IS_TRAINER');
    // The examiner holds no trainer qualification.
    const unqualified = await t.inject(admin, {
      method: 'POST',
      url: `/api/training/classes/${cls.id}/staff`,
      payload: { instructorId: examinerId, role: 'trainer' },
    });
    expect(unqualified.statusCode).toBe(409);
    expect(unqualified.json().error.code).toBe('QUALIFICATION_INVALID');
    expect(await count('training_class_staff')).toBe(staffBefore);
    const examiner = await t.inject(admin, {
      method: 'POST',
      url: `/api/training/classes/${cls.id}/staff`,
      payload: { instructorId: examinerId, role: 'examiner' },
    });
    expect(examiner.statusCode, examiner.body).toBe(200);
    expect(
      examiner
        .json()
        .staff.map((s: { role: string }) => s.role)
        .sort(),
    ).toEqual(['examiner', 'trainer']);
  });

  it('refuses an examiner whose qualification expires before the class ends', async () => {
    const inst = await t.inject(admin, {
      method: 'POST',
      url: '/api/training/instructors',
      payload: { orgId: chain.city.id, name: '钱考官', idNumber: uniqueIdNumber(), phone: newPhone() },
    });
    await t.inject(admin, {
      method: 'POST',
      url: `/api/training/instructors/${inst.json().id}/qualifications`,
      payload: { kind: 'examiner', grade: 'junior', issuedOn: inDays(-700), validUntil: inDays(3) },
    });
    const list = await t.inject(admin, { method: 'GET', url: '/api/training/instructors' });
    expect(list.json().find((i: { id: string }) => i.id === inst.json().id).expiresSoon).toBe(true);
    const cls = (await newClass({ endsOn: inDays(10) })).json();
    const res = await t.inject(admin, {
      method: 'POST',
      url: `/api/training/classes/${cls.id}/staff`,
      payload: { instructorId: inst.json().id, role: 'examiner' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('QUALIFICATION_INVALID');
  });

  it('lists classes in scope only, and serves the poster QR code', async () => {
    const mine = await t.inject(admin, { method: 'GET', url: '/api/training/classes' });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().total).toBeGreaterThan(0);
    const far = await t.inject(farAdmin, { method: 'GET', url: '/api/training/classes' });
    expect(far.json().total).toBe(0);
    const id = mine.json().items[0].id;
    const poster = await t.inject(admin, { method: 'GET', url: `/api/training/classes/${id}/poster.png` });
    expect(poster.statusCode).toBe(200);
    expect(poster.headers['content-type']).toBe('image/png');
    expect((await t.inject(farAdmin, { method: 'GET', url: `/api/training/classes/${id}` })).statusCode).toBe(403);
  });
});

describe('enrolment', () => {
  it('refuses enrolment while the class is a draft (ENROLMENT_CLOSED)', async () => {
    const cls = (await newClass()).json();
    const res = await t.inject(admin, {
      method: 'POST',
      url: `/api/training/classes/${cls.id}/enrolments`,
      payload: learner(),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('ENROLMENT_CLOSED');
    expect(await count('training_enrolments', `class_id = '${cls.id}'`)).toBe(0);
  });

  it('enrols up to capacity, then waitlists; a duplicate is ALREADY_ENROLLED; a cancellation promotes the first waitlisted', async () => {
    const cls = await openClass({ capacity: 2 });
    const a = learner();
    const first = await t.inject(admin, {
      method: 'POST',
      url: `/api/training/classes/${cls.id}/enrolments`,
      payload: a,
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ waitlisted: false, enrolment: { status: 'enrolled', source: 'staff' } });
    expect(first.json().enrolment.idNumberMasked).not.toContain(a.idNumber.slice(6, 14));
    expect(first.json().enrolment.phoneMasked).toMatch(/\*\*\*\*/);

    const dup = await t.inject(admin, {
      method: 'POST',
      url: `/api/training/classes/${cls.id}/enrolments`,
      payload: { ...a, phone: newPhone() },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('ALREADY_ENROLLED');

    await t.inject(admin, { method: 'POST', url: `/api/training/classes/${cls.id}/enrolments`, payload: learner() });
    const third = await t.inject(admin, {
      method: 'POST',
      url: `/api/training/classes/${cls.id}/enrolments`,
      payload: learner({ name: '候补一' }),
    });
    expect(third.statusCode).toBe(201);
    expect(third.json()).toMatchObject({ waitlisted: true, waitlistPosition: 1, enrolment: { status: 'waitlisted' } });
    const fourth = await t.inject(admin, {
      method: 'POST',
      url: `/api/training/classes/${cls.id}/enrolments`,
      payload: learner({ name: '候补二' }),
    });
    expect(fourth.json()).toMatchObject({ waitlisted: true, waitlistPosition: 2 });

    const view = await t.inject(admin, { method: 'GET', url: `/api/training/classes/${cls.id}` });
    expect(view.json()).toMatchObject({ enrolledCount: 2, waitlistCount: 2 });

    const cancel = await t.inject(admin, {
      method: 'POST',
      url: `/api/training/classes/${cls.id}/enrolments/${first.json().enrolment.id}/cancel`,
      payload: { reason: '工作冲突' },
    });
    expect(cancel.statusCode, cancel.body).toBe(200);
    const roster = (await t.inject(admin, { method: 'GET', url: `/api/training/classes/${cls.id}/enrolments` })).json()
      .items;
    const byName = (n: string) => roster.find((r: { name: string }) => r.name === n);
    expect(byName('候补一')).toMatchObject({ status: 'enrolled', waitlistPosition: null });
    expect(byName('候补二')).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    const after = (await t.inject(admin, { method: 'GET', url: `/api/training/classes/${cls.id}` })).json();
    expect(after).toMatchObject({ enrolledCount: 2, waitlistCount: 1 });
    const sms = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM outbox_messages WHERE template = 'training_waitlist_promoted'`,
    );
    expect(sms[0].n).toBeGreaterThan(0);

    // A cancelled learner may enrol again (onto the waitlist, the class being full).
    const again = await t.inject(admin, {
      method: 'POST',
      url: `/api/training/classes/${cls.id}/enrolments`,
      payload: a,
    });
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json()).toMatchObject({ waitlisted: true, waitlistPosition: 2 });
  });

  it('refuses bad ID numbers and phones without writing', async () => {
    const cls = await openClass();
    const before = await count('training_enrolments');
    const badId = await t.inject(admin, {
      method: 'POST',
      url: `/api/training/classes/${cls.id}/enrolments`,
      payload: learner({ idNumber: '330681199001010000' }),
    });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().error.code).toBe('INVALID_ID_NUMBER');
    const badPhone = await t.inject(admin, {
      method: 'POST',
      url: `/api/training/classes/${cls.id}/enrolments`,
      payload: learner({ phone: '1233333' }),
    });
    expect(badPhone.statusCode).toBe(400);
    expect(await count('training_enrolments')).toBe(before);
  });

  it('closes enrolment when the class is closed, and after its closing time', async () => {
    const cls = await openClass();
    await t.inject(admin, {
      method: 'POST',
      url: `/api/training/classes/${cls.id}/transitions`,
      payload: { to: 'closed' },
    });
    const closed = await t.inject(admin, {
      method: 'POST',
      url: `/api/training/classes/${cls.id}/enrolments`,
      payload: learner(),
    });
    expect(closed.json().error.code).toBe('ENROLMENT_CLOSED');
    const past = await openClass({ enrolClosesAt: new Date(Date.now() - 60_000).toISOString() });
    const late = await t.inject(admin, {
      method: 'POST',
      url: `/api/training/classes/${past.id}/enrolments`,
      payload: learner(),
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('ENROLMENT_CLOSED');
  });

  it('never overfills a class under 50 concurrent enrolments', async () => {
    const cls = await openClass({ capacity: 10 });
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        t.inject(admin, { method: 'POST', url: `/api/training/classes/${cls.id}/enrolments`, payload: learner() }),
      ),
    );
    expect(results.map((r) => r.statusCode).every((s) => s === 201)).toBe(true);
    expect(results.filter((r) => r.json().waitlisted === false)).toHaveLength(10);
    const view = (await t.inject(admin, { method: 'GET', url: `/api/training/classes/${cls.id}` })).json();
    expect(view).toMatchObject({ enrolledCount: 10, waitlistCount: 40 });
    expect(await count('training_enrolments', `class_id = '${cls.id}' AND status = 'enrolled'`)).toBe(10);
    const places = results
      .map((r) => r.json().waitlistPosition)
      .filter((p): p is number => p !== null)
      .sort((x, y) => x - y);
    expect(places).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('raising the capacity moves the waitlist up', async () => {
    const cls = await openClass({ capacity: 1 });
    await t.inject(admin, { method: 'POST', url: `/api/training/classes/${cls.id}/enrolments`, payload: learner() });
    await t.inject(admin, { method: 'POST', url: `/api/training/classes/${cls.id}/enrolments`, payload: learner() });
    const res = await t.inject(admin, {
      method: 'PATCH',
      url: `/api/training/classes/${cls.id}`,
      payload: { capacity: 2 },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ enrolledCount: 2, waitlistCount: 0 });
    const shrink = await t.inject(admin, {
      method: 'PATCH',
      url: `/api/training/classes/${cls.id}`,
      payload: { capacity: 1 },
    });
    expect(shrink.statusCode).toBe(400);
  });
});

describe('Excel enrolment', () => {
  it('lists every bad row (checksum, phone, duplicates, already enrolled) and imports nothing', async () => {
    const cls = await openClass({ capacity: 30 });
    const enrolled = learner();
    await t.inject(admin, { method: 'POST', url: `/api/training/classes/${cls.id}/enrolments`, payload: enrolled });
    const twin = uniqueIdNumber();
    const before = await count('training_enrolments');
    const res = await upload(admin, cls.id, [
      { name: '张一', idNumber: uniqueIdNumber(), phone: newPhone(), workplace: '' },
      { name: '张二', idNumber: '330681199001010000', phone: newPhone(), workplace: '' },
      { name: '张三', idNumber: twin, phone: '123', workplace: '' },
      { name: '张四', idNumber: twin, phone: newPhone(), workplace: '' },
      { name: '张五', idNumber: enrolled.idNumber, phone: newPhone(), workplace: '' },
    ]);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error.code).toBe('IMPORT_ROWS_INVALID');
    const errors = res.json().error.details.errors as { row: number; code: string }[];
    expect(errors.map((e) => [e.row, e.code])).toEqual([
      [3, 'INVALID_ID_NUMBER'],
      [4, 'INVALID_PHONE'],
      [5, 'DUPLICATE_IN_FILE'],
      [6, 'ALREADY_ENROLLED'],
    ]);
    expect(await count('training_enrolments')).toBe(before);
  });

  it('imports a good roster all at once, waitlisting beyond capacity', async () => {
    const cls = await openClass({ capacity: 3 });
    const rows = Array.from({ length: 5 }, (_, i) => ({
      name: `工人${i + 1}`,
      idNumber: uniqueIdNumber(),
      phone: newPhone(),
      workplace: '某某机械厂',
    }));
    const res = await upload(admin, cls.id, rows, 'roster');
    expect(res.statusCode, res.body).toBe(202);
    const done = await waitForImport(admin, cls.id, res.json().id);
    expect(done).toMatchObject({ status: 'done', createdCount: 5 });
    const roster = (await t.inject(admin, { method: 'GET', url: `/api/training/classes/${cls.id}/enrolments` })).json()
      .items;
    expect(roster.filter((r: { status: string }) => r.status === 'enrolled')).toHaveLength(3);
    expect(roster.filter((r: { status: string }) => r.status === 'waitlisted')).toHaveLength(2);
    expect(roster.every((r: { source: string }) => r.source === 'roster')).toBe(true);
    const template = await t.inject(admin, { method: 'GET', url: '/api/training/enrolments/template.xlsx' });
    expect(template.statusCode).toBe(200);
  });
});

describe('the learner', () => {
  it('enrols through the class QR page, gets a hall request, checks in, and sees their own enrolments only', async () => {
    const cls = await openClass({ capacity: 5 });
    const page = await t.inject(null, {
      method: 'GET',
      url: `/api${cls.publicUrl.replace('/training', '/public/training')}`,
    });
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json()).toMatchObject({ isEnrolling: true, title: '救护员培训班' });
    const token = cls.publicUrl.split('/').pop();

    const anonymous = await t.inject(null, {
      method: 'POST',
      url: `/api/public/training/classes/${token}/enrol`,
      payload: { name: '周市民', idNumber: uniqueIdNumber() },
    });
    expect(anonymous.statusCode).toBe(401);

    const phone = newPhone();
    const me = await signInByPhone(t, phone);
    const res = await t.inject(me, {
      method: 'POST',
      url: `/api/public/training/classes/${token}/enrol`,
      payload: { name: '周市民', idNumber: uniqueIdNumber(), workplace: '某小学' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ waitlisted: false, enrolment: { status: 'enrolled', source: 'qr' } });
    const enrolmentId = res.json().enrolment.id;
    const [request] = await queryRows<{ status: string; subject_kind: string }>(
      t.db,
      sql`SELECT status, subject_kind FROM service_requests WHERE subject_id = ${enrolmentId}`,
    );
    expect(request).toMatchObject({ status: 'done', subject_kind: 'training_enrolment' });

    const mine = await t.inject(me, { method: 'GET', url: '/api/training/my/enrolments' });
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toHaveLength(1);
    expect(mine.json()[0]).toMatchObject({ id: enrolmentId, nextStep: 'study', courseCode: 'first-aider' });

    // loadOwnEnrolment: the owner and staff in scope see it; another learner and staff elsewhere get NOT_FOUND.
    const other = await signInByPhone(t, newPhone());
    expect((await t.inject(other, { method: 'GET', url: '/api/training/my/enrolments' })).json()).toEqual([]);
    const system = {
      actor: { kind: 'system' as const, label: 'test' },
      requestId: null,
      ip: null,
      locale: 'zh' as const,
    };
    const own = await loadOwnEnrolment(t.db, system, enrolmentId);
    expect(own.cls.id).toBe(cls.id);
    expect(own.course.code).toBe('first-aider');
    await expect(
      loadOwnEnrolment(t.db, { ...system, actor: { kind: 'anonymous' } }, enrolmentId),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });

    // A session now: check in by its QR (idempotent); a session tomorrow is not open yet.
    const now = Date.now();
    const withSession = await t.inject(admin, {
      method: 'POST',
      url: `/api/training/classes/${cls.id}/sessions`,
      payload: {
        title: '第一次课',
        startsAt: new Date(now - 600_000).toISOString(),
        endsAt: new Date(now + 3_600_000).toISOString(),
      },
    });
    expect(withSession.statusCode, withSession.body).toBe(200);
    const later = await t.inject(admin, {
      method: 'POST',
      url: `/api/training/classes/${cls.id}/sessions`,
      payload: {
        title: '第二次课',
        startsAt: new Date(now + 86_400_000).toISOString(),
        endsAt: new Date(now + 90_000_000).toISOString(),
      },
    });
    const [s1, s2] = later.json().sessions;
    const t1 = s1.checkinUrl.split('/').pop();
    const t2 = s2.checkinUrl.split('/').pop();
    const qr = await t.inject(admin, {
      method: 'GET',
      url: `/api/training/classes/${cls.id}/sessions/${s1.id}/qr.png`,
    });
    expect(qr.headers['content-type']).toBe('image/png');
    const checkin = await t.inject(me, { method: 'POST', url: `/api/public/training/checkin/${t1}` });
    expect(checkin.statusCode, checkin.body).toBe(200);
    expect(checkin.json()).toMatchObject({ alreadyPresent: false, learnerName: '周市民' });
    const twice = await t.inject(me, { method: 'POST', url: `/api/public/training/checkin/${t1}` });
    expect(twice.json().alreadyPresent).toBe(true);
    const early = await t.inject(me, { method: 'POST', url: `/api/public/training/checkin/${t2}` });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('CHECKIN_NOT_OPEN');
    const stranger = await t.inject(other, { method: 'POST', url: `/api/public/training/checkin/${t1}` });
    expect(stranger.statusCode).toBe(404);
    expect(await count('training_attendance', `enrolment_id = '${enrolmentId}'`)).toBe(1);

    // Staff mark absent, then the roster shows the count.
    const absent = await t.inject(admin, {
      method: 'POST',
      url: `/api/training/classes/${cls.id}/attendance`,
      payload: { sessionId: s1.id, enrolmentId, present: false },
    });
    expect(absent.json().attendanceCount).toBe(0);
    const present = await t.inject(admin, {
      method: 'POST',
      url: `/api/training/classes/${cls.id}/attendance`,
      payload: { sessionId: s2.id, enrolmentId, present: true },
    });
    expect(present.json()).toMatchObject({ attendanceCount: 1, presentSessionIds: [s2.id] });

    // The learner cancels; the hall request follows.
    const cancel = await t.inject(me, { method: 'POST', url: `/api/training/my/enrolments/${enrolmentId}/cancel` });
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect(cancel.json().enrolment.status).toBe('cancelled');
  });

  it('staff enrol a sign-up filed in the service hall and conclude it', async () => {
    const cls = await openClass({ capacity: 5 });
    const phone = newPhone();
    const citizen = await signInByPhone(t, phone);
    const filed = await t.inject(citizen, {
      method: 'POST',
      url: '/api/services/my/requests',
      payload: {
        itemCode: 'training-signup',
        orgId: chain.county.id,
        applicantName: '吴报名',
        form: { course: 'first_aider' },
        fileIds: {},
      },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const res = await t.inject(admin, {
      method: 'POST',
      url: `/api/training/classes/${cls.id}/enrolments`,
      payload: { name: '吴报名', idNumber: uniqueIdNumber(), serviceRequestId: filed.json().id },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().enrolment).toMatchObject({ source: 'hall', status: 'enrolled' });
    const [request] = await queryRows<{ status: string }>(
      t.db,
      sql`SELECT status FROM service_requests WHERE id = ${filed.json().id}`,
    );
    expect(request.status).toBe('done');
    // The learner sees it under their own phone.
    const mine = await t.inject(citizen, { method: 'GET', url: '/api/training/my/enrolments' });
    expect(mine.json()).toHaveLength(1);
  });

  it('cancelling a class cancels every enrolment and tells each learner', async () => {
    const cls = await openClass({ capacity: 1 });
    await t.inject(admin, { method: 'POST', url: `/api/training/classes/${cls.id}/enrolments`, payload: learner() });
    await t.inject(admin, { method: 'POST', url: `/api/training/classes/${cls.id}/enrolments`, payload: learner() });
    const noReason = await t.inject(admin, {
      method: 'POST',
      url: `/api/training/classes/${cls.id}/transitions`,
      payload: { to: 'cancelled' },
    });
    expect(noReason.statusCode).toBe(400);
    const res = await t.inject(admin, {
      method: 'POST',
      url: `/api/training/classes/${cls.id}/transitions`,
      payload: { to: 'cancelled', reason: '台风预警,停课' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'cancelled', enrolledCount: 0, waitlistCount: 0 });
    expect(await count('training_enrolments', `class_id = '${cls.id}' AND status = 'cancelled'`)).toBe(2);
    expect(await count('outbox_messages', `template = 'training_class_cancelled'`)).toBeGreaterThanOrEqual(2);
    const reopen = await t.inject(admin, {
      method: 'POST',
      url: `/api/training/classes/${cls.id}/transitions`,
      payload: { to: 'open' },
    });
    expect(reopen.statusCode).toBe(409);
    expect(reopen.json().error.code).toBe('TRANSITION_NOT_ALLOWED');
  });
});

describe('awareness sessions', () => {
  it('records sessions and totals attendees under a unit', async () => {
    const rec = async (orgId: number, attendees: number, caller: Caller = admin) =>
      t.inject(caller, {
        method: 'POST',
        url: '/api/training/awareness',
        payload: {
          orgId,
          heldOn: today(),
          venueKind: 'school',
          venue: '实验小学',
          topic: '心肺复苏普及',
          attendees,
          hours: 2,
          trainerName: '王培训',
        },
      });
    expect((await rec(chain.county.id, 120)).statusCode).toBe(201);
    expect((await rec(chain.city.id, 80)).statusCode).toBe(201);
    expect((await rec(chain.county.id, 10, farAdmin)).statusCode).toBe(403);
    const bad = await t.inject(admin, {
      method: 'POST',
      url: '/api/training/awareness',
      payload: {
        orgId: chain.city.id,
        heldOn: today(),
        venueKind: 'school',
        venue: '实验小学',
        topic: '心肺复苏',
        attendees: 0,
        hours: 2,
      },
    });
    expect(bad.statusCode).toBe(400);
    const all = await t.inject(viewer, { method: 'GET', url: '/api/training/awareness' });
    expect(all.json()).toMatchObject({ total: 2, totalAttendees: 200, totalAttendeeHours: 400 });
    const county = await t.inject(admin, { method: 'GET', url: `/api/training/awareness?orgId=${chain.county.id}` });
    expect(county.json()).toMatchObject({ total: 1, totalAttendees: 120 });
  });
});
