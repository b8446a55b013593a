// Demo data of organ / body donation registration and the memorial in 诸暨市: a dozen registrations spread over the
// past year (online and at the counter, a few withdrawn), three donors who passed with memorials made with their
// families' consent (one name shown masked), visits and flowers, approved messages and two waiting for moderation.
import crypto from 'node:crypto';
import type { Db } from '../../db/client';
import { toChinaDate } from '../../platform/dates';
import { storeFile } from '../../platform/files/files.service';
import type { Ctx } from '../../platform/http/context';
import { computeCheckCharacter } from '../../platform/identity/id-number';
import { systemActor } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import { createMemorial, leaveMessage } from './registry-memorial.service';
import * as repo from './registry-organ.repo';
import { recordAfterDeathStep, registerAtCounter, withdrawByStaff } from './registry-organ.service';

const ctx: Ctx = { actor: systemActor('seed'), requestId: null, ip: null, locale: 'zh' };
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==',
  'base64',
);

type Demo = {
  name: string;
  birth: string;
  kind: 'organ' | 'body';
  scope: 'all' | 'some' | 'whole_body' | 'tissue';
  items?: ('kidney' | 'liver' | 'cornea' | 'heart' | 'lung' | 'skin' | 'bone')[];
  monthsAgo: number;
  withdrawn?: boolean;
  passed?: { deathOn: string; receivedBy: string; bio: string; words: string; showName: boolean; consentBy: string };
};

const demos: Demo[] = [
  {
    name: '周建国',
    birth: '19520316',
    kind: 'organ',
    scope: 'all',
    monthsAgo: 11,
    passed: {
      deathOn: '2026-06-12',
      receivedBy: '浙江大学医学院附属第一医院',
      showName: true,
      consentBy: '周丽华(女儿)',
      bio: '周建国,诸暨市暨阳街道人,中学物理教师,从教三十八年。退休后常年在社区做义务家教。2025年底他在红十字会登记了器官捐献意愿,说“教了一辈子书,最后再上一课”。他的一对肾脏和肝脏让三位病人重获新生,一对角膜让两位病人重见光明。',
      words: '爸爸,您说过生命的长度有限,宽度可以自己决定。您做到了。我们会替您看着这个世界。',
    },
  },
  {
    name: '陈秀英',
    birth: '19480902',
    kind: 'body',
    scope: 'whole_body',
    monthsAgo: 10,
    passed: {
      deathOn: '2026-03-28',
      receivedBy: '温州医科大学',
      showName: true,
      consentBy: '王志明(儿子)',
      bio: '陈秀英,退休护士,在诸暨市人民医院工作了三十年。她生前与丈夫一同登记遗体捐献,希望“让医学生在我身上少犯错,将来在病人身上不犯错”。她的遗体已由温州医科大学接收,用于医学教学。',
      words: '妈妈,您是最好的护士,也是最好的老师。无语良师,永远怀念。',
    },
  },
  {
    name: '何立军',
    birth: '19680527',
    kind: 'organ',
    scope: 'some',
    items: ['kidney', 'liver', 'cornea'],
    monthsAgo: 8,
    passed: {
      deathOn: '2026-09-03',
      receivedBy: '浙江省人体器官获取组织',
      showName: false,
      consentBy: '何妻(配偶)',
      bio: '一位热爱骑行的货车司机,常说“路上遇到难处的人,能帮就帮”。一次意外后,家人按他生前的登记捐献了肾脏、肝脏和角膜,帮助了四位陌生人。',
      words: '你一直在路上,现在换一种方式继续前行。',
    },
  },
  { name: '楼佳琪', birth: '19950714', kind: 'organ', scope: 'all', monthsAgo: 7 },
  { name: '赵德海', birth: '19590101', kind: 'organ', scope: 'some', items: ['cornea'], monthsAgo: 6 },
  { name: '宣美娟', birth: '19630418', kind: 'body', scope: 'tissue', items: ['cornea', 'skin'], monthsAgo: 5 },
  { name: '俞晓峰', birth: '19880830', kind: 'organ', scope: 'all', monthsAgo: 4, withdrawn: true },
  { name: '斯文涛', birth: '19770212', kind: 'organ', scope: 'all', monthsAgo: 3 },
  { name: '孟凡荣', birth: '19550920', kind: 'body', scope: 'whole_body', monthsAgo: 2 },
  { name: '金桂芳', birth: '19610606', kind: 'organ', scope: 'some', items: ['kidney', 'liver'], monthsAgo: 1 },
  { name: '郦国平', birth: '19580311', kind: 'organ', scope: 'all', monthsAgo: 0, withdrawn: true },
  { name: '钟雨桐', birth: '20010125', kind: 'organ', scope: 'all', monthsAgo: 0 },
];

