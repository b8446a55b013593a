// The transparency index (红透指数), our own version: nine disclosure-completeness measures per unit (its subtree) and
// year, computed from what the modules record (disclosure obligations, gifts and goods received, payouts and their
// evidence, the ledger's signed checkpoints, relief notices, distributions, annual reports), a weighted score, and the
// gaps listed with the record to fix. The national index's indicator list is not public; docs/transparency-index.md
// says what each measure counts and what it does not.
import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { addDays, toChinaDate } from '../../platform/dates';
import { AppError } from '../../platform/errors';
import { claimEvidence } from '../../platform/files/files.service';
import type { Ctx } from '../../platform/http/context';
import { actorId, actorLabel, assertCanAt, canAt, scopePaths } from '../../platform/rbac/actor';
import * as donationsKpi from '../donations/donations-transparency.kpi';
import * as goodsKpi from '../goods/goods-transparency.kpi';
import * as ledgerKpi from '../ledger/ledger-transparency.kpi';
import { branchTypes } from '../orgs/orgs.schemas';
import * as orgs from '../orgs/orgs.service';
import * as reliefKpi from '../relief/relief-transparency.kpi';
import { addWorkingDays, loadCalendar, type WorkingCalendar } from '../services/services.service';
import * as repo from './kpi-transparency.repo';
import {
  type AnnualDisclosureView,
  type RecordAnnualDisclosure,
  type TransparencyGap,
  type TransparencyGapPage,
  type TransparencyGapsQuery,
  type TransparencyMeasure,
  type TransparencyMeasureCode,
  type TransparencyQuery,
  type TransparencyUnitScore,
  type TransparencyView,
  transparencyMeasureCodes,
} from './kpi-transparency.schemas';

/** Each measure's weight (they add up to 100; the applicable ones are renormalised). */
export const transparencyWeights: Record<TransparencyMeasureCode, number> = {
  disclosure_published: 15,
  disclosure_on_time: 15,
  receipt_published: 10,
  ledger_daily: 10,
  payout_evidence: 10,
  restricted_traceable: 10,
  relief_notice: 10,
  goods_distributed: 5,
  annual_report: 15,
};

/** The time limits the measures apply (DOMAIN.md "Disclosure"; configurable there, constants here). */
export const transparencyRules = {
  /** Gifts and goods are published within 7 working days of receipt … */
  receiptWorkingDays: 7,
  /** … or within 24 hours for an emergency project. */
  emergencyHours: 24,
  /** A day's ledger entries are covered by a signed checkpoint by the end of the next day (一天一公示). */
  checkpointGraceDays: 1,
  /** Goods received are first handed out within this many days. */
  goodsDistributionDays: 60,
  /** The annual report and audit result of a year are published by this day of the next year. */
  annualDeadline: '05-31',
};

const dayMs = 86_400_000;
/** The instant a China calendar day begins. */
const chinaDayStart = (date: string) => new Date(`${date}T00:00:00+08:00`);
const wholeDays = (ms: number) => Math.max(0, Math.ceil(ms / dayMs));

// ------------------------------------------------------------------------------------------------ sources

type Sources = {
  disclosures: donationsKpi.DisclosureObligationRow[];
  gifts: donationsKpi.GiftDayRow[];
  payouts: donationsKpi.PaidPayoutRow[];
  lots: goodsKpi.GoodsLotRow[];
  distributions: goodsKpi.DistributionRow[];
  relief: reliefKpi.PaidReliefCaseRow[];
  annual: repo.AnnualDisclosureRow[];
  units: orgs.OrgRow[];
  coveredAt: Map<number, Date | null>;
};

type Period = { year: number; from: Date; to: Date; now: Date; calendar: WorkingCalendar };

async function periodOf(db: Db, year: number, now: Date): Promise<Period> {
  const current = Number(toChinaDate(now).slice(0, 4));
  if (year > current) {
    throw new AppError('KPI_PERIOD_FUTURE', { field: 'year', year, currentYear: current });
  }
  const from = chinaDayStart(`${year}-01-01`);
  const end = chinaDayStart(`${year + 1}-01-01`);
  return { year, from, to: end < now ? end : now, now, calendar: await loadCalendar(db) };
}

