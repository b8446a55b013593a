// Demo data for a first run: the Zhejiang branch network (GB/T 2260 codes from the committed divisions file),
// 陕西省 > 安康市 > 汉滨区, grassroots units, staff accounts with roles, and people with valid test ID numbers.
import crypto from 'node:crypto';
import type { Db } from '../db/client';
import { aedDemoAccounts, seedDemoAeds } from '../modules/aed/aed-demo';
import { seedDemoKeyPlaces } from '../modules/aed/aed-public-demo';
import { seedDemoDonations } from '../modules/donations/donations-demo';
import { seedDemoGoods } from '../modules/goods/goods-demo';
import { seedDemoGrievances } from '../modules/grievances/grievances-demo';
import { seedDemoKpi } from '../modules/kpi/kpi-demo';
import { seedDemoTargets } from '../modules/kpi/kpi-targets-demo';
import { seedDemoTransparency } from '../modules/kpi/kpi-transparency-demo';
import { membersDemoAccounts, seedDemoMembers } from '../modules/members/members-demo';
import { seedDemoMemberPoints } from '../modules/members/members-points-demo';
import { seedDemoMutualAid } from '../modules/mutualaid/mutualaid-demo';
import divisions from '../modules/orgs/data/divisions.json' with { type: 'json' };
import type { OrgType } from '../modules/orgs/orgs.schemas';
import { countOrgs, findOrgByCode, orgsRepo, regionFor } from '../modules/orgs/orgs.service';
import { peopleRepo, piiColumns } from '../modules/people/people.service';
import { seedDemoOrgan } from '../modules/registry/registry-organ-demo';
import { seedDemoStemCell, stemCellDemoAccounts } from '../modules/registry/registry-stemcell-demo';
import { reliefDemoAccounts, seedDemoRelief } from '../modules/relief/relief-demo';
import { rescueDemoAccounts, seedDemoRescue } from '../modules/rescue/rescue-demo';
import { seedDemoResponse } from '../modules/response/response-demo';
import { seedDemoServices } from '../modules/services/services-demo';
import { trainingDemoAccounts } from '../modules/training/training-classes-demo';
import { seedDemoTraining } from '../modules/training/training-demo';
import { seedDemoVolunteers, volunteerDemoAccounts } from '../modules/volunteers/volunteers-demo';
import { recordAudit } from '../platform/audit/audit.service';
import { createUserAccount } from '../platform/auth/auth.service';
import type { Ctx } from '../platform/http/context';
import { computeCheckCharacter } from '../platform/identity/id-number';
import { toPinyinKey } from '../platform/pinyin';
import { seededRandom } from '../platform/random';
import { systemActor } from '../platform/rbac/actor';
import { grantRole, syncBuiltinRoles } from '../platform/rbac/rbac.service';

export const demoPassword = 'Boai2026demo';

export const demoAccounts = [
  {
    username: 'admin',
    displayName: '省红会系统管理员',
    roleId: 'system_admin',
    orgCode: '330000',
    note: '浙江省 · 系统管理员',
  },
  {
    username: 'shaoxing',
    displayName: '绍兴市红会管理员',
    roleId: 'branch_admin',
    orgCode: '330600',
    note: '绍兴市 · 分会管理员',
  },
  {
    username: 'zhuji',
    displayName: '诸暨市红会管理员',
    roleId: 'branch_admin',
    orgCode: '330681',
    note: '诸暨市 · 分会管理员',
  },
  { username: 'finance', displayName: '诸暨市红会财务', roleId: 'finance', orgCode: '330681', note: '诸暨市 · 财务' },
  {
    username: 'auditor',
    displayName: '省红会监事',
    roleId: 'supervisor',
    orgCode: '330000',
    note: '浙江省 · 监事/审计',
  },
  {
    username: 'hanbin',
    displayName: '汉滨区红会管理员',
    roleId: 'branch_admin',
    orgCode: '610902',
    note: '汉滨区 · 分会管理员',
  },
  {
    username: 'mishuzhang',
    displayName: '省红会秘书长',
    roleId: 'secretary_general',
    orgCode: '330000',
    note: '浙江省 · 秘书长(数字驾驶舱、目标审定)',
  },
  {
    username: 'zjmishu',
    displayName: '诸暨市红会秘书长',
    roleId: 'secretary_general',
    orgCode: '330681',
    note: '诸暨市 · 秘书长(本级与乡镇驾驶舱)',
  },
  {
    username: 'tongji',
    displayName: '绍兴市红会统计员',
    roleId: 'kpi_officer',
    orgCode: '330600',
    note: '绍兴市 · 统计与目标专员(分解目标、手工指标填报)',
  },
  ...reliefDemoAccounts,
  ...trainingDemoAccounts,
  ...aedDemoAccounts,
  ...stemCellDemoAccounts,
  ...rescueDemoAccounts,
  ...volunteerDemoAccounts,
  ...membersDemoAccounts,
] as const;

