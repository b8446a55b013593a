// Statistics over HTTP, checked against figures worked out by hand: 办结率, 按时办结率, handling days and satisfaction
// per city of a province, per item and per month, the same from day and month rows, scope, and the Excel export.
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toChinaDate } from '../../platform/dates';
import { createOrgUnder, createProvince, createStaff, signInByPhone } from '../../test/factories';
import { type Caller, createTestApp, type TestApp } from '../../test/test-app';
import type { OrgView } from '../orgs/orgs.schemas';
import type { RequestDetail, StaffTarget, StatsView } from './services.schemas';

let t: TestApp;
let province: OrgView;
let cityA: OrgView;
let cityB: OrgView;
let countyA: OrgView;
let countyB: OrgView;
let officer: Caller;
let countyBStaff: Caller;
let citizen: Caller;
let lateHandlingDays: number;

const today = toChinaDate();
const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
const monthStart = `${today.slice(0, 7)}-01`;
const monthEnd = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)), 0)).toISOString().slice(0, 10);

async function submitAt(org: OrgView): Promise<RequestDetail> {
  const res = await t.inject(citizen, {
    method: 'POST',
    url: '/api/services/my/requests',
    payload: { itemCode: 'donation-query', orgId: org.id, applicantName: '钱七', form: { question: '?' }, fileIds: {} },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function step(id: string, to: StaffTarget | 'withdraw' | 'rate', extra?: number): Promise<RequestDetail> {
  const res =
    to === 'withdraw'
      ? await t.inject(citizen, { method: 'POST', url: `/api/services/my/requests/${id}/withdraw`, payload: {} })
      : to === 'rate'
        ? await t.inject(citizen, {
            method: 'POST',
            url: `/api/services/my/requests/${id}/rating`,
            payload: { stars: extra },
          })
        : await t.inject(officer, {
            method: 'POST',
            url: `/api/services/requests/${id}/transitions`,
            payload: { to, note: '说明' },
          });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const stats = async (caller: Caller, query: string) =>
  t.inject(caller, { method: 'GET', url: `/api/services/stats?${query}` });

beforeAll(async () => {
  t = await createTestApp();
  province = await createProvince(t);
  cityA = await createOrgUnder(t, province, 'city');
  cityB = await createOrgUnder(t, province, 'city');
  countyA = await createOrgUnder(t, cityA, 'county');
  countyB = await createOrgUnder(t, cityB, 'county');
  officer = await createStaff(t, { orgId: province.id, permissions: ['services:handle'] });
  countyBStaff = await createStaff(t, { orgId: countyB.id, permissions: ['services:handle'] });
  citizen = await signInByPhone(t, '13500135111');

  // City A: done on time (5★), done late (3★), refused, one still submitted, one in progress.
  const a1 = await submitAt(countyA);
  await step(a1.id, 'accepted');
  await step(a1.id, 'done');
  await step(a1.id, 'rate', 5);
  const a2 = await submitAt(countyA);
  await step(a2.id, 'accepted');
  // Accepted nine days ago and due yesterday: concluded late.
  await t.db.execute(
    sql`UPDATE service_requests SET due_on = ${yesterday}, accepted_at = now() - interval '9 days' WHERE id = ${a2.id}`,
  );
  lateHandlingDays = (await step(a2.id, 'done')).handlingDays!;
  await step(a2.id, 'rate', 3);
  const a3 = await submitAt(countyA);
  await step(a3.id, 'refused');
  await submitAt(countyA);
  const a5 = await submitAt(countyA);
  await step(a5.id, 'accepted');
  await step(a5.id, 'in_progress');
  // City B: rejected (4★), withdrawn.
  const b1 = await submitAt(countyB);
  await step(b1.id, 'accepted');
  await step(b1.id, 'rejected');
  await step(b1.id, 'rate', 4);
  const b2 = await submitAt(countyB);
  await step(b2.id, 'withdraw');
});
afterAll(() => t.close());

describe('statistics', () => {
  it('gives 办结率, 按时办结率, handling days and satisfaction per city, as worked out by hand', async () => {
    const res = await stats(officer, `orgId=${province.id}&from=${today}&to=${today}`);
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json() as StatsView;
    expect(lateHandlingDays).toBeGreaterThanOrEqual(5);
    const a = s.byUnit.find((u) => u.orgId === cityA.id)!;
    expect(a).toMatchObject({
      received: 5,
      accepted: 3,
      refused: 1,
      withdrawn: 0,
      done: 2,
      rejected: 0,
      concluded: 2,
      concludedOnTime: 1,
      completionRate: 0.6667, // 2 concluded of 3 accepted
      onTimeRate: 0.5,
      avgHandlingDays: lateHandlingDays / 2, // 0 and the late one
      ratings: 2,
      avgStars: 4,
      goodRate: 0.5,
      isSelf: false,
    });
    const b = s.byUnit.find((u) => u.orgId === cityB.id)!;
    expect(b).toMatchObject({
      received: 2,
      accepted: 1,
      rejected: 1,
      concluded: 1,
      completionRate: 1,
      withdrawn: 1,
      goodRate: 1,
    });
    expect(s.totals).toMatchObject({
      received: 7,
      accepted: 4,
      concluded: 3,
      completionRate: 0.75,
      onTimeRate: 0.6667,
      ratings: 3,
      avgStars: 4,
      goodRate: 0.6667,
    });
    expect(s.byItem.find((i) => i.itemCode === 'donation-query')).toMatchObject({ received: 7, concluded: 3 });
    expect(s.byItem.find((i) => i.itemCode === 'relief')).toMatchObject({ received: 0, completionRate: null });
    expect(s.cells).toHaveLength(2);
    expect(s.byMonth).toEqual([expect.objectContaining({ month: today.slice(0, 7), received: 7 })]);
  });

  it('gives the same figures from the month rows as from the day rows', async () => {
    const byDay = (await stats(officer, `orgId=${province.id}&from=${today}&to=${today}`)).json() as StatsView;
    const byMonth = (
      await stats(officer, `orgId=${province.id}&from=${monthStart}&to=${monthEnd}`)
    ).json() as StatsView;
    expect(byMonth.totals).toEqual(byDay.totals);
    expect(byMonth.byUnit).toEqual(byDay.byUnit);
    const before = (await stats(officer, `orgId=${province.id}&from=${yesterday}&to=${yesterday}`)).json() as StatsView;
    expect(before.totals.received).toBe(0);
  });

  it('breaks a city down by its counties', async () => {
    const s = (await stats(officer, `orgId=${cityA.id}&from=${today}&to=${today}`)).json() as StatsView;
    expect(s.byUnit).toEqual([expect.objectContaining({ orgId: countyA.id, received: 5, completionRate: 0.6667 })]);
  });

  it('keeps a county to its own figures', async () => {
    const res = await stats(countyBStaff, `orgId=${province.id}&from=${today}&to=${today}`);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('OUT_OF_SCOPE');
    const own = (await stats(countyBStaff, `from=${today}&to=${today}`)).json() as StatsView;
    expect(own).toMatchObject({ orgId: countyB.id, totals: expect.objectContaining({ received: 2 }) });
  });

  it('refuses a range that ends before it starts', async () => {
    const res = await stats(officer, `orgId=${province.id}&from=${today}&to=${yesterday}`);
    expect(res.statusCode).toBe(400);
  });

  it('exports a workbook that opens, with the same figures', async () => {
    const res = await t.inject(officer, {
      method: 'GET',
      url: `/api/services/stats.xlsx?orgId=${province.id}&from=${today}&to=${today}`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['按单位', '按事项', '事项×单位', '说明']);
    const sheet = wb.getWorksheet('按单位')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const rowA = sheet.getSheetValues().find((r) => Array.isArray(r) && r[1] === cityA.name) as unknown[];
    expect(rowA[header.indexOf('收件数') + 1]).toBe(5);
    expect(rowA[header.indexOf('办结率(%)') + 1]).toBe(66.67);
  });
});
