// The rules of relief that need no database: the default kinds (DOMAIN.md), which level approves an amount, the
// decision deadline in working days, which step may follow which, and the warnings of the recipient registry.
import { toChinaDate } from '../../platform/dates';
import { addWorkingDays, type WorkingCalendar } from '../services/services.service';
import type {
  AmountBand,
  ApprovalLevel,
  CaseStatus,
  CauseCategory,
  ReliefKind,
  ReliefKindRules,
  WarningCode,
} from './relief.schemas';
import { openCaseStatusValues } from './relief.schemas';

const yuan = (n: number) => n * 100;

/** The default approval bands: up to ¥5,000 the county, up to ¥20,000 the city, above that the province. */
export const defaultBands: AmountBand[] = [
  { maxFen: yuan(5_000), level: 'county' },
  { maxFen: yuan(20_000), level: 'city' },
  { maxFen: null, level: 'province' },
];

const idCard = { key: 'id_card', name: '申请人身份证', isRequired: true };
const household = { key: 'household_register', name: '户口簿', isRequired: true };
const crimeOrDrink = '因违法犯罪、酗酒、吸毒、斗殴、自残自杀等造成的伤病或困难';
const coveredElsewhere = '已由政府救助、保险或责任方全额赔付的部分';

/** The kinds every install starts with (seeded once; administrators change them afterwards). */
export const defaultKinds: {
  code: ReliefKind;
  name: string;
  description: string;
  rules: ReliefKindRules;
}[] = [
  {
    code: 'hardship',
    name: '困难救助',
    description: '因病、因灾、因意外等原因导致基本生活陷入困难的家庭,一次性给予人道救助。',
    rules: {
      bands: defaultBands,
      materials: [
        idCard,
        household,
        { key: 'hardship_proof', name: '困难情况说明(村/社区盖章)', isRequired: true },
        { key: 'income_proof', name: '家庭收入证明', isRequired: false },
      ],
      exclusions: [crimeOrDrink, coveredElsewhere],
      isSameCauseOnce: true,
      annualCapFen: yuan(10_000),
      decisionWorkingDays: 5,
      noticeDays: 7,
      isNameShown: false,
    },
  },
  {
    code: 'serious_illness',
    name: '大病救助',
    description: '患重大疾病、医疗费用负担沉重的困难群众,按医疗费用自付部分给予救助。',
    rules: {
      bands: defaultBands,
      materials: [
        idCard,
        household,
        { key: 'diagnosis', name: '医院诊断证明', isRequired: true },
        { key: 'medical_bills', name: '医疗费用票据及报销结算单', isRequired: true },
      ],
      exclusions: [crimeOrDrink, coveredElsewhere],
      isSameCauseOnce: true,
      annualCapFen: yuan(30_000),
      decisionWorkingDays: 5,
      noticeDays: 7,
      isNameShown: false,
    },
  },
  {
    code: 'disaster',
    name: '灾害救助',
    description: '遭受洪涝、台风、地震、火灾等灾害的受灾家庭,给予生活救助(可批量申报)。',
    rules: {
      bands: defaultBands,
      // Disaster lists are often compiled by the village on the spot: nothing is required up front.
      materials: [
        { ...idCard, isRequired: false },
        { key: 'damage_photos', name: '受灾情况照片', isRequired: false },
      ],
      exclusions: [coveredElsewhere],
      isSameCauseOnce: false,
      annualCapFen: null,
      decisionWorkingDays: 5,
      noticeDays: 7,
      isNameShown: false,
    },
  },
  {
    code: 'emergency',
    name: '应急救助',
    description: '突发意外导致生活暂时陷入困境、需要紧急帮助的个人或家庭。',
    rules: {
      bands: defaultBands,
      materials: [idCard, { key: 'incident_proof', name: '事故或事件证明', isRequired: true }],
      exclusions: [crimeOrDrink],
      isSameCauseOnce: true,
      annualCapFen: null,
      decisionWorkingDays: 5,
      noticeDays: 7,
      isNameShown: false,
    },
  },
];

const levelRank: Record<ApprovalLevel, number> = { county: 1, city: 2, province: 3 };

/** The rank of an org type as an approval level (0: a township, village or other unit approves no relief). */
export function rankOfOrgType(type: string): number {
  return levelRank[type as ApprovalLevel] ?? 0;
}

export function rankOfLevel(level: ApprovalLevel): number {
  return levelRank[level];
}

/** The level that approves `amountFen` under these bands (the first band whose maxFen covers it). */
export function requiredLevel(bands: AmountBand[], amountFen: number): ApprovalLevel {
  const band = bands.find((b) => b.maxFen === null || amountFen <= b.maxFen);
  return (band ?? bands[bands.length - 1]).level;
}

const dayMs = 86_400_000;
const chinaOffsetMs = 8 * 3_600_000;

/**
 * When a decision is due: the end (Asia/Shanghai) of the `workingDays`-th working day after `from`, counting Monday
 * to Friday. The one place deadlines are computed, so that the service hall's calendar (holidays and 调休) can
 * replace the weekend rule here.
 */
export function decisionDueAt(from: Date, workingDays: number, calendar: WorkingCalendar): Date {
  const due = addWorkingDays(toChinaDate(from), workingDays, calendar);
  const [y, m, d] = due.split('-').map(Number);
  // The last millisecond of that China calendar day.
  return new Date(Date.UTC(y, m - 1, d) + dayMs - chinaOffsetMs - 1);
}

