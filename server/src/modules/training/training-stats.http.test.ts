// Training statistics over HTTP: figures per child unit rolled up the tree reconcile (parent = own + children, and a
// child's row equals that child's own statistics), shares of the registered population, pass rates, periods, scope.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBranchChain, createOrgUnder, createPerson, createStaff } from '../../test/factories';
import { type Caller, createTestApp, type TestApp } from '../../test/test-app';
import type { OrgView } from '../orgs/orgs.schemas';
import {
  trainingAwarenessSessions,
  trainingCertificates,
  trainingClasses,
  trainingClassStaff,
  trainingCourses,
  trainingEnrolments,
  trainingInstructors,
} from './training.tables';
import type { StatsRow, TrainingStats } from './training-certificates.schemas';
import { periodOf } from './training-stats';

let t: TestApp;
let city: OrgView;
let countyA: OrgView;
let countyB: OrgView;
let townA: OrgView;
let admin: Caller;
let countyAdmin: Caller;
let outsider: Caller;
const year = 2025;

async function certificate(unit: OrgView, issuedOn: string, validUntil: string, status = 'valid') {
  const id = crypto.randomUUID();
  await t.db.insert(trainingCertificates).values({
    regionId: unit.regionId,
    id,
    certNo: `T-${id.slice(0, 12)}`,
    orgId: unit.id,
    courseId: 1,
    kind: 'first_aider',
    personId: crypto.randomUUID(),
    personRegionId: unit.regionId,
    holderName: '某人',
    holderNameMasked: '某*',
    issuedOn,
    validUntil,
    status,
    source: 'import',
    verifyCode: 'X',
    createdBy: 'test',
  });
}

async function awareness(unit: OrgView, heldOn: string, attendees: number) {
  await t.db.insert(trainingAwarenessSessions).values({
    regionId: unit.regionId,
    id: crypto.randomUUID(),
    orgId: unit.id,
    heldOn,
    venueKind: 'school',
    venue: '实验小学',
    topic: '心肺复苏',
    attendees,
    hours: 2,
    createdBy: 'test',
  });
}

async function classWithLearners(unit: OrgView, courseId: number, trainerId: string, results: [string, string][]) {
  const classId = crypto.randomUUID();
  await t.db.insert(trainingClasses).values({
    regionId: unit.regionId,
    id: classId,
    classNo: `C-${classId.slice(0, 8)}`,
    courseId,
    orgId: unit.id,
    title: '班',
    kind: 'open',
    capacity: 50,
    status: 'finished',
    startsOn: `${year}-03-01`,
    endsOn: `${year}-03-02`,
    publicToken: crypto.randomUUID(),
    createdBy: 'test',
  });
  await t.db
    .insert(trainingClassStaff)
    .values({ regionId: unit.regionId, classId, instructorId: trainerId, role: 'trainer' });
  for (const [theory, practical] of results) {
    await t.db.insert(trainingEnrolments).values({
      regionId: unit.regionId,
      id: crypto.randomUUID(),
      classId,
      orgId: unit.id,
      personId: crypto.randomUUID(),
      personRegionId: unit.regionId,
      name: '学员',
      phoneHash: crypto.randomUUID(),
      phoneMasked: '139****0000',
      status: 'enrolled',
      source: 'staff',
      theoryResult: theory,
      practicalResult: practical,
      enrolledAt: new Date(`${year}-03-01T02:00:00Z`),
      createdBy: 'test',
    });
  }
}

