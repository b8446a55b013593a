// Training statistics for a unit and a period: trainees, certificates issued, valid certificates, awareness attendees
// per child unit rolled up the tree (a parent's figure = its own records + its children's subtrees), as shares of the
// registered population against the target lines; theory and practical pass rates per course and per trainer.
import type { SQLWrapper } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { toChinaDate } from '../../platform/dates';
import { AppError } from '../../platform/errors';
import { type SheetColumn, writeSheet } from '../../platform/excel';
import type { Ctx } from '../../platform/http/context';
import { assertCanAt } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import { listChildUnits, populationsAt } from '../orgs/populations';
import { addDays } from './training-certificates';
import * as repo from './training-certificates.repo';
import type { PassRateRow, StatsQuery, StatsRow, TrainingStats } from './training-certificates.schemas';

/** The period [from, to) a query names (calendar dates, Asia/Shanghai). Throws VALIDATION_FAILED for a bad custom one. */
export function periodOf(q: StatsQuery, today: string = toChinaDate()): { from: string; to: string } {
  const year = q.year ?? Number(today.slice(0, 4));
  const pad = (n: number) => String(n).padStart(2, '0');
  switch (q.period) {
    case 'quarter': {
      const quarter = q.quarter ?? Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
      const start = (quarter - 1) * 3 + 1;
      return {
        from: `${year}-${pad(start)}-01`,
        to: quarter === 4 ? `${year + 1}-01-01` : `${year}-${pad(start + 3)}-01`,
      };
    }
    case 'month': {
      const month = q.month ?? Number(today.slice(5, 7));
      return {
        from: `${year}-${pad(month)}-01`,
        to: month === 12 ? `${year + 1}-01-01` : `${year}-${pad(month + 1)}-01`,
      };
    }
    case 'custom': {
      if (!q.from || !q.to || q.to < q.from) {
        throw new AppError('VALIDATION_FAILED', { fields: ['from', 'to'], reason: 'a custom period needs from ≤ to' });
      }
      return { from: q.from, to: addDays(q.to, 1) };
    }
    default:
      return { from: `${year}-01-01`, to: `${year + 1}-01-01` };
  }
}

type Figures = { trainees: number; certificatesIssued: number; validCertificates: number; awarenessAttendees: number };
const zero = (): Figures => ({ trainees: 0, certificatesIssued: 0, validCertificates: 0, awarenessAttendees: 0 });

function add(a: Figures, b: Figures): Figures {
  return {
    trainees: a.trainees + b.trainees,
    certificatesIssued: a.certificatesIssued + b.certificatesIssued,
    validCertificates: a.validCertificates + b.validCertificates,
    awarenessAttendees: a.awarenessAttendees + b.awarenessAttendees,
  };
}

/** A percentage of the population, to 0.001 % (a county of a million: one holder in a thousand reads 0.1 %). */
const share = (n: number, population: number | null) =>
  population ? Math.round((n / population) * 100_000) / 1000 : null;

function toRow(
  unit: { id: number; name: string },
  kind: StatsRow['kind'],
  f: Figures,
  pop: { population: number; year: number } | null,
): StatsRow {
  return {
    orgId: unit.id,
    name: unit.name,
    kind,
    population: pop?.population ?? null,
    populationYear: pop?.year ?? null,
    ...f,
    certifiedShare: share(f.validCertificates, pop?.population ?? null),
    awarenessShare: share(f.awarenessAttendees, pop?.population ?? null),
  };
}

function toRate(r: {
  key: string;
  label: string;
  theory_passed: number;
  theory_decided: number;
  practical_passed: number;
  practical_decided: number;
}): PassRateRow {
  const rate = (p: number, d: number) => (d > 0 ? Math.round((p / d) * 1000) / 10 : null);
  return {
    key: r.key,
    label: r.label,
    theoryPassed: Number(r.theory_passed),
    theoryDecided: Number(r.theory_decided),
    theoryRate: rate(Number(r.theory_passed), Number(r.theory_decided)),
    practicalPassed: Number(r.practical_passed),
    practicalDecided: Number(r.practical_decided),
    practicalRate: rate(Number(r.practical_passed), Number(r.practical_decided)),
  };
}

