// Evaluation reports at the HTTP boundary: the annual workbook (sheets per indicator group, each unit's row as the
// engine's unitFigures has it, ranks, the manual flag, layout), the PDF summary (CJK text in the embedded font and the
// server-drawn charts), future periods and foreign units refused, subscriptions with their recipients, and the monthly
// job sending once per subscription and month.
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { toChinaDate } from '../../platform/dates';
import {
  hasPoppler,
  inkCoverage,
  pdfFonts,
  pdfPageCount,
  pdfText,
  rasterizePdf,
  squeeze,
} from '../../platform/documents/pdf-inspect';
import { createOrgUnder, createProvince, createStaff, systemCtx } from '../../test/factories';
import { type Caller, createTestApp, type TestApp } from '../../test/test-app';
import type { OrgView } from '../orgs/orgs.schemas';
import { asOfMonthFor, unitFigures } from './kpi.service';
import { recordManualFigure } from './kpi-manual';
import { refreshYear } from './kpi-refresh';
import { rankSiblings } from './kpi-reports';
import type { RunView, SubscriptionView } from './kpi-reports.schemas';
import { dueReportMonth, sendMonthlyReports } from './kpi-reports-schedule';
import { setTargets } from './kpi-targets';
import { transparencyScores } from './kpi-transparency';

let t: TestApp;
let province: OrgView;
let city: OrgView;
let countyA: OrgView;
let countyB: OrgView;
let township: OrgView;
let otherCity: OrgView;
/** kpi:view over the whole province. */
let viewer: Caller;
/** kpi:view at the city: a possible recipient of the city's report. */
let cityViewer: Caller & { userId: string };
/** kpi:view at a township of county A: below the city, so no recipient of the city's report. */
let townshipViewer: Caller & { userId: string };
/** kpi:view and kpi:manage at the city. */
let manager: Caller;
/** Every kpi permission at the sibling city. */
let sibling: Caller;
/** A staff account without any kpi permission. */
let outsider: Caller;

const [year, thisMonth] = toChinaDate().split('-').map(Number);
const paper = 'rtest.paper';
const money = 'rtest.money';
const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function addIndicator(
  code: string,
  group: string,
  nameZh: string,
  unitZh: string,
  decimals: number,
  sort: number,
) {
  await t.db.execute(sql`
    INSERT INTO kpi_indicators (code, group_code, name_zh, name_en, unit_zh, unit_en, source, period_kind, rollup,
      decimals, sort)
    VALUES (${code}, ${group}, ${nameZh}, ${code}, ${unitZh}, ${unitZh}, 'manual', 'flow', 'sum', ${decimals}, ${sort})
    ON CONFLICT (code) DO NOTHING`);
}

async function loadWorkbook(body: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb;
}

/** The first column of a group sheet holding the indicator's block (its name in the merged header row 2). */
function blockColumn(ws: ExcelJS.Worksheet, nameZh: string): number {
  const row = ws.getRow(2);
  for (let c = 1; c <= ws.columnCount; c++) {
    if (String(row.getCell(c).value ?? '').startsWith(nameZh)) {
      return c;
    }
  }
  throw new Error(`no column for ${nameZh}`);
}

function rowOf(ws: ExcelJS.Worksheet, name: string, firstRow = 4): ExcelJS.Row {
  for (let r = firstRow; r <= ws.rowCount; r++) {
    if (ws.getRow(r).getCell(1).value === name) {
      return ws.getRow(r);
    }
  }
  throw new Error(`no row for ${name}`);
}

const count = async (table: string) =>
  (await queryRows<{ n: number }>(t.db, sql.raw(`SELECT count(*)::int AS n FROM ${table}`)))[0].n;

/** Everything the reports part writes, and the audit trail: a refusal must leave it unchanged. */
const snapshot = async () =>
  JSON.stringify({
    subscriptions: await count('kpi_report_subscriptions'),
    runs: await count('kpi_report_runs'),
    outbox: await count('outbox_messages'),
    files: await count('stored_files'),
    audit: await count('audit_log'),
  });