async function loadSources(db: Db, under: string, p: Period): Promise<Sources> {
  const w = { under, from: p.from, to: p.to };
  const units = await orgs.orgsRepo.listAllForExport(db, [under], true);
  const [disclosures, gifts, payouts, lots, distributions, relief, annual] = await Promise.all([
    donationsKpi.disclosureObligations(db, w),
    donationsKpi.giftDays(db, w),
    donationsKpi.paidPayouts(db, w),
    goodsKpi.goodsLots(db, w),
    goodsKpi.distributions(db, w),
    reliefKpi.paidReliefCases(db, w),
    repo.listAnnualDisclosures(db, {
      orgIds: units.filter((u) => branchTypes.includes(u.type as never)).map((u) => u.id),
      reportYear: p.year - 1,
    }),
  ]);
  const indexes = [
    ...gifts.map((g) => g.maxLedgerIndex),
    ...payouts.flatMap((x) => (x.ledgerIndex === null ? [] : [x.ledgerIndex])),
    ...lots.flatMap((x) => (x.ledgerIndex === null ? [] : [x.ledgerIndex])),
    ...distributions.map((x) => x.ledgerIndex),
    ...disclosures.flatMap((x) => (x.ledgerIndex === null ? [] : [x.ledgerIndex])),
  ];
  const coveredAt = await ledgerKpi.firstCoveredAt(db, indexes);
  return { disclosures, gifts, payouts, lots, distributions, relief, annual, units, coveredAt };
}

// ------------------------------------------------------------------------------------------------ measures

type Tally = { met: number; counted: number; gaps: TransparencyGap[]; days?: { days: number; n: number }[] };
type Evaluation = { score: number | null; measures: TransparencyMeasure[]; gaps: TransparencyGap[] };

function median(samples: { days: number; n: number }[] | undefined): number | null {
  const sorted = (samples ?? []).filter((s) => s.n > 0).sort((a, b) => a.days - b.days);
  const total = sorted.reduce((sum, s) => sum + s.n, 0);
  if (total === 0) {
    return null;
  }
  let seen = 0;
  for (const s of sorted) {
    seen += s.n;
    if (seen * 2 >= total) {
      return s.days;
    }
  }
  return sorted[sorted.length - 1].days;
}

/** The end of the window a received item must be published in: 24 h (emergency) or the 7th working day's end. */
function receiptLimit(receivedAt: Date, isEmergency: boolean, calendar: WorkingCalendar): Date {
  if (isEmergency) {
    return new Date(receivedAt.getTime() + transparencyRules.emergencyHours * 3_600_000);
  }
  const due = addWorkingDays(toChinaDate(receivedAt), transparencyRules.receiptWorkingDays, calendar);
  return chinaDayStart(addDays(due, 1));
}

