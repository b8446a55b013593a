// Demo data of member points, service orders and first-aid kits in 诸暨市: the province's rules in the four categories
// (诸暨 overrides one), points of the demo members through the year, an awards catalogue, a menu of services with
// orders at each step, and kits held and placed around the city with one item about to expire.
import crypto from 'node:crypto';
import type { Db } from '../../db/client';
import { toChinaDate } from '../../platform/dates';
import type { Ctx } from '../../platform/http/context';
import { seededRandom } from '../../platform/random';
import { systemActor } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import * as kits from './members-kits.service';
import * as ordersRepo from './members-orders.repo';
import * as orders from './members-orders.service';
import * as repo from './members-points.repo';
import type { CreateRule } from './members-points.schemas';
import * as points from './members-points.service';

const ctx: Ctx = { actor: systemActor('seed'), requestId: null, ip: null, locale: 'zh' };

const provinceRules: Omit<CreateRule, 'orgId'>[] = [
  { code: 'ACTIVITY', name: '参加会员活动', category: 'basic', points: 5, trigger: 'manual', yearlyCap: 60 },
  { code: 'DUES', name: '按时缴纳会费', category: 'basic', points: 5, trigger: 'manual', yearlyCap: 5 },
  {
    code: 'VOL_HOURS',
    name: '志愿服务时长',
    category: 'exemplary',
    points: 2,
    trigger: 'volunteer_hours',
    yearlyCap: 200,
  },
  { code: 'FIRST_AID_CERT', name: '取得救护员证', category: 'exemplary', points: 20, trigger: 'training_certified' },
  {
    code: 'DONATION',
    name: '人道捐赠',
    category: 'exemplary',
    points: 1,
    trigger: 'donation',
    donationBasis: 'per_100_yuan',
    yearlyCap: 100,
  },
  { code: 'RESCUE', name: '参与应急救援', category: 'exemplary', points: 30, trigger: 'manual' },
  { code: 'TALK', name: '开展红十字宣传讲座', category: 'spreading', points: 10, trigger: 'manual', yearlyCap: 60 },
  { code: 'SHARE', name: '转发红十字知识', category: 'spreading', points: 2, trigger: 'manual', yearlyCap: 24 },
  { code: 'EMBLEM', name: '违规使用红十字标志', category: 'prohibited', points: -50, trigger: 'manual' },
  { code: 'DISCREDIT', name: '损害红十字会声誉', category: 'prohibited', points: -30, trigger: 'manual' },
];