/**
 * The statistics of a unit (training:view there) for a period. Rows: one per child unit (its whole subtree), one for
 * the unit's own records; total = own + children. Population: the latest year on record up to the period's year;
 * a unit without its own figure takes the sum of its children's when every child has one.
 */
export async function trainingStats(db: Db, ctx: Ctx, q: StatsQuery): Promise<TrainingStats> {
  const org = await orgs.getOrg(db, q.orgId);
  assertCanAt(ctx.actor, 'training:view', org.path);
  const today = toChinaDate();
  const { from, to } = periodOf(q, today);
  const w: repo.StatWindow = {
    scopeOn: (col: SQLWrapper) => orgs.orgUnderCondition(col, org.path),
    regionId: org.type === 'province' ? undefined : org.regionId,
    from,
    to,
    today,
  };
  const counts = await repo.countsByOrg(db, w);
  const perOrg = new Map<number, Figures>();
  const bump = (rows: { org_id: number; n: number }[], key: keyof Figures) => {
    for (const r of rows) {
      const f = perOrg.get(Number(r.org_id)) ?? zero();
      f[key] += Number(r.n);
      perOrg.set(Number(r.org_id), f);
    }
  };
  bump(counts.trainees, 'trainees');
  bump(counts.issued, 'certificatesIssued');
  bump(counts.valid, 'validCertificates');
  bump(counts.awareness, 'awarenessAttendees');

  const children = await listChildUnits(db, org.id);
  const paths = new Map((await orgs.findOrgsByIds(db, [...perOrg.keys()])).map((o) => [o.id, o.path]));
  const childFigures = new Map(children.map((c) => [c.id, zero()]));
  let own = zero();
  for (const [orgId, f] of perOrg) {
    const path = paths.get(orgId) ?? '';
    const child = children.find((c) => path.startsWith(c.path));
    if (child) {
      childFigures.set(child.id, add(childFigures.get(child.id)!, f));
    } else {
      own = add(own, f);
    }
  }
  const periodYear = Number(addDays(to, -1).slice(0, 4));
  const pops = await populationsAt(db, [org.id, ...children.map((c) => c.id)], periodYear);
  const rows = children.map((c) => toRow(c, 'child', childFigures.get(c.id)!, pops.get(c.id) ?? null));
  const totalFigures = rows.reduce<Figures>((s, r) => add(s, r), own);
  let totalPop = pops.get(org.id) ?? null;
  if (!totalPop && children.length > 0 && children.every((c) => pops.has(c.id))) {
    totalPop = {
      population: children.reduce((s, c) => s + pops.get(c.id)!.population, 0),
      year: Math.min(...children.map((c) => pops.get(c.id)!.year)),
    };
  }
  const rates = await repo.passRates(db, w);
  return {
    orgId: org.id,
    unitName: org.name,
    from,
    to,
    certifiedTarget: q.certifiedTarget,
    awarenessTarget: q.awarenessTarget,
    rows: [...rows, toRow(org, 'own', own, null)],
    total: toRow(org, 'total', totalFigures, totalPop),
    byCourse: rates.byCourse.map(toRate),
    byTrainer: rates.byTrainer.map(toRate),
  };
}

const statsColumns: SheetColumn[] = [
  { key: 'name', header: '单位', width: 24 },
  { key: 'kind', header: '口径', width: 10 },
  { key: 'population', header: '户籍人口', width: 12 },
  { key: 'trainees', header: '培训人数', width: 10 },
  { key: 'certificatesIssued', header: '发证数', width: 10 },
  { key: 'validCertificates', header: '有效持证数', width: 12 },
  { key: 'certifiedShare', header: '持证率(%)', width: 10 },
  { key: 'awarenessAttendees', header: '普及培训人次', width: 14 },
  { key: 'awarenessShare', header: '普及率(%)', width: 10 },
];

const kindZh: Record<StatsRow['kind'], string> = { child: '下级合计', own: '本级', total: '合计' };

/** The statistics as an Excel sheet: one row per child unit, the unit's own row and the total. */
export async function exportTrainingStats(db: Db, ctx: Ctx, q: StatsQuery): Promise<Buffer> {
  const stats = await trainingStats(db, ctx, q);
  return writeSheet(
    `培训统计 ${stats.from}`,
    statsColumns,
    [...stats.rows, stats.total].map((r) => ({ ...r, kind: kindZh[r.kind] })),
  );
}