/** Evaluates the nine measures for one unit's subtree (`root`) from the loaded records. */
function evaluate(root: orgs.OrgRow, s: Sources, p: Period): Evaluation {
  const inside = <T extends { path: string }>(rows: T[]) => rows.filter((r) => r.path.startsWith(root.path));
  const nameOf = new Map(s.units.map((u) => [u.id, u.name]));
  const gap = (g: Omit<TransparencyGap, 'orgName'>): TransparencyGap => ({ ...g, orgName: nameOf.get(g.orgId) ?? '' });
  const t = Object.fromEntries(
    transparencyMeasureCodes.map((c): [TransparencyMeasureCode, Tally] => [c, { met: 0, counted: 0, gaps: [] }]),
  ) as Record<TransparencyMeasureCode, Tally>;

  // 1, 2. Disclosure obligations due in the year: published at all, and published by the due date.
  for (const d of inside(s.disclosures)) {
    const base = {
      orgId: d.orgId,
      ref: { type: 'disclosure' as const, id: d.id, no: null },
      projectCode: d.projectCode,
      subject: `${d.projectName} · ${d.subject}`,
      date: toChinaDate(d.dueAt),
    };
    t.disclosure_published.counted++;
    t.disclosure_on_time.counted++;
    if (!d.publishedAt) {
      const overdue = gap({
        ...base,
        measure: 'disclosure_published',
        kind: 'disclosure_overdue',
        days: wholeDays(p.now.getTime() - d.dueAt.getTime()),
      });
      t.disclosure_published.gaps.push(overdue);
      t.disclosure_on_time.gaps.push({ ...overdue, measure: 'disclosure_on_time' });
      continue;
    }
    t.disclosure_published.met++;
    if (d.publishedAt <= d.dueAt) {
      t.disclosure_on_time.met++;
    } else {
      t.disclosure_on_time.gaps.push(
        gap({
          ...base,
          measure: 'disclosure_on_time',
          kind: 'disclosure_late',
          days: wholeDays(d.publishedAt.getTime() - d.dueAt.getTime()),
        }),
      );
    }
  }

  // 3. Gifts and goods published (recorded onto the ledger) within 7 working days of receipt, 24 h in emergencies.
  const receipt = t.receipt_published;
  receipt.days = [];
  for (const g of inside(s.gifts)) {
    const receivedAt = chinaDayStart(g.receivedOn);
    const late = g.isEmergency
      ? g.over24h
      : chinaDayStart(g.publishedOn) >= receiptLimit(receivedAt, false, p.calendar)
        ? g.count
        : 0;
    const days = wholeDays(chinaDayStart(g.publishedOn).getTime() - receivedAt.getTime());
    receipt.counted += g.count;
    receipt.met += g.count - late;
    receipt.days.push({ days, n: g.count });
    if (late > 0) {
      for (const no of g.lateNos.slice(0, late)) {
        receipt.gaps.push(
          gap({
            measure: 'receipt_published',
            kind: 'gift_published_late',
            orgId: g.orgId,
            ref: { type: 'donation', id: no, no },
            projectCode: g.projectCode,
            subject: g.projectName,
            date: g.receivedOn,
            days,
          }),
        );
      }
    }
  }
  for (const l of inside(s.lots)) {
    const limit = receiptLimit(l.receivedAt, l.isEmergency, p.calendar);
    const base = {
      measure: 'receipt_published' as const,
      orgId: l.orgId,
      ref: { type: 'goods_lot' as const, id: l.id, no: l.lotNo },
      projectCode: null,
      subject: l.itemName,
      date: toChinaDate(l.receivedAt),
    };
    if (l.confirmedAt) {
      receipt.counted++;
      receipt.days.push({ days: wholeDays(l.confirmedAt.getTime() - l.receivedAt.getTime()), n: 1 });
      if (l.confirmedAt <= limit) {
        receipt.met++;
      } else {
        receipt.gaps.push(
          gap({ ...base, kind: 'lot_published_late', days: wholeDays(l.confirmedAt.getTime() - limit.getTime()) }),
        );
      }
    } else if (p.now > limit) {
      receipt.counted++;
      receipt.gaps.push(gap({ ...base, kind: 'lot_unpublished', days: wholeDays(p.now.getTime() - limit.getTime()) }));
    }
  }

  // 4. 一天一公示: every day with ledger entries of the unit is covered by a signed checkpoint by the next day's end.
  const dayMax = new Map<string, { index: number; orgId: number }>();
  const note = (at: Date | null, index: number | null, orgId: number) => {
    if (!at || index === null || at < p.from || at >= p.to) {
      return;
    }
    const day = toChinaDate(at);
    const seen = dayMax.get(day);
    if (!seen || index > seen.index) {
      dayMax.set(day, { index, orgId });
    }
  };
  for (const g of inside(s.gifts)) {
    note(chinaDayStart(g.publishedOn), g.maxLedgerIndex, g.orgId);
  }
  for (const x of inside(s.payouts)) {
    note(x.decidedAt, x.ledgerIndex, x.orgId);
  }
  for (const x of inside(s.lots)) {
    note(x.confirmedAt, x.ledgerIndex, x.orgId);
  }
  for (const x of inside(s.distributions)) {
    note(x.recordedAt, x.ledgerIndex, x.orgId);
  }
  for (const x of inside(s.disclosures)) {
    note(x.publishedAt, x.ledgerIndex, x.orgId);
  }
  for (const [day, { index, orgId }] of [...dayMax].sort(([a], [b]) => a.localeCompare(b))) {
    const deadline = chinaDayStart(addDays(day, 1 + transparencyRules.checkpointGraceDays));
    const covered = s.coveredAt.get(index) ?? null;
    if (covered && covered <= deadline) {
      t.ledger_daily.counted++;
      t.ledger_daily.met++;
    } else if (covered || p.now > deadline) {
      t.ledger_daily.counted++;
      t.ledger_daily.gaps.push(
        gap({
          measure: 'ledger_daily',
          kind: 'ledger_day_unsigned',
          orgId: orgId === root.id || !nameOf.has(orgId) ? root.id : orgId,
          ref: { type: 'ledger_day', id: day, no: `#${index}` },
          projectCode: null,
          subject: day,
          date: day,
          days: wholeDays((covered ?? p.now).getTime() - deadline.getTime()),
        }),
      );
    }
  }

  // 5. Payouts with their evidence (and a purchase's supplier, unit price and quantity); distributions with the receipt.
  // 6. Payouts from restricted project funds traced fen by fen to the gifts they spent.
  for (const x of inside(s.payouts)) {
    const base = {
      orgId: x.orgId,
      ref: { type: 'payout' as const, id: x.id, no: x.payoutNo },
      projectCode: x.projectCode,
      subject: x.purpose,
      date: toChinaDate(x.decidedAt),
      days: null,
    };
    t.payout_evidence.counted++;
    const isPurchaseIncomplete = x.supplier !== null && (x.unitPriceFen === null || x.quantity === null);
    if (!x.hasEvidence) {
      t.payout_evidence.gaps.push(gap({ ...base, measure: 'payout_evidence', kind: 'payout_no_evidence' }));
    } else if (isPurchaseIncomplete) {
      t.payout_evidence.gaps.push(gap({ ...base, measure: 'payout_evidence', kind: 'purchase_details_missing' }));
    } else {
      t.payout_evidence.met++;
    }
    if (x.fundKind === 'project') {
      t.restricted_traceable.counted++;
      if (x.tracedFen >= x.amountFen) {
        t.restricted_traceable.met++;
      } else {
        t.restricted_traceable.gaps.push(gap({ ...base, measure: 'restricted_traceable', kind: 'payout_untraced' }));
      }
    }
  }
  for (const m of inside(s.distributions)) {
    t.payout_evidence.counted++;
    if (m.hasReceipt) {
      t.payout_evidence.met++;
    } else {
      t.payout_evidence.gaps.push(
        gap({
          measure: 'payout_evidence',
          kind: 'distribution_no_receipt',
          orgId: m.orgId,
          ref: { type: 'goods_movement', id: m.id, no: m.movementNo },
          projectCode: null,
          subject: `${m.itemName} (${m.lotNo})`,
          date: toChinaDate(m.occurredAt),
          days: null,
        }),
      );
    }
  }

  // 7. Relief paid only after its public notice ran in full.
  for (const c of inside(s.relief)) {
    t.relief_notice.counted++;
    const base = {
      measure: 'relief_notice' as const,
      orgId: c.orgId,
      ref: { type: 'relief_case' as const, id: c.id, no: c.caseNo },
      projectCode: null,
      subject: c.caseNo,
      date: toChinaDate(c.paidAt),
    };
    if (!c.noticeStartsAt || !c.noticeEndsAt) {
      t.relief_notice.gaps.push(gap({ ...base, kind: 'relief_paid_without_notice', days: null }));
    } else if (c.noticeEndsAt > c.paidAt) {
      t.relief_notice.gaps.push(
        gap({
          ...base,
          kind: 'relief_notice_cut_short',
          days: wholeDays(c.noticeEndsAt.getTime() - c.paidAt.getTime()),
        }),
      );
    } else {
      t.relief_notice.met++;
    }
  }

  // 8. Goods received are first handed out within the limit (lots whose limit has not passed and are not out yet wait).
  for (const l of inside(s.lots)) {
    if (l.status !== 'received') {
      continue;
    }
    const limit = new Date(l.receivedAt.getTime() + transparencyRules.goodsDistributionDays * dayMs);
    const base = {
      measure: 'goods_distributed' as const,
      orgId: l.orgId,
      ref: { type: 'goods_lot' as const, id: l.id, no: l.lotNo },
      projectCode: null,
      subject: l.itemName,
      date: toChinaDate(l.receivedAt),
    };
    if (l.firstDistributedAt && l.firstDistributedAt <= limit) {
      t.goods_distributed.counted++;
      t.goods_distributed.met++;
    } else if (l.firstDistributedAt) {
      t.goods_distributed.counted++;
      t.goods_distributed.gaps.push(
        gap({
          ...base,
          kind: 'lot_distributed_late',
          days: wholeDays(l.firstDistributedAt.getTime() - limit.getTime()),
        }),
      );
    } else if (p.now > limit) {
      t.goods_distributed.counted++;
      t.goods_distributed.gaps.push(
        gap({ ...base, kind: 'lot_not_distributed', days: wholeDays(p.now.getTime() - limit.getTime()) }),
      );
    }
  }

  // 9. Every active branch in the subtree publishes last year's annual report and audit result by 31 May.
  const deadline = chinaDayStart(addDays(`${p.year}-${transparencyRules.annualDeadline}`, 1));
  for (const u of s.units) {
    if (!u.path.startsWith(root.path) || !u.isActive || !branchTypes.includes(u.type as never)) {
      continue;
    }
    for (const kind of ['annual_report', 'audit_result'] as const) {
      const published = s.annual
        .filter((a) => a.orgId === u.id && a.kind === kind && a.publishedAt <= p.now)
        .map((a) => a.publishedAt)
        .sort((a, b) => a.getTime() - b.getTime())[0];
      const base = {
        measure: 'annual_report' as const,
        orgId: u.id,
        ref: { type: 'org' as const, id: String(u.id), no: u.code },
        projectCode: null,
        subject: `${p.year - 1}`,
        date: toChinaDate(new Date(deadline.getTime() - 1)),
      };
      if (published && published <= deadline) {
        t.annual_report.counted++;
        t.annual_report.met++;
      } else if (published) {
        t.annual_report.counted++;
        t.annual_report.gaps.push(
          gap({
            ...base,
            kind: kind === 'annual_report' ? 'annual_report_late' : 'audit_result_late',
            days: wholeDays(published.getTime() - deadline.getTime()),
          }),
        );
      } else if (p.now > deadline) {
        t.annual_report.counted++;
        t.annual_report.gaps.push(
          gap({
            ...base,
            kind: kind === 'annual_report' ? 'annual_report_missing' : 'audit_result_missing',
            days: wholeDays(p.now.getTime() - deadline.getTime()),
          }),
        );
      }
    }
  }

  const applicableWeight = transparencyMeasureCodes
    .filter((c) => t[c].counted > 0)
    .reduce((sum, c) => sum + transparencyWeights[c], 0);
  const measures = transparencyMeasureCodes.map((code): TransparencyMeasure => {
    const x = t[code];
    const applicable = x.counted > 0;
    return {
      code,
      weight: transparencyWeights[code],
      applicable,
      met: x.met,
      counted: x.counted,
      share: applicable ? x.met / x.counted : null,
      effectiveWeight: applicable ? transparencyWeights[code] / applicableWeight : 0,
      medianDays: code === 'receipt_published' ? median(x.days) : null,
      gapCount: x.counted - x.met,
    };
  });
  const score =
    applicableWeight === 0
      ? null
      : Math.round(measures.reduce((sum, m) => sum + (m.share ?? 0) * m.effectiveWeight, 0) * 1000) / 10;
  const gaps = transparencyMeasureCodes.flatMap((c) =>
    [...t[c].gaps].sort((a, b) => (b.days ?? 0) - (a.days ?? 0) || a.date.localeCompare(b.date)),
  );
  return { score, measures, gaps };
}

