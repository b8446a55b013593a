// Demo data: 诸暨市红十字水上救援队 with its profile, members (队长, 副队长, party members), certifications (one
// expiring soon), equipment with inspections, past deployments (the June 2025 flood among them) and training sessions,
// all through the service so the rules hold. The demo account `jiuyuan` is its rescue leader at 诸暨市.
import type { Db } from '../../db/client';
import type { Ctx } from '../../platform/http/context';
import { computeCheckCharacter } from '../../platform/identity/id-number';
import { systemActor } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import type { IncidentKind } from './rescue.schemas';
import * as rescue from './rescue.service';

export const rescueDemoAccounts = [
  {
    username: 'jiuyuan',
    displayName: '诸暨市水上救援队队长',
    roleId: 'rescue_leader',
    orgCode: '330681',
    note: '诸暨市 · 救援队长(救援队、队员资质、装备、出动、训练、统计)',
  },
] as const;

const ctx: Ctx = { actor: systemActor('seed'), requestId: null, ip: null, locale: 'zh' };

function idNumber(birth: string, seq: number): string {
  const first17 = `330681${birth}${String(seq).padStart(3, '0')}`;
  return first17 + computeCheckCharacter(first17);
}

const roster: { name: string; birth: string; role?: 'captain' | 'vice_captain'; party?: boolean; skills?: string }[] = [
  { name: '陈建国', birth: '19750312', role: 'captain', party: true, skills: '急流救援、船艇驾驶' },
  { name: '周海峰', birth: '19820906', role: 'vice_captain', party: true, skills: '潜水、绳索' },
  { name: '楼晓东', birth: '19880121', party: true, skills: '船艇驾驶' },
  { name: '宣丽萍', birth: '19900717', skills: '医疗救护' },
  { name: '郦志强', birth: '19791103', party: true, skills: '潜水' },
  { name: '寿伟明', birth: '19850529', skills: '绳索救援' },
  { name: '斯佳琪', birth: '19960214', skills: '通讯保障' },
  { name: '何俊杰', birth: '19920830', skills: '船艇驾驶' },
  { name: '蒋文斌', birth: '19870409', party: true, skills: '急流救援' },
  { name: '赵国良', birth: '19770625', skills: '后勤保障' },
  { name: '黄一鸣', birth: '19981111', skills: '无人机' },
  { name: '钟秀英', birth: '19830302', skills: '医疗救护' },
];

const at = (local: string) => new Date(`${local}+08:00`).toISOString();