/** The end of a public notice of `days` calendar days started at `from`. */
export function noticeEndsAt(from: Date, days: number): Date {
  return new Date(from.getTime() + days * dayMs);
}

/** The step actions of a case and the statuses each may start from. */
export const stepFrom = {
  verify: ['submitted'],
  review: ['verified'],
  approve: ['reviewed'],
  return: ['submitted', 'verified', 'reviewed'],
  reject: ['submitted', 'verified', 'reviewed'],
  resubmit: ['returned'],
  request_payout: ['approved', 'on_notice'],
  follow_up: ['paid'],
  close: ['followed_up'],
} as const satisfies Record<string, readonly CaseStatus[]>;
export type StepAction = keyof typeof stepFrom;

/** The permission that decides a case standing in `status` (for return and reject at that step). */
export function deciderPermission(status: CaseStatus): 'relief:verify' | 'relief:review' | 'relief:approve' {
  return status === 'submitted' ? 'relief:verify' : status === 'verified' ? 'relief:review' : 'relief:approve';
}

export function isOpenStatus(status: string): boolean {
  return (openCaseStatusValues as readonly string[]).includes(status);
}

const paidStatuses = new Set(['paid', 'followed_up', 'closed']);
export const isPaidStatus = (status: string) => paidStatuses.has(status);

/** What the warnings look at in a case. */
export type CaseFacts = {
  id: string;
  caseNo: string;
  kind: ReliefKind;
  status: CaseStatus;
  orgId: number;
  causeCategory: CauseCategory;
  submittedAt: Date;
  paidFen: number | null;
  paidAt: Date | null;
};

export type Warning = { code: WarningCode; caseNos: string[]; isBlocking: boolean; zh: string; en: string };

const yearMs = 365 * dayMs;

/**
 * The registry's warnings for `current` given the person's other cases (any unit, any year):
 * - SAME_KIND_WITHIN_12_MONTHS: another case of the kind, not rejected, submitted within 12 months of this one;
 * - OVER_ANNUAL_CAP: paid this calendar year for the kind plus `amountFen` is above the kind's annual cap;
 * - SAME_CAUSE_HELPED: a case with the same cause category was paid (blocking when the kind helps a cause once);
 * - OPEN_CASE_ELSEWHERE: another unit has an open case for the person.
 */
export function reliefWarnings(
  current: CaseFacts,
  others: CaseFacts[],
  rules: Pick<ReliefKindRules, 'annualCapFen' | 'isSameCauseOnce'>,
  amountFen: number,
  now: Date = new Date(),
): Warning[] {
  const out: Warning[] = [];
  const rest = others.filter((o) => o.id !== current.id);
  const sameKind = rest.filter(
    (o) =>
      o.kind === current.kind &&
      o.status !== 'rejected' &&
      Math.abs(o.submittedAt.getTime() - current.submittedAt.getTime()) <= yearMs,
  );
  if (sameKind.length > 0) {
    out.push({
      code: 'SAME_KIND_WITHIN_12_MONTHS',
      caseNos: sameKind.map((o) => o.caseNo),
      isBlocking: false,
      zh: '12 个月内已有同类救助',
      en: 'The person had relief of the same kind within 12 months',
    });
  }
  if (rules.annualCapFen !== null) {
    const year = toChinaDate(now).slice(0, 4);
    const paidThisYear = rest.filter(
      (o) => o.kind === current.kind && o.paidAt && isPaidStatus(o.status) && toChinaDate(o.paidAt).startsWith(year),
    );
    const paidFen = paidThisYear.reduce((s, o) => s + (o.paidFen ?? 0), 0);
    if (paidFen + amountFen > rules.annualCapFen) {
      out.push({
        code: 'OVER_ANNUAL_CAP',
        caseNos: paidThisYear.map((o) => o.caseNo),
        isBlocking: false,
        zh: `本年度已获该类救助 ¥${(paidFen / 100).toFixed(2)},加上本次将超过年度上限 ¥${(rules.annualCapFen / 100).toFixed(2)}`,
        en: `Paid ¥${(paidFen / 100).toFixed(2)} of this kind this year; with this case it exceeds the annual cap of ¥${(rules.annualCapFen / 100).toFixed(2)}`,
      });
    }
  }
  const sameCause = rest.filter((o) => o.causeCategory === current.causeCategory && isPaidStatus(o.status));
  if (sameCause.length > 0) {
    out.push({
      code: 'SAME_CAUSE_HELPED',
      caseNos: sameCause.map((o) => o.caseNo),
      isBlocking: rules.isSameCauseOnce,
      zh: rules.isSameCauseOnce
        ? '同一事由已获救助(该类救助同一事由只救助一次:如确属新的事由,审批时须填写说明)'
        : '同一事由已获救助',
      en: rules.isSameCauseOnce
        ? 'The same cause was already helped (helped once: approval needs an override note if this is a new cause)'
        : 'The same cause was already helped',
    });
  }
  const elsewhere = rest.filter((o) => isOpenStatus(o.status) && o.orgId !== current.orgId);
  if (elsewhere.length > 0) {
    out.push({
      code: 'OPEN_CASE_ELSEWHERE',
      caseNos: elsewhere.map((o) => o.caseNo),
      isBlocking: false,
      zh: '该申请人在其他单位有正在办理的救助',
      en: 'The person has an open case in another unit',
    });
  }
  return out;
}
