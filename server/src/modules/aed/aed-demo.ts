// Demo data for the AED registry: ~25 devices around 诸暨市 (hospitals, 万达广场, the railway station, 西施故里 救护站,
// schools with school hours, 24-hour cabinets), with guardians, inspections, a few devices needing service or used in
// a rescue, expiring pads and batteries (so the daily job raises tasks), and one device on telemetry.
import type { Db } from '../../db/client';
import { toChinaDate } from '../../platform/dates';
import type { Ctx } from '../../platform/http/context';
import { systemActor } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import { listChildUnits, populationsAt, seedPopulations } from '../orgs/populations';
import * as repo from './aed.repo';
import { inspectionItems } from './aed.schemas';
import { addDays, changeStatus, createAed, getAedRow } from './aed-registry';
import { checkHeartbeats, heartbeat, issueDeviceKey, selfTest } from './aed-telemetry';
import { raiseDueTasks, recordInspection, reportUsage } from './aed-upkeep';

export const aedDemoAccounts = [
  {
    username: 'aedguan',
    displayName: '诸暨市红会AED管理员',
    roleId: 'aed_admin',
    orgCode: '330681',
    note: '诸暨市 · AED管理员(设备登记、巡检、维护任务、设备密钥、统计)',
  },
  {
    username: 'diaodu',
    displayName: '诸暨市急救调度员',
    roleId: 'dispatcher',
    orgCode: '330681',
    note: '诸暨市 · 急救调度员(发起与调度急救事件)',
  },
] as const;

type Hours = '24h' | 'mall' | 'school' | 'office' | 'scenic' | 'station' | 'library' | 'sports' | 'clinic';
const h = (from: number, to: number) => [{ from, to }];
const hours: Record<Exclude<Hours, '24h'>, { week: { from: number; to: number }[][]; text: string }> = {
  mall: { week: Array.from({ length: 7 }, () => h(10, 22)), text: '每天 10:00-22:00' },
  school: { week: [h(7, 18), h(7, 18), h(7, 18), h(7, 18), h(7, 18), [], []], text: '上课日 周一至周五 07:00-18:00' },
  office: { week: [h(8, 18), h(8, 18), h(8, 18), h(8, 18), h(8, 18), [], []], text: '周一至周五 08:00-18:00' },
  scenic: { week: Array.from({ length: 7 }, () => h(8, 17)), text: '每天 08:00-17:00(景区开放时间)' },
  station: { week: Array.from({ length: 7 }, () => h(6, 22)), text: '每天 05:30-22:30(按首末班车)' },
  library: {
    week: [[], h(9, 20), h(9, 20), h(9, 20), h(9, 20), h(9, 20), h(9, 20)],
    text: '周二至周日 09:00-20:00,周一闭馆',
  },
  sports: { week: Array.from({ length: 7 }, () => h(6, 22)), text: '每天 06:00-22:00' },
  clinic: {
    week: [h(8, 17), h(8, 17), h(8, 17), h(8, 17), h(8, 17), h(8, 12), []],
    text: '周一至周五 08:00-17:00,周六 08:00-12:00',
  },
};

type Demo = {
  unit: string;
  brand: string;
  model: string;
  lat: number;
  lng: number;
  address: string;
  building: string;
  floor: string;
  spot: string;
  hours: Hours;
  access?: string;
  keyHolder?: string;
  /** Days from today. */
  battery: number;
  pads: number;
  guardians: [string, string][];
};

