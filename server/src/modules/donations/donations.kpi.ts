// The donations module's indicators for the cockpit (数字驾驶舱): SQL over this module's own tables (gifts received,
// their reversals, payouts), run inside the database by the kpi refresh.
import { sql } from 'drizzle-orm';
import { chinaMonth, chinaWithin, type KpiDefinition } from '../kpi/kpi-sql';

export const donationsKpis: KpiDefinition[] = [
  {
    code: 'donations.funds_raised',
    group: 'donations',
    nameZh: '募集资金',
    nameEn: 'Funds raised',
    unitZh: '元',
    unitEn: 'yuan',
    descriptionZh: '按到账时间统计的捐赠资金(款物接收记录),减去当月完成的退款与更正;不含物资。',
    descriptionEn:
      'Money gifts received (by time received), less refunds and corrections completed in the month; goods excluded.',
    periodKind: 'flow',
    rollup: 'sum',
    scale: 0.01,
    decimals: 2,
    higherIsBetter: true,
    source: (r) => sql`
      SELECT org_id, ${chinaMonth('received_at')} AS month, amount_fen::float8 AS value, NULL::float8 AS den
        FROM donations WHERE ${chinaWithin('received_at', r)}
      UNION ALL
      SELECT org_id, ${chinaMonth('decided_at')}, -amount_fen::float8, NULL
        FROM donation_reversals WHERE status = 'done' AND ${chinaWithin('decided_at', r)}`,
  },
  {
    code: 'donations.gifts',
    group: 'donations',
    nameZh: '捐赠人次',
    nameEn: 'Gifts received',
    unitZh: '人次',
    unitEn: 'gifts',
    descriptionZh: '按到账时间统计的资金捐赠笔数(每笔款物接收记录计一次,含网上捐款)。',
    descriptionEn: 'Money gifts received in the period, one per receipt record (online gifts included).',
    periodKind: 'flow',
    rollup: 'sum',
    scale: 1,
    decimals: 0,
    higherIsBetter: true,
    source: (r) => sql`
      SELECT org_id, ${chinaMonth('received_at')} AS month, 1::float8 AS value, NULL::float8 AS den
        FROM donations WHERE ${chinaWithin('received_at', r)}`,
  },
  {
    code: 'donations.payouts',
    group: 'donations',
    nameZh: '拨付资金',
    nameEn: 'Payouts made',
    unitZh: '元',
    unitEn: 'yuan',
    descriptionZh: '经复核已拨付的资金(按批准时间),含管理费;调拨不计入。',
    descriptionEn:
      'Payouts approved and paid (by decision time), management fees included; transfers between funds excluded.',
    periodKind: 'flow',
    rollup: 'sum',
    scale: 0.01,
    decimals: 2,
    higherIsBetter: true,
    source: (r) => sql`
      SELECT org_id, ${chinaMonth('decided_at')} AS month, amount_fen::float8 AS value, NULL::float8 AS den
        FROM payouts WHERE status = 'paid' AND ${chinaWithin('decided_at', r)}`,
  },
];