const reasons: Record<string, string[]> = {
  ACTIVITY: ['参加“博爱周”主题活动', '参加会员座谈会', '参加红十字应急救护演练'],
  DUES: ['按时缴纳本年度会费'],
  RESCUE: ['参与浦阳江防汛转移群众'],
  TALK: ['在村文化礼堂开展防溺水宣讲', '在学校开展急救知识讲座'],
  SHARE: ['转发“世界急救日”宣传', '转发造血干细胞捐献倡议'],
  EMBLEM: ['店招擅自使用红十字标志'],
};

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Seeds once (skipped when 浙江省 already has point rules). */
export async function seedDemoMemberPoints(db: Db): Promise<void> {
  const province = await orgs.findOrgByCode(db, '330000');
  const zhuji = await orgs.findOrgByCode(db, '330681');
  if (!province || !zhuji || (await repo.listRulesAt(db, [province.id])).length > 0) {
    return;
  }
  const rand = seededRandom(20_260_701);
  const rules = new Map<string, string>();
  for (const r of provinceRules) {
    rules.set(r.code, (await points.createRule(db, ctx, { ...r, orgId: province.id })).id);
  }
  // 诸暨 pays more for talks in its own villages.
  rules.set(
    'TALK',
    (
      await points.createRule(db, ctx, {
        orgId: zhuji.id,
        code: 'TALK',
        name: '开展红十字宣传讲座(诸暨)',
        category: 'spreading',
        points: 15,
        trigger: 'manual',
        yearlyCap: 90,
      })
    ).id,
  );

  const today = toChinaDate();
  const yearStart = `${today.slice(0, 4)}-01-01`;
  const span = Math.max(1, Math.round((Date.parse(today) - Date.parse(yearStart)) / 86_400_000));
  const members = await repo.listActiveMembersWhere(db, (col) => orgs.orgUnderCondition(col, zhuji.path), 40);
  for (const [i, m] of members.entries()) {
    const picks = ['DUES', 'ACTIVITY', 'ACTIVITY', 'TALK', 'SHARE', 'SHARE', 'RESCUE'].filter(
      (_, k) => k === 0 || rand() < 0.55,
    );
    for (const code of picks) {
      const list = reasons[code];
      await points
        .awardByStaff(db, ctx, m.id, {
          ruleId: rules.get(code)!,
          reason: list[Math.floor(rand() * list.length)],
          occurredOn: addDays(yearStart, Math.floor(rand() * span)),
        })
        .catch(() => undefined); // a yearly cap reached: the demo simply has fewer points
    }
    if (i === 7) {
      await points.awardByStaff(db, ctx, m.id, {
        ruleId: rules.get('EMBLEM')!,
        reason: reasons.EMBLEM[0],
        occurredOn: addDays(yearStart, Math.floor(span / 2)),
      });
    }
  }

  for (const a of [
    { name: '红十字纪念徽章', pointsCost: 30, stock: 100 },
    { name: '优秀会员荣誉证书', pointsCost: 60, stock: null },
    { name: '家庭急救包', pointsCost: 120, stock: 20 },
  ]) {
    await points.createAward(db, ctx, { orgId: zhuji.id, ...a, description: '' });
  }

  const menu = [];
  for (const item of [
    {
      name: '救护知识讲座',
      description: '心肺复苏、AED使用与常见意外处置(约1.5小时)',
      audienceMin: 20,
      audienceMax: 200,
      leadDays: 7,
    },
    { name: '应急救护培训', description: '4学时普及培训,考核合格发证', audienceMin: 10, audienceMax: 40, leadDays: 14 },
    { name: '健康讲座', description: '慢病防治、老年健康与防跌倒', audienceMin: 10, audienceMax: 150, leadDays: 7 },
    {
      name: '防灾减灾宣传',
      description: '防汛防台、家庭应急包与逃生演练',
      audienceMin: 20,
      audienceMax: 300,
      leadDays: 10,
    },
  ]) {
    menu.push(await orders.createMenuItem(db, ctx, { orgId: zhuji.id, ...item }));
  }
  const steps = [
    { status: 'requested', place: '枫桥镇栎桥村文化礼堂', audience: 60 },
    { status: 'requested', place: '暨阳街道东二社区', audience: 40 },
    { status: 'accepted', place: '诸暨市实验小学报告厅', audience: 180 },
    { status: 'scheduled', place: '大唐街道袜业园区', audience: 35 },
    { status: 'delivered', place: '五泄镇农家乐协会', audience: 30 },
    { status: 'delivered', place: '浣东街道老年活动中心', audience: 80 },
    { status: 'declined', place: '店口镇某企业', audience: 500 },
  ];
  for (const [i, s] of steps.entries()) {
    const m = members[(i * 3) % Math.max(1, members.length)];
    if (!m) {
      break;
    }
    const item = menu[i % menu.length];
    const when = new Date(Date.now() + (i - 3) * 5 * 86_400_000);
    await ordersRepo.insertOrder(db, {
      regionId: m.regionId,
      id: crypto.randomUUID(),
      orderNo: `DC${today.replaceAll('-', '')}${String(900 + i).padStart(6, '0')}`,
      orgId: zhuji.id,
      memberId: m.id,
      menuItemId: item.id,
      serviceName: item.name,
      preferredDates: [addDays(today, 10 + i)],
      place: s.place,
      expectedAudience: s.audience,
      note: i === 0 ? '村里老人较多,希望讲讲防跌倒' : '',
      status: s.status,
      declineReason: s.status === 'declined' ? '人数超出讲座规模,建议改约应急救护培训分批进行' : null,
      scheduledAt: ['scheduled', 'delivered'].includes(s.status) ? when : null,
      staffNames: ['scheduled', 'delivered'].includes(s.status) ? '王医生、陈老师' : null,
      deliveredAt: s.status === 'delivered' ? when : null,
      attendance: s.status === 'delivered' ? s.audience - 4 : null,
      deliveryNotes: s.status === 'delivered' ? '讲解心肺复苏并分组练习' : null,
      rating: s.status === 'delivered' ? 5 - (i % 2) : null,
      ratingComment: s.status === 'delivered' ? '讲得很实用,大家都学会了按压' : null,
      ratedAt: s.status === 'delivered' ? when : null,
    });
  }

  const soon = addDays(today, 20);
  const made = await kits.createKits(db, ctx, {
    orgId: zhuji.id,
    model: '红十字家庭急救包 A 型',
    count: 6,
    items: [
      { name: '医用纱布', quantity: 10, expiresOn: addDays(today, 400) },
      { name: '碘伏棉签', quantity: 20, expiresOn: addDays(today, 300) },
      { name: '创可贴', quantity: 30, expiresOn: addDays(today, 500) },
      { name: '止血带', quantity: 1, expiresOn: null },
      { name: '急救毯', quantity: 1, expiresOn: null },
    ],
  });
  const spots = [
    { placeName: '枫桥镇栎桥村民宿“溪畔人家”前台', lat: 29.6356, lng: 120.3247 },
    { placeName: '暨阳街道东二社区便民服务点', lat: 29.7139, lng: 120.2466 },
    { placeName: '五泄景区游客中心', lat: 29.7592, lng: 120.0728 },
    { placeName: '大唐街道袜业园区保安室', lat: 29.6612, lng: 120.1761 },
  ];
  for (const [i, spot] of spots.entries()) {
    const m = members[i * 2];
    if (!m) {
      break;
    }
    await kits.assignKit(db, ctx, made[i].id, m.id);
    await kits.placeDemoKit(db, ctx, made[i].id, { ...spot, datum: 'wgs84' });
  }
  // One kit's gauze runs out soon: the daily sweep's task and SMS are there to see.
  await kits.refillKit(db, ctx, made[0].id, {
    items: [
      { name: '医用纱布', quantity: 10, expiresOn: soon },
      { name: '碘伏棉签', quantity: 20, expiresOn: addDays(today, 300) },
      { name: '止血带', quantity: 1, expiresOn: null },
    ],
  });
  await kits.raiseExpiryTasks(db, ctx);
}