/** Seeds the demo team when the unit exists and has no profile yet (a second run changes nothing). */
export async function seedDemoRescue(db: Db): Promise<void> {
  const found = await orgs.listOrgs(db, ctx, {
    q: '诸暨市红十字水上救援队',
    type: 'rescue_team',
    page: 1,
    pageSize: 1,
  });
  const unit = found.items[0];
  if (!unit || (await rescue.listTeams(db, ctx, { orgId: unit.id })).length > 0) {
    return;
  }
  await rescue.saveTeamProfile(db, ctx, unit.id, {
    speciality: 'water',
    provinceStatus: 'registered',
    provinceRegNo: '浙红救备〔2019〕W-012',
    registeredOn: '2019-05-20',
    foundedOn: '2015-06-01',
    baseAddress: '诸暨市暨阳街道浣江路 88 号(浦阳江码头)',
    baseLat: 29.7166,
    baseLng: 120.2388,
    contactName: '陈建国',
    contactPhone: '0575-87012345',
    description: '以水域救援为主,兼顾山地搜救与大型活动保障;设党支部,组建"党员救援突击队"。',
  });
  const ids: Record<string, string> = {};
  for (const [i, m] of roster.entries()) {
    const added = await rescue.addMember(db, ctx, unit.id, {
      name: m.name,
      idNumber: idNumber(m.birth, 11 + i * 2),
      phone: `1390575${String(1000 + i * 37).padStart(4, '0')}`,
      role: m.role ?? 'member',
      isPartyMember: m.party ?? false,
      joinedOn: i < 6 ? '2015-06-01' : '2021-03-15',
      skills: m.skills,
    });
    ids[m.name] = added.id;
  }
  const today = new Date();
  const inDays = (n: number) => new Date(today.getTime() + n * 86_400_000).toISOString().slice(0, 10);
  const certs: [string, string, string, string, string | null][] = [
    ['陈建国', '急流救援技术员(SRT)', '浙江省红十字会', '2024-04-12', '2027-04-11'],
    ['周海峰', '潜水员(PADI AOW)', 'PADI', '2021-08-01', null],
    ['周海峰', '急流救援技术员(SRT)', '浙江省红十字会', '2023-12-20', inDays(21)],
    ['楼晓东', '内河船舶驾驶证', '浙江海事局', '2022-05-10', '2027-05-09'],
    ['郦志强', '潜水员(CMAS 二星)', '中国潜水运动协会', '2023-03-03', '2028-03-02'],
    ['蒋文斌', '绳索救援技术员', '应急管理部培训中心', '2024-10-08', '2026-10-07'],
    ['何俊杰', '内河船舶驾驶证', '浙江海事局', '2020-06-18', inDays(45)],
  ];
  for (const [name, kind, issuer, issuedOn, expiresOn] of certs) {
    await rescue.addCertification(db, ctx, ids[name], {
      kind,
      issuer,
      issuedOn,
      expiresOn,
      certNo: `ZJ-${issuedOn.replaceAll('-', '').slice(2)}-${name.length}${kind.length}`,
    });
  }
  const gear: [
    string,
    'boat' | 'rope' | 'diving' | 'pump' | 'medical' | 'comms' | 'lighting' | 'protective',
    number,
    string | null,
  ][] = [
    ['冲锋舟(雅马哈 40 马力)', 'boat', 4, '2027-06-30'],
    ['橡皮艇', 'boat', 6, null],
    ['水域救援救生衣', 'protective', 80, '2028-12-31'],
    ['水域救援头盔', 'protective', 40, null],
    ['抛绳包', 'rope', 30, null],
    ['静力绳 11mm(100 米)', 'rope', 8, '2026-12-31'],
    ['潜水装备(套)', 'diving', 6, null],
    ['移动排涝泵', 'pump', 3, null],
    ['数字对讲机', 'comms', 20, null],
    ['强光照明灯组', 'lighting', 5, null],
    ['急救包', 'medical', 10, '2026-05-31'],
  ];
  const gearIds: string[] = [];
  for (const [name, category, quantity, expiresOn] of gear) {
    const line = await rescue.addEquipment(db, ctx, unit.id, {
      name,
      category,
      quantity,
      condition: 'good',
      expiresOn,
      serialNo: category === 'boat' ? `ZJRC-${category.toUpperCase()}-${quantity}` : null,
    });
    gearIds.push(line.id);
  }
  await rescue.recordInspection(db, ctx, gearIds[0], {
    inspectedOn: '2026-10-15',
    inspector: '楼晓东',
    condition: 'good',
    note: '发动机保养完成',
  });
  await rescue.recordInspection(db, ctx, gearIds[1], {
    inspectedOn: '2026-10-15',
    inspector: '楼晓东',
    condition: 'needs_repair',
    note: '一艘气室漏气,送修',
  });

  const all = Object.values(ids);
  const party = roster.filter((m) => m.party).map((m) => ids[m.name]);
  const runs: {
    kind: IncidentKind;
    place: string;
    lat: number;
    lng: number;
    description: string;
    calledOutAt: string;
    left: string;
    back: string;
    members: string[];
    tasks: string;
    helped: number;
    rescued: number;
    gear: [number, number][];
  }[] = [
    {
      kind: 'flood',
      place: '浦阳江诸暨城区段、安华镇沿江村',
      lat: 29.6521,
      lng: 120.2093,
      description: '梅汛强降雨,浦阳江诸暨站超警戒水位,安华镇沿江村多户被困',
      calledOutAt: at('2025-06-23T05:40:00'),
      left: at('2025-06-23T06:10:00'),
      back: at('2025-06-24T02:30:00'),
      members: all,
      tasks: '转移沿江村被困群众 320 人,解救被洪水围困群众 8 人;巡查堤坝 12 公里,转运物资 2 批',
      helped: 320,
      rescued: 8,
      gear: [
        [0, 4],
        [1, 4],
        [2, 40],
      ],
    },
    {
      kind: 'typhoon',
      place: '诸暨市枫桥镇、赵家镇',
      lat: 29.6451,
      lng: 120.3441,
      description: '台风外围影响,山区溪流暴涨,协助转移危险区群众',
      calledOutAt: at('2025-07-30T14:00:00'),
      left: at('2025-07-30T14:35:00'),
      back: at('2025-07-31T09:00:00'),
      members: all.slice(0, 9),
      tasks: '协助镇村转移山塘下游群众 86 人,清理倒伏树木',
      helped: 86,
      rescued: 0,
      gear: [[7, 2]],
    },
    {
      kind: 'water_rescue',
      place: '五泄水库',
      lat: 29.8053,
      lng: 120.0952,
      description: '一名游客落水失联,配合公安搜寻',
      calledOutAt: at('2025-08-10T17:20:00'),
      left: at('2025-08-10T17:35:00'),
      back: at('2025-08-10T23:10:00'),
      members: [ids.周海峰, ids.郦志强, ids.楼晓东, ids.何俊杰, ids.蒋文斌, ids.宣丽萍],
      tasks: '水面搜索与水下搜寻,协助打捞',
      helped: 1,
      rescued: 0,
      gear: [
        [0, 1],
        [6, 2],
      ],
    },
    {
      kind: 'event_support',
      place: '诸暨西施马拉松沿线',
      lat: 29.7134,
      lng: 120.2451,
      description: '赛事水域及沿线应急保障',
      calledOutAt: at('2025-11-09T05:30:00'),
      left: at('2025-11-09T05:50:00'),
      back: at('2025-11-09T13:30:00'),
      members: [...party, ids.宣丽萍, ids.钟秀英, ids.斯佳琪],
      tasks: '沿线设 4 个救护点,处置抽筋、擦伤 23 人次',
      helped: 23,
      rescued: 0,
      gear: [[10, 4]],
    },
    {
      kind: 'missing_person',
      place: '东白山景区',
      lat: 29.6089,
      lng: 120.4672,
      description: '两名驴友迷路失联',
      calledOutAt: at('2026-03-14T18:05:00'),
      left: at('2026-03-14T18:40:00'),
      back: at('2026-03-15T03:20:00'),
      members: all.slice(0, 8),
      tasks: '分三组搜山,凌晨找到两人并护送下山',
      helped: 2,
      rescued: 2,
      gear: [
        [9, 3],
        [8, 8],
      ],
    },
  ];
  for (const r of runs) {
    const d = await rescue.callOut(db, ctx, {
      teamOrgId: unit.id,
      incidentKind: r.kind,
      place: r.place,
      lat: r.lat,
      lng: r.lng,
      description: r.description,
      calledOutAt: r.calledOutAt,
      memberIds: r.members,
    });
    await rescue.advanceDeployment(db, ctx, d.id, { to: 'deployed', at: r.left });
    await rescue.advanceDeployment(db, ctx, d.id, { to: 'returned', at: r.back });
    await rescue.reportDeployment(db, ctx, d.id, {
      tasks: r.tasks,
      peopleHelped: r.helped,
      peopleRescued: r.rescued,
      equipmentUsed: r.gear.map(([i, quantity]) => ({ equipmentId: gearIds[i], quantity })),
    });
    await rescue.advanceDeployment(db, ctx, d.id, { to: 'closed', note: '任务完成,人员装备全部归队' });
  }

  const sessions: [string, string, number, string[]][] = [
    ['2026-04-18', '急流救援技术复训', 4, all.slice(0, 10)],
    ['2026-06-06', '汛前冲锋舟驾驶与编队训练', 3.5, all.slice(0, 9)],
    ['2026-08-22', '水下搜寻与潜水安全', 3, [ids.周海峰, ids.郦志强, ids.何俊杰, ids.蒋文斌]],
    ['2026-10-25', 'CPR+AED 与现场急救', 2.5, all],
  ];
  for (const [heldOn, topic, hours, memberIds] of sessions) {
    await rescue.recordTraining(db, ctx, unit.id, {
      heldOn,
      topic,
      hours,
      memberIds,
      place: '浦阳江码头训练场',
      trainer: '陈建国',
    });
  }
}