// Owner units: a township code, 330681 itself, or the name of a grassroots unit under 诸暨.
const devices: Demo[] = [
  {
    unit: '330681',
    brand: '迈瑞',
    model: 'BeneHeart C2',
    lat: 29.71702,
    lng: 120.24698,
    address: '诸暨市暨阳街道健康路 9 号',
    building: '诸暨市人民医院 门急诊楼',
    floor: '1F',
    spot: '急诊大厅分诊台对面墙面',
    hours: '24h',
    battery: 900,
    pads: 400,
    guardians: [
      ['周建华', '13957500101'],
      ['急诊护士站', '13957500102'],
    ],
  },
  {
    unit: '330681',
    brand: '飞利浦',
    model: 'HeartStart HS1',
    lat: 29.70551,
    lng: 120.23352,
    address: '诸暨市暨南街道艮塔西路 2 号',
    building: '诸暨市中医医院',
    floor: '1F',
    spot: '门诊大厅挂号处旁',
    hours: '24h',
    battery: 700,
    pads: 25,
    guardians: [['陈丽', '13957500103']],
  },
  {
    unit: '330681003',
    brand: '迈瑞',
    model: 'BeneHeart C1A',
    lat: 29.70442,
    lng: 120.25817,
    address: '诸暨市陶朱街道望云路 99 号',
    building: '诸暨万达广场',
    floor: '1F',
    spot: '中庭服务台左侧',
    hours: 'mall',
    access: '商场营业时间内可取用,夜间请联系保安室',
    keyHolder: '万达广场保安室',
    battery: 1000,
    pads: 500,
    guardians: [
      ['王磊', '13957500104'],
      ['赵敏', '13957500105'],
    ],
  },
  {
    unit: '330681003',
    brand: '迈瑞',
    model: 'BeneHeart C1A',
    lat: 29.70461,
    lng: 120.25844,
    address: '诸暨市陶朱街道望云路 99 号',
    building: '诸暨万达广场',
    floor: '3F',
    spot: '影城入口右侧',
    hours: 'mall',
    battery: 1000,
    pads: 18,
    guardians: [['王磊', '13957500104']],
  },
  {
    unit: '330681002',
    brand: '卓尔',
    model: 'AED Plus',
    lat: 29.71931,
    lng: 120.27203,
    address: '诸暨市浣东街道站前路 1 号',
    building: '诸暨站 候车大厅',
    floor: '2F',
    spot: '检票口 3 号旁',
    hours: 'station',
    access: '车站值班室 24 小时有人',
    battery: 45,
    pads: 300,
    guardians: [['李强', '13957500106']],
  },
  {
    unit: '西施故里景区红十字救护站',
    brand: '久心',
    model: 'iAED-S1',
    lat: 29.7095,
    lng: 120.2489,
    address: '诸暨市浣东街道浣纱南路 西施故里景区',
    building: '景区红十字救护站',
    floor: '1F',
    spot: '救护站门口',
    hours: 'scenic',
    access: '救护站志愿者值守',
    battery: 800,
    pads: 600,
    guardians: [['孙倩', '13957500107']],
  },
  {
    unit: '诸暨市浣纱小学红十字会',
    brand: '迈瑞',
    model: 'BeneHeart C1A',
    lat: 29.7129,
    lng: 120.2405,
    address: '诸暨市暨阳街道浣纱路 127 号',
    building: '浣纱小学 体育馆',
    floor: '1F',
    spot: '体育馆入口',
    hours: 'school',
    access: '放学后请联系门卫',
    keyHolder: '学校门卫室',
    battery: 600,
    pads: 28,
    guardians: [['钱老师', '13957500108']],
  },
  {
    unit: '诸暨中学红十字会',
    brand: '飞利浦',
    model: 'HeartStart FRx',
    lat: 29.7201,
    lng: 120.2318,
    address: '诸暨市暨阳街道大桥路 2 号',
    building: '诸暨中学 田径场',
    floor: '1F',
    spot: '看台下医务室门外',
    hours: 'school',
    battery: 900,
    pads: 250,
    guardians: [['何老师', '13957500109']],
  },
  {
    unit: '330681001',
    brand: '迈瑞',
    model: 'BeneHeart C1A',
    lat: 29.7151,
    lng: 120.2443,
    address: '诸暨市暨阳街道人民中路 168 号',
    building: '暨阳街道社区服务中心',
    floor: '1F',
    spot: '便民服务大厅',
    hours: 'office',
    battery: 500,
    pads: 300,
    guardians: [['朱红', '13957500110']],
  },
  {
    unit: '330681002',
    brand: '久心',
    model: 'iAED-S1',
    lat: 29.7262,
    lng: 120.2612,
    address: '诸暨市浣东街道东二路 58 号',
    building: '浣东街道博爱家园',
    floor: '1F',
    spot: '活动室门口',
    hours: 'office',
    battery: 1100,
    pads: 700,
    guardians: [['邵伟', '13957500111']],
  },
  {
    unit: '330681',
    brand: '卓尔',
    model: 'AED Plus',
    lat: 29.72906,
    lng: 120.24902,
    address: '诸暨市暨阳街道体育路 1 号',
    building: '诸暨市体育中心 体育馆',
    floor: '1F',
    spot: '东门安保值班室外',
    hours: 'sports',
    battery: 300,
    pads: 200,
    guardians: [['蒋涛', '13957500112']],
  },
  {
    unit: '330681',
    brand: '迈瑞',
    model: 'BeneHeart C2',
    lat: 29.71312,
    lng: 120.23721,
    address: '诸暨市暨阳街道市南路 1 号',
    building: '诸暨市行政服务中心',
    floor: '1F',
    spot: '大厅咨询台',
    hours: 'office',
    battery: 750,
    pads: 420,
    guardians: [['俞芳', '13957500113']],
  },
  {
    unit: '330681004',
    brand: '飞利浦',
    model: 'HeartStart HS1',
    lat: 29.69852,
    lng: 120.25004,
    address: '诸暨市暨南街道东一路 汽车客运中心',
    building: '诸暨汽车客运中心',
    floor: '1F',
    spot: '售票厅右侧',
    hours: 'station',
    battery: 400,
    pads: 380,
    guardians: [['冯军', '13957500114']],
  },
  {
    unit: '330681104',
    brand: '迈瑞',
    model: 'BeneHeart C1A',
    lat: 29.87153,
    lng: 120.29102,
    address: '诸暨市店口镇中央路 1 号',
    building: '店口镇人民政府',
    floor: '1F',
    spot: '门厅',
    hours: 'office',
    battery: 650,
    pads: 22,
    guardians: [['楼斌', '13957500115']],
  },
  {
    unit: '330681109',
    brand: '卓尔',
    model: 'AED Plus',
    lat: 29.63187,
    lng: 120.42563,
    address: '诸暨市枫桥镇步森大道 88 号',
    building: '枫桥镇中心卫生院',
    floor: '1F',
    spot: '急诊室门口',
    hours: '24h',
    battery: 520,
    pads: 330,
    guardians: [['骆平', '13957500116']],
  },
  {
    unit: '330681108',
    brand: '久心',
    model: 'iAED-S1',
    lat: 29.66114,
    lng: 120.19603,
    address: '诸暨市山下湖镇珍珠大道 华东国际珠宝城',
    building: '华东国际珠宝城',
    floor: '1F',
    spot: 'A 区服务台',
    hours: 'mall',
    battery: 880,
    pads: 520,
    guardians: [['何珍', '13957500117']],
  },
  {
    unit: '330681005',
    brand: '迈瑞',
    model: 'BeneHeart C1A',
    lat: 29.74702,
    lng: 120.16912,
    address: '诸暨市大唐街道大唐袜业城',
    building: '大唐袜业城 交易中心',
    floor: '1F',
    spot: '东门服务台',
    hours: 'mall',
    battery: 700,
    pads: 450,
    guardians: [['宣杰', '13957500118']],
  },
  {
    unit: '330681103',
    brand: '飞利浦',
    model: 'HeartStart FRx',
    lat: 29.80312,
    lng: 120.21187,
    address: '诸暨市次坞镇次坞大道 16 号',
    building: '次坞镇文化礼堂',
    floor: '1F',
    spot: '礼堂门口',
    hours: 'office',
    battery: 680,
    pads: 330,
    guardians: [['俞强', '13957500119']],
  },
  {
    unit: '330681112',
    brand: '卓尔',
    model: 'AED Plus',
    lat: 29.75087,
    lng: 120.08312,
    address: '诸暨市五泄镇五泄风景区',
    building: '五泄风景区 游客中心',
    floor: '1F',
    spot: '售票处旁',
    hours: 'scenic',
    battery: 55,
    pads: 15,
    guardians: [['吴斌', '13957500120']],
  },
  {
    unit: '330681',
    brand: '迈瑞',
    model: 'BeneHeart C1A',
    lat: 29.71902,
    lng: 120.23802,
    address: '诸暨市暨阳街道西施大街 图书馆',
    building: '诸暨市图书馆',
    floor: '1F',
    spot: '总服务台',
    hours: 'library',
    battery: 990,
    pads: 610,
    guardians: [['章琳', '13957500121']],
  },
  {
    unit: '330681001',
    brand: '久心',
    model: 'iAED-S1',
    lat: 29.70803,
    lng: 120.24502,
    address: '诸暨市暨阳街道浦阳江东岸绿道',
    building: '西施公园 绿道驿站',
    floor: '室外',
    spot: '驿站外墙 AED 箱(不上锁)',
    hours: '24h',
    access: '室外箱体,打开即报警',
    battery: 720,
    pads: 480,
    guardians: [['朱红', '13957500110']],
  },
  {
    unit: '330681002',
    brand: '飞利浦',
    model: 'HeartStart HS1',
    lat: 29.74003,
    lng: 120.25502,
    address: '诸暨市浣东街道东旺路 诸暨二高',
    building: '诸暨市第二高级中学 体育馆',
    floor: '1F',
    spot: '一楼医务室',
    hours: 'school',
    battery: 560,
    pads: 390,
    guardians: [['郦老师', '13957500122']],
  },
  {
    unit: '330681003',
    brand: '迈瑞',
    model: 'BeneHeart C2',
    lat: 29.72003,
    lng: 120.27002,
    address: '诸暨市陶朱街道暨东路 银泰城',
    building: '诸暨银泰城',
    floor: 'B1',
    spot: '超市入口',
    hours: 'mall',
    battery: 930,
    pads: 640,
    guardians: [['方圆', '13957500123']],
  },
  {
    unit: '330681004',
    brand: '卓尔',
    model: 'AED Plus',
    lat: 29.69302,
    lng: 120.23303,
    address: '诸暨市暨南街道城南路 社区卫生服务中心',
    building: '暨南街道社区卫生服务中心',
    floor: '1F',
    spot: '候诊区',
    hours: 'clinic',
    battery: 410,
    pads: 270,
    guardians: [['黄燕', '13957500124']],
  },
  {
    unit: '330681',
    brand: '迈瑞',
    model: 'BeneHeart C1A',
    lat: 29.70921,
    lng: 120.24012,
    address: '诸暨市暨阳街道艮塔东路 诸暨市红十字会',
    building: '诸暨市红十字会',
    floor: '1F',
    spot: '大厅',
    hours: 'office',
    battery: 850,
    pads: 520,
    guardians: [['何静', '13957500125']],
  },
];

