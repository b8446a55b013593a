// Donation reports for staff: gifts received per Asia/Shanghai day or month and per project, channel and unit, within
// the caller's units, summed by the database in one grouped query (plus one for payouts paid in the same periods).
import { eq, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { AppError } from '../../platform/errors';
import type { Ctx } from '../../platform/http/context';
import * as orgs from '../orgs/orgs.service';
import * as repo from './donations.repo';
import type { channelValues } from './donations.schemas';
import { type DonationReport, type DonationReportQuery, reportMaxPeriods } from './reports.schemas';

type Channel = (typeof channelValues)[number];

/** The Asia/Shanghai midnight starting a calendar day. */
const chinaMidnight = (date: string) => new Date(`${date}T00:00:00+08:00`);

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function addMonths(month: string, months: number): string {
  const d = new Date(`${month}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 7);
}

/** Every period label from the first to the last, inclusive. */
function periodLabels(unit: 'day' | 'month', first: string, last: string): string[] {
  const labels: string[] = [];
  for (let p = first; p <= last; p = unit === 'day' ? addDays(p, 1) : addMonths(p, 1)) {
    labels.push(p);
  }
  return labels;
}

/** The calendar range a report covers: the days asked for, or the whole months they fall in. */
export function reportRange(q: Pick<DonationReportQuery, 'granularity' | 'from' | 'to'>): {
  first: string;
  last: string;
  from: string;
  to: string;
} {
  if (q.to < q.from) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ field: 'to', message: 'ends before it starts' }] });
  }
  const first = q.granularity === 'day' ? q.from : q.from.slice(0, 7);
  const last = q.granularity === 'day' ? q.to : q.to.slice(0, 7);
  const from = q.granularity === 'day' ? q.from : `${first}-01`;
  const to = q.granularity === 'day' ? q.to : addDays(`${addMonths(last, 1)}-01`, -1);
  const span =
    q.granularity === 'day'
      ? Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1
      : (Number(last.slice(0, 4)) - Number(first.slice(0, 4))) * 12 +
        Number(last.slice(5)) -
        Number(first.slice(5)) +
        1;
  const max = reportMaxPeriods[q.granularity];
  if (span > max) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ field: 'to', message: `at most ${max} ${q.granularity === 'day' ? 'days' : 'months'} per report` }],
    });
  }
  return { first, last, from, to };
}

/**
 * Sums the gifts received in the caller's units (donations:view) between two China dates, by day or month, and by
 * project, channel and receiving unit; with a unit, only that unit's subtree. Throws VALIDATION_FAILED for a range
 * that ends before it starts or is wider than 366 days / 120 months, OUT_OF_SCOPE / NOT_FOUND for a unit.
 */
export async function donationReport(db: Db, ctx: Ctx, q: DonationReportQuery): Promise<DonationReport> {
  const range = reportRange(q);
  const giftWhere: SQL[] = [orgs.orgScopeCondition(repo.columns.donation.orgId, ctx, 'donations:view')];
  const payoutWhere: SQL[] = [orgs.orgScopeCondition(repo.columns.payout.orgId, ctx, 'donations:view')];
  if (q.orgId) {
    const org = await orgs.getOrg(db, q.orgId);
    giftWhere.push(orgs.orgUnderCondition(repo.columns.donation.orgId, org.path));
    payoutWhere.push(orgs.orgUnderCondition(repo.columns.payout.orgId, org.path));
  }
  if (q.projectId) {
    giftWhere.push(eq(repo.columns.donation.projectId, q.projectId));
    payoutWhere.push(eq(repo.columns.payout.projectId, q.projectId));
  }
  if (q.channel) {
    giftWhere.push(eq(repo.columns.donation.channel, q.channel));
  }
  const from = chinaMidnight(range.from);
  const to = chinaMidnight(addDays(range.to, 1));
  const [cells, paid] = await Promise.all([
    repo.donationReportCells(db, giftWhere, q.granularity, from, to),
    q.channel ? Promise.resolve([]) : repo.payoutReportCells(db, payoutWhere, q.granularity, from, to),
  ]);

  const sums = (c: repo.ReportCell) => ({ amountFen: c.amountFen, count: c.count, refundedFen: c.refundedFen });
  const byPeriod = new Map<string, repo.ReportCell>();
  const periodChannels: DonationReport['periodChannels'] = [];
  const projectCells: repo.ReportCell[] = [];
  const channelCells: repo.ReportCell[] = [];
  const unitCells: repo.ReportCell[] = [];
  let overall: repo.ReportCell | undefined;
  for (const c of cells) {
    if (c.period !== null && c.channel !== null) {
      periodChannels.push({ period: c.period, channel: c.channel as Channel, amountFen: c.amountFen, count: c.count });
    } else if (c.period !== null) {
      byPeriod.set(c.period, c);
    } else if (c.projectId !== null) {
      projectCells.push(c);
    } else if (c.channel !== null) {
      channelCells.push(c);
    } else if (c.orgId !== null) {
      unitCells.push(c);
    } else {
      overall = c;
    }
  }
  const paidByPeriod = new Map(paid.map((p) => [p.period, p.amountFen]));
  const [projects, orgRows] = await Promise.all([
    repo.findProjectsByIds(
      db,
      projectCells.map((c) => c.projectId!),
    ),
    orgs.findOrgsByIds(
      db,
      unitCells.map((c) => c.orgId!),
    ),
  ]);
  const project = new Map(projects.map((p) => [p.id, p]));
  const orgName = new Map(orgRows.map((o) => [o.id, o.name]));
  const byAmount = (a: { amountFen: number }, b: { amountFen: number }) => b.amountFen - a.amountFen;

  return {
    granularity: q.granularity,
    from: range.from,
    to: range.to,
    totals: {
      amountFen: overall?.amountFen ?? 0,
      count: overall?.count ?? 0,
      refundedFen: overall?.refundedFen ?? 0,
      paidOutFen: q.channel ? null : paid.reduce((s, p) => s + p.amountFen, 0),
    },
    periods: periodLabels(q.granularity, range.first, range.last).map((period) => {
      const c = byPeriod.get(period);
      return {
        period,
        amountFen: c?.amountFen ?? 0,
        count: c?.count ?? 0,
        refundedFen: c?.refundedFen ?? 0,
        paidOutFen: q.channel ? null : (paidByPeriod.get(period) ?? 0),
      };
    }),
    periodChannels: periodChannels.sort(
      (a, b) => a.period.localeCompare(b.period) || a.channel.localeCompare(b.channel),
    ),
    projects: projectCells
      .map((c) => ({
        projectId: c.projectId!,
        projectCode: project.get(c.projectId!)?.code ?? '',
        projectName: project.get(c.projectId!)?.name ?? '',
        ...sums(c),
      }))
      .sort(byAmount),
    channels: channelCells.map((c) => ({ channel: c.channel as Channel, ...sums(c) })).sort(byAmount),
    units: unitCells.map((c) => ({ orgId: c.orgId!, orgName: orgName.get(c.orgId!) ?? '', ...sums(c) })).sort(byAmount),
  };
}
