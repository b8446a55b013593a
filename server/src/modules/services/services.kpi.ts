// The online service hall's indicators for the cockpit (数字驾驶舱): 办结率, on-time rate and average handling days.
// SQL over this module's own tables, run by the kpi refresh.
import { sql } from 'drizzle-orm';
import { chinaMonth, chinaWithin, dateMonth, dateWithin, type KpiDefinition } from '../kpi/kpi-sql';

export const servicesKpis: KpiDefinition[] = [
  {
    code: 'services.completion_rate',
    group: 'services',
    nameZh: '网上服务大厅办结率',
    nameEn: 'Service hall completion rate',
    unitZh: '%',
    unitEn: '%',
    descriptionZh: '办理期限落在当期的已受理事项中,已办结(办结或不予批准)的比例;尚未到期的事项不计入。',
    descriptionEn:
      'Of the accepted requests whose handling deadline falls in the period, the share concluded (done or rejected); requests not yet due are left out.',
    periodKind: 'flow',
    rollup: 'ratio',
    scale: 100,
    decimals: 1,
    higherIsBetter: true,
    source: (r) => sql`
      SELECT org_id, ${dateMonth('due_on')} AS month,
             (CASE WHEN concluded_at IS NOT NULL AND status IN ('done', 'rejected') THEN 1 ELSE 0 END)::float8 AS value,
             1::float8 AS den
        FROM service_requests WHERE accepted_at IS NOT NULL AND due_on IS NOT NULL AND ${dateWithin('due_on', r)}`,
  },
  {
    code: 'services.on_time_rate',
    group: 'services',
    nameZh: '按时办结率',
    nameEn: 'Concluded on time',
    unitZh: '%',
    unitEn: '%',
    descriptionZh: '当期办结的事项中在承诺时限内办结的比例(按办结时间)。',
    descriptionEn:
      'Of the requests concluded in the period (by conclusion time), the share concluded within the promised time.',
    periodKind: 'flow',
    rollup: 'ratio',
    scale: 100,
    decimals: 1,
    higherIsBetter: true,
    source: (r) => sql`
      SELECT org_id, ${chinaMonth('concluded_at')} AS month,
             (CASE WHEN is_on_time THEN 1 ELSE 0 END)::float8 AS value, 1::float8 AS den
        FROM service_requests WHERE is_on_time IS NOT NULL AND ${chinaWithin('concluded_at', r)}`,
  },
  {
    code: 'services.avg_handling_days',
    group: 'services',
    nameZh: '平均办理天数',
    nameEn: 'Average handling days',
    unitZh: '天',
    unitEn: 'days',
    descriptionZh: '当期办结事项的办理天数(工作日,按服务大厅的计时规则)平均值;越少越好。',
    descriptionEn:
      'Average handling days (working days, as the service hall counts them) of requests concluded in the period; lower is better.',
    periodKind: 'flow',
    rollup: 'ratio',
    scale: 1,
    decimals: 1,
    higherIsBetter: false,
    source: (r) => sql`
      SELECT org_id, ${chinaMonth('concluded_at')} AS month, handling_days::float8 AS value, 1::float8 AS den
        FROM service_requests WHERE handling_days IS NOT NULL AND ${chinaWithin('concluded_at', r)}`,
  },
];