type Division = { code: string; name: string; type: OrgType; parentCode: string | null };

const grassroots: { name: string; type: OrgType; parentCode: string; lat?: number; lng?: number; address?: string }[] =
  [
    {
      name: '诸暨市红十字应急救护培训基地',
      type: 'training_base',
      parentCode: '330681',
      lat: 29.7138,
      lng: 120.2365,
      address: '浙江省诸暨市暨阳街道',
    },
    { name: '暨阳街道博爱家园', type: 'boai_home', parentCode: '330681001', lat: 29.7151, lng: 120.2443 },
    { name: '浣东街道博爱家园', type: 'boai_home', parentCode: '330681002', lat: 29.7262, lng: 120.2612 },
    { name: '诸暨市浣纱小学红十字会', type: 'school', parentCode: '330681001', lat: 29.7129, lng: 120.2405 },
    { name: '诸暨中学红十字会', type: 'school', parentCode: '330681', lat: 29.7201, lng: 120.2318 },
    { name: '西施故里景区红十字救护站', type: 'service_station', parentCode: '330681002', lat: 29.7095, lng: 120.2489 },
    { name: '诸暨市红十字水上救援队', type: 'rescue_team', parentCode: '330681' },
    { name: '越城区府山街道博爱家园', type: 'boai_home', parentCode: '330602' },
    {
      name: '海宁市红十字救护站(盐官景区)',
      type: 'service_station',
      parentCode: '330481',
      lat: 30.4089,
      lng: 120.5443,
    },
    { name: '富阳区银湖街道红十字服务站', type: 'service_station', parentCode: '330111' },
    {
      name: '浙江省红十字应急救护培训中心',
      type: 'training_base',
      parentCode: '330000',
      lat: 30.2741,
      lng: 120.1551,
      address: '杭州市',
    },
    { name: '汉滨区红十字博爱家园(老城街道)', type: 'boai_home', parentCode: '610902' },
  ];

const surnames =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤单'.split(
    '',
  );
const givenChars =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华晓红小龙志强海燕婷玉兰宇浩然子涵欣怡梓轩雨桐一诺堃'.split(
    '',
  );

/** A valid 18-digit resident ID for a region code, birth date and sequence (test data only). */
export function makeIdNumber(region: string, birth: string, seq: number): string {
  const first17 = `${region}${birth}${String(seq).padStart(3, '0')}`;
  return first17 + computeCheckCharacter(first17);
}

