// Demo volunteers of 诸暨市: registered volunteers (one pending), a team with its leader, past activities with
// check-ins and approved hours, one running today (for the QR screen) and upcoming ones to sign up for.
import type { Db } from '../../db/client';
import type { Ctx } from '../../platform/http/context';
import { computeCheckCharacter } from '../../platform/identity/id-number';
import { systemActor } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import * as repo from './volunteers.repo';
import type { SkillCode } from './volunteers.schemas';
import { createTeam, registerOnBehalf, setTeamMember, updateSettings } from './volunteers.service';
import { createActivity } from './volunteers-activities';
import { approveHours } from './volunteers-hours';

const ctx: Ctx = { actor: systemActor('seed'), requestId: null, ip: null, locale: 'zh' };

export const volunteerDemoAccounts = [
  {
    username: 'zhiyuan',
    displayName: '诸暨市红会志愿服务管理员',
    roleId: 'volunteer_admin',
    orgCode: '330681',
    note: '诸暨市 · 志愿服务管理员(志愿者审核、服务队、活动与扫码签到、时长认定、统计与导出)',
  },
] as const;

/** The demo volunteer who signs in on a phone (the code is in 消息发件箱). */
export const demoVolunteerPhone = '13900000011';

const roster: { name: string; birth: string; skills: SkillCode[]; languages?: string[] }[] = [
  { name: '王丽华', birth: '19880312', skills: ['first_aid', 'teaching'], languages: ['英语'] },
  { name: '陈志强', birth: '19790621', skills: ['first_aid', 'driving', 'rescue'] },
  { name: '赵敏', birth: '19950808', skills: ['psychological', 'publicity'] },
  { name: '周建军', birth: '19701115', skills: ['driving', 'logistics'] },
  { name: '吴晓燕', birth: '19920204', skills: ['medical', 'first_aid'] },
  { name: '郑浩', birth: '20000530', skills: ['it', 'publicity'], languages: ['英语', '日语'] },
  { name: '孙丽萍', birth: '19850917', skills: ['elderly_care'] },
  { name: '钱伟', birth: '19830402', skills: ['rescue', 'first_aid'] },
  { name: '冯雪', birth: '19980127', skills: ['languages', 'teaching'], languages: ['英语', '韩语'] },
  { name: '何建平', birth: '19660709', skills: ['logistics'] },
  { name: '蒋玲', birth: '19930622', skills: ['first_aid', 'elderly_care'] },
  { name: '许明', birth: '19900101', skills: ['driving'] },
];

function idNumber(birth: string, seq: number): string {
  const first17 = `330681${birth}${String(500 + seq).padStart(3, '0')}`;
  return first17 + computeCheckCharacter(first17);
}

const day = 86_400_000;
const hour = 3_600_000;

