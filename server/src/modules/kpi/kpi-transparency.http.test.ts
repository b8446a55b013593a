// The transparency index (红透指数): each measure counted from records made through the modules' own services, the gaps
// naming the records to fix, "not applicable" left out of the score (never a free 100), the children ranked, the
// annual report records, scope and future-year refusals, and the Excel export.
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { toChinaDate } from '../../platform/dates';
import { storeFile } from '../../platform/files/files.service';
import type { Ctx } from '../../platform/http/context';
import { systemActor } from '../../platform/rbac/actor';
import {
  createBranchChain,
  createOpenProject,
  createOrgUnder,
  createStaff,
  systemCtx,
  uniqueIdNumber,
} from '../../test/factories';
import { type Caller, createTestApp, type TestApp, testLedgerKey } from '../../test/test-app';
import { listDisclosures, publishDisclosure, scheduleDisclosures } from '../donations/disclosures';
import { defaultDonationRules, recordDonation } from '../donations/donations.service';
import { decidePayout, requestPayout } from '../donations/payouts';
import { countersignLot, createWarehouse, recordLot } from '../goods/goods.service';
import { defaultGoodsRules } from '../goods/goods-rules';
import { signCheckpoint } from '../ledger/ledger.service';
import { approveCase, fileCase, getKind, reviewCase, verifyCase } from '../relief/relief.service';
import { requestCasePayout } from '../relief/relief-payouts';
import { transparencyScores } from './kpi-transparency';
import type { TransparencyGap, TransparencyMeasure, TransparencyView } from './kpi-transparency.schemas';

let t: TestApp;
let chain: Awaited<ReturnType<typeof createBranchChain>>;
let viewer: Caller;
let manager: Caller;

const thisYear = Number(toChinaDate().slice(0, 4));
/** Last year: a whole year of deadlines already passed, whatever day the suite runs. */
const lastYear = thisYear - 1;
const as = (label: string): Ctx => ({ ...systemCtx, actor: systemActor(label) });
const tinyPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==',
  'base64',
);