async function findUnit(db: Db, ref: string): Promise<orgs.OrgRow | undefined> {
  if (/^\d+$/.test(ref)) {
    return orgs.findOrgByCode(db, ref);
  }
  const zhuji = await orgs.findOrgByCode(db, '330681');
  if (!zhuji) {
    return undefined;
  }
  const queue = [zhuji];
  while (queue.length > 0) {
    const unit = queue.shift()!;
    for (const child of await listChildUnits(db, unit.id)) {
      if (child.name === ref) {
        return child;
      }
      if (child.depth <= zhuji.depth + 1) {
        queue.push(child);
      }
    }
  }
  return undefined;
}

const allOk = inspectionItems.map((i) => ({ item: i.key, ok: true }));

/** Registered populations of 诸暨's towns (rounded, for the AEDs-per-100,000 figures; 暨阳 and 浣东 come with training). */
const townPopulations: [code: string, population: number][] = [
  ['330681003', 170_000],
  ['330681004', 95_000],
  ['330681005', 105_000],
  ['330681102', 52_000],
  ['330681103', 63_000],
  ['330681104', 125_000],
  ['330681106', 58_000],
  ['330681108', 61_000],
  ['330681109', 98_000],
  ['330681110', 36_000],
  ['330681111', 18_000],
  ['330681112', 31_000],
  ['330681115', 72_000],
  ['330681116', 27_000],
  ['330681117', 41_000],
  ['330681119', 46_000],
  ['330681120', 22_000],
  ['330681121', 16_000],
  ['330681122', 38_000],
  ['330681124', 24_000],
  ['330681201', 15_000],
];

