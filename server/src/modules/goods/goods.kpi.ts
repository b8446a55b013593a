// The goods module's indicator for the cockpit (数字驾驶舱): the value of donated goods received. SQL over this
// module's own tables, run by the kpi refresh.
import { sql } from 'drizzle-orm';
import { chinaMonth, chinaWithin, type KpiDefinition } from '../kpi/kpi-sql';

export const goodsKpis: KpiDefinition[] = [
  {
    code: 'goods.value_received',
    group: 'donations',
    nameZh: '接收物资价值',
    nameEn: 'Value of goods received',
    unitZh: '元',
    unitEn: 'yuan',
    descriptionZh: '经双人清点确认入库的捐赠物资批次的价值(按接收时间);无价值凭证、只记数量的物资不计金额。',
    descriptionEn:
      'Value of donated goods lots confirmed into stock (two people counting), by time received; lots recorded by quantity only (no valuation evidence) add no value.',
    periodKind: 'flow',
    rollup: 'sum',
    scale: 0.01,
    decimals: 2,
    higherIsBetter: true,
    source: (r) => sql`
      SELECT org_id, ${chinaMonth('received_at')} AS month, value_fen::float8 AS value, NULL::float8 AS den
        FROM goods_lots WHERE status = 'received' AND value_fen IS NOT NULL AND ${chinaWithin('received_at', r)}`,
  },
];