function toUnitScore(u: orgs.OrgRow, e: Evaluation): TransparencyUnitScore {
  return {
    orgId: u.id,
    name: u.name,
    type: u.type,
    score: e.score,
    applicableMeasures: e.measures.filter((m) => m.applicable).length,
    gapCount: e.measures.reduce((sum, m) => sum + m.gapCount, 0),
    rank: null,
    shares: Object.fromEntries(e.measures.map((m) => [m.code, m.share])),
  };
}

/** Ranks by score, best first; equal scores share a rank; units without a score come last, unranked. */
function ranked(rows: TransparencyUnitScore[]): TransparencyUnitScore[] {
  const sorted = [...rows].sort(
    (a, b) => (b.score ?? -1) - (a.score ?? -1) || a.gapCount - b.gapCount || a.name.localeCompare(b.name),
  );
  let rank = 0;
  return sorted.map((r, i) => {
    if (r.score === null) {
      return { ...r, rank: null };
    }
    if (i === 0 || sorted[i - 1].score !== r.score) {
      rank = i + 1;
    }
    return { ...r, rank };
  });
}

// ------------------------------------------------------------------------------------------------ public API

/** The default unit: the top of the caller's kpi:view scope. */
async function unitFor(db: Db, ctx: Ctx, orgId: number | undefined): Promise<orgs.OrgRow> {
  if (orgId === undefined) {
    const scope = scopePaths(ctx.actor, 'kpi:view');
    if (scope === null) {
      throw new AppError('VALIDATION_FAILED', { issues: [{ field: 'orgId', message: 'name the unit' }] });
    }
    if (scope.length === 0) {
      throw new AppError('FORBIDDEN', { permission: 'kpi:view' });
    }
    orgId = Number(
      [...scope]
        .sort((a, b) => a.length - b.length)[0]
        .split('.')
        .at(-2),
    );
  }
  const org = await orgs.getOrg(db, orgId);
  assertCanAt(ctx.actor, 'kpi:view', org.path);
  return org;
}