async function seedTownPopulations(db: Db, year: number): Promise<void> {
  const rows = [];
  for (const [code, population] of townPopulations) {
    const org = await orgs.findOrgByCode(db, code);
    if (org && !(await populationsAt(db, [org.id], year)).has(org.id)) {
      rows.push({ orgId: org.id, year, population, source: '统计年鉴(演示)' });
    }
  }
  await seedPopulations(db, rows);
}

/** Seeds the demo devices once (when 诸暨 has none). */
export async function seedDemoAeds(db: Db, now = new Date()): Promise<void> {
  const ctx: Ctx = { actor: systemActor('seed'), requestId: null, ip: null, locale: 'zh' };
  const today = toChinaDate(now);
  await seedTownPopulations(db, Number(today.slice(0, 4)));
  const ids: string[] = [];
  let n = 0;
  for (const d of devices) {
    const unit = await findUnit(db, d.unit);
    if (!unit) {
      continue;
    }
    n++;
    const aed = await createAed(db, ctx, {
      orgId: unit.id,
      brand: d.brand,
      model: d.model,
      serialNo: `${d.brand === '飞利浦' ? 'B' : d.brand === '卓尔' ? 'X' : 'MR'}${String(20240000 + n * 137)}`,
      lat: d.lat,
      lng: d.lng,
      datum: 'wgs84',
      address: d.address,
      building: d.building,
      floor: d.floor,
      spot: d.spot,
      accessNotes: d.access ?? '',
      keyHolder: d.keyHolder ?? '',
      is24h: d.hours === '24h',
      weekHours: d.hours === '24h' ? undefined : hours[d.hours].week,
      openHoursText: d.hours === '24h' ? '24小时' : hours[d.hours].text,
      installedOn: addDays(today, -400 - n * 11),
      batteryExpiresOn: addDays(today, d.battery),
      padsExpiresOn: addDays(today, d.pads),
      inspectionIntervalDays: 30,
      heartbeatIntervalMinutes: 60,
      guardians: d.guardians.map(([name, phone]) => ({ name, phone })),
    });
    ids.push(aed.id);
    // Most were inspected within the month; a few, registered six weeks ago, are overdue.
    if (n % 6 === 0) {
      await repo.updateAed(db, unit.regionId, aed.id, {
        createdAt: new Date(now.getTime() - 45 * 86_400_000),
      });
    } else {
      await recordInspection(db, ctx, aed.id, {
        inspectedAt: new Date(now.getTime() - ((n * 3) % 25) * 86_400_000).toISOString(),
        inspector: d.guardians[0][0],
        items: allOk,
        note: '',
      });
    }
  }
  if (ids.length < 20) {
    return;
  }
  // 诸暨站: battery low found at inspection → needs service.
  await recordInspection(db, ctx, ids[4], {
    inspector: '李强',
    items: allOk.map((i) => (i.item === 'battery' ? { ...i, ok: false, note: '电量指示低于 20%' } : i)),
    note: '已联系厂家更换电池',
  });
  // 次坞镇文化礼堂: used in a rescue last week, awaiting new pads.
  await reportUsage(db, ctx, ids[17], {
    usedAt: new Date(now.getTime() - 5 * 86_400_000).toISOString(),
    shocksDelivered: 2,
    outcome: 'rosc',
    emergencyId: null,
    reporter: '俞强',
    note: '村民晨练时倒地,志愿者实施心肺复苏并电击 2 次,恢复自主循环后送医',
  });
  // 大唐袜业城: cabinet damaged, taken out of service by hand.
  await changeStatus(db, ctx, ids[16], { status: 'needs_service', reason: '存放箱玻璃破损,待维修' });
  // 人民医院: on telemetry, a week of daily self-tests and a recent heartbeat.
  const { key } = await issueDeviceKey(db, ctx, ids[0]);
  for (let day = 6; day >= 0; day--) {
    await selfTest(
      db,
      ctx,
      `Bearer ${key}`,
      {
        at: new Date(now.getTime() - day * 86_400_000 - 3600_000).toISOString(),
        ok: true,
        details: '电池 96%,电极片连接正常',
      },
      now,
    );
  }
  await heartbeat(
    db,
    ctx,
    `Bearer ${key}`,
    { at: new Date(now.getTime() - 20 * 60_000).toISOString(), batteryPercent: 96, status: 'ok' },
    now,
  );
  // 中医医院: on telemetry but silent (its gateway has not reported for five hours).
  await issueDeviceKey(db, ctx, ids[1]);
  const tcm = await getAedRow(db, ids[1]);
  await repo.updateAed(db, tcm.regionId, tcm.id, { telemetryKeyIssuedAt: new Date(now.getTime() - 5 * 3600_000) });
  await checkHeartbeats(db, ctx, now);
  await raiseDueTasks(db, ctx, now);
}