const messages: { author: string; body: string; approved: boolean }[][] = [
  [
    { author: '学生 小何', body: '周老师,您当年教我的牛顿定律我还记得。谢谢您最后这一课。', approved: true },
    {
      author: '受助者家属',
      body: '我父亲接受了肾移植,现在身体很好。谢谢您和您的家人,我们会好好生活。',
      approved: true,
    },
    { author: '暨阳街道 志愿者', body: '向周老师致敬,一路走好。', approved: true },
    { author: '路过的人', body: '看完很感动,我也去登记了。', approved: false },
  ],
  [
    {
      author: '温医大 2024级临床',
      body: '陈老师,解剖课前我们向您默哀鞠躬。您是我们的无语良师,我们会成为好医生。',
      approved: true,
    },
    { author: '老同事', body: '秀英姐,您还是那么爱操心,连最后都在为医学着想。', approved: true },
  ],
  [
    { author: '骑友 阿斌', body: '老何,车队每次出发都会想起你。', approved: true },
    { author: '匿名', body: '感谢您的大爱,愿天堂没有病痛。', approved: false },
  ],
];

function demoId(birth: string, seq: number): string {
  const first17 = `330681${birth}${String(500 + seq).padStart(3, '0')}`;
  return first17 + computeCheckCharacter(first17);
}

function monthsBefore(n: number): Date {
  const d = new Date();
  d.setUTCMonth(d.getUTCMonth() - n);
  d.setUTCDate(Math.min(d.getUTCDate(), 20));
  return d;
}

/** Seeds the registrations and memorials once (skipped when 诸暨市 already has registrations). */
export async function seedDemoOrgan(db: Db): Promise<void> {
  const zhuji = await orgs.findOrgByCode(db, '330681');
  if (!zhuji) {
    return;
  }
  const existing = await repo.listRegistrations(db, {
    scope: (col) => orgs.orgUnderCondition(col, zhuji.path),
    limit: 1,
    offset: 0,
  });
  if (existing.total > 0) {
    return;
  }
  const newFile = async (name: string) =>
    (await db.transaction((tx) => storeFile(tx, ctx, { purpose: 'evidence', name, bytes: png }))).id;
  let passedIndex = 0;
  for (const [i, d] of demos.entries()) {
    const reg = await registerAtCounter(db, ctx, {
      kind: d.kind,
      orgId: zhuji.id,
      name: d.name,
      idNumber: demoId(d.birth, i),
      phone: `1385755${String(1000 + i * 37).slice(-4)}`,
      scope: d.scope,
      items: d.items ?? [],
      witnesses: [
        { name: '诸暨市红会 楼工作人员', phone: '13857550001' },
        { name: '社区见证人 宣女士', phone: '13857550002' },
      ],
      familyContact: {
        name: `${d.name.slice(0, 1)}家属`,
        relation: '配偶',
        phone: `1395755${String(2000 + i).slice(-4)}`,
      },
      ...(d.kind === 'body'
        ? {
            executor: {
              name: `${d.name.slice(0, 1)}执行人`,
              relation: '子女',
              phone: `1395755${String(3000 + i).slice(-4)}`,
            },
            institution: '温州医科大学',
          }
        : {}),
      consentFileId: await newFile('登记表.png'),
    });
    const row = (await repo.findRegistration(db, reg.id))!;
    await repo.updateRegistration(db, row, {
      createdAt: monthsBefore(d.monthsAgo),
      consentAt: monthsBefore(d.monthsAgo),
    });
    if (d.withdrawn) {
      await withdrawByStaff(db, ctx, reg.id, {
        requestNote: '本人来会填写撤销申请表',
        requestFileId: await newFile('撤销申请.png'),
      });
    }
    if (d.passed) {
      const p = d.passed;
      await recordAfterDeathStep(db, ctx, reg.id, {
        step: 'death_reported',
        deathOn: p.deathOn,
        evidenceFileId: await newFile('死亡证明.png'),
      });
      await recordAfterDeathStep(db, ctx, reg.id, {
        step: 'received',
        receivedOn: p.deathOn,
        receivedBy: p.receivedBy,
        evidenceFileId: await newFile('接收证明.png'),
      });
      const m = await createMemorial(db, ctx, {
        registrationId: reg.id,
        consentBy: p.consentBy,
        consentFileId: await newFile('家属同意书.png'),
        showName: p.showName,
        biography: p.bio,
        familyWords: p.words,
      });
      const memorialRow = (await repo.findMemorial(db, m.id))!;
      for (const [j, msg] of messages[passedIndex].entries()) {
        const left = await leaveMessage(db, ctx, m.id, `seed-visitor-${passedIndex}-${j}`, {
          authorName: msg.author,
          body: msg.body,
        });
        if (msg.approved) {
          const stored = (await repo.findMessage(db, left.id))!;
          await repo.decideMessage(db, stored, 'approved', 'system:seed');
        }
      }
      // Visits and flowers as they add up over months (the seeds speak of 2 million visits across the province).
      await repo.updateMemorial(db, memorialRow, {
        visitCount: [18_342, 9_871, 4_206][passedIndex],
        flowerCount: [3_127, 1_655, 742][passedIndex],
      });
      await repo.markVisit(db, memorialRow, toChinaDate(), crypto.randomUUID());
      passedIndex++;
    }
  }
}