async function index(caller: Caller, orgId: number, year = thisYear): Promise<TransparencyView> {
  const res = await t.inject(caller, { method: 'GET', url: `/api/kpi/transparency?orgId=${orgId}&year=${year}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
const measure = (v: TransparencyView, code: TransparencyMeasure['code']) => v.measures.find((m) => m.code === code)!;
const gapsOf = (v: TransparencyView, code: TransparencyMeasure['code']) =>
  v.gaps.filter((g: TransparencyGap) => g.measure === code);

async function newEvidence(): Promise<string> {
  const file = await t.db.transaction((tx) =>
    storeFile(tx, systemCtx, { purpose: 'evidence', name: 'slip.png', bytes: tinyPng }),
  );
  return file.id;
}

async function giveOffline(projectId: number, amountFen: number, receivedAt: string) {
  return recordDonation(t.db, systemCtx, defaultDonationRules, {
    projectId,
    channel: 'bank',
    amountFen,
    donorKind: 'organisation',
    donorName: '某爱心企业',
    isAnonymous: false,
    intent: 'restricted',
    receivedAt,
    evidenceFileId: await newEvidence(),
    waivesReceipt: true,
  });
}

async function recordAnnual(caller: Caller, orgId: number, kind: string, publishedAt: string, extra = {}) {
  return t.inject(caller, {
    method: 'POST',
    url: '/api/kpi/transparency/annual-disclosures',
    payload: {
      orgId,
      reportYear: thisYear - 1,
      kind,
      title: kind === 'annual_report' ? '年度工作报告' : '年度审计报告',
      url: 'https://example.org/report.pdf',
      publishedAt,
      ...extra,
    },
  });
}

beforeAll(async () => {
  t = await createTestApp();
  chain = await createBranchChain(t);
  viewer = await createStaff(t, { orgId: chain.city.id, permissions: ['kpi:view'] });
  manager = await createStaff(t, { orgId: chain.city.id, permissions: ['kpi:view', 'kpi:manage'] });
});
afterAll(() => t.close());

describe('not applicable and the annual report', () => {
  it('leaves a unit with nothing to disclose unscored, never a free 100', async () => {
    const township = await createOrgUnder(t, chain.county, 'township');
    const v = await index(viewer, township.id);
    expect(v.unit.score).toBeNull();
    expect(v.measures.every((m) => !m.applicable && m.share === null && m.effectiveWeight === 0)).toBe(true);
    expect(v.gapTotal).toBe(0);
  });

  it('scores a branch on its annual report and audit result alone, then 100 once both are published by 31 May', async () => {
    const county = await createOrgUnder(t, chain.city, 'county');
    const before = await index(viewer, county.id);
    // Only the annual report applies (weights renormalised): both items missing → 0, two gaps naming the unit.
    expect(measure(before, 'annual_report')).toMatchObject({
      applicable: true,
      met: 0,
      counted: 2,
      effectiveWeight: 1,
    });
    expect(before.unit.score).toBe(0);
    expect(
      gapsOf(before, 'annual_report')
        .map((g) => g.kind)
        .sort(),
    ).toEqual(['annual_report_missing', 'audit_result_missing']);
    expect(gapsOf(before, 'annual_report')[0]).toMatchObject({
      orgId: county.id,
      ref: { type: 'org', id: String(county.id) },
    });

    const report = await recordAnnual(manager, county.id, 'annual_report', `${thisYear}-04-20T10:00:00+08:00`);
    expect(report.statusCode, report.body).toBe(201);
    expect(report.json()).toMatchObject({ isOnTime: true, kind: 'annual_report' });
    const half = await index(viewer, county.id);
    expect(measure(half, 'annual_report')).toMatchObject({ met: 1, counted: 2, share: 0.5 });
    expect(half.unit.score).toBe(50);

    // Late: published after 31 May counts against the unit, though published.
    const audit = await recordAnnual(manager, county.id, 'audit_result', `${thisYear}-06-15T10:00:00+08:00`);
    expect(audit.statusCode, audit.body).toBe(201);
    expect(audit.json().isOnTime).toBe(false);
    const late = await index(viewer, county.id);
    expect(gapsOf(late, 'annual_report')).toEqual([expect.objectContaining({ kind: 'audit_result_late', days: 15 })]);

    // A second record is refused; a correction notice is accepted and the original stays.
    const again = await recordAnnual(manager, county.id, 'annual_report', `${thisYear}-05-01T10:00:00+08:00`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('KPI_ANNUAL_DISCLOSURE_EXISTS');
    const correction = await recordAnnual(manager, county.id, 'annual_report', `${thisYear}-05-01T10:00:00+08:00`, {
      correctsId: report.json().id,
      title: '年度工作报告(更正公告)',
    });
    expect(correction.statusCode, correction.body).toBe(201);
    const list = await t.inject(viewer, {
      method: 'GET',
      url: `/api/kpi/transparency/annual-disclosures?orgId=${county.id}`,
    });
    expect(list.json()).toHaveLength(3);
  });

  it('refuses annual report records that are wrong, and writes nothing', async () => {
    const township = await createOrgUnder(t, chain.county, 'township');
    const cases = [
      {
        orgId: township.id,
        kind: 'annual_report',
        publishedAt: `${thisYear}-03-01T10:00:00+08:00`,
        code: 'VALIDATION_FAILED',
      },
      {
        orgId: chain.county.id,
        kind: 'annual_report',
        publishedAt: '2099-01-01T10:00:00+08:00',
        code: 'VALIDATION_FAILED',
      },
      {
        orgId: chain.county.id,
        kind: 'audit_result',
        publishedAt: `${thisYear - 1}-03-01T10:00:00+08:00`,
        code: 'VALIDATION_FAILED',
      },
    ];
    for (const c of cases) {
      const res = await recordAnnual(manager, c.orgId, c.kind, c.publishedAt);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.code).toBe(c.code);
    }
    const noLink = await t.inject(manager, {
      method: 'POST',
      url: '/api/kpi/transparency/annual-disclosures',
      payload: {
        orgId: chain.county.id,
        reportYear: thisYear - 1,
        kind: 'annual_report',
        title: '年报',
        publishedAt: `${thisYear}-03-01T10:00:00+08:00`,
      },
    });
    expect(noLink.statusCode).toBe(400);
    expect(
      (await recordAnnual(viewer, chain.county.id, 'annual_report', `${thisYear}-03-01T10:00:00+08:00`)).statusCode,
    ).toBe(403);
    const [n] = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM kpi_annual_disclosures WHERE org_id IN (${township.id}, ${chain.county.id})`,
    );
    expect(n.n).toBe(0);
  });
});