const yearOf = (year: number | undefined, now: Date) => year ?? Number(toChinaDate(now).slice(0, 4));

/**
 * A unit's transparency index for a year: its score, each measure, the first gaps, and its children's scores ranked.
 * Throws NOT_FOUND for an unknown unit, FORBIDDEN/OUT_OF_SCOPE outside the caller's kpi:view scope and
 * KPI_PERIOD_FUTURE for a year that has not begun.
 */
export async function viewTransparency(
  db: Db,
  ctx: Ctx,
  q: TransparencyQuery,
  now = new Date(),
): Promise<TransparencyView> {
  const org = await unitFor(db, ctx, q.orgId);
  const p = await periodOf(db, yearOf(q.year, now), now);
  const s = await loadSources(db, org.path, p);
  const e = evaluate(org, s, p);
  const children = s.units.filter((u) => u.parentId === org.id && u.isActive);
  const ancestorIds = org.path.split('.').filter(Boolean).map(Number).slice(0, -1);
  const ancestors = (await orgs.findOrgsByIds(db, ancestorIds))
    .filter((a) => canAt(ctx.actor, 'kpi:view', a.path))
    .sort((a, b) => a.depth - b.depth)
    .map((a) => ({ orgId: a.id, name: a.name }));
  return {
    year: p.year,
    asOf: p.to.toISOString(),
    unit: toUnitScore(org, e),
    ancestors,
    measures: e.measures,
    gaps: e.gaps.slice(0, 50),
    gapTotal: e.gaps.length,
    children: ranked(children.map((c) => toUnitScore(c, evaluate(c, s, p)))),
  };
}