const get = async (caller: Caller, orgId: number, extra = '') => {
  const res = await t.inject(caller, { method: 'GET', url: `/api/training/stats?orgId=${orgId}&year=${year}${extra}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as TrainingStats;
};

const figures = (r: StatsRow) => [r.trainees, r.certificatesIssued, r.validCertificates, r.awarenessAttendees];

beforeAll(async () => {
  t = await createTestApp();
  const chain = await createBranchChain(t);
  city = chain.city;
  countyA = chain.county;
  countyB = await createOrgUnder(t, city, 'county');
  townA = await createOrgUnder(t, countyA, 'township');
  admin = await createStaff(t, { orgId: city.id, roleId: 'training_admin' });
  countyAdmin = await createStaff(t, { orgId: countyA.id, roleId: 'training_admin' });
  outsider = await createStaff(t, { orgId: countyB.id, roleId: 'training_admin' });
  const setPop = async (org: OrgView, y: number, population: number) => {
    const res = await t.inject(admin, {
      method: 'PUT',
      url: `/api/orgs/${org.id}/populations/${y}`,
      payload: { population, source: '统计年鉴' },
    });
    expect(res.statusCode, res.body).toBe(200);
  };
  const adminWithOrgs = await createStaff(t, { orgId: city.id, roleId: 'branch_admin' });
  admin = adminWithOrgs;
  await setPop(city, year, 100_000);
  await setPop(countyA, year - 1, 1_000);
  await setPop(countyB, year, 2_000);

  // In the period: city own 1 cert; county A own 2 + town 1; county B 1 (revoked: issued but not valid).
  await certificate(city, `${year}-02-01`, '2099-01-01');
  await certificate(countyA, `${year}-05-01`, '2099-01-01');
  await certificate(countyA, `${year}-06-01`, '2099-01-01');
  await certificate(townA, `${year}-07-01`, '2099-01-01');
  await certificate(countyB, `${year}-08-01`, '2099-01-01', 'revoked');
  // Outside the period: counted as valid now but not as issued in the period; one expired, counted nowhere.
  await certificate(countyA, `${year - 2}-01-01`, '2099-01-01');
  await certificate(countyB, `${year - 5}-01-01`, '2020-01-01');
  await awareness(townA, `${year}-04-01`, 300);
  await awareness(countyB, `${year}-04-02`, 500);
  await awareness(countyB, `${year + 1}-01-02`, 999);

  const [course] = await t.db
    .insert(trainingCourses)
    .values({
      code: `st-${crypto.randomUUID().slice(0, 6)}`,
      kind: 'first_aider',
      nameZh: '救护员培训',
      nameEn: 'First aider',
      orgId: city.id,
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
      hasPracticalExam: true,
      certificateYears: 3,
    })
    .returning();
  const person = await createPerson(t, countyA.id, { name: '培训师' });
  const trainerId = crypto.randomUUID();
  await t.db.insert(trainingInstructors).values({
    id: trainerId,
    orgId: countyA.id,
    personId: person.id,
    personRegionId: countyA.regionId,
    name: '培训师',
  });
  await classWithLearners(countyA, course.id, trainerId, [
    ['passed', 'passed'],
    ['passed', 'failed'],
    ['failed', 'pending'],
    ['pending', 'pending'],
  ]);
  await classWithLearners(townA, course.id, trainerId, [['passed', 'passed']]);
});

afterAll(async () => {
  await t.close();
});

describe('periods', () => {
  it.each([
    [{ period: 'year', year: 2026 }, '2026-01-01', '2027-01-01'],
    [{ period: 'quarter', year: 2026, quarter: 4 }, '2026-10-01', '2027-01-01'],
    [{ period: 'quarter', year: 2026, quarter: 2 }, '2026-04-01', '2026-07-01'],
    [{ period: 'month', year: 2026, month: 12 }, '2026-12-01', '2027-01-01'],
    [{ period: 'custom', from: '2026-02-03', to: '2026-02-28' }, '2026-02-03', '2026-03-01'],
  ])('%o is [%s, %s)', (q, from, to) => {
    const query = { orgId: 1, certifiedTarget: 8, awarenessTarget: 40, ...q } as Parameters<typeof periodOf>[0];
    expect(periodOf(query)).toEqual({ from, to });
  });
});

describe('training statistics', () => {
  it('rolls figures up the tree: each row is a child subtree, total = own + children', async () => {
    const s = await get(admin, city.id);
    const byName = new Map(s.rows.map((r) => [r.kind === 'own' ? 'own' : r.orgId, r]));
    expect(figures(byName.get(countyA.id)!)).toEqual([5, 3, 4, 300]);
    expect(figures(byName.get(countyB.id)!)).toEqual([0, 1, 0, 500]);
    expect(figures(byName.get('own')!)).toEqual([0, 1, 1, 0]);
    const summed = s.rows.reduce((acc, r) => acc.map((v, i) => v + figures(r)[i]), [0, 0, 0, 0]);
    expect(figures(s.total)).toEqual(summed);
    expect(figures(s.total)).toEqual([5, 5, 5, 800]);
  });

  it("gives a child the same figures as that child's own statistics", async () => {
    const cityStats = await get(admin, city.id);
    const countyStats = await get(countyAdmin, countyA.id);
    const row = cityStats.rows.find((r) => r.orgId === countyA.id)!;
    expect(figures(countyStats.total)).toEqual(figures(row));
    const townRow = countyStats.rows.find((r) => r.orgId === townA.id)!;
    expect(figures(townRow)).toEqual([1, 1, 1, 300]);
  });

  it('divides by the latest population up to the period year, and leaves the share empty without one', async () => {
    const s = await get(admin, city.id);
    const a = s.rows.find((r) => r.orgId === countyA.id)!;
    expect(a).toMatchObject({ population: 1000, populationYear: year - 1, certifiedShare: 0.4, awarenessShare: 30 });
    const b = s.rows.find((r) => r.orgId === countyB.id)!;
    expect(b).toMatchObject({ population: 2000, certifiedShare: 0, awarenessShare: 25 });
    expect(s.total).toMatchObject({ population: 100000, certifiedShare: 0.005 });
    expect(s).toMatchObject({ certifiedTarget: 8, awarenessTarget: 40 });
    const earlier = await get(admin, city.id, '&certifiedTarget=10');
    expect(earlier.certifiedTarget).toBe(10);
    const before = await t.inject(admin, {
      method: 'GET',
      url: `/api/training/stats?orgId=${city.id}&year=${year - 1}`,
    });
    expect(before.json().rows.find((r: StatsRow) => r.orgId === countyB.id).population).toBeNull();
  });

  it('computes theory and practical pass rates per course and per trainer over decided results', async () => {
    const s = await get(admin, city.id);
    expect(s.byCourse).toHaveLength(1);
    expect(s.byCourse[0]).toMatchObject({
      theoryPassed: 3,
      theoryDecided: 4,
      theoryRate: 75,
      practicalPassed: 2,
      practicalDecided: 3,
      practicalRate: 66.7,
    });
    expect(s.byTrainer).toMatchObject([{ label: '培训师', theoryRate: 75 }]);
  });

  it('narrows to a quarter, exports Excel, and refuses units outside the caller scope', async () => {
    const q1 = await get(admin, city.id, '&period=quarter&quarter=1');
    expect(figures(q1.total)).toEqual([5, 1, 5, 0]);
    const xlsx = await t.inject(admin, {
      method: 'GET',
      url: `/api/training/stats/export.xlsx?orgId=${city.id}&year=${year}`,
    });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const refused = await t.inject(outsider, { method: 'GET', url: `/api/training/stats?orgId=${countyA.id}` });
    expect(refused.statusCode).toBe(403);
    const bad = await t.inject(admin, {
      method: 'GET',
      url: `/api/training/stats?orgId=${city.id}&period=custom&from=2026-02-01`,
    });
    expect(bad.statusCode).toBe(400);
  });

  it('lists and records populations for a unit and its children', async () => {
    const res = await t.inject(admin, { method: 'GET', url: `/api/orgs/${city.id}/populations?year=${year}` });
    expect(res.statusCode, res.body).toBe(200);
    const list = res.json() as { orgId: number; population: number | null; fallback: { year: number } | null }[];
    expect(list.find((p) => p.orgId === countyA.id)).toMatchObject({ population: null, fallback: { year: year - 1 } });
    expect(list.find((p) => p.orgId === countyB.id)).toMatchObject({ population: 2000 });
    const refused = await t.inject(outsider, {
      method: 'PUT',
      url: `/api/orgs/${countyA.id}/populations/${year}`,
      payload: { population: 5 },
    });
    expect(refused.statusCode).toBe(403);
    const bad = await t.inject(admin, {
      method: 'PUT',
      url: `/api/orgs/${countyA.id}/populations/${year}`,
      payload: { population: 0 },
    });
    expect(bad.statusCode).toBe(400);
  });
});
