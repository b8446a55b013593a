// Demo mutual-aid fund for a first run: 白鱼潭古村 (诸暨市浣东街道) with money from the Red Cross branch, a company,
// villagers and a charity livestream (5% of declared sales), a grant approved by a second person, a loan with one
// overdue instalment and a loan repaid and closed. Goes through the services: the ledger and audit are real.
import type { Db } from '../../db/client';
import { toChinaDate } from '../../platform/dates';
import { storeFile } from '../../platform/files/files.service';
import type { Ctx } from '../../platform/http/context';
import { computeCheckCharacter } from '../../platform/identity/id-number';
import { systemActor } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import * as repo from './mutualaid.repo';
import {
  createRule,
  decideGrant,
  issueLoan,
  openFund,
  recordContribution,
  recordGrant,
  recordRepayment,
} from './mutualaid.service';
import { addMonths } from './mutualaid-rules';

const ctxOf = (label: string): Ctx => ({ actor: systemActor(label), requestId: null, ip: null, locale: 'zh' });

/** A 1×1 PNG standing in for the scanned bank slips, sales statement and signed agreements. */
const placeholderScan = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==',
  'base64',
);

const idNumber = (birth: string, seq: string) => {
  const first17 = `330681${birth}${seq}`;
  return first17 + computeCheckCharacter(first17);
};

export type DemoMutualAid = { fundId: number; code: string };

/**
 * Seeds the demo fund at `orgId` (白鱼潭古村, 330681002282, by default). Returns null when the unit is missing or
 * already has an active fund (nothing is added twice). Call it outside any open transaction.
 */
export async function seedDemoMutualAid(
  db: Db,
  opts: { orgId?: number; now?: Date } = {},
): Promise<DemoMutualAid | null> {
  const org = opts.orgId ? await orgs.findOrgById(db, opts.orgId) : await orgs.findOrgByCode(db, '330681002282');
  if (!org || (await repo.findActiveFundOfOrg(db, org.id))) {
    return null;
  }
  const clerk = ctxOf('seed');
  const checker = ctxOf('seed-checker');
  const today = toChinaDate(opts.now ?? new Date());
  const daysBefore = (date: string, n: number) =>
    new Date(Date.parse(`${date}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

  const fund = await openFund(db, clerk, {
    orgId: org.id,
    name: `${org.name.replace(/古?村$/, '')}村互助金`,
    description: '村民自愿互助、滚动使用：困难救助与两年期无息借款，收支在此公开。',
    maxGrantFen: 500_000,
    maxLoanFen: 2_000_000,
    loanTermMonths: 24,
  });
  const scan = await db.transaction((tx) =>
    storeFile(tx, clerk, { purpose: 'evidence', name: '示例扫描件.png', bytes: placeholderScan, orgId: org.id }),
  );
  const monthsAgo = (n: number) => addMonths(today, -n);

  await recordContribution(db, clerk, fund.id, {
    sourceKind: 'red_cross',
    contributorName: '诸暨市红十字会',
    amountFen: 3_000_000,
    receivedOn: monthsAgo(14),
    evidenceFileId: scan.id,
    note: '启动资金',
  });
  await recordContribution(db, clerk, fund.id, {
    sourceKind: 'company',
    contributorName: '诸暨市浣东袜业有限公司',
    amountFen: 2_000_000,
    receivedOn: monthsAgo(13),
    evidenceFileId: scan.id,
  });
  for (const [name, amountFen, months] of [
    ['王建明', 50_000, 13],
    [undefined, 20_000, 12],
    ['陈秀华', 100_000, 6],
  ] as const) {
    await recordContribution(db, clerk, fund.id, {
      sourceKind: 'villager',
      contributorName: name,
      amountFen,
      receivedOn: monthsAgo(months),
    });
  }
  const rule = await createRule(db, clerk, fund.id, {
    name: '白鱼潭古村助农直播间',
    partner: '浣东街道农村电商合作社',
    rateBp: 500,
  });
  const lastMonthEnd = daysBefore(`${today.slice(0, 7)}-01`, 1);
  await recordContribution(db, clerk, fund.id, {
    sourceKind: 'livestream',
    ruleId: rule.id,
    salesFen: 8_654_321,
    periodFrom: `${lastMonthEnd.slice(0, 7)}-01`,
    periodTo: lastMonthEnd,
    receivedOn: today,
    evidenceFileId: scan.id,
    note: '直播平台后台销售额截图',
  });

  const grant = await recordGrant(db, clerk, fund.id, {
    recipient: { name: '周美英', idNumber: idNumber('19580312', '024') },
    amountFen: 300_000,
    purpose: '住院自付医疗费用救助',
    reason: '户主突发脑梗住院，自付部分超过家庭年收入的一半；村委会入户核实。',
    evidenceFileId: scan.id,
  });
  await decideGrant(db, checker, grant.id, { decision: 'approve', note: '材料齐全，同意' });

  // Handed over two months and five days ago: the first instalment was repaid, the second is five days overdue.
  const disbursedOn = daysBefore(addMonths(today, -2), 5);
  const loan = await issueLoan(db, clerk, fund.id, {
    borrower: { name: '赵建国', idNumber: idNumber('19760823', '051'), phone: '13957500001' },
    amountFen: 1_200_000,
    purpose: '扩大香榧种植（购买苗木与有机肥）',
    agreementFileId: scan.id,
    termMonths: 24,
    scheduleKind: 'equal',
    disbursedOn,
  });
  await recordRepayment(db, clerk, loan.id, {
    amountFen: loan.instalments[0].amountFen,
    paidOn: loan.instalments[0].dueOn,
  });
  const closed = await issueLoan(db, clerk, fund.id, {
    borrower: { name: '钱小红', idNumber: idNumber('19850517', '082') },
    amountFen: 300_000,
    purpose: '购置电动三轮车跑运输',
    agreementFileId: scan.id,
    termMonths: 12,
    scheduleKind: 'bullet',
    disbursedOn: monthsAgo(13),
  });
  await recordRepayment(db, clerk, closed.id, { amountFen: 300_000, paidOn: closed.instalments[0].dueOn });
  return { fundId: fund.id, code: fund.code };
}