describe('measures from the records (last year: every deadline has passed)', () => {
  let county: Awaited<ReturnType<typeof createOrgUnder>>;
  let v: TransparencyView;
  let lots: { late: string; unpublished: string };
  let lateGift: string;

  beforeAll(async () => {
    county = await createOrgUnder(t, chain.city, 'county');
    // A year-long project of last year: periodic reports due 1 Apr, 1 Jul and 1 Oct, one published (late), two not.
    const project = await createOpenProject(t, county.id, {
      startsOn: `${lastYear}-01-01`,
      endsOn: `${lastYear}-12-31`,
    });
    await scheduleDisclosures(t.db);
    const due = await listDisclosures(t.db, systemCtx, { projectId: project.id, limit: 50, offset: 0 });
    const first = due.items.find((d) => d.subject.startsWith('第 1 期'))!;
    await publishDisclosure(t.db, systemCtx, first.id, { title: '第一期公示', body: '本期接收与使用情况。' });
    // A bank transfer received last March but recorded (published) only now.
    lateGift = (await giveOffline(project.id, 50_000, `${lastYear}-03-02T09:00:00+08:00`)).donationNo;
    // Goods received last June: one counted in but never confirmed, one confirmed only now and never handed out.
    const warehouse = await createWarehouse(t.db, systemCtx, { orgId: county.id, name: '县物资库' });
    const lot = (receivedAt: string) =>
      recordLot(t.db, as('goods:recorder'), defaultGoodsRules, {
        orgId: county.id,
        warehouseId: warehouse.id,
        donorKind: 'organisation',
        donorName: '某公司',
        isAnonymous: false,
        itemName: '棉被',
        spec: '棉被 2 米',
        productCode: 'MB200',
        unit: '床',
        quantity: 10,
        isShortLife: false,
        receivedAt,
      });
    const unpublished = await lot(`${lastYear}-06-01T09:00:00+08:00`);
    const late = await lot(`${lastYear}-06-02T09:00:00+08:00`);
    await countersignLot(t.db, as('goods:checker'), late.id, {
      decision: 'confirm',
      countedQuantity: 10,
      productCode: 'MB200',
      expiresOn: null,
    });
    lots = { late: late.lotNo, unpublished: unpublished.lotNo };
    v = await index(viewer, county.id, lastYear);
  });

  it('counts disclosure obligations published and published on time, naming the overdue ones', () => {
    expect(measure(v, 'disclosure_published')).toMatchObject({ met: 1, counted: 3, gapCount: 2 });
    expect(measure(v, 'disclosure_on_time')).toMatchObject({ met: 0, counted: 3, gapCount: 3 });
    const overdue = gapsOf(v, 'disclosure_published');
    expect(overdue.map((g) => g.kind)).toEqual(['disclosure_overdue', 'disclosure_overdue']);
    expect(overdue[0]).toMatchObject({ ref: { type: 'disclosure' }, projectCode: expect.any(String) });
    expect(overdue.map((g) => g.date).sort()).toEqual([`${lastYear}-07-01`, `${lastYear}-10-01`]);
    expect(
      gapsOf(v, 'disclosure_on_time')
        .map((g) => g.kind)
        .sort(),
    ).toEqual(['disclosure_late', 'disclosure_overdue', 'disclosure_overdue']);
  });

  it('counts gifts and goods published within 7 working days of receipt', () => {
    // The gift (late), the confirmed lot (late) and the unconfirmed lot (past its limit): none in time.
    expect(measure(v, 'receipt_published')).toMatchObject({ met: 0, counted: 3 });
    expect(measure(v, 'receipt_published').medianDays).toBeGreaterThan(200);
    expect(
      gapsOf(v, 'receipt_published')
        .map((g) => `${g.kind}:${g.ref.type}`)
        .sort(),
    ).toEqual(['gift_published_late:donation', 'lot_published_late:goods_lot', 'lot_unpublished:goods_lot'].sort());
    expect(gapsOf(v, 'receipt_published').find((g) => g.kind === 'lot_unpublished')?.ref.no).toBe(lots.unpublished);
    expect(gapsOf(v, 'receipt_published').find((g) => g.kind === 'gift_published_late')).toMatchObject({
      ref: { no: lateGift },
      date: `${lastYear}-03-02`,
    });
  });

  it('counts goods not handed out within 60 days of receipt', () => {
    expect(measure(v, 'goods_distributed')).toMatchObject({ met: 0, counted: 1 });
    expect(gapsOf(v, 'goods_distributed')).toEqual([
      expect.objectContaining({ kind: 'lot_not_distributed', ref: expect.objectContaining({ no: lots.late }) }),
    ]);
  });

  it('scores the weighted mean of the applicable measures only', () => {
    const applicable = v.measures.filter((m) => m.applicable);
    expect(applicable.map((m) => m.code).sort()).toEqual(
      ['annual_report', 'disclosure_on_time', 'disclosure_published', 'goods_distributed', 'receipt_published'].sort(),
    );
    const weight = applicable.reduce((s, m) => s + m.weight, 0);
    const expected = applicable.reduce((s, m) => s + m.weight * (m.share ?? 0), 0) / weight;
    expect(v.unit.score).toBeCloseTo(Math.round(expected * 1000) / 10, 5);
    expect(measure(v, 'payout_evidence').applicable).toBe(false);
  });

  it('lists the gaps paged and by measure', async () => {
    const page = await t.inject(viewer, {
      method: 'GET',
      url: `/api/kpi/transparency/units/${county.id}/gaps?year=${lastYear}&measure=disclosure_on_time&pageSize=2`,
    });
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json()).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(page.json().items).toHaveLength(2);
    const all = await t.inject(viewer, {
      method: 'GET',
      url: `/api/kpi/transparency/units/${county.id}/gaps?year=${lastYear}&pageSize=200`,
    });
    expect(all.json().total).toBe(v.gapTotal);
  });

  it('rolls the county up into the city and ranks the city’s children', async () => {
    const city = await index(viewer, chain.city.id, lastYear);
    expect(measure(city, 'disclosure_published').counted).toBeGreaterThanOrEqual(3);
    const row = city.children.find((c) => c.orgId === county.id)!;
    expect(row.score).toBe(v.unit.score);
    const ranks = city.children.filter((c) => c.score !== null);
    expect(ranks.map((c) => c.score)).toEqual([...ranks.map((c) => c.score)].sort((a, b) => b! - a!));
    expect(ranks[0].rank).toBe(1);
    const scores = await transparencyScores(t.db, [county.id, chain.city.id], lastYear);
    expect(scores.get(county.id)?.score).toBe(v.unit.score);
    expect(scores.get(chain.city.id)?.score).toBe(city.unit.score);
  });

  it('exports the scores, measures and gaps in Excel', async () => {
    const res = await t.inject(viewer, {
      method: 'GET',
      url: `/api/kpi/transparency/export.xlsx?orgId=${county.id}&year=${lastYear}`,
    });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['得分', '指标', '待整改']);
    const gapRows = wb.getWorksheet('待整改')!.rowCount - 1;
    expect(gapRows).toBe(v.gapTotal);
    const texts: string[] = [];
    wb.getWorksheet('待整改')!.eachRow((r) => r.eachCell((c) => texts.push(String(c.text))));
    expect(texts).toContain('逾期未公示');
    expect(texts).toContain(lots.unpublished);
  });
});

