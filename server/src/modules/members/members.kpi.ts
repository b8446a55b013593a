// The members module's indicators for the cockpit (数字驾驶舱): new and active members. SQL over this module's own
// tables, run by the kpi refresh.
import { sql } from 'drizzle-orm';
import { dateMonth, dateWithin, type KpiDefinition, monthEnds } from '../kpi/kpi-sql';

export const membersKpis: KpiDefinition[] = [
  {
    code: 'members.new',
    group: 'people',
    nameZh: '新发展会员',
    nameEn: 'New members',
    unitZh: '人',
    unitEn: 'members',
    descriptionZh: '按入会日期统计的新会员(个人与团体会员各计一),计入所属单位;后来失效或退会的仍计入入会当月。',
    descriptionEn:
      'Members admitted, by joining date (an individual or a group member counts one), at their unit; later lapses or withdrawals still count in the month they joined.',
    periodKind: 'flow',
    rollup: 'sum',
    scale: 1,
    decimals: 0,
    higherIsBetter: true,
    source: (r) => sql`
      SELECT org_id, ${dateMonth('joined_on')} AS month, 1::float8 AS value, NULL::float8 AS den
        FROM members WHERE joined_on IS NOT NULL AND status IN ('active', 'lapsed', 'withdrawn')
          AND ${dateWithin('joined_on', r)}`,
  },
  {
    code: 'members.active',
    group: 'people',
    nameZh: '有效会员',
    nameEn: 'Active members',
    unitZh: '人',
    unitEn: 'members',
    descriptionZh: '月末有效的会员:入会日期不晚于月末,且月末前未失效;退会不记录日期,退会会员不计(近似)。',
    descriptionEn:
      'Members in good standing at month end: joined by then and not lapsed before it; withdrawals keep no date, so withdrawn members are left out (an approximation).',
    periodKind: 'stock',
    rollup: 'sum',
    scale: 1,
    decimals: 0,
    higherIsBetter: true,
    source: (r) => sql`
      SELECT m.org_id, me.month, count(*)::float8 AS value, NULL::float8 AS den
        FROM ${monthEnds(r)}
        JOIN members m ON m.status IN ('active', 'lapsed') AND m.joined_on < me.end_date
          AND (m.lapsed_at IS NULL OR m.lapsed_at >= me.end_at)
       GROUP BY m.org_id, me.month`,
  },
];
