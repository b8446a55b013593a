// Demo data for the coverage-gap analysis and the public pages: key places of 诸暨市 (schools, the railway station,
// malls, scenic spots, the sports centre, hospitals) with daily footfall estimates, and one problem report from the
// public, so the coverage page shows covered places and real gaps on a first run.
import type { Db } from '../../db/client';
import type { Ctx } from '../../platform/http/context';
import { systemActor } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import { addKeyPlace, listUnitKeyPlaces } from './aed-coverage';
import { reportProblem } from './aed-public';
import * as repo from './aed-public.repo';
import type { KeyPlaceInput } from './aed-public.schemas';

type Place = Omit<KeyPlaceInput, 'orgId' | 'datum' | 'note'> & { note?: string };

/** WGS-84, around 诸暨 城区 and its towns. */
const places: Place[] = [
  { name: '诸暨站', kind: 'station', lat: 29.7198, lng: 120.2727, footfall: 26000 },
  { name: '诸暨汽车客运中心', kind: 'station', lat: 29.699, lng: 120.2508, footfall: 9000 },
  { name: '诸暨万达广场', kind: 'mall', lat: 29.705, lng: 120.259, footfall: 30000 },
  { name: '雄风新天地', kind: 'mall', lat: 29.7087, lng: 120.2369, footfall: 12000 },
  { name: '西施故里旅游区', kind: 'scenic', lat: 29.7102, lng: 120.248, footfall: 8000 },
  { name: '五泄风景区', kind: 'scenic', lat: 29.7515, lng: 120.0838, footfall: 6000 },
  { name: '东白湖生态旅游区', kind: 'scenic', lat: 29.6086, lng: 120.4392, footfall: 3000 },
  { name: '诸暨市体育中心', kind: 'stadium', lat: 29.7296, lng: 120.2499, footfall: 5000 },
  { name: '诸暨市人民医院', kind: 'hospital', lat: 29.7175, lng: 120.2476, footfall: 15000 },
  { name: '诸暨市中医医院', kind: 'hospital', lat: 29.706, lng: 120.2342, footfall: 6000 },
  { name: '诸暨中学', kind: 'school', lat: 29.7206, lng: 120.2324, footfall: 4200 },
  { name: '浣纱小学', kind: 'school', lat: 29.7133, lng: 120.241, footfall: 2600 },
  { name: '暨阳初级中学', kind: 'school', lat: 29.6987, lng: 120.2301, footfall: 2100 },
  { name: '诸暨技师学院', kind: 'school', lat: 29.7561, lng: 120.2481, footfall: 5200 },
  { name: '店口镇政府广场', kind: 'community', lat: 29.872, lng: 120.2917, footfall: 4000 },
  { name: '大唐镇袜业城', kind: 'mall', lat: 29.7475, lng: 120.1698, footfall: 11000 },
  { name: '山下湖珍珠市场', kind: 'mall', lat: 29.7786, lng: 120.3342, footfall: 7000 },
  { name: '诸暨市行政中心', kind: 'office', lat: 29.7136, lng: 120.2378, footfall: 3500 },
];

/** Adds the key places to 诸暨市 (330681) once, and one public problem report on a demo device. */
export async function seedDemoKeyPlaces(db: Db): Promise<void> {
  const ctx: Ctx = { actor: systemActor('seed'), requestId: null, ip: null, locale: 'zh' };
  const zhuji = await orgs.findOrgByCode(db, '330681');
  if (!zhuji || (await listUnitKeyPlaces(db, ctx, zhuji.id)).length > 0) {
    return;
  }
  for (const p of places) {
    await addKeyPlace(db, ctx, { ...p, orgId: zhuji.id, datum: 'wgs84', note: p.note ?? '' });
  }
  const [device] = await repo.searchAeds(db, '万达', 1);
  if (device) {
    await reportProblem(db, { ...ctx, ip: '127.0.0.1' }, device.code, {
      kind: 'inaccessible',
      note: '晚上九点半AED柜门上锁,服务台无人',
      phone: '13905751234',
    });
  }
}
