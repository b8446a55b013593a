// Demo relief for a first run in 诸暨: a relief fund with gifts, and cases at every stage taken there by the demo
// staff (village worker 江东社区, county relief officer, county approver, finance) through the same service code: one
// submitted, one verified, one reviewed, one on public notice, one paid (a ledger entry) and one closed.
import type { Db } from '../../db/client';
import * as auth from '../../platform/auth/auth.repo';
import { toChinaDate } from '../../platform/dates';
import { storeFile } from '../../platform/files/files.service';
import type { Ctx } from '../../platform/http/context';
import { computeCheckCharacter } from '../../platform/identity/id-number';
import { type Actor, systemActor } from '../../platform/rbac/actor';
import { builtinRoles } from '../../platform/rbac/permissions';
import * as donations from '../donations/donations.service';
import * as orgs from '../orgs/orgs.service';
import * as repo from './relief.repo';
import * as relief from './relief.service';
import { registerReliefFunds, requestCasePayout } from './relief-payouts';

/** The demo staff of the relief journey (created by the demo seed with the other demo accounts). */
export const reliefDemoAccounts = [
  {
    username: 'cunwei',
    displayName: '江东社区红十字工作者',
    roleId: 'village_worker',
    orgCode: '330681001001',
    note: '诸暨市暨阳街道江东社区 · 村(社区)红十字工作者(救助核实)',
  },
  {
    username: 'jiuzhu',
    displayName: '诸暨市红会救助专员',
    roleId: 'relief_officer',
    orgCode: '330681',
    note: '诸暨市 · 救助专员(审核、公示、回访)',
  },
  {
    username: 'shenpi',
    displayName: '诸暨市红会救助审批人',
    roleId: 'relief_approver',
    orgCode: '330681',
    note: '诸暨市 · 救助审批人(¥5,000 以内)',
  },
] as const;

const demoPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==',
  'base64',
);

const day = 86_400_000;

function idNumber(birth: string, seq: number): string {
  const first17 = `330681${birth}${String(seq).padStart(3, '0')}`;
  return first17 + computeCheckCharacter(first17);
}

/** A staff actor as a session would resolve it: the role's permissions on the unit. */
async function staffCtx(db: Db, username: string, roleId: string, orgCode: string): Promise<Ctx> {
  const user = await auth.findUserByUsername(db, username);
  const org = await orgs.findOrgByCode(db, orgCode);
  const role = builtinRoles.find((r) => r.id === roleId)!;
  const actor: Actor = {
    kind: 'staff',
    userId: user!.id,
    username,
    displayName: user!.displayName,
    sessionHash: 'seed',
    grants: [{ grantId: 'seed', roleId, orgId: org!.id, orgPath: org!.path, permissions: new Set(role.permissions) }],
  };
  return { actor, requestId: null, ip: null, locale: 'zh' };
}

/** Moves a case's clock back, so the demo shows cases filed over the last weeks. */
async function backdate(db: Db, id: string, days: number) {
  const c = (await repo.findCaseById(db, id))!;
  await repo.updateCase(db, c, {
    submittedAt: new Date(c.submittedAt.getTime() - days * day),
    decisionDueAt: new Date(c.decisionDueAt.getTime() - days * day),
  });
}

/** Lets a case's public notice end (as if its 7 days had passed with no objection). */
async function endNotice(db: Db, id: string) {
  const c = (await repo.findCaseById(db, id))!;
  await repo.updateCase(db, c, {
    noticeStartsAt: new Date(Date.now() - 8 * day),
    noticeEndsAt: new Date(Date.now() - day),
  });
}

