// Demo data: a training base, instructors with staff accounts, an open class and an order-based class with learners.
// The demo citizen (13800000001) is enrolled in the open class: sign in with that phone to follow /training/mine.
import type { Db } from '../../db/client';
import { toChinaDate } from '../../platform/dates';
import type { Ctx } from '../../platform/http/context';
import { computeCheckCharacter } from '../../platform/identity/id-number';
import { systemActor } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import * as catalogue from './training-catalogue';
import * as classes from './training-classes';

/** Demo staff of the training module (added to the demo account list). */
export const trainingDemoAccounts = [
  {
    username: 'peixun',
    displayName: '诸暨市红会培训管理员',
    roleId: 'training_admin',
    orgCode: '330681',
    note: '诸暨市 · 培训管理员(课程、培训班、报名、发证;也是演示培训班的培训师)',
  },
  {
    username: 'kaoguan',
    displayName: '诸暨市红会考官',
    roleId: 'examiner',
    orgCode: '330681',
    note: '诸暨市 · 考官(实操考核,培考分离)',
  },
] as const;

const idNumber = (birth: string, seq: string) => {
  const first17 = `330681${birth}${seq}`;
  return first17 + computeCheckCharacter(first17);
};

const addDays = (date: string, n: number) => catalogue.addDays(date, n);
const at = (date: string, time: string) => `${date}T${time}:00+08:00`;

export async function seedDemoClasses(db: Db): Promise<void> {
  await catalogue.ensureCourseCatalogue(db);
  const zhuji = await orgs.findOrgByCode(db, '330681');
  const fa = await catalogue.findCourseByCode(db, 'first-aider');
  if (!zhuji || !fa) {
    return;
  }
  const ctx: Ctx = { actor: systemActor('seed'), requestId: null, ip: null, locale: 'zh' };
  const today = toChinaDate();

  const base = await catalogue.createBase(db, ctx, {
    orgId: zhuji.id,
    name: '诸暨市红十字应急救护培训基地',
    address: '浙江省诸暨市暨阳街道艮塔西路 1 号',
    lat: 29.7135,
    lng: 120.2362,
    capacity: 40,
    contactName: '何老师',
    contactPhone: '0575-87000000',
    equipment: ['成人 CPR 模拟人 12 具', '婴儿 CPR 模拟人 4 具', 'AED 训练机 6 台', '止血包扎用品若干'],
  });

  const trainer = await catalogue.createInstructor(db, ctx, {
    orgId: zhuji.id,
    name: '何晓红',
    idNumber: idNumber('19820315', '021'),
    phone: '13957500101',
    username: 'peixun',
  });
  const examiner = await catalogue.createInstructor(db, ctx, {
    orgId: zhuji.id,
    name: '楼建平',
    idNumber: idNumber('19780607', '033'),
    phone: '13957500102',
    username: 'kaoguan',
  });
  const extra = await catalogue.createInstructor(db, ctx, {
    orgId: zhuji.id,
    name: '宣海燕',
    idNumber: idNumber('19900918', '044'),
    phone: '13957500103',
    username: null,
  });
  await catalogue.addQualification(db, ctx, trainer.id, {
    kind: 'trainer',
    grade: 'senior',
    certificateNo: 'ZJ-SZ-2024-0107',
    issuedOn: addDays(today, -400),
    validUntil: addDays(today, 700),
  });
  await catalogue.addQualification(db, ctx, examiner.id, {
    kind: 'examiner',
    grade: 'senior',
    certificateNo: 'ZJ-KG-2023-0031',
    issuedOn: addDays(today, -800),
    validUntil: addDays(today, 400),
  });
  // One qualification about to expire: the instructors page flags it.
  await catalogue.addQualification(db, ctx, extra.id, {
    kind: 'trainer',
    grade: 'junior',
    certificateNo: 'ZJ-SZ-2023-0219',
    issuedOn: addDays(today, -1000),
    validUntil: addDays(today, 60),
  });

  // An open first-aider class at the base, taking enrolments.
  const open = await classes.createClass(db, ctx, {
    courseId: fa.id,
    orgId: zhuji.id,
    kind: 'open',
    title: `${today.slice(0, 4)}年第${Number(today.slice(5, 7))}期救护员培训班`,
    orderOrgName: null,
    orderContactName: null,
    orderContactPhone: null,
    baseId: base.id,
    siteAddress: null,
    capacity: 30,
    startsOn: today,
    endsOn: addDays(today, 14),
    enrolClosesAt: null,
    theoryOpensAt: null,
    theoryClosesAt: null,
  });
  await classes.assignStaff(db, ctx, open.id, { instructorId: trainer.id, role: 'trainer' });
  await classes.assignStaff(db, ctx, open.id, { instructorId: examiner.id, role: 'examiner' });
  await classes.addSession(db, ctx, open.id, {
    title: '第一次课:心肺复苏与 AED',
    startsAt: at(today, '08:30'),
    endsAt: at(today, '17:30'),
  });
  await classes.addSession(db, ctx, open.id, {
    title: '第二次课:创伤救护与实操考核',
    startsAt: at(addDays(today, 7), '08:30'),
    endsAt: at(addDays(today, 7), '17:30'),
  });
  await classes.transitionClass(db, ctx, open.id, { to: 'open' });
  const learners = [
    { name: '陈思远', idNumber: idNumber('19950312', '051'), phone: '13800000001', workplace: '诸暨市人民医院' },
    { name: '赵雨桐', idNumber: idNumber('19980721', '062'), phone: '13957500111', workplace: '浣纱小学' },
    { name: '孙浩然', idNumber: idNumber('19870203', '073'), phone: '13957500112', workplace: '诸暨市公交公司' },
    {
      name: '周静怡',
      idNumber: idNumber('20010919', '084'),
      phone: '13957500113',
      workplace: '暨阳街道社区卫生服务中心',
    },
  ];
  for (const l of learners) {
    await classes.enrolByStaff(db, ctx, open.id, l);
  }

  // An order-based class (订单式培训) for a factory, enrolled from its roster.
  const order = await classes.createClass(db, ctx, {
    courseId: fa.id,
    orgId: zhuji.id,
    kind: 'order',
    title: '浙江诸暨某某机械有限公司救护员培训(订单式)',
    orderOrgName: '浙江诸暨某某机械有限公司',
    orderContactName: '钱经理',
    orderContactPhone: '13957500120',
    baseId: null,
    siteAddress: '诸暨市经济开发区某某路 88 号 3 号厂房培训室',
    capacity: 40,
    startsOn: addDays(today, 10),
    endsOn: addDays(today, 12),
    enrolClosesAt: null,
    theoryOpensAt: null,
    theoryClosesAt: null,
  });
  await classes.assignStaff(db, ctx, order.id, { instructorId: trainer.id, role: 'trainer' });
  await classes.assignStaff(db, ctx, order.id, { instructorId: examiner.id, role: 'examiner' });
  await classes.addSession(db, ctx, order.id, {
    title: '厂内集中培训',
    startsAt: at(addDays(today, 10), '13:30'),
    endsAt: at(addDays(today, 10), '17:30'),
  });
  await classes.transitionClass(db, ctx, order.id, { to: 'open' });
  const workers = ['钱国强', '吴海波', '郑丽娟', '王建军', '冯晓东', '蒋美玲'];
  for (const [i, name] of workers.entries()) {
    await classes.enrolByStaff(db, ctx, order.id, {
      name,
      idNumber: idNumber(`19${80 + i}0${(i % 9) + 1}15`, String(100 + i)),
      phone: `1395750013${i}`,
      workplace: '浙江诸暨某某机械有限公司',
    });
  }
}
