// The rescue teams' indicators for the cockpit (数字驾驶舱): deployments and 出勤人次. SQL over this module's own
// tables, run by the kpi refresh.
import { sql } from 'drizzle-orm';
import { chinaMonth, chinaWithin, type KpiDefinition } from '../kpi/kpi-sql';

export const rescueKpis: KpiDefinition[] = [
  {
    code: 'rescue.deployments',
    group: 'people',
    nameZh: '救援队出动',
    nameEn: 'Rescue deployments',
    unitZh: '次',
    unitEn: 'deployments',
    descriptionZh: '红十字救援队的出动次数,按召集时间统计,计入救援队。',
    descriptionEn: 'Rescue team call-outs, by call-out time, at the team.',
    periodKind: 'flow',
    rollup: 'sum',
    scale: 1,
    decimals: 0,
    higherIsBetter: true,
    source: (r) => sql`
      SELECT team_org_id AS org_id, ${chinaMonth('called_out_at')} AS month, 1::float8 AS value, NULL::float8 AS den
        FROM rescue_deployments WHERE ${chinaWithin('called_out_at', r)}`,
  },
  {
    code: 'rescue.turnouts',
    group: 'people',
    nameZh: '救援出勤人次',
    nameEn: 'Rescue turnouts',
    unitZh: '人次',
    unitEn: 'turnouts',
    descriptionZh: '每次出动派出的队员人次之和,按召集时间统计,计入队员所在救援队。',
    descriptionEn: 'Team members sent on each deployment, by call-out time, at the member’s team.',
    periodKind: 'flow',
    rollup: 'sum',
    scale: 1,
    decimals: 0,
    higherIsBetter: true,
    source: (r) => sql`
      SELECT m.team_org_id AS org_id, ${chinaMonth('d.called_out_at')} AS month, 1::float8 AS value, NULL::float8 AS den
        FROM rescue_deployment_members m
        JOIN rescue_deployments d ON d.region_id = m.region_id AND d.id = m.deployment_id
       WHERE ${chinaWithin('d.called_out_at', r)}`,
  },
];
