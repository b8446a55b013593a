// The village mutual-aid funds' indicator for the cockpit (数字驾驶舱): grants paid. SQL over this module's own tables,
// run by the kpi refresh.
import { sql } from 'drizzle-orm';
import { chinaMonth, chinaWithin, type KpiDefinition } from '../kpi/kpi-sql';

export const mutualaidKpis: KpiDefinition[] = [
  {
    code: 'mutualaid.grants',
    group: 'relief',
    nameZh: '互助金救助发放',
    nameEn: 'Mutual-aid grants paid',
    unitZh: '元',
    unitEn: 'yuan',
    descriptionZh: '村(社区)互助金已批准发放的救助金额(按批准时间);借款不计入。',
    descriptionEn:
      'Grants paid from village mutual-aid funds (by decision time); interest-free loans are not included.',
    periodKind: 'flow',
    rollup: 'sum',
    scale: 0.01,
    decimals: 2,
    higherIsBetter: true,
    source: (r) => sql`
      SELECT org_id, ${chinaMonth('decided_at')} AS month, amount_fen::float8 AS value, NULL::float8 AS den
        FROM mutualaid_grants WHERE status = 'paid' AND ${chinaWithin('decided_at', r)}`,
  },
];
