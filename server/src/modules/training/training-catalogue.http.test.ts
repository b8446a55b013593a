// The training catalogue through the HTTP routes: the default courses are seeded once for the install (at the
// province), their settings are validated (blueprint worth points, unique checklist keys, pass marks 1–100), lessons
// are sanitised and reordered, bases and instructors belong to a unit and are managed in its subtree only.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { createBranchChain, createOrgUnder, createStaff, uniqueIdNumber } from '../../test/factories';
import { type Caller, createTestApp, type TestApp } from '../../test/test-app';
import type { OrgView } from '../orgs/orgs.schemas';
import { ensureCourseCatalogue } from './training-catalogue';
import { sanitizeLessonHtml } from './training-html';

let t: TestApp;
let chain: Awaited<ReturnType<typeof createBranchChain>>;
let farCity: OrgView;
let provinceAdmin: Caller;
let cityAdmin: Caller;
let farAdmin: Caller;
let examiner: Caller;
type Course = { id: number; code: string; blueprintPoints: number; checklist: { maxScore: number }[] };
let courses: Course[];

const count = async (table: string) =>
  Number((await queryRows<{ n: number }>(t.db, sql.raw(`SELECT count(*)::int AS n FROM ${table}`)))[0].n);
const byCode = (code: string) => courses.find((c) => c.code === code)!;

beforeAll(async () => {
  t = await createTestApp();
  chain = await createBranchChain(t);
  farCity = await createOrgUnder(t, chain.province, 'city');
  provinceAdmin = await createStaff(t, { orgId: chain.province.id, roleId: 'training_admin' });
  cityAdmin = await createStaff(t, { orgId: chain.city.id, roleId: 'training_admin' });
  farAdmin = await createStaff(t, { orgId: farCity.id, roleId: 'training_admin' });
  examiner = await createStaff(t, { orgId: chain.city.id, roleId: 'examiner' });
  await ensureCourseCatalogue(t.db);
  courses = (await t.inject(examiner, { method: 'GET', url: '/api/training/courses' })).json();
});

afterAll(async () => {
  await t?.close();
});

describe('the default courses', () => {
  it('seeds the four courses once with the default model', async () => {
    expect(courses.map((c) => c.code).sort()).toEqual(['awareness', 'first-aider', 'instructor', 'recert']);
    const fa = byCode('first-aider');
    expect(fa).toMatchObject({
      kind: 'first_aider',
      onlineHours: 4,
      offlineHours: 4,
      theoryMinutes: 60,
      theoryPassPercent: 80,
      maxAttempts: 3,
      practicalPassPercent: 80,
      certificateYears: 3,
      certificateTitle: '救护员证',
      blueprintPoints: 100,
      orgId: chain.province.id,
    });
    expect(fa.checklist.reduce((s, i) => s + i.maxScore, 0)).toBe(100);
    expect(byCode('awareness')).toMatchObject({
      hasTheoryExam: false,
      hasPracticalExam: false,
      certificateYears: null,
    });
    expect(byCode('instructor')).toMatchObject({ certificateTitle: '师资证' });
    const lessons = (await t.inject(examiner, { method: 'GET', url: `/api/training/courses/${fa.id}/lessons` })).json();
    const online = lessons.filter((l: { mode: string }) => l.mode === 'online');
    expect(online).toHaveLength(4);
    expect(
      online.every(
        (l: { minMinutes: number; body: string }) => l.minMinutes >= 1 && l.minMinutes <= 3 && l.body.includes('<ol>'),
      ),
    ).toBe(true);

    const before = await count('training_lessons');
    await ensureCourseCatalogue(t.db);
    expect(await count('training_courses')).toBe(4);
    expect(await count('training_lessons')).toBe(before);
  });
});

