// Demo members in 诸暨市: a few dozen individual and group members of its towns, schools and the branch itself, most
// with dues paid, some applications waiting for review, a few lapsed; and the member officer's demo account.
import type { Db } from '../../db/client';
import type { Ctx } from '../../platform/http/context';
import { computeCheckCharacter } from '../../platform/identity/id-number';
import { computeUsccCheckCharacter } from '../../platform/identity/uscc';
import { systemActor } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import * as repo from './members.repo';
import { enrolMember } from './members.service';
import { recordDues, sweepLapses } from './members-dues';

export const membersDemoAccounts = [
  {
    username: 'huiyuan',
    displayName: '诸暨市红会会员工作人员',
    roleId: 'member_officer',
    orgCode: '330681',
    note: '诸暨市 · 会员管理(入会审批、会费、转会、会员证、统计)',
  },
] as const;

const ctx: Ctx = { actor: systemActor('seed'), requestId: null, ip: null, locale: 'zh' };

const names = [
  '陈美娟',
  '王建国',
  '李秀英',
  '张伟',
  '刘洋',
  '杨静',
  '赵志强',
  '黄丽',
  '周涛',
  '吴敏',
  '徐海燕',
  '孙磊',
  '马晓红',
  '朱军',
  '胡婷',
  '郭建华',
  '何玉兰',
  '高超',
  '林芳',
  '罗勇',
  '郑欣怡',
  '梁子涵',
  '谢浩然',
  '宋雨桐',
  '唐一诺',
  '许明',
  '韩娜',
  '冯刚',
  '邓艳',
  '曹杰',
];

function idNumber(birth: string, seq: number): string {
  const first17 = `330681${birth}${String(seq).padStart(3, '0')}`;
  return first17 + computeCheckCharacter(first17);
}

function uscc(seq: number): string {
  const first17 = `91330681MA2D${String(1000 + seq).padStart(4, '0')}0`;
  return first17 + computeUsccCheckCharacter(first17);
}

/** Seeds the demo members once (skipped when 诸暨市 already has members). */
export async function seedDemoMembers(db: Db): Promise<void> {
  const zhuji = await orgs.findOrgByCode(db, '330681');
  if (!zhuji) {
    return;
  }
  const existing = await repo.listMembers(
    db,
    { scope: (col) => orgs.orgUnderCondition(col, zhuji.path) },
    { limit: 1, offset: 0 },
  );
  if (existing.total > 0) {
    return;
  }
  const units = (await orgs.orgsRepo.listAllForExport(db, [zhuji.path], false)).filter((o) =>
    ['county', 'township', 'village', 'school'].includes(o.type),
  );
  const towns = units.filter((o) => o.type === 'township' || o.type === 'village').slice(0, 4);
  const schools = units.filter((o) => o.type === 'school');
  const places = [zhuji, ...towns];
  const year = new Date().getFullYear();
  const active: string[] = [];
  for (const [i, name] of names.entries()) {
    const youth = i % 7 === 3 && schools.length > 0;
    const org = youth ? schools[i % schools.length] : places[i % places.length];
    const birth = youth ? `${year - 15}0${(i % 9) + 1}12` : `19${60 + (i % 35)}0${(i % 9) + 1}1${i % 10}`;
    const pending = i >= names.length - 4;
    const m = await enrolMember(db, ctx, {
      kind: 'individual',
      orgId: org.id,
      category: youth ? 'youth' : 'ordinary',
      tier: i === 1 ? 'life' : i === 5 ? 'special' : 'ordinary',
      name,
      idNumber: idNumber(birth, 100 + i * 3),
      phone: `1390576${String(1000 + i * 37).padStart(4, '0')}`,
      workplace: youth ? org.name : i % 3 === 0 ? '枫桥镇农家乐' : undefined,
      admit: !pending,
    });
    if (!pending) {
      active.push(m.id);
    }
  }
  for (const [i, g] of ['诸暨红枫袜业有限公司', '诸暨市暨阳物流有限公司', '浣东街道社区卫生服务中心'].entries()) {
    const m = await enrolMember(db, ctx, {
      kind: 'group',
      orgId: places[i % places.length].id,
      tier: 'ordinary',
      groupName: g,
      uscc: uscc(i),
      headcount: [120, 45, 60][i],
      contactName: ['周经理', '钱主任', '孙院长'][i],
      contactPhone: `1390577${String(2000 + i * 11).padStart(4, '0')}`,
      admit: true,
    });
    await recordDues(db, ctx, m.id, { years: 1, method: 'bank', reference: `DEMO-BANK-${i + 1}` });
  }
  // Most members paid this year (some a few years ahead); three long unpaid ones lapse in the sweep below.
  for (const [i, id] of active.entries()) {
    if (i % 8 === 7) {
      const m = (await repo.findMember(db, null, id))!;
      await repo.updateMember(db, m.regionId, m.id, { paidThroughYear: year - 3 });
    } else if (i % 5 !== 4) {
      await recordDues(db, ctx, id, { years: 1 + (i % 3), method: i % 2 ? 'cash' : 'online', reference: `WX${i}` });
    }
  }
  await sweepLapses(db, ctx);
}