/** A unit's gaps for a year, one measure or all, paged (most overdue first within each measure). */
export async function listTransparencyGaps(
  db: Db,
  ctx: Ctx,
  orgId: number,
  q: TransparencyGapsQuery,
  now = new Date(),
): Promise<TransparencyGapPage> {
  const org = await unitFor(db, ctx, orgId);
  const p = await periodOf(db, yearOf(q.year, now), now);
  const all = evaluate(org, await loadSources(db, org.path, p), p).gaps.filter(
    (g) => !q.measure || g.measure === q.measure,
  );
  const start = (q.page - 1) * q.pageSize;
  return { items: all.slice(start, start + q.pageSize), total: all.length, page: q.page, pageSize: q.pageSize };
}

/**
 * The scores of these units (each its whole subtree) for a year, for the cockpit and the reports; no scope check
 * (callers check). Units are read in as few passes as their common subtrees allow.
 */
export async function transparencyScores(
  db: Db,
  orgIds: number[],
  year: number,
  now = new Date(),
): Promise<Map<number, TransparencyUnitScore>> {
  const p = await periodOf(db, year, now);
  const units = await orgs.findOrgsByIds(db, [...new Set(orgIds)]);
  const covers = units.filter((u) => !units.some((o) => o.id !== u.id && u.path.startsWith(o.path)));
  const out = new Map<number, TransparencyUnitScore>();
  for (const cover of covers) {
    const s = await loadSources(db, cover.path, p);
    for (const u of units.filter((x) => x.path.startsWith(cover.path))) {
      out.set(u.id, toUnitScore(u, evaluate(u, s, p)));
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ Excel

const measureNames: Record<TransparencyMeasureCode, string> = {
  disclosure_published: '信息公开完成率',
  disclosure_on_time: '信息公开及时率',
  receipt_published: '接收款物及时公示率',
  ledger_daily: '一天一公示(账本每日签名)',
  payout_evidence: '拨付与发放凭证完整率',
  restricted_traceable: '定向资金可溯源率',
  relief_notice: '救助公示执行率',
  goods_distributed: '物资及时发放率',
  annual_report: '年报与审计结果公开率',
};

const gapNames: Record<TransparencyGap['kind'], string> = {
  disclosure_overdue: '逾期未公示',
  disclosure_late: '逾期后才公示',
  gift_published_late: '捐赠登记公示迟于时限',
  lot_published_late: '物资入账公示迟于时限',
  lot_unpublished: '物资超时限未入账公示',
  ledger_day_unsigned: '当日账本未按时签名公示',
  payout_no_evidence: '拨付无凭证',
  purchase_details_missing: '采购缺供应商/单价/数量',
  distribution_no_receipt: '物资发放无签收单',
  payout_untraced: '定向拨付未溯源到捐赠',
  relief_paid_without_notice: '救助未经公示即拨付',
  relief_notice_cut_short: '公示期未满即拨付',
  lot_not_distributed: '物资超期未发放',
  lot_distributed_late: '物资发放迟于时限',
  annual_report_missing: '年度报告未公开',
  annual_report_late: '年度报告逾期公开',
  audit_result_missing: '审计结果未公开',
  audit_result_late: '审计结果逾期公开',
};

const pct = (share: number | null) => (share === null ? '不适用' : `${(share * 100).toFixed(1)}%`);

/** The unit's index as a workbook: scores (the unit and its children), measures, and every gap. */
export async function exportTransparency(db: Db, ctx: Ctx, q: TransparencyQuery, now = new Date()): Promise<Buffer> {
  const org = await unitFor(db, ctx, q.orgId);
  const p = await periodOf(db, yearOf(q.year, now), now);
  const s = await loadSources(db, org.path, p);
  const e = evaluate(org, s, p);
  const children = ranked(
    s.units.filter((u) => u.parentId === org.id && u.isActive).map((c) => toUnitScore(c, evaluate(c, s, p))),
  );
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Boai';
  const sheet = (name: string, columns: { header: string; key: string; width: number }[]) => {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = columns;
    ws.getRow(1).font = { bold: true };
    return ws;
  };
  const scores = sheet('得分', [
    { header: '名次', key: 'rank', width: 6 },
    { header: '单位', key: 'name', width: 24 },
    { header: '红透指数(本系统口径)', key: 'score', width: 14 },
    { header: '待整改', key: 'gaps', width: 8 },
    ...transparencyMeasureCodes.map((c) => ({ header: measureNames[c], key: c, width: 14 })),
  ]);
  for (const u of [{ ...toUnitScore(org, e), rank: null }, ...children]) {
    scores.addRow({
      rank: u.rank ?? (u.orgId === org.id ? '本级' : ''),
      name: u.name,
      score: u.score ?? '不适用',
      gaps: u.gapCount,
      ...Object.fromEntries(transparencyMeasureCodes.map((c) => [c, pct(u.shares[c] ?? null)])),
    });
  }
  scores.addRow({});
  scores.addRow({ name: `${p.year} 年,统计至 ${toChinaDate(p.to)};本系统自建的信息公开完整度指标,非全国红透指数。` });
  const measures = sheet('指标', [
    { header: '指标', key: 'name', width: 26 },
    { header: '权重', key: 'weight', width: 8 },
    { header: '达标', key: 'met', width: 8 },
    { header: '应计', key: 'counted', width: 8 },
    { header: '达标率', key: 'share', width: 10 },
    { header: '中位天数', key: 'median', width: 10 },
  ]);
  for (const m of e.measures) {
    measures.addRow({
      name: measureNames[m.code],
      weight: m.weight,
      met: m.met,
      counted: m.counted,
      share: pct(m.share),
      median: m.medianDays ?? '',
    });
  }
  const gaps = sheet('待整改', [
    { header: '指标', key: 'measure', width: 22 },
    { header: '问题', key: 'kind', width: 22 },
    { header: '单位', key: 'org', width: 20 },
    { header: '编号', key: 'no', width: 22 },
    { header: '项目', key: 'project', width: 16 },
    { header: '内容', key: 'subject', width: 36 },
    { header: '日期', key: 'date', width: 12 },
    { header: '天数', key: 'days', width: 8 },
  ]);
  for (const g of e.gaps) {
    gaps.addRow({
      measure: measureNames[g.measure],
      kind: gapNames[g.kind],
      org: g.orgName,
      no: g.ref.no ?? g.ref.id,
      project: g.projectCode ?? '',
      subject: g.subject,
      date: g.date,
      days: g.days ?? '',
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ------------------------------------------------------------------------------------------------ annual reports

function toAnnualView(r: repo.AnnualDisclosureRow, orgName: string): AnnualDisclosureView {
  const deadline = chinaDayStart(addDays(`${r.reportYear + 1}-${transparencyRules.annualDeadline}`, 1));
  return {
    id: r.id,
    orgId: r.orgId,
    orgName,
    reportYear: r.reportYear,
    kind: r.kind as AnnualDisclosureView['kind'],
    title: r.title,
    url: r.url,
    fileId: r.fileId,
    publishedAt: r.publishedAt.toISOString(),
    isOnTime: r.publishedAt <= deadline,
    correctsId: r.correctsId,
    note: r.note,
    recordedBy: r.recordedBy,
    recordedAt: r.recordedAt.toISOString(),
  };
}

/**
 * Records that a branch published its annual report or audit result for a year (kpi:manage at the unit). One record
 * per unit, year and kind; a later one must be a correction notice naming the record it corrects (which stays).
 * Throws VALIDATION_FAILED for a non-branch unit, a report year not yet over or a publication in the future,
 * KPI_ANNUAL_DISCLOSURE_EXISTS for a second record that is not a correction, NOT_FOUND for an unknown file or record.
 */
export async function recordAnnualDisclosure(
  db: Db,
  ctx: Ctx,
  input: RecordAnnualDisclosure,
): Promise<AnnualDisclosureView> {
  const org = await orgs.getOrg(db, input.orgId);
  assertCanAt(ctx.actor, 'kpi:manage', org.path);
  const issues: { field: string; message: string }[] = [];
  if (!branchTypes.includes(org.type as never)) {
    issues.push({ field: 'orgId', message: 'annual reports are published by branches (province, city, county)' });
  }
  const now = new Date();
  if (input.reportYear >= Number(toChinaDate(now).slice(0, 4))) {
    issues.push({ field: 'reportYear', message: 'the year is not over yet' });
  }
  const publishedAt = new Date(input.publishedAt);
  if (publishedAt > now) {
    issues.push({ field: 'publishedAt', message: 'cannot be in the future' });
  }
  if (publishedAt < chinaDayStart(`${input.reportYear + 1}-01-01`) && input.kind === 'audit_result') {
    issues.push({ field: 'publishedAt', message: 'an audit result is published after the year it covers' });
  }
  if (issues.length > 0) {
    throw new AppError('VALIDATION_FAILED', { issues });
  }
  return db.transaction(async (tx) => {
    const existing = (await repo.listAnnualDisclosures(tx, { orgIds: [org.id], reportYear: input.reportYear })).filter(
      (r) => r.kind === input.kind,
    );
    if (input.correctsId) {
      const corrected = existing.find((r) => r.id === input.correctsId);
      if (!corrected) {
        throw new AppError('NOT_FOUND', { entity: 'annual_disclosure', field: 'correctsId', id: input.correctsId });
      }
    } else if (existing.length > 0) {
      throw new AppError('KPI_ANNUAL_DISCLOSURE_EXISTS', { id: existing[existing.length - 1].id });
    }
    await claimEvidence(tx, ctx, [{ field: 'fileId', id: input.fileId }], {
      orgId: org.id,
      readPermission: 'kpi:view',
      purpose: 'annual-disclosure',
    });
    const row = await repo.insertAnnualDisclosure(tx, {
      regionId: org.regionId,
      id: crypto.randomUUID(),
      orgId: org.id,
      reportYear: input.reportYear,
      kind: input.kind,
      title: input.title,
      url: input.url ?? null,
      fileId: input.fileId ?? null,
      publishedAt,
      correctsId: input.correctsId ?? null,
      note: input.note ?? null,
      recordedBy: actorId(ctx.actor) ?? actorLabel(ctx.actor),
    });
    await recordAudit(tx, ctx, {
      action: input.correctsId ? 'annual-disclosure.corrected' : 'annual-disclosure.recorded',
      entityType: 'annual_disclosure',
      entityId: row.id,
      orgId: org.id,
      regionId: org.regionId,
      after: row,
    });
    return toAnnualView(row, org.name);
  });
}

/** A unit's annual report and audit result records (kpi:view), newest first. */
export async function listAnnualDisclosures(
  db: Db,
  ctx: Ctx,
  q: { orgId: number; reportYear?: number },
): Promise<AnnualDisclosureView[]> {
  const org = await orgs.getOrg(db, q.orgId);
  assertCanAt(ctx.actor, 'kpi:view', org.path);
  const rows = await repo.listAnnualDisclosures(db, { orgIds: [org.id], reportYear: q.reportYear });
  return rows.map((r) => toAnnualView(r, org.name));
}
