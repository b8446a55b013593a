// The volunteers module's indicators for the cockpit (数字驾驶舱): registered volunteers, service hours and the people
// who served. SQL over this module's own tables, run by the kpi refresh.
import { sql } from 'drizzle-orm';
import { chinaMonth, chinaWithin, type KpiDefinition, monthEnds } from '../kpi/kpi-sql';

export const volunteersKpis: KpiDefinition[] = [
  {
    code: 'volunteers.registered',
    group: 'people',
    nameZh: '注册志愿者',
    nameEn: 'Registered volunteers',
    unitZh: '人',
    unitEn: 'people',
    descriptionZh: '月末已审核通过的注册志愿者人数(按审核时间;注销暂不记录日期,按当前状态计)。',
    descriptionEn:
      'Volunteers approved by month end (by approval time; deregistration keeps no date, so the current status is used).',
    periodKind: 'stock',
    rollup: 'sum',
    scale: 1,
    decimals: 0,
    higherIsBetter: true,
    source: (r) => sql`
      SELECT v.org_id, me.month, count(*)::float8 AS value, NULL::float8 AS den
        FROM ${monthEnds(r)}
        JOIN volunteers v ON v.status = 'approved' AND coalesce(v.decided_at, v.created_at) < me.end_at
       GROUP BY v.org_id, me.month`,
  },
  {
    code: 'volunteers.hours',
    group: 'people',
    nameZh: '志愿服务时长',
    nameEn: 'Volunteer service hours',
    unitZh: '小时',
    unitEn: 'hours',
    descriptionZh: '有效(未作废)的志愿服务记录时长之和,按服务开始时间统计,计入组织活动的单位。',
    descriptionEn: 'Hours of valid (not voided) service records, by start time, at the unit that ran the activity.',
    periodKind: 'flow',
    rollup: 'sum',
    scale: 1 / 60,
    decimals: 1,
    higherIsBetter: true,
    source: (r) => sql`
      SELECT org_id, ${chinaMonth('started_at')} AS month, minutes::float8 AS value, NULL::float8 AS den
        FROM volunteer_service_records WHERE status = 'approved' AND ${chinaWithin('started_at', r)}`,
  },
  {
    code: 'volunteers.served',
    group: 'people',
    nameZh: '参与服务志愿者',
    nameEn: 'Volunteers who served',
    unitZh: '人',
    unitEn: 'people',
    descriptionZh: '期间内至少有一条有效服务记录的志愿者人数;同一人在多个单位或多个月服务只计一次。',
    descriptionEn:
      'Volunteers with at least one valid service record in the period; each person counted once across units and months.',
    periodKind: 'flow',
    rollup: 'distinct',
    scale: 1,
    decimals: 0,
    higherIsBetter: true,
    source: (r) => sql`
      SELECT org_id, ${chinaMonth('started_at')} AS month, person_id::text AS key
        FROM volunteer_service_records WHERE status = 'approved' AND ${chinaWithin('started_at', r)}`,
  },
];
