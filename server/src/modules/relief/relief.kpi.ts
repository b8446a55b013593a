// The relief module's indicators for the cockpit (数字驾驶舱): people helped and the amount paid. SQL over this
// module's own tables, run by the kpi refresh.
import { sql } from 'drizzle-orm';
import { chinaMonth, chinaWithin, type KpiDefinition } from '../kpi/kpi-sql';

export const reliefKpis: KpiDefinition[] = [
  {
    code: 'relief.cases_paid',
    group: 'relief',
    nameZh: '人道救助人次',
    nameEn: 'Relief cases paid',
    unitZh: '人次',
    unitEn: 'cases',
    descriptionZh: '已发放救助款的救助个案(含批量救助中的个案),按发放时间统计,计入受理单位。',
    descriptionEn:
      'Relief cases whose money was paid (cases of batch relief included), by payment time, at the handling unit.',
    periodKind: 'flow',
    rollup: 'sum',
    scale: 1,
    decimals: 0,
    higherIsBetter: true,
    source: (r) => sql`
      SELECT org_id, ${chinaMonth('paid_at')} AS month, 1::float8 AS value, NULL::float8 AS den
        FROM relief_cases WHERE paid_at IS NOT NULL AND ${chinaWithin('paid_at', r)}`,
  },
  {
    code: 'relief.amount_paid',
    group: 'relief',
    nameZh: '救助金额',
    nameEn: 'Relief paid',
    unitZh: '元',
    unitEn: 'yuan',
    descriptionZh: '救助个案已发放的金额之和,按发放时间统计。',
    descriptionEn: 'Money paid to relief cases, by payment time.',
    periodKind: 'flow',
    rollup: 'sum',
    scale: 0.01,
    decimals: 2,
    higherIsBetter: true,
    source: (r) => sql`
      SELECT org_id, ${chinaMonth('paid_at')} AS month, coalesce(paid_fen, 0)::float8 AS value, NULL::float8 AS den
        FROM relief_cases WHERE paid_at IS NOT NULL AND ${chinaWithin('paid_at', r)}`,
  },
];
