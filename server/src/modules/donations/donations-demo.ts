// Demo fundraising for a first run: projects of the seeded network, a month of gifts through the built-in (local)
// provider and by bank transfer, and payouts, all through the same service code (ledger entries, FIFO lots, audit).
import type { Db } from '../../db/client';
import { storeFile } from '../../platform/files/files.service';
import type { Ctx } from '../../platform/http/context';
import { seededRandom } from '../../platform/random';
import { systemActor } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import * as repo from './donations.repo';
import { createProject, receiveGift, updateProject } from './donations.service';
import { decidePayout, requestPayout } from './payouts';

const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高';
const given = [
  '伟',
  '芳',
  '娜',
  '秀英',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀兰',
  '霞',
];
const companies = ['浙江某某科技有限公司', '绍兴市某某纺织集团', '诸暨市某某珍珠有限公司', '某某银行绍兴分行'];

// A placeholder scan: a real 1×1 PNG standing for a bank slip in the demo (labelled as such in its file name).
const demoSlip = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==',
  'base64',
);

export async function seedDemoDonations(db: Db): Promise<{ projects: number; gifts: number; payouts: number }> {
  const ctx: Ctx = { actor: systemActor('seed'), requestId: null, ip: null, locale: 'zh' };
  const org = async (code: string) => (await orgs.findOrgByCode(db, code))!;
  const [zhejiang, shaoxing, zhuji, hanbin] = await Promise.all([
    org('330000'),
    org('330600'),
    org('330681'),
    org('610902'),
  ]);
  const rand = seededRandom(2026);
  const now = Date.now();
  const day = 86_400_000;
  const start = new Date(now - 40 * day).toISOString().slice(0, 10);

  const specs = [
    {
      org: shaoxing,
      name: '2026年"博爱送万家"',
      summary: '春节前为困难家庭送去米面油和慰问金',
      purpose: '困难群众春节慰问',
      target: 50_000_000,
      kind: 'restricted' as const,
    },
    {
      org: zhuji,
      name: '诸暨市公共场所AED配置',
      summary: '在学校、车站和景区配置自动体外除颤器(AED)',
      purpose: 'AED采购与安装',
      target: 30_000_000,
      kind: 'restricted' as const,
    },
    {
      org: zhejiang,
      name: '浙江省红十字会非定向捐赠',
      summary: '用于人道救助、应急救护和博爱家园建设',
      purpose: '红十字人道事业',
      target: null,
      kind: 'unrestricted' as const,
    },
    {
      org: hanbin,
      name: '汉滨区汛期应急救灾',
      summary: '为受灾群众提供应急物资和生活救助',
      purpose: '灾害应急救助',
      target: 20_000_000,
      kind: 'restricted' as const,
      emergency: true,
    },
  ];
  const projects: Awaited<ReturnType<typeof updateProject>>[] = [];
  for (const s of specs) {
    const p = await createProject(db, ctx, {
      orgId: s.org.id,
      name: s.name,
      summary: s.summary,
      description: `${s.summary}。善款使用情况每日公示,每一笔捐赠都可在公开账本中查验。`,
      fundKind: s.kind,
      purpose: s.purpose,
      targetFen: s.target,
      presetAmountsFen: [1000, 5000, 10000, 50000],
      startsOn: start,
      endsOn: null,
      isEmergency: s.emergency ?? false,
    });
    projects.push(await updateProject(db, ctx, p.id, { status: 'open' }));
  }

  let gifts = 0;
  const slip = await db.transaction((tx) =>
    storeFile(tx, ctx, { purpose: 'evidence', name: '演示-银行回单.png', bytes: demoSlip }),
  );
  await db.transaction(async (tx) => {
    // Gifts in time order, so ledger order (the FIFO order) follows the calendar.
    for (let i = 0; i < 160; i++) {
      const at = new Date(now - 30 * day + (i / 160) * 30 * day + rand() * 3_600_000);
      const project = (await repo.findProjectById(tx, projects[Math.floor(rand() * projects.length)].id))!;
      const isCompany = rand() < 0.08;
      const isAnonymous = !isCompany && rand() < 0.2;
      const name = isCompany
        ? companies[Math.floor(rand() * companies.length)]
        : surnames[Math.floor(rand() * surnames.length)] + given[Math.floor(rand() * given.length)];
      const amounts = isCompany ? [2_000_000, 5_000_000, 10_000_000] : [1000, 2000, 5000, 10000, 20000, 50000, 8800];
      await receiveGift(tx, ctx, {
        project,
        channel: isCompany ? 'bank' : 'local',
        amountFen: amounts[Math.floor(rand() * amounts.length)],
        donorKind: isCompany ? 'organisation' : 'person',
        donorName: isAnonymous ? null : name,
        isAnonymous,
        phone: null,
        message: rand() < 0.3 ? '一点心意,愿您平安' : null,
        intent: project.fundKind as 'restricted' | 'unrestricted',
        intentNote: null,
        receiptStatus: isAnonymous ? 'anonymous' : 'waived',
        receivedAt: at,
        evidenceFileId: isCompany ? slip.id : null,
        agreementFileId: null,
        providerTxnId: isCompany ? `bank:DEMO${i}` : `DEMO-L${i}`,
        orderId: null,
        accessTokenHash: null,
      });
      gifts++;
    }
  });

  const requester: Ctx = { ...ctx, actor: systemActor('seed:finance') };
  const approver: Ctx = { ...ctx, actor: systemActor('seed:admin') };
  const aed = await requestPayout(db, requester, {
    fundId: projects[1].fundId,
    amountFen: 1_580_000,
    payeeKind: 'unit',
    payeeName: '某某医疗器械有限公司',
    purpose: '采购AED 1台(诸暨火车站)',
    supplier: '某某医疗器械有限公司',
    unitPriceFen: 1_580_000,
    quantity: 1,
    isRelatedParty: false,
    evidenceFileId: slip.id,
  });
  await decidePayout(db, approver, aed.id, { decision: 'approve', note: '合同与发票齐全' });
  const relief = await requestPayout(db, requester, {
    fundId: projects[0].fundId,
    amountFen: 200_000,
    payeeKind: 'person',
    payeeName: '陈阿婆',
    purpose: '困难家庭春节慰问金',
    isRelatedParty: false,
    evidenceFileId: slip.id,
  });
  await decidePayout(db, approver, relief.id, { decision: 'approve', note: '经村委会公示' });
  await requestPayout(db, requester, {
    fundId: projects[3].fundId,
    amountFen: 300_000,
    payeeKind: 'unit',
    payeeName: '汉滨区某镇人民政府',
    purpose: '受灾群众临时生活救助',
    isRelatedParty: false,
    evidenceFileId: slip.id,
  });
  return { projects: projects.length, gifts, payouts: 3 };
}