async function refused(
  caller: Caller,
  opts: { method: 'GET' | 'POST' | 'DELETE'; url: string; payload?: Record<string, unknown> },
  status: number,
  code: string,
) {
  const before = await snapshot();
  const res = await t.inject(caller, opts);
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
  expect(await snapshot()).toBe(before);
}

beforeAll(async () => {
  t = await createTestApp();
  province = await createProvince(t);
  city = await createOrgUnder(t, province, 'city', { name: '报表测试市' });
  countyA = await createOrgUnder(t, city, 'county', { name: '甲县' });
  countyB = await createOrgUnder(t, city, 'county', { name: '乙县' });
  township = await createOrgUnder(t, countyA, 'township', { name: '堃镇' });
  otherCity = await createOrgUnder(t, province, 'city');
  await addIndicator(paper, 'party', '报表党建活动', '次', 0, 9001);
  await addIndicator(money, 'donations', '报表募集资金', '元', 2, 9002);
  viewer = await createStaff(t, { orgId: province.id, permissions: ['kpi:view'] });
  cityViewer = await createStaff(t, { orgId: city.id, permissions: ['kpi:view'] });
  townshipViewer = await createStaff(t, { orgId: township.id, permissions: ['kpi:view'] });
  manager = await createStaff(t, { orgId: city.id, permissions: ['kpi:view', 'kpi:manage'] });
  sibling = await createStaff(t, {
    orgId: otherCity.id,
    permissions: ['kpi:view', 'kpi:manage', 'kpi:target', 'kpi:approve', 'kpi:enter'],
  });
  outsider = await createStaff(t, { orgId: province.id, permissions: ['orgs:view'] });
  // County A: 5 activities against 4 (125 %); county B: 3 against 6 (50 %); money only in county B.
  const month = `${year}-01`;
  for (const [org, value] of [
    [countyA, 5],
    [countyB, 3],
  ] as const) {
    await recordManualFigure(t.db, systemCtx, {
      orgId: org.id,
      indicator: paper,
      month,
      value,
      evidenceNote: '活动记录',
    });
  }
  await recordManualFigure(t.db, systemCtx, {
    orgId: countyB.id,
    indicator: money,
    month,
    value: 1234567.89,
    evidenceNote: '银行回单',
  });
  await setTargets(t.db, systemCtx, { orgId: city.id, year, targets: [{ indicator: paper, value: 10 }] });
  await setTargets(t.db, systemCtx, { orgId: countyA.id, year, targets: [{ indicator: paper, value: 4 }] });
  await setTargets(t.db, systemCtx, { orgId: countyB.id, year, targets: [{ indicator: paper, value: 6 }] });
  await refreshYear(t.db, year);
});
afterAll(() => t?.close());