describe('measures from the records (this year)', () => {
  let county: Awaited<ReturnType<typeof createOrgUnder>>;
  let project: Awaited<ReturnType<typeof createOpenProject>>;

  beforeAll(async () => {
    county = await createOrgUnder(t, chain.city, 'county');
    project = await createOpenProject(t, county.id);
    await giveOffline(project.id, 500_000, new Date().toISOString());
  });

  it('counts payouts with complete evidence and restricted payouts traced to gifts', async () => {
    const pay = async (extra: Record<string, unknown>) => {
      const p = await requestPayout(t.db, as('funds:requester'), {
        fundId: project.fundId,
        amountFen: 10_000,
        payeeKind: 'unit',
        payeeName: '某乡卫生院',
        purpose: '购置急救包',
        isRelatedParty: false,
        evidenceFileId: await newEvidence(),
        ...extra,
      });
      return decidePayout(t.db, as('funds:approver'), p.id, { decision: 'approve' });
    };
    await pay({});
    const purchase = await pay({ supplier: '某医疗器械公司' });
    const v = await index(viewer, county.id);
    expect(measure(v, 'payout_evidence')).toMatchObject({ met: 1, counted: 2 });
    expect(gapsOf(v, 'payout_evidence')).toEqual([
      expect.objectContaining({
        kind: 'purchase_details_missing',
        ref: { type: 'payout', id: purchase.id, no: purchase.payoutNo },
      }),
    ]);
    expect(measure(v, 'restricted_traceable')).toMatchObject({ met: 2, counted: 2, share: 1 });
  });

  it('counts relief paid only after the full public notice', async () => {
    const township = await createOrgUnder(t, county, 'township');
    const village = await createOrgUnder(t, township, 'village');
    const exclusions = (await getKind(t.db, 'disaster')).exclusions as string[];
    const visit = { visitedOn: toChinaDate(), visitors: '村红十字工作者', findings: '情况属实', photoFileIds: [] };
    const paidCase = async () => {
      const c = await fileCase(t.db, as('relief:filer'), {
        kind: 'disaster',
        orgId: village.id,
        applicant: { name: '某受灾户', idNumber: uniqueIdNumber() },
        householdSize: 2,
        causeCategory: 'natural_disaster',
        causeText: '洪水冲毁房屋',
        requestedFen: 1000,
        materials: [],
      });
      await verifyCase(t.db, as('relief:verifier'), c.id, { visit, exclusionsConfirmed: exclusions });
      await reviewCase(t.db, as('relief:verifier'), c.id, { recommendedFen: 1000 });
      await approveCase(t.db, as('relief:approver'), c.id, { approvedFen: 1000 });
      // The 7-day notice ran its course (the clock moved on).
      await t.db.execute(sql`UPDATE relief_cases SET notice_ends_at = now() - interval '1 minute' WHERE id = ${c.id}`);
      const paying = await requestCasePayout(t.db, as('relief:payer'), c.id, {
        fundSource: 'donations',
        fundId: project.fundId,
      });
      await decidePayout(t.db, as('relief:approver'), paying.payouts[0].payoutRef, { decision: 'approve' });
      return c;
    };
    await paidCase();
    const legacy = await paidCase();
    // A case carried over from the old system, paid with no notice on record.
    await t.db.execute(
      sql`UPDATE relief_cases SET notice_starts_at = NULL, notice_ends_at = NULL WHERE id = ${legacy.id}`,
    );
    const v = await index(viewer, county.id);
    expect(measure(v, 'relief_notice')).toMatchObject({ met: 1, counted: 2 });
    expect(gapsOf(v, 'relief_notice')).toEqual([
      expect.objectContaining({
        kind: 'relief_paid_without_notice',
        ref: expect.objectContaining({ type: 'relief_case', no: legacy.caseNo }),
      }),
    ]);
  });

  it('counts a day of ledger entries as published once a signed checkpoint covers it by the next day', async () => {
    const later = new Date(Date.now() + 3 * 86_400_000);
    const year = Number(toChinaDate().slice(0, 4));
    // No checkpoint yet: today is not due until the end of tomorrow, so not counted now …
    expect((await transparencyScores(t.db, [county.id], year)).get(county.id)?.shares.ledger_daily).toBeNull();
    // … and a gap three days on if still unsigned.
    const unsigned = (await transparencyScores(t.db, [county.id], year, later)).get(county.id)!;
    expect(unsigned.shares.ledger_daily).toBe(0);
    await signCheckpoint(t.db, testLedgerKey);
    const signed = (await transparencyScores(t.db, [county.id], year, later)).get(county.id)!;
    expect(signed.shares.ledger_daily).toBe(1);
  });
});

