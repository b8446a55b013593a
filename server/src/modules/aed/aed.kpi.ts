// The AED module's indicators for the cockpit (数字驾驶舱): devices in place at month end, and per 100,000 inhabitants.
// SQL over this module's own tables, run by the kpi refresh.
import { type SQL, sql } from 'drizzle-orm';
import { type KpiDefinition, type MonthRange, monthEnds } from '../kpi/kpi-sql';

/** Devices in place at each month end: installed (or registered) before it, and not removed before it. */
function devicesAtMonthEnd(r: MonthRange): SQL {
  return sql`
    SELECT a.org_id, me.month, count(*)::float8 AS value, NULL::float8 AS den
      FROM ${monthEnds(r)}
      JOIN aeds a ON coalesce(a.installed_on, (a.created_at AT TIME ZONE 'Asia/Shanghai')::date) < me.end_date
        AND NOT (a.status = 'removed' AND a.status_changed_at < me.end_at)
     GROUP BY a.org_id, me.month`;
}

const approximation = {
  zh: '月末在册的AED:安装日期(无则登记日期)不晚于月末,且月末前未撤除;暂停服务的设备仍计入。',
  en: 'AEDs registered at month end: installed (else registered) by then and not removed before it; devices out of service still count.',
};

export const aedKpis: KpiDefinition[] = [
  {
    code: 'aed.devices',
    group: 'first_aid',
    nameZh: 'AED配置数',
    nameEn: 'AEDs in place',
    unitZh: '台',
    unitEn: 'devices',
    descriptionZh: approximation.zh,
    descriptionEn: approximation.en,
    periodKind: 'stock',
    rollup: 'sum',
    scale: 1,
    decimals: 0,
    higherIsBetter: true,
    source: devicesAtMonthEnd,
  },
  {
    code: 'aed.per_100k',
    group: 'first_aid',
    nameZh: '每10万人AED配置数',
    nameEn: 'AEDs per 100,000 inhabitants',
    unitZh: '台/10万人',
    unitEn: 'per 100,000',
    descriptionZh: `${approximation.zh}除以户籍人口再乘以10万。`,
    descriptionEn: `${approximation.en} Divided by the registered population, times 100,000.`,
    periodKind: 'stock',
    rollup: 'per_population',
    scale: 100_000,
    decimals: 2,
    higherIsBetter: true,
    source: devicesAtMonthEnd,
  },
];
