// The donor registries' indicators for the cockpit (数字驾驶舱): organ and body donor registrations, stem-cell samples
// and blood-drive donors. SQL over this module's own tables, run by the kpi refresh.
import { sql } from 'drizzle-orm';
import { chinaMonth, chinaWithin, dateMonth, dateWithin, type KpiDefinition } from '../kpi/kpi-sql';

export const registryKpis: KpiDefinition[] = [
  {
    code: 'registry.organ_registrations',
    group: 'other',
    nameZh: '器官捐献志愿登记',
    nameEn: 'Organ donor registrations',
    unitZh: '人',
    unitEn: 'people',
    descriptionZh: '人体器官捐献志愿登记人数,按签署同意的时间统计,计入登记单位;后来撤销的仍计入登记当月。',
    descriptionEn:
      'Organ donation registrations, by consent time, at the registering unit; later withdrawals still count in their month.',
    periodKind: 'flow',
    rollup: 'sum',
    scale: 1,
    decimals: 0,
    higherIsBetter: true,
    source: (r) => sql`
      SELECT org_id, ${chinaMonth('consent_at')} AS month, 1::float8 AS value, NULL::float8 AS den
        FROM donor_registrations WHERE kind = 'organ' AND ${chinaWithin('consent_at', r)}`,
  },
  {
    code: 'registry.body_registrations',
    group: 'other',
    nameZh: '遗体(组织)捐献登记',
    nameEn: 'Body and tissue donor registrations',
    unitZh: '人',
    unitEn: 'people',
    descriptionZh: '遗体(组织)捐献登记人数,按签署同意的时间统计,计入登记单位。',
    descriptionEn: 'Body and tissue donation registrations, by consent time, at the registering unit.',
    periodKind: 'flow',
    rollup: 'sum',
    scale: 1,
    decimals: 0,
    higherIsBetter: true,
    source: (r) => sql`
      SELECT org_id, ${chinaMonth('consent_at')} AS month, 1::float8 AS value, NULL::float8 AS den
        FROM donor_registrations WHERE kind = 'body' AND ${chinaWithin('consent_at', r)}`,
  },
  {
    code: 'registry.stemcell_samples',
    group: 'other',
    nameZh: '造血干细胞血样采集',
    nameEn: 'Stem-cell samples collected',
    unitZh: '份',
    unitEn: 'samples',
    descriptionZh: '采集的造血干细胞(HLA 分型)血样份数,按采集日期统计,计入登记单位。',
    descriptionEn: 'Blood samples collected for HLA typing, by collection date, at the registrant’s unit.',
    periodKind: 'flow',
    rollup: 'sum',
    scale: 1,
    decimals: 0,
    higherIsBetter: true,
    source: (r) => sql`
      SELECT g.org_id, ${dateMonth('s.collected_on')} AS month, 1::float8 AS value, NULL::float8 AS den
        FROM stemcell_samples s
        JOIN stemcell_registrations g ON g.region_id = s.region_id AND g.id = s.registration_id
       WHERE ${dateWithin('s.collected_on', r)}`,
  },
  {
    code: 'registry.blood_donors',
    group: 'other',
    nameZh: '无偿献血参与人次',
    nameEn: 'Blood-drive donors',
    unitZh: '人次',
    unitEn: 'donations',
    descriptionZh: '红十字会组织的献血活动中实际献血的人次(暂缓献血者不计),按献血日期统计。',
    descriptionEn:
      'People who gave blood at drives the Red Cross organised (deferred donors excluded), by donation date.',
    periodKind: 'flow',
    rollup: 'sum',
    scale: 1,
    decimals: 0,
    higherIsBetter: true,
    source: (r) => sql`
      SELECT org_id, ${dateMonth('donated_on')} AS month, 1::float8 AS value, NULL::float8 AS den
        FROM blood_drive_donors WHERE status = 'donated' AND donated_on IS NOT NULL AND ${dateWithin('donated_on', r)}`,
  },
];