describe('refusals', () => {
  it('refuses a unit outside the caller’s scope with 403', async () => {
    const other = await createBranchChain(t);
    const outsider = await createStaff(t, { orgId: other.city.id, permissions: ['kpi:view'] });
    for (const url of [
      `/api/kpi/transparency?orgId=${chain.county.id}`,
      `/api/kpi/transparency/units/${chain.county.id}/gaps`,
      `/api/kpi/transparency/export.xlsx?orgId=${chain.county.id}`,
    ]) {
      const res = await t.inject(outsider, { method: 'GET', url });
      expect(res.statusCode, url).toBe(403);
      expect(res.json().error.code).toBe('OUT_OF_SCOPE');
    }
    const own = await t.inject(outsider, { method: 'GET', url: '/api/kpi/transparency' });
    expect(own.statusCode).toBe(200);
    expect(own.json().unit.orgId).toBe(other.city.id);
  });

  it('refuses a future year with 422', async () => {
    for (const url of [
      `/api/kpi/transparency?orgId=${chain.city.id}&year=${thisYear + 1}`,
      `/api/kpi/transparency/units/${chain.city.id}/gaps?year=${thisYear + 1}`,
    ]) {
      const res = await t.inject(viewer, { method: 'GET', url });
      expect(res.statusCode).toBe(422);
      expect(res.json().error.code).toBe('KPI_PERIOD_FUTURE');
    }
  });
});