/** Seeds the demo (skipped when 诸暨市 already has volunteers). */
export async function seedDemoVolunteers(db: Db): Promise<void> {
  const zhuji = await orgs.findOrgByCode(db, '330681');
  if (!zhuji) {
    return;
  }
  const existing = await repo.countVolunteers(db, orgs.orgUnderCondition(repo.columns.volunteer.orgId, zhuji.path));
  if (existing > 0) {
    return;
  }
  await updateSettings(db, ctx, { orgId: zhuji.id, fullRegistrationHours: 20 });
  const vols: repo.VolunteerRow[] = [];
  for (const [i, r] of roster.entries()) {
    vols.push(
      await registerOnBehalf(
        db,
        ctx,
        {
          orgId: zhuji.id,
          name: r.name,
          idNumber: idNumber(r.birth, i * 2 + 1),
          phone: i === 0 ? demoVolunteerPhone : `1390575${String(2000 + i * 41).padStart(4, '0')}`,
          skills: r.skills,
          languages: r.languages ?? [],
          availability: [0, 0, 0, 0, 4, 3, 3],
          emergencyContact: { name: `${r.name.slice(0, 1)}家属`, phone: `1370575${String(3000 + i).padStart(4, '0')}` },
          note: '',
        },
        i >= roster.length - 2 ? 'public' : 'staff',
      ),
    );
  }
  const approved = vols.filter((v) => v.status === 'approved');
  const team = await createTeam(db, ctx, {
    orgId: zhuji.id,
    name: '诸暨市红十字应急救护志愿服务队',
    description: '开展应急救护知识普及、赛事医疗保障与社区健康服务。',
  });
  for (const [i, v] of approved.slice(0, 7).entries()) {
    await setTeamMember(db, ctx, team.id, { volunteerId: v.id, role: i === 1 ? 'leader' : 'member' });
  }

  const now = Date.now();
  const base = {
    orgId: zhuji.id,
    teamId: null,
    geofenceM: 300,
    skills: [] as SkillCode[],
    allowWalkIns: false,
    checkInOpensMinutes: 30,
    checkOutGraceMinutes: 60,
    publish: true,
  };
  const places = [
    { place: '诸暨市暨阳街道文化广场', lat: 29.7136, lng: 120.2423 },
    { place: '诸暨市人民医院门诊大厅', lat: 29.7203, lng: 120.2467 },
    { place: '浣纱公园南门', lat: 29.7089, lng: 120.2368 },
    { place: '诸暨高铁站东广场', lat: 29.7402, lng: 120.2681 },
  ];
  const past = [
    { title: '社区应急救护知识普及讲座', daysAgo: 40, hours: 3, team: true, ...places[0] },
    { title: '马拉松赛事医疗保障', daysAgo: 20, hours: 5, team: true, ...places[3] },
    { title: '无偿献血现场服务', daysAgo: 9, hours: 4, team: false, ...places[1] },
  ];
  for (const [k, p] of past.entries()) {
    const startsAt = new Date(Math.floor((now - p.daysAgo * day) / hour) * hour - 6 * hour);
    const a = await createActivity(db, ctx, {
      ...base,
      teamId: p.team ? team.id : null,
      title: p.title,
      description: '由诸暨市红十字会组织,志愿者现场扫码签到、签退。',
      place: p.place,
      lat: p.lat,
      lng: p.lng,
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + p.hours * hour).toISOString(),
      capacity: 20,
    });
    const row = (await repo.findActivityById(db, a.id))!;
    for (const [i, v] of approved.entries()) {
      if ((i + k) % 4 === 3) {
        continue;
      }
      await repo.takePlace(db, row);
      await repo.upsertSignup(db, {
        regionId: row.regionId,
        id: crypto.randomUUID(),
        activityId: row.id,
        volunteerId: v.id,
        status: 'confirmed',
      });
      const inAt = new Date(startsAt.getTime() - (10 + i) * 60_000);
      await repo.insertCheckinRow(db, {
        regionId: row.regionId,
        activityId: row.id,
        volunteerId: v.id,
        kind: 'in',
        at: inAt,
        lat: p.lat + 0.0003,
        lng: p.lng,
        distanceM: 33,
      });
      // One volunteer forgot to check out at the latest activity: the sheet flags it.
      if (!(k === past.length - 1 && i === 2)) {
        await repo.insertCheckinRow(db, {
          regionId: row.regionId,
          activityId: row.id,
          volunteerId: v.id,
          kind: 'out',
          at: new Date(startsAt.getTime() + p.hours * hour - i * 5 * 60_000),
          lat: p.lat,
          lng: p.lng + 0.0002,
          distanceM: 19,
        });
      }
    }
    if (k < past.length - 1) {
      await approveHours(db, ctx, a.id, {});
    }
  }

  // Today (running now, for the coordinator's QR screen) and upcoming ones.
  const todayStart = new Date(Math.floor(now / hour) * hour - hour);
  const upcoming = [
    { title: '周末社区义诊与急救体验', start: todayStart, hours: 6, capacity: 30, walkIns: true, ...places[0] },
    {
      title: '周六敬老院助老服务',
      start: new Date(todayStart.getTime() + 4 * day),
      hours: 3,
      capacity: 12,
      walkIns: false,
      ...places[2],
    },
    {
      title: '高铁站春运志愿服务',
      start: new Date(todayStart.getTime() + 9 * day),
      hours: 8,
      capacity: 40,
      walkIns: false,
      ...places[3],
    },
  ];
  for (const u of upcoming) {
    const a = await createActivity(db, ctx, {
      ...base,
      teamId: team.id,
      title: u.title,
      description: '请提前 15 分钟到达现场,扫描协调员屏幕上的二维码签到。',
      place: u.place,
      lat: u.lat,
      lng: u.lng,
      startsAt: u.start.toISOString(),
      endsAt: new Date(u.start.getTime() + u.hours * hour).toISOString(),
      capacity: u.capacity,
      allowWalkIns: u.walkIns,
    });
    const row = (await repo.findActivityById(db, a.id))!;
    for (const v of approved.slice(1, 6)) {
      await repo.takePlace(db, row);
      await repo.upsertSignup(db, {
        regionId: row.regionId,
        id: crypto.randomUUID(),
        activityId: row.id,
        volunteerId: v.id,
        status: 'confirmed',
      });
    }
  }
}
