// The computed indicator catalogue: each module's `<m>.kpi.ts` defines its indicators as SQL over its own tables, and
// this file gathers them in catalogue order, with the starter manual indicators.
import { aedKpis } from '../aed/aed.kpi';
import { donationsKpis } from '../donations/donations.kpi';
import { goodsKpis } from '../goods/goods.kpi';
import { membersKpis } from '../members/members.kpi';
import { mutualaidKpis } from '../mutualaid/mutualaid.kpi';
import { orgsKpis } from '../orgs/orgs.kpi';
import { registryKpis } from '../registry/registry.kpi';
import { reliefKpis } from '../relief/relief.kpi';
import { rescueKpis } from '../rescue/rescue.kpi';
import { responseKpis } from '../response/response.kpi';
import { servicesKpis } from '../services/services.kpi';
import { trainingKpis } from '../training/training.kpi';
import { volunteersKpis } from '../volunteers/volunteers.kpi';
import type { KpiDefinition } from './kpi-sql';

export type { KpiDefinition, MonthRange } from './kpi-sql';

/** Every computed indicator, in catalogue order (the sort column follows this order). */
export const computedIndicators: readonly KpiDefinition[] = [
  ...donationsKpis,
  ...goodsKpis,
  ...reliefKpis,
  ...mutualaidKpis,
  ...trainingKpis,
  ...aedKpis,
  ...responseKpis,
  ...membersKpis,
  ...volunteersKpis,
  ...rescueKpis,
  ...registryKpis,
  ...orgsKpis,
  ...servicesKpis,
];

/** The demo's manual indicators (figures kept on paper), created by the catalogue sync when missing. */
export const starterManualIndicators = [
  {
    code: 'party.activities',
    group: 'party' as const,
    nameZh: '党建活动',
    nameEn: 'Party-building activities',
    unitZh: '次',
    unitEn: 'events',
    descriptionZh: '各单位每月填报的党建活动次数(主题党日、学习会等),附活动记录等佐证材料。',
    descriptionEn: 'Party-building activities held, entered monthly by each unit with evidence (minutes, photos).',
    periodKind: 'flow' as const,
  },
  {
    code: 'publicity.events',
    group: 'other' as const,
    nameZh: '宣传活动',
    nameEn: 'Publicity events',
    unitZh: '次',
    unitEn: 'events',
    descriptionZh: '各单位每月填报的红十字宣传活动次数(“5·8”宣传、进社区、进校园等),附佐证材料。',
    descriptionEn:
      'Red Cross publicity events (8 May campaigns, community and school visits), entered monthly with evidence.',
    periodKind: 'flow' as const,
  },
];
