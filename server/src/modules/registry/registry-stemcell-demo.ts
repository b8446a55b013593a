// Demo data for blood drives and stem-cell registration in 诸暨市: three drives (two held with participants, one
// coming), and registrations at every stage of the workflow spread over the past year, two withdrawn (one late); and
// the demo account `sanxian` (三献工作专员).
import type { Db } from '../../db/client';
import { toChinaDate } from '../../platform/dates';
import type { Ctx } from '../../platform/http/context';
import { computeCheckCharacter } from '../../platform/identity/id-number';
import { seededRandom } from '../../platform/random';
import { systemActor } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import { createDrive, recordDonorOutcome, registerDonor, setDriveStatus } from './registry-blood';
import * as repo from './registry-stemcell.repo';
import { type StemCellWorkflowStep, stemCellWorkflow } from './registry-stemcell.schemas';
import {
  recordSample,
  recordStep,
  registerByStaff,
  stemCellConsent,
  withdrawByStaff,
} from './registry-stemcell.service';

export const stemCellDemoAccounts = [
  {
    username: 'sanxian',
    displayName: '诸暨市红会三献专员',
    roleId: 'registry_officer',
    orgCode: '330681',
    note: '诸暨市 · 三献工作专员(献血活动、造血干细胞与器官捐献登记、纪念馆审核)',
  },
] as const;

const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹'.split('');
const given = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚婷宇浩然子涵欣怡梓轩雨桐一诺'.split('');

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Seeds the registers of 诸暨市 (after the org tree and accounts exist). */
export async function seedDemoStemCell(db: Db): Promise<void> {
  const zhuji = await orgs.findOrgByCode(db, '330681');
  if (!zhuji) {
    return;
  }
  const towns = [await orgs.findOrgByCode(db, '330681001'), await orgs.findOrgByCode(db, '330681002')].filter(
    (o): o is NonNullable<typeof o> => !!o,
  );
  const units = [zhuji, ...towns];
  const ctx: Ctx = { actor: systemActor('seed'), requestId: null, ip: null, locale: 'zh' };
  const rand = seededRandom(20261124);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  let seq = 0;
  const person = (minAge: number, maxAge: number) => {
    const year = new Date().getUTCFullYear() - minAge - Math.floor(rand() * (maxAge - minAge));
    const birth = `${year}${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
    const first17 = `330681${birth}${String(500 + (++seq % 400)).padStart(3, '0')}`;
    return {
      name: pick(surnames) + pick(given) + (rand() < 0.6 ? pick(given) : ''),
      idNumber: first17 + computeCheckCharacter(first17),
      phone: `13${5 + Math.floor(rand() * 5)}${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`,
    };
  };
  const today = toChinaDate();

  // -------------------------------------------------------------------------------------------- blood drives
  const drives = [
    { title: '诸暨中学“热血青春”献血日', place: '诸暨中学体育馆', days: -30, donors: 10, unit: zhuji },
    {
      title: '浣东街道爱心献血活动',
      place: '浣东街道社区服务中心广场',
      days: -120,
      donors: 9,
      unit: towns[1] ?? zhuji,
    },
    { title: '暨阳街道冬季无偿献血', place: '暨阳街道西施广场', days: 10, donors: 0, unit: towns[0] ?? zhuji },
  ];
  const driveIds: string[] = [];
  for (const d of drives) {
    const drive = await createDrive(db, ctx, {
      orgId: d.unit.id,
      title: d.title,
      place: d.place,
      heldOn: addDays(today, d.days),
      bloodCentre: '绍兴市中心血站',
      notes: d.days > 0 ? '献血车上午8:30到场,同时开展造血干细胞捐献登记宣传' : '',
    });
    driveIds.push(drive.id);
    for (let i = 0; i < d.donors; i++) {
      const p = person(19, 50);
      const consent = rand() < 0.6;
      // Most gave on the day; one in eight was deferred (暂缓) by the blood centre's check.
      const deferred = rand() < 0.12;
      const donor = await registerDonor(db, ctx, drive.id, {
        idNumber: p.idNumber,
        hasContactConsent: consent,
        name: consent ? p.name : undefined,
        phone: consent ? p.phone : undefined,
        volumeMl: deferred ? undefined : pick([200, 300, 400, 400] as const),
      });
      if (deferred) {
        await recordDonorOutcome(db, ctx, drive.id, donor.id, { outcome: 'deferred' });
      }
    }
    if (d.days < 0) {
      await setDriveStatus(db, ctx, drive.id, 'held');
    }
  }

  // -------------------------------------------------------------------------------------------- registrations
  type Plan = { reach: 'awaiting' | 'sampled' | StemCellWorkflowStep; daysAgo: number; withdraw?: 'early' | 'late' };
  const plans: Plan[] = [
    { reach: 'awaiting', daysAgo: 3 },
    { reach: 'sampled', daysAgo: 30 },
    { reach: 'registered', daysAgo: 30 },
    { reach: 'registered', daysAgo: 95 },
    { reach: 'registered', daysAgo: 150 },
    { reach: 'preliminary_match', daysAgo: 120 },
    { reach: 'confirmatory_typing', daysAgo: 180 },
    { reach: 'collected', daysAgo: 300 },
    { reach: 'awaiting', daysAgo: 45, withdraw: 'early' },
    { reach: 'preliminary_match', daysAgo: 210, withdraw: 'late' },
  ];
  const health = Object.fromEntries(stemCellConsent.healthQuestions.map((q) => [q.key, false]));
  for (const [i, plan] of plans.entries()) {
    const p = person(19, 40);
    const unit = units[i % units.length];
    const reg = await registerByStaff(db, ctx, {
      orgId: unit.id,
      name: p.name,
      idType: 'resident_id',
      idNumber: p.idNumber,
      phone: p.phone,
      bloodType: pick(['A', 'B', 'O', 'AB', 'unknown'] as const),
      consentVersion: stemCellConsent.version,
      consentAgreed: true,
      relatives: [
        { name: `${p.name[0]}${pick(given)}${pick(given)}`, relation: 'parent', phone: person(40, 60).phone },
        {
          name: `${pick(surnames)}${pick(given)}`,
          relation: pick(['spouse', 'sibling'] as const),
          phone: person(20, 40).phone,
        },
      ],
      health: health as never,
      driveId: plan.daysAgo === 30 ? driveIds[0] : undefined,
    });
    if (plan.reach !== 'awaiting') {
      await recordSample(db, ctx, reg.id, {
        collectedOn: today,
        volumeMl: 5 + Math.floor(rand() * 4),
        inPersonConfirmed: false,
      });
      const upTo = plan.reach === 'sampled' ? -1 : stemCellWorkflow.indexOf(plan.reach);
      for (const step of stemCellWorkflow.slice(0, upTo + 1)) {
        await recordStep(db, ctx, reg.id, {
          step,
          stepOn: today,
          note: step === 'preliminary_match' ? '中华骨髓库检索初配相合' : '',
        });
      }
    }
    if (plan.withdraw) {
      await withdrawByStaff(db, ctx, reg.id, {
        requestedBy: `${p.name}本人`,
        channel: plan.withdraw === 'late' ? 'phone' : 'in_person',
        reason: plan.withdraw === 'late' ? '家人强烈反对,经两次沟通仍坚持撤销' : '工作调动至外地',
        evidenceFileIds: [],
        evidenceNote: plan.withdraw === 'late' ? '通话录音已存档' : '本人书面申请',
        confirmLate: plan.withdraw === 'late',
      });
    }
    const row = await repo.findRegistration(db, reg.id);
    await repo.backdateRegistration(db, row!, plan.daysAgo);
  }
}