export async function seedDemoRelief(db: Db): Promise<{ cases: number }> {
  registerReliefFunds();
  await relief.seedReliefKinds(db);
  const seed: Ctx = { actor: systemActor('seed'), requestId: null, ip: null, locale: 'zh' };
  const zhuji = await orgs.findOrgByCode(db, '330681');
  const village = await orgs.findOrgByCode(db, '330681001001');
  const [w, o, a] = reliefDemoAccounts;
  if (!zhuji || !village || !(await auth.findUserByUsername(db, w.username))) {
    return { cases: 0 };
  }
  const worker = await staffCtx(db, w.username, w.roleId, w.orgCode);
  const officer = await staffCtx(db, o.username, o.roleId, o.orgCode);
  const approver = await staffCtx(db, a.username, a.roleId, a.orgCode);
  const finance = (await auth.findUserByUsername(db, 'finance'))
    ? await staffCtx(db, 'finance', 'finance', '330681')
    : { ...seed, actor: systemActor('seed:finance') };

  // The fund the payouts come from: 诸暨市困难群众救助, with two bank gifts.
  const project = await donations.createProject(db, seed, {
    orgId: zhuji.id,
    name: '诸暨市困难群众人道救助',
    summary: '为因病、因灾、因意外陷入困境的家庭提供一次性人道救助',
    description: '救助对象经村(社区)入户核实、市红十字会审核审批,并在村务公开栏和网上公示 7 天。',
    fundKind: 'restricted',
    purpose: '人道救助',
    targetFen: 20_000_000,
    presetAmountsFen: [5000, 10000, 50000],
    startsOn: new Date(Date.now() - 60 * day).toISOString().slice(0, 10),
    endsOn: null,
    isEmergency: false,
  });
  const open = await donations.updateProject(db, seed, project.id, { status: 'open' });
  const slip = await db.transaction((tx) =>
    storeFile(tx, seed, { purpose: 'evidence', name: '演示-银行回单.png', bytes: demoPng }),
  );
  for (const [i, amountFen] of [5_000_000, 2_000_000].entries()) {
    await donations.recordDonation(db, seed, donations.defaultDonationRules, {
      projectId: open.id,
      channel: 'bank',
      amountFen,
      donorKind: 'organisation',
      donorName: i === 0 ? '诸暨市某某珍珠有限公司' : '诸暨市某某袜业有限公司',
      isAnonymous: false,
      intent: 'restricted',
      // After the other demo gifts: ledger order follows the calendar.
      receivedAt: new Date(Date.now() - (2 - i) * 60_000).toISOString(),
      evidenceFileId: slip.id,
      waivesReceipt: true,
    });
  }

  const materials = async () => {
    const out = [];
    for (const key of ['id_card', 'household_register', 'hardship_proof']) {
      const file = await db.transaction((tx) =>
        storeFile(tx, worker, { purpose: 'upload', name: `演示-${key}.png`, bytes: demoPng }),
      );
      out.push({ key, fileId: file.id });
    }
    return out;
  };
  const visit = (findings: string, daysAgo = 2) => ({
    // The China day of the visit (between 00:00 and 08:00 China time the UTC date is a day behind).
    visitedOn: toChinaDate(new Date(Date.now() - daysAgo * day)),
    visitors: '江东社区红十字工作者 周敏、社区网格员 陈强',
    findings,
    photoFileIds: [],
  });
  const exclusions = (await relief.getKind(db, 'hardship')).exclusions as string[];
  const people = [
    { name: '张国强', birth: '19620315', cause: '突发脑梗住院,自付医疗费用约 4 万元,家庭无其他收入', fen: 300_000 },
    { name: '李秀英', birth: '19580907', cause: '独居老人,房屋漏雨严重,生活困难', fen: 200_000 },
    { name: '王建华', birth: '19751120', cause: '工地意外致腿部骨折,半年无法工作,两个孩子在读', fen: 400_000 },
    { name: '陈美玲', birth: '19830402', cause: '丈夫患癌症化疗,家庭负债', fen: 450_000 },
    { name: '赵志明', birth: '19700618', cause: '家中失火,生活用品全部烧毁', fen: 250_000 },
    { name: '周桂兰', birth: '19550101', cause: '孙子患白血病,家庭积蓄耗尽', fen: 500_000 },
  ];
  const ids: string[] = [];
  for (const [i, p] of people.entries()) {
    const c = await relief.fileCase(db, worker, {
      kind: 'hardship',
      orgId: village.id,
      applicant: { name: p.name, idNumber: idNumber(p.birth, 100 + i) },
      householdSize: 2 + (i % 4),
      causeCategory: i === 4 ? 'fire' : i === 2 ? 'accident' : i === 1 ? 'poverty' : 'illness',
      causeText: p.cause,
      requestedFen: p.fen,
      materials: await materials(),
    });
    await backdate(db, c.id, 14 - 2 * i);
    ids.push(c.id);
  }
  // 0 stays submitted; 1 verified; 2 reviewed; 3 on notice; 4 paid; 5 closed.
  for (const [i, id] of ids.entries()) {
    if (i >= 1) {
      await relief.verifyCase(db, worker, id, {
        visit: visit('入户核实,困难情况属实'),
        exclusionsConfirmed: exclusions,
      });
    }
    if (i >= 2) {
      await relief.reviewCase(db, officer, id, { recommendedFen: people[i].fen, note: '材料齐全,建议按申请金额救助' });
    }
    if (i >= 3) {
      await relief.approveCase(db, approver, id, { approvedFen: people[i].fen, note: '同意救助' });
    }
    if (i >= 4) {
      await endNotice(db, id);
      const requested = await requestCasePayout(db, finance, id, { fundSource: 'donations', fundId: open.fundId });
      const admin: Ctx = { ...seed, actor: systemActor('seed:admin') };
      await donations.decidePayout(db, admin, requested.payouts[0].payoutRef, {
        decision: 'approve',
        note: '公示无异议',
      });
    }
    if (i >= 5) {
      await relief.followUpCase(db, worker, id, { visit: visit('回访:救助金已收到,用于孩子治疗', 0) });
      await relief.closeCase(db, officer, id, '回访完成,结案');
    }
  }
  return { cases: ids.length };
}