describe('GET /api/kpi/reports/annual.xlsx', () => {
  it('has a cover, the overview and one sheet per indicator group, each unit’s row as unitFigures gives it', async () => {
    const res = await t.inject(viewer, {
      method: 'GET',
      url: `/api/kpi/reports/annual.xlsx?orgId=${city.id}&year=${year}&month=${thisMonth}`,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe(xlsxType);
    expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent('报表测试市'));
    const wb = await loadWorkbook(res.rawPayload);
    const names = wb.worksheets.map((ws) => ws.name);
    expect(names.slice(0, 2)).toEqual(['封面', '本级汇总']);
    expect(names).toEqual(expect.arrayContaining(['党建', '款物募集']));
    expect(names.every((n) => n.length <= 31)).toBe(true);
    // Party work comes first among the groups (党建 is the first item of the evaluation).
    expect(names[2]).toBe('党建');

    const asOf = asOfMonthFor(year, thisMonth);
    const figures = await unitFigures(t.db, [city.id, countyA.id, countyB.id, township.id], year, asOf);
    const party = wb.getWorksheet('党建')!;
    const c = blockColumn(party, '报表党建活动');
    expect(party.getRow(3).getCell(c).value).toBe('目标');
    expect([0, 1, 2, 3, 4].map((k) => party.getRow(3).getCell(c + k).value)).toEqual([
      '目标',
      '完成',
      '完成率',
      '排名',
      '手工填报',
    ]);
    for (const unit of [city, countyA, countyB, township]) {
      const f = figures.find((u) => u.orgId === unit.id)!.figures.find((x) => x.indicator === paper)!;
      const row = rowOf(party, unit.name);
      expect(row.getCell(c).value ?? null, unit.name).toBe(f.target);
      expect(row.getCell(c + 1).value ?? null, unit.name).toBe(f.actual);
      expect(row.getCell(c + 2).value ?? null, unit.name).toBe(f.completion);
      expect(row.getCell(c + 4).value, unit.name).toBe(f.manual ? '是' : '');
    }
    // The figures themselves: the counties' own, and the city's the sum of its subtree.
    expect(rowOf(party, '甲县').getCell(c + 1).value).toBe(5);
    expect(rowOf(party, '报表测试市').getCell(c + 1).value).toBe(8);
    expect(rowOf(party, '甲县').getCell(c + 2).value).toBeCloseTo(1.25);
    // Ranks among the siblings: county A (125 %) before county B (50 %); the city has no siblings in the report.
    expect(rowOf(party, '甲县').getCell(c + 3).value).toBe(1);
    expect(rowOf(party, '乙县').getCell(c + 3).value).toBe(2);
    expect(rowOf(party, '报表测试市').getCell(c + 3).value ?? null).toBeNull();
    // Manual figures are marked: the flag, a comment and a fill on the actual.
    const manualCell = rowOf(party, '甲县').getCell(c + 1);
    expect(rowOf(party, '甲县').getCell(c + 4).value).toBe('是');
    expect(JSON.stringify(manualCell.note)).toContain('手工填报');
    // The township sits two levels down, indented under its county.
    expect(rowOf(party, '堃镇').getCell(1).alignment?.indent).toBe(4);
    expect(rowOf(party, '堃镇').number).toBe(rowOf(party, '甲县').number + 1);

    // Layout: frozen headers and unit column, number formats, landscape fit to one page wide.
    expect(party.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 3 });
    expect(party.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1 });
    expect(rowOf(party, '甲县').getCell(c + 2).numFmt).toBe('0.0%');
    const donations = wb.getWorksheet('款物募集')!;
    const m = blockColumn(donations, '报表募集资金');
    expect(String(donations.getRow(2).getCell(m).value)).toContain('(元)');
    expect(rowOf(donations, '乙县').getCell(m + 1).value).toBeCloseTo(1234567.89);
    expect(rowOf(donations, '乙县').getCell(m + 1).numFmt).toBe('#,##0.00');

    // The transparency index (红透指数) of each unit, as the transparency part computes it.
    const scores = await transparencyScores(t.db, [city.id, countyA.id], year);
    const index = wb.getWorksheet('红透指数')!;
    for (const unit of [city, countyA]) {
      const row = rowOf(index, unit.name, 3);
      expect(row.getCell(3).value ?? null, unit.name).toBe(scores.get(unit.id)!.score);
      expect(row.getCell(5).value, unit.name).toBe(scores.get(unit.id)!.gapCount);
    }

    const cover = wb.getWorksheet('封面')!;
    const coverText = cover.getSheetValues().flat().map(String).join(' ');
    expect(coverText).toContain('报表测试市');
    expect(coverText).toContain(`${year}年${asOf}月`);
    expect(coverText).toContain('手工填报');
  });

  it('lists only the children with depth=1', async () => {
    const res = await t.inject(viewer, {
      method: 'GET',
      url: `/api/kpi/reports/annual.xlsx?orgId=${city.id}&year=${year}&depth=1`,
    });
    expect(res.statusCode, res.body).toBe(200);
    const party = (await loadWorkbook(res.rawPayload)).getWorksheet('党建')!;
    const units = [];
    for (let r = 4; r <= party.rowCount; r++) {
      units.push(party.getRow(r).getCell(1).value);
    }
    expect(units).toEqual(expect.arrayContaining(['报表测试市', '甲县', '乙县']));
    expect(units).not.toContain('堃镇');
  });

  it('refuses a period in the future with 422 KPI_PERIOD_FUTURE', async () => {
    for (const kind of ['annual.xlsx', 'summary.pdf']) {
      await refused(
        viewer,
        { method: 'GET', url: `/api/kpi/reports/${kind}?orgId=${city.id}&year=${year + 1}` },
        422,
        'KPI_PERIOD_FUTURE',
      );
      if (thisMonth < 12) {
        await refused(
          viewer,
          { method: 'GET', url: `/api/kpi/reports/${kind}?orgId=${city.id}&year=${year}&month=${thisMonth + 1}` },
          422,
          'KPI_PERIOD_FUTURE',
        );
      }
    }
  });

  it('refuses a unit outside the caller’s subtree (403) and a caller without kpi:view (403)', async () => {
    for (const kind of ['annual.xlsx', 'summary.pdf']) {
      await refused(
        sibling,
        { method: 'GET', url: `/api/kpi/reports/${kind}?orgId=${countyA.id}&year=${year}` },
        403,
        'OUT_OF_SCOPE',
      );
      await refused(
        outsider,
        { method: 'GET', url: `/api/kpi/reports/${kind}?orgId=${countyA.id}&year=${year}` },
        403,
        'FORBIDDEN',
      );
    }
    await refused(
      viewer,
      { method: 'GET', url: `/api/kpi/reports/annual.xlsx?orgId=999999999&year=${year}` },
      404,
      'NOT_FOUND',
    );
  });
});

