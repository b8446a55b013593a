// The 救在身边 module's indicator for the cockpit (数字驾驶舱): emergencies where a volunteer responder reached the
// patient. SQL over this module's own tables, run by the kpi refresh.
import { sql } from 'drizzle-orm';
import { chinaMonth, chinaWithin, type KpiDefinition } from '../kpi/kpi-sql';

export const responseKpis: KpiDefinition[] = [
  {
    code: 'response.responder_on_scene',
    group: 'first_aid',
    nameZh: '志愿者到场急救',
    nameEn: 'Emergencies with a responder on scene',
    unitZh: '起',
    unitEn: 'emergencies',
    descriptionZh: '“救在身边”呼救中有应急救护志愿者到达现场的次数,按呼救时间统计,计入呼救所在单位。',
    descriptionEn:
      'Emergencies where a volunteer first-aider reached the patient, by time raised, at the unit of the emergency.',
    periodKind: 'flow',
    rollup: 'sum',
    scale: 1,
    decimals: 0,
    higherIsBetter: true,
    source: (r) => sql`
      SELECT org_id, ${chinaMonth('raised_at')} AS month, 1::float8 AS value, NULL::float8 AS den
        FROM response_emergencies WHERE first_arrived_at IS NOT NULL AND ${chinaWithin('raised_at', r)}`,
  },
];