export function generatePerson(rand: () => number, regionCode: string) {
  const name =
    surnames[Math.floor(rand() * surnames.length)] +
    givenChars[Math.floor(rand() * givenChars.length)] +
    (rand() < 0.6 ? givenChars[Math.floor(rand() * givenChars.length)] : '');
  const year = 1950 + Math.floor(rand() * 55);
  const month = 1 + Math.floor(rand() * 12);
  const day = 1 + Math.floor(rand() * 28);
  const birth = `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
  const idNumber = makeIdNumber(regionCode, birth, 1 + Math.floor(rand() * 998));
  const phone = `1${3 + Math.floor(rand() * 7)}${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`;
  return { name, idNumber, phone };
}

/** Inserts the division tree in bulk with paths and regions computed in memory. Returns org ids by code. */
export async function seedDivisions(db: Db, units: Division[]): Promise<Map<string, number>> {
  const idByCode = new Map<string, number>();
  const byCode = new Map<string, { id: number; path: string; depth: number; regionId: number; type: OrgType }>();
  const rows = [];
  const ids = await orgsRepo.nextOrgIds(db, units.length);
  for (const [i, u] of units.entries()) {
    const parent = u.parentCode ? byCode.get(u.parentCode) : undefined;
    const id = ids[i];
    const path = `${parent?.path ?? ''}${id}.`;
    const regionId = regionFor(
      u.type,
      id,
      parent ? ({ regionId: parent.regionId } as Parameters<typeof regionFor>[2]) : undefined,
    );
    byCode.set(u.code, { id, path, depth: (parent?.depth ?? -1) + 1, regionId, type: u.type });
    idByCode.set(u.code, id);
    rows.push({
      id,
      name: u.name,
      namePinyin: toPinyinKey(u.name),
      type: u.type,
      code: u.code,
      parentId: parent?.id ?? null,
      path,
      depth: (parent?.depth ?? -1) + 1,
      regionId,
    });
  }
  await orgsRepo.insertOrgs(db, rows);
  return idByCode;
}

/** Seeds the demo network once (when there are no units yet). Returns false when data already existed. */
export async function seedDemo(db: Db, opts: { people?: number } = {}): Promise<boolean> {
  await syncBuiltinRoles(db);
  if ((await countOrgs(db)) > 0) {
    return false;
  }
  const ctx: Ctx = { actor: systemActor('seed'), requestId: null, ip: null, locale: 'zh' };
  await db.transaction(async (tx) => {
    const idByCode = await seedDivisions(tx, (divisions as { units: Division[] }).units);
    const extra = [];
    for (const g of grassroots) {
      const parent = await findOrgByCode(tx, g.parentCode);
      if (!parent) {
        continue;
      }
      const id = await orgsRepo.nextOrgId(tx);
      extra.push({
        id,
        name: g.name,
        namePinyin: toPinyinKey(g.name),
        type: g.type,
        code: null,
        parentId: parent.id,
        path: `${parent.path}${id}.`,
        depth: parent.depth + 1,
        regionId: regionFor(g.type, id, parent),
        lat: g.lat ?? null,
        lng: g.lng ?? null,
        address: g.address ?? null,
      });
    }
    await orgsRepo.insertOrgs(tx, extra);

    for (const a of demoAccounts) {
      const user = await createUserAccount(tx, {
        username: a.username,
        displayName: a.displayName,
        password: demoPassword,
      });
      await grantRole(tx, ctx, user.id, { roleId: a.roleId, orgId: idByCode.get(a.orgCode)! });
    }

    const rand = seededRandom(20261123);
    const placeable = [...idByCode.entries()].filter(
      ([code]) => code.length >= 6 && code !== '330000' && code !== '610000',
    );
    const people = [];
    for (let i = 0; i < (opts.people ?? 300); i++) {
      const [code, orgId] = placeable[Math.floor(rand() * placeable.length)];
      const p = generatePerson(rand, code.slice(0, 6));
      const org = await findOrgByCode(tx, code);
      const { derivedBirthDate, derivedGender, ...cols } = piiColumns('resident_id', p.idNumber, p.phone);
      people.push({
        regionId: org!.regionId,
        id: crypto.randomUUID(),
        orgId,
        name: p.name,
        namePinyin: toPinyinKey(p.name, { personName: true }),
        idType: 'resident_id',
        gender: derivedGender,
        birthDate: derivedBirthDate,
        ...cols,
      });
    }
    await peopleRepo.insertPeople(tx, people);
    await recordAudit(tx, ctx, {
      action: 'demo.seeded',
      entityType: 'system',
      after: { orgs: idByCode.size + extra.length, people: people.length, accounts: demoAccounts.length },
    });
  });
  await seedDemoDonations(db);
  const zhuji = await findOrgByCode(db, '330681');
  const town = await findOrgByCode(db, '330681001');
  await seedDemoGoods(db, { orgId: zhuji!.id, recipientOrgId: town?.id });
  await seedDemoServices(db);
  await seedDemoRelief(db);
  // After relief: complaints, call-backs and the duplicate scan work on its cases and payouts.
  await seedDemoGrievances(db);
  await seedDemoMutualAid(db);
  await seedDemoTraining(db);
  await seedDemoAeds(db);
  await seedDemoKeyPlaces(db);
  await seedDemoStemCell(db);
  await seedDemoOrgan(db);
  // After the AEDs: the demo emergency's responder fetches the nearest ready one.
  await seedDemoResponse(db);
  await seedDemoRescue(db);
  await seedDemoVolunteers(db);
  await seedDemoMembers(db);
  await seedDemoMemberPoints(db);
  // Last: the cockpit's figures are computed from everything above; the demo targets read last year's figures, and
  // the transparency demo records the branches' annual reports.
  await seedDemoKpi(db);
  await seedDemoTargets(db);
  await seedDemoTransparency(db);
  return true;
}