describe('GET /api/kpi/reports/summary.pdf', () => {
  it.skipIf(!hasPoppler)('prints the figures and the charts in the embedded CJK font', async () => {
    const res = await t.inject(viewer, {
      method: 'GET',
      url: `/api/kpi/reports/summary.pdf?orgId=${city.id}&year=${year}`,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    const text = squeeze(pdfText(pdf));
    expect(text).toContain(squeeze(`报表测试市${year}年度红十字工作评估摘要`));
    expect(text).toContain('报表党建活动(次)');
    expect(text).toContain('1,234,567.89');
    // Chart text exists only in the server-drawn SVG charts: bar titles and unit names, the trend legend.
    expect(text).toContain('报表党建活动完成率');
    expect(text).toContain('累计完成');
    expect(text).toContain('125%');
    expect(text).toContain('※');
    expect(text).toContain('红透指数');
    expect(pdfPageCount(pdf)).toBeGreaterThanOrEqual(2);
    const fonts = pdfFonts(pdf);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.every((f) => f.embedded && f.unicode)).toBe(true);
    // Drawn with no system fonts: the charts' page carries ink (bars, lines, glyphs).
    const pages = rasterizePdf(pdf, 40);
    expect(inkCoverage(pages[1])).toBeGreaterThan(0.01);
  });
});

describe('monthly report subscriptions', () => {
  let subscription: SubscriptionView;

  it('offers staff who may open the city’s report as recipients', async () => {
    const res = await t.inject(manager, {
      method: 'GET',
      url: `/api/kpi/report-subscriptions/recipients?orgId=${city.id}`,
    });
    expect(res.statusCode, res.body).toBe(200);
    const ids = res.json().map((c: { userId: string }) => c.userId);
    expect(ids).toContain(cityViewer.userId);
    expect(ids).not.toContain(townshipViewer.userId);
  });

  it('subscribes a staff account and an e-mail address', async () => {
    const res = await t.inject(manager, {
      method: 'POST',
      url: '/api/kpi/report-subscriptions',
      payload: {
        orgId: city.id,
        format: 'both',
        recipients: [
          { kind: 'user', userId: cityViewer.userId },
          { kind: 'email', email: 'Office@Example.org' },
          { kind: 'email', email: 'office@example.org' },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    subscription = res.json();
    expect(subscription).toMatchObject({ orgId: city.id, format: 'both', depth: 2, lastRun: null });
    expect(subscription.recipients.map((r) => r.kind)).toEqual(['user', 'email']);
    expect(subscription.recipients[1].email).toBe('office@example.org');
    const list = await t.inject(manager, { method: 'GET', url: `/api/kpi/report-subscriptions?orgId=${city.id}` });
    expect(list.json().map((s: SubscriptionView) => s.id)).toContain(subscription.id);
  });

  it('refuses a staff recipient who could not open the report, a foreign unit and a caller without kpi:manage', async () => {
    const body = (orgId: number, userId: string) => ({
      orgId,
      format: 'xlsx',
      recipients: [{ kind: 'user', userId }],
    });
    await refused(
      manager,
      { method: 'POST', url: '/api/kpi/report-subscriptions', payload: body(city.id, townshipViewer.userId) },
      422,
      'KPI_REPORT_RECIPIENT',
    );
    await refused(
      sibling,
      { method: 'POST', url: '/api/kpi/report-subscriptions', payload: body(city.id, cityViewer.userId) },
      403,
      'OUT_OF_SCOPE',
    );
    await refused(
      viewer,
      { method: 'POST', url: '/api/kpi/report-subscriptions', payload: body(city.id, cityViewer.userId) },
      403,
      'FORBIDDEN',
    );
    await refused(
      sibling,
      { method: 'DELETE', url: `/api/kpi/report-subscriptions/${subscription.id}` },
      403,
      'OUT_OF_SCOPE',
    );
  });

  it('sends last month’s report once per subscription and month, from the 1st at 08:00 China time', async () => {
    // The subscription was made this month: its first report (this month's) goes out on the 1st of next month.
    const [ny, nm] = thisMonth === 12 ? [year + 1, 1] : [year, thisMonth + 1];
    const first = `${ny}-${String(nm).padStart(2, '0')}-01`;
    const early = new Date(`${first}T07:59:00+08:00`);
    const due = new Date(`${first}T08:30:00+08:00`);
    const opts = { publicUrl: 'https://boai.example' };

    expect((await sendMonthlyReports(t.db, early, opts)).sent).toEqual([]);
    const outboxBefore = await count('outbox_messages');
    const result = await sendMonthlyReports(t.db, due, opts);
    expect(result.failed).toEqual([]);
    expect(result).toMatchObject({ year, month: thisMonth });
    expect(result.sent).toContain(subscription.id);
    // One e-mail (the address once), with sign-in links to both files; the staff account reads it in the console.
    const messages = await queryRows<{ channel: string; subject: string; body: string }>(
      t.db,
      sql`SELECT channel, subject, body FROM outbox_messages WHERE template = 'kpi.monthly-report' AND body LIKE ${`%${city.name}%`}`,
    );
    expect(messages).toHaveLength(1);
    expect(await count('outbox_messages')).toBe(outboxBefore + 1);
    expect(messages[0].channel).toBe('email');
    expect(messages[0].subject).toContain(`${year}年${thisMonth}月`);
    expect(messages[0].body.match(/https:\/\/boai\.example\/api\/files\/[0-9a-f-]{36}/g)).toHaveLength(2);

    const runs = await t.inject(cityViewer, { method: 'GET', url: `/api/kpi/report-runs?orgId=${city.id}` });
    expect(runs.statusCode, runs.body).toBe(200);
    const run = (runs.json() as RunView[]).find((r) => r.subscriptionId === subscription.id)!;
    expect(run).toMatchObject({ year, month: thisMonth, isMine: true, messagesQueued: 1 });
    expect(run.files.map((f) => f.kind)).toEqual(['xlsx', 'pdf']);
    // The stored workbook opens for a recipient with kpi:view at the city, and not for the sibling city.
    const xlsx = run.files[0];
    const file = await t.inject(cityViewer, { method: 'GET', url: `/api/files/${xlsx.fileId}` });
    expect(file.statusCode).toBe(200);
    expect((await loadWorkbook(file.rawPayload)).getWorksheet('党建')).toBeDefined();
    expect((await t.inject(sibling, { method: 'GET', url: `/api/files/${xlsx.fileId}` })).statusCode).toBe(403);
    expect((await t.inject(sibling, { method: 'GET', url: `/api/kpi/report-runs?orgId=${city.id}` })).statusCode).toBe(
      403,
    );

    // A second pass (or a second instance) the same month sends nothing more.
    const again = await sendMonthlyReports(t.db, new Date(due.getTime() + 3_600_000), opts);
    expect(again.sent).not.toContain(subscription.id);
    expect(await count('outbox_messages')).toBe(outboxBefore + 1);
    const list = await t.inject(manager, { method: 'GET', url: `/api/kpi/report-subscriptions?orgId=${city.id}` });
    expect(list.json().find((s: SubscriptionView) => s.id === subscription.id).lastRun).toMatchObject({
      year,
      month: thisMonth,
    });
  });

  it('ends a subscription; its past reports stay listed', async () => {
    const res = await t.inject(manager, { method: 'DELETE', url: `/api/kpi/report-subscriptions/${subscription.id}` });
    expect(res.statusCode, res.body).toBe(204);
    const list = await t.inject(manager, { method: 'GET', url: `/api/kpi/report-subscriptions?orgId=${city.id}` });
    expect(list.json().map((s: SubscriptionView) => s.id)).not.toContain(subscription.id);
    const runs = await t.inject(manager, { method: 'GET', url: `/api/kpi/report-runs?orgId=${city.id}` });
    expect(runs.json().map((r: RunView) => r.subscriptionId)).toContain(subscription.id);
    await refused(
      manager,
      { method: 'DELETE', url: `/api/kpi/report-subscriptions/${subscription.id}` },
      404,
      'NOT_FOUND',
    );
  });
});

describe('report rules', () => {
  it.each([
    ['2026-12-01T07:59:00+08:00', null],
    ['2026-12-01T08:00:00+08:00', '2026-11'],
    ['2026-12-15T03:00:00+08:00', '2026-11'],
    ['2027-01-01T09:00:00+08:00', '2026-12'],
    ['2026-11-30T23:59:00+08:00', '2026-10'],
  ])('at %s the report due is for %s', (at, expected) => {
    const due = dueReportMonth(new Date(at));
    expect(due ? `${due.year}-${String(due.month).padStart(2, '0')}` : null).toBe(expected);
  });

  it('ranks siblings as the cockpit does: by completion, equal rates sharing a rank, then units without a target by actual', () => {
    const ranks = rankSiblings([
      { orgId: 1, completion: 0.5, actual: 5 },
      { orgId: 2, completion: 12.01, actual: 1201 },
      { orgId: 3, completion: null, actual: 40 },
      { orgId: 4, completion: 0.5, actual: 9 },
      { orgId: 5, completion: 1, actual: 10 },
      { orgId: 6, completion: null, actual: null },
      { orgId: 7, completion: null, actual: 70 },
    ]);
    expect(Object.fromEntries(ranks)).toEqual({ 2: 1, 5: 2, 1: 3, 4: 3, 7: 5, 3: 6 });
    // Where less is better (average handling days), the smaller actual ranks first among units without a target.
    const fewer = rankSiblings(
      [
        { orgId: 1, completion: null, actual: 3.5 },
        { orgId: 2, completion: null, actual: 2 },
      ],
      false,
    );
    expect(Object.fromEntries(fewer)).toEqual({ 2: 1, 1: 2 });
  });
});