describe('course settings', () => {
  it('are changed at the course unit only, and validated', async () => {
    const fa = byCode('first-aider');
    const below = await t.inject(cityAdmin, {
      method: 'PATCH',
      url: `/api/training/courses/${fa.id}`,
      payload: { maxAttempts: 5 },
    });
    expect(below.statusCode).toBe(403);
    const refusals = [
      { blueprint: [] },
      { checklist: [...(fa.checklist as object[]), fa.checklist[0]] },
      { theoryPassPercent: 0 },
      { practicalPassPercent: 101 },
      { blueprint: [{ unitCode: 'nope', questionKind: 'single', count: 10, points: 10 }] },
      { certificateYears: null },
    ];
    const audit = await count('audit_log');
    for (const payload of refusals) {
      const res = await t.inject(provinceAdmin, { method: 'PATCH', url: `/api/training/courses/${fa.id}`, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
    expect(await count('audit_log')).toBe(audit);
    const ok = await t.inject(provinceAdmin, {
      method: 'PATCH',
      url: `/api/training/courses/${fa.id}`,
      payload: { maxAttempts: 2, theoryMinutes: 45 },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ maxAttempts: 2, theoryMinutes: 45, blueprintPoints: 100 });
  });
});

describe('lessons', () => {
  it('sanitises the body, refuses a non-http video, reorders and deactivates', async () => {
    const fa = byCode('first-aider');
    const created = await t.inject(provinceAdmin, {
      method: 'POST',
      url: `/api/training/courses/${fa.id}/lessons`,
      payload: {
        unitCode: 'emergencies',
        mode: 'online',
        title: '中暑的处理',
        body: '<p onclick="x()">移到<b>阴凉处</b><script>alert(1)</script><a href="javascript:alert(1)">链接</a><img src="http://evil/x.png"></p>',
        videoUrl: 'https://video.example.org/heat.mp4',
        minMinutes: 2,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().body).toBe('<p>移到<b>阴凉处</b><a>链接</a></p>');
    const badVideo = await t.inject(provinceAdmin, {
      method: 'POST',
      url: `/api/training/courses/${fa.id}/lessons`,
      payload: { unitCode: 'cpr', mode: 'online', title: 'x', videoUrl: 'javascript:alert(1)' },
    });
    expect(badVideo.statusCode).toBe(400);
    const badUnit = await t.inject(provinceAdmin, {
      method: 'POST',
      url: `/api/training/courses/${fa.id}/lessons`,
      payload: { unitCode: 'astronomy', mode: 'online', title: 'x' },
    });
    expect(badUnit.statusCode).toBe(400);

    const lessons = (await t.inject(examiner, { method: 'GET', url: `/api/training/courses/${fa.id}/lessons` })).json();
    const ids = lessons.map((l: { id: string }) => l.id).reverse();
    const reordered = await t.inject(provinceAdmin, {
      method: 'PUT',
      url: `/api/training/courses/${fa.id}/lessons/order`,
      payload: { ids },
    });
    expect(reordered.statusCode, reordered.body).toBe(200);
    expect(reordered.json().map((l: { id: string }) => l.id)).toEqual(ids);
    const partial = await t.inject(provinceAdmin, {
      method: 'PUT',
      url: `/api/training/courses/${fa.id}/lessons/order`,
      payload: { ids: ids.slice(1) },
    });
    expect(partial.statusCode).toBe(400);
    const off = await t.inject(provinceAdmin, {
      method: 'PATCH',
      url: `/api/training/lessons/${created.json().id}`,
      payload: { isActive: false },
    });
    expect(off.json().isActive).toBe(false);
  });

  it('keeps safe markup and escapes stray brackets', () => {
    expect(sanitizeLessonHtml('<h3>标题</h3><ul><li>一</li></ul>')).toBe('<h3>标题</h3><ul><li>一</li></ul>');
    expect(sanitizeLessonHtml('1 < 2 & 3 > 2')).toBe('1 &lt; 2 &amp; 3 &gt; 2');
    expect(sanitizeLessonHtml('<p><strong>未闭合')).toBe('<p><strong>未闭合</strong></p>');
    expect(sanitizeLessonHtml('<style>p{}</style><iframe src="x"></iframe>ok')).toBe('ok');
    expect(sanitizeLessonHtml('<a href="https://redcross.org.cn">红会</a>')).toBe(
      '<a href="https://redcross.org.cn" rel="noopener noreferrer" target="_blank">红会</a>',
    );
  });
});

describe('bases and instructors', () => {
  it('are kept per unit and managed within the subtree', async () => {
    const base = await t.inject(cityAdmin, {
      method: 'POST',
      url: '/api/training/bases',
      payload: {
        orgId: chain.county.id,
        name: '县培训基地',
        address: '城关镇 8 号',
        capacity: 30,
        lat: 29.7,
        lng: 120.2,
      },
    });
    expect(base.statusCode, base.body).toBe(201);
    const far = await t.inject(farAdmin, {
      method: 'POST',
      url: '/api/training/bases',
      payload: { orgId: chain.county.id, name: '越权基地', address: 'x 路', capacity: 30 },
    });
    expect(far.statusCode).toBe(403);
    expect((await t.inject(farAdmin, { method: 'GET', url: '/api/training/bases' })).json()).toEqual([]);
    expect((await t.inject(examiner, { method: 'GET', url: '/api/training/bases' })).json()).toHaveLength(1);

    const idNumber = uniqueIdNumber();
    const created = await t.inject(cityAdmin, {
      method: 'POST',
      url: '/api/training/instructors',
      payload: { orgId: chain.city.id, name: '孙老师', idNumber, phone: '13900001111' },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ phoneMasked: '139****1111', qualifications: [] });
    expect(JSON.stringify(created.json())).not.toContain(idNumber);
    const twice = await t.inject(cityAdmin, {
      method: 'POST',
      url: '/api/training/instructors',
      payload: { orgId: chain.city.id, name: '孙老师', idNumber, phone: '13900001111' },
    });
    expect(twice.statusCode).toBe(409);
    const badId = await t.inject(cityAdmin, {
      method: 'POST',
      url: '/api/training/instructors',
      payload: { orgId: chain.city.id, name: '错号', idNumber: '330681199001010000', phone: '13900001112' },
    });
    expect(badId.statusCode).toBe(400);
    const backwards = await t.inject(cityAdmin, {
      method: 'POST',
      url: `/api/training/instructors/${created.json().id}/qualifications`,
      payload: { kind: 'trainer', grade: 'senior', issuedOn: '2026-01-01', validUntil: '2025-01-01' },
    });
    expect(backwards.statusCode).toBe(400);
    const q = await t.inject(cityAdmin, {
      method: 'POST',
      url: `/api/training/instructors/${created.json().id}/qualifications`,
      payload: {
        kind: 'trainer',
        grade: 'senior',
        certificateNo: 'SZ-001',
        issuedOn: '2020-01-01',
        validUntil: '2099-01-01',
      },
    });
    expect(q.statusCode, q.body).toBe(201);
    expect(q.json().qualifications[0]).toMatchObject({ kind: 'trainer', isExpired: false, expiresSoon: false });
    const unknownUser = await t.inject(cityAdmin, {
      method: 'PATCH',
      url: `/api/training/instructors/${created.json().id}`,
      payload: { username: 'nobody-here' },
    });
    expect(unknownUser.statusCode).toBe(404);
  });
});
