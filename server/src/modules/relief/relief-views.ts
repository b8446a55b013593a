// Relief views: rows of the relief tables turned into the contract's shapes (staff case page, summaries, the
// applicant's own view, public notices), with the names of units and staff looked up in bulk.
import type { Db } from '../../db/client';
import { displayNamesOf } from '../../platform/auth/auth.service';
import type { Ctx } from '../../platform/http/context';
import { maskName } from '../../platform/identity/masking';
import { actorId, canAt } from '../../platform/rbac/actor';
import * as donations from '../donations/donations.service';
import * as orgs from '../orgs/orgs.service';
import * as people from '../people/people.service';
import * as repo from './relief.repo';
import type {
  ApprovalLevel,
  CaseEventView,
  CaseStatus,
  CauseCategory,
  MaterialRule,
  MyReliefCase,
  ObjectionView,
  PublicNotice,
  ReliefCaseSummary,
  ReliefCaseView,
  ReliefHistoryItem,
  ReliefKind,
  ReliefKindRules,
  ReliefKindView,
  ReliefPayoutView,
  VisitView,
} from './relief.schemas';
import { reliefKindLabels } from './relief.schemas';
import { type CaseFacts, reliefWarnings, requiredLevel, stepFrom } from './relief-rules';

/** Statuses whose decision deadline is still running (a decision is owed by staff). */
const awaitingDecision = new Set(['submitted', 'verified', 'reviewed']);

export function toKindRules(k: repo.KindRow): ReliefKindRules {
  return {
    bands: k.bands as ReliefKindRules['bands'],
    materials: k.materials as MaterialRule[],
    exclusions: k.exclusions as string[],
    isSameCauseOnce: k.isSameCauseOnce,
    annualCapFen: k.annualCapFen,
    decisionWorkingDays: k.decisionWorkingDays,
    noticeDays: k.noticeDays,
    isNameShown: k.isNameShown,
  };
}

export function toKindView(k: repo.KindRow): ReliefKindView {
  return {
    code: k.code as ReliefKind,
    name: k.name,
    description: k.description,
    isActive: k.isActive,
    ...toKindRules(k),
    updatedAt: k.updatedAt.toISOString(),
  };
}

export function isOverdue(c: repo.CaseRow, now = new Date()): boolean {
  return awaitingDecision.has(c.status) && c.decisionDueAt < now;
}

export type CaseMaterial = { key: string; fileId: string };

/** Required material keys of the kind that the materials lack. */
export function missingMaterials(rules: Pick<ReliefKindRules, 'materials'>, materials: CaseMaterial[]): string[] {
  const given = new Set(materials.map((m) => m.key));
  return rules.materials.filter((m) => m.isRequired && !given.has(m.key)).map((m) => m.key);
}

export function toCaseFacts(c: repo.CaseRow): CaseFacts {
  return {
    id: c.id,
    caseNo: c.caseNo,
    kind: c.kind as ReliefKind,
    status: c.status as CaseStatus,
    orgId: c.orgId,
    causeCategory: c.causeCategory as CauseCategory,
    submittedAt: c.submittedAt,
    paidFen: c.paidFen,
    paidAt: c.paidAt,
  };
}

/** The amount a case stands at now: approved, else recommended, else requested. */
export const currentAmount = (c: repo.CaseRow) => c.approvedFen ?? c.recommendedFen ?? c.requestedFen;

export async function orgNamesOf(db: Db, ids: (number | null)[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids.filter((i): i is number => i !== null))];
  const rows = unique.length > 0 ? await orgs.findOrgsByIds(db, unique) : [];
  return new Map(rows.map((o) => [o.id, o.name]));
}

export function toSummary(c: repo.CaseRow, orgName: string, warningCount: number, now = new Date()): ReliefCaseSummary {
  return {
    id: c.id,
    caseNo: c.caseNo,
    kind: c.kind as ReliefKind,
    status: c.status as CaseStatus,
    orgId: c.orgId,
    orgName,
    personId: c.personId,
    applicantName: c.applicantName,
    idNumberMasked: c.idNumberMasked,
    householdSize: c.householdSize,
    causeCategory: c.causeCategory as CauseCategory,
    requestedFen: c.requestedFen,
    recommendedFen: c.recommendedFen,
    approvedFen: c.approvedFen,
    filedVia: c.filedVia as ReliefCaseSummary['filedVia'],
    batchId: c.batchId,
    serviceRequestId: c.serviceRequestId,
    submittedAt: c.submittedAt.toISOString(),
    decisionDueAt: c.decisionDueAt.toISOString(),
    isOverdue: isOverdue(c, now),
    noticeEndsAt: c.noticeEndsAt?.toISOString() ?? null,
    warningCount,
    updatedAt: c.updatedAt.toISOString(),
  };
}

/** Summaries of a page of cases, with each one's warning count from the person's other cases. */
export async function toSummaries(db: Db, rows: repo.CaseRow[], kinds: Map<string, repo.KindRow>) {
  const names = await orgNamesOf(
    db,
    rows.map((r) => r.orgId),
  );
  const all = await repo.casesOfPeople(db, [...new Set(rows.map((r) => r.personId))]);
  const now = new Date();
  return rows.map((c) => {
    const kind = kinds.get(c.kind);
    const others = all.filter((o) => o.personId === c.personId).map(toCaseFacts);
    const warnings = kind ? reliefWarnings(toCaseFacts(c), others, toKindRules(kind), currentAmount(c), now) : [];
    return toSummary(c, names.get(c.orgId) ?? '', warnings.length, now);
  });
}

function toEventView(
  e: repo.EventRow,
  names: Map<string, string>,
  orgNames: Map<number, string>,
  forStaff: boolean,
): CaseEventView {
  return {
    id: e.id,
    event: e.event as CaseEventView['event'],
    fromStatus: e.fromStatus as CaseEventView['fromStatus'],
    toStatus: e.toStatus as CaseEventView['toStatus'],
    note: e.note,
    actorName: forStaff && e.actorId ? (names.get(e.actorId) ?? e.actorId) : null,
    orgName: e.orgId ? (orgNames.get(e.orgId) ?? null) : null,
    at: e.at.toISOString(),
  };
}

function toVisitView(v: repo.VisitRow, names: Map<string, string>): VisitView {
  return {
    id: v.id,
    kind: v.kind as VisitView['kind'],
    visitedOn: v.visitedOn,
    visitors: v.visitors,
    findings: v.findings,
    photoFileIds: v.photoFileIds as string[],
    exclusionsConfirmed: v.exclusionsConfirmed as string[],
    recordedBy: v.recordedBy,
    recordedByName: names.get(v.recordedBy) ?? v.recordedBy,
    recordedAt: v.recordedAt.toISOString(),
  };
}

export function toObjectionView(o: repo.ObjectionRow, caseNo: string, names: Map<string, string>): ObjectionView {
  return {
    id: o.id,
    objectionNo: o.objectionNo,
    caseId: o.caseId,
    caseNo,
    text: o.text,
    phoneMasked: o.phoneMasked,
    isAnonymous: o.objectorName === null,
    objectorName: o.objectorName,
    status: o.status as ObjectionView['status'],
    caseAction: o.caseAction as ObjectionView['caseAction'],
    resolutionNote: o.resolutionNote,
    resolvedByName: o.resolvedBy ? (names.get(o.resolvedBy) ?? o.resolvedBy) : null,
    resolvedAt: o.resolvedAt?.toISOString() ?? null,
    createdAt: o.createdAt.toISOString(),
  };
}

function toPayoutView(p: repo.PayoutRow, fundName: string, names: Map<string, string>): ReliefPayoutView {
  return {
    id: p.id,
    fundSource: p.fundSource as ReliefPayoutView['fundSource'],
    fundId: p.fundId,
    fundName,
    payoutRef: p.payoutRef,
    payoutNo: p.payoutNo,
    amountFen: p.amountFen,
    status: p.status as ReliefPayoutView['status'],
    requestedByName: names.get(p.requestedBy) ?? p.requestedBy,
    requestedAt: p.requestedAt.toISOString(),
    decidedAt: p.decidedAt?.toISOString() ?? null,
    ledgerIndex: p.ledgerIndex,
  };
}

function toHistoryItem(c: repo.CaseRow, orgName: string): ReliefHistoryItem {
  return {
    caseId: c.id,
    caseNo: c.caseNo,
    kind: c.kind as ReliefKind,
    status: c.status as CaseStatus,
    orgId: c.orgId,
    orgName,
    causeCategory: c.causeCategory as CauseCategory,
    causeText: c.causeText,
    requestedFen: c.requestedFen,
    approvedFen: c.approvedFen,
    paidFen: c.paidFen,
    submittedAt: c.submittedAt.toISOString(),
    paidAt: c.paidAt?.toISOString() ?? null,
  };
}

/** The buttons the caller may use on a case now (the service still checks bands, four-eyes and notice). */
function allowedActions(ctx: Ctx, c: repo.CaseRow, orgPath: string): ReliefCaseView['allowedActions'] {
  const me = actorId(ctx.actor);
  const can = (p: Parameters<typeof canAt>[1]) => canAt(ctx.actor, p, orgPath);
  const at = (action: keyof typeof stepFrom) => (stepFrom[action] as readonly string[]).includes(c.status);
  const out: ReliefCaseView['allowedActions'] = [];
  if (at('verify') && can('relief:verify')) {
    out.push('verify');
  }
  if (at('review') && can('relief:review')) {
    out.push('review');
  }
  if (at('approve') && can('relief:approve') && me !== c.verifiedBy && me !== c.reviewedBy && me !== c.filedBy) {
    out.push('approve');
  }
  const decider =
    c.status === 'submitted' ? 'relief:verify' : c.status === 'verified' ? 'relief:review' : 'relief:approve';
  if (at('return') && can(decider)) {
    out.push('return', 'reject');
  }
  const noticeOver = c.noticeEndsAt === null || c.noticeEndsAt <= new Date();
  if (at('request_payout') && noticeOver && can('funds:payout')) {
    out.push('request_payout');
  }
  if (at('follow_up') && (can('relief:verify') || can('relief:review'))) {
    out.push('follow_up');
  }
  if (at('close') && can('relief:review')) {
    out.push('close');
  }
  return out;
}

/** The staff case page: the case, its steps, visits, objections, payouts, the person's relief history and warnings. */
export async function toCaseView(db: Db, ctx: Ctx, c: repo.CaseRow, locale: 'zh' | 'en'): Promise<ReliefCaseView> {
  const [kind, org, person, visits, events, objections, payouts, all] = await Promise.all([
    repo.findKind(db, c.kind),
    orgs.getOrg(db, c.orgId),
    people.findPersonRow(db, c.personId),
    repo.visitsOfCase(db, c.id),
    repo.eventsOfCase(db, c.id),
    repo.objectionsOfCase(db, c.id),
    repo.payoutsOfCase(db, c.id),
    repo.casesOfPeople(db, [c.personId]),
  ]);
  const rules = toKindRules(kind!);
  const others = all.filter((o) => o.id !== c.id);
  const names = await displayNamesOf(db, [
    c.filedBy,
    c.verifiedBy,
    c.reviewedBy,
    c.approvedBy,
    ...visits.map((v) => v.recordedBy),
    ...events.map((e) => e.actorId),
    ...objections.map((o) => o.resolvedBy),
    ...payouts.map((p) => p.requestedBy),
  ]);
  const orgNames = await orgNamesOf(db, [...events.map((e) => e.orgId), ...others.map((o) => o.orgId)]);
  const fundNames = await donations.fundNamesOf(
    db,
    payouts.filter((p) => p.fundSource === 'donations').map((p) => p.fundId),
  );
  const now = new Date();
  const warnings = reliefWarnings(toCaseFacts(c), others.map(toCaseFacts), rules, currentAmount(c), now);
  const materialName = new Map(rules.materials.map((m) => [m.key, m.name]));
  const who = (id: string | null) => (id ? (names.get(id) ?? id) : null);
  return {
    ...toSummary(c, org.name, warnings.length, now),
    phoneMasked: person?.phoneMasked ?? null,
    address: person?.address ?? null,
    causeText: c.causeText,
    materials: (c.materials as CaseMaterial[]).map((m) => ({ ...m, name: materialName.get(m.key) ?? m.key })),
    missingMaterials: missingMaterials(rules, c.materials as CaseMaterial[]),
    filedByName: c.filedVia === 'public' ? (locale === 'en' ? 'The applicant' : '申请人本人') : who(c.filedBy)!,
    verifiedByName: who(c.verifiedBy),
    reviewedByName: who(c.reviewedBy),
    approvedByName: who(c.approvedBy),
    approvalLevel: c.approvalLevel as ApprovalLevel | null,
    requiredLevel: requiredLevel(rules.bands, currentAmount(c)),
    overrideNote: c.overrideNote,
    decisionNote: c.decisionNote,
    approvalFileId: c.approvalFileId,
    noticeStartsAt: c.noticeStartsAt?.toISOString() ?? null,
    decidedAt: c.decidedAt?.toISOString() ?? null,
    paidAt: c.paidAt?.toISOString() ?? null,
    closedAt: c.closedAt?.toISOString() ?? null,
    visits: visits.map((v) => toVisitView(v, names)),
    timeline: events.map((e) => toEventView(e, names, orgNames, true)),
    objections: objections.map((o) => toObjectionView(o, c.caseNo, names)),
    payouts: payouts.map((p) => toPayoutView(p, fundNames.get(p.fundId) ?? String(p.fundId), names)),
    history: others.map((o) => toHistoryItem(o, orgNames.get(o.orgId) ?? '')),
    warnings: warnings.map((w) => ({
      code: w.code,
      message: locale === 'en' ? w.en : w.zh,
      caseNos: w.caseNos,
      isBlocking: w.isBlocking,
    })),
    allowedActions: allowedActions(ctx, c, org.path),
  };
}

/** The applicant's own view: the case and its timeline without staff names. */
export async function toMyCase(db: Db, c: repo.CaseRow, locale: 'zh' | 'en'): Promise<MyReliefCase> {
  const [kind, events] = await Promise.all([repo.findKind(db, c.kind), repo.eventsOfCase(db, c.id)]);
  const orgNames = await orgNamesOf(db, [c.orgId, ...events.map((e) => e.orgId)]);
  const label = reliefKindLabels[c.kind as ReliefKind];
  return {
    id: c.id,
    caseNo: c.caseNo,
    kind: c.kind as ReliefKind,
    kindName: locale === 'en' ? label.en : (kind?.name ?? label.zh),
    status: c.status as CaseStatus,
    orgName: orgNames.get(c.orgId) ?? '',
    applicantName: c.applicantName,
    householdSize: c.householdSize,
    causeCategory: c.causeCategory as CauseCategory,
    causeText: c.causeText,
    requestedFen: c.requestedFen,
    approvedFen: c.approvedFen,
    materials: c.materials as CaseMaterial[],
    missingMaterials: kind ? missingMaterials(toKindRules(kind), c.materials as CaseMaterial[]) : [],
    submittedAt: c.submittedAt.toISOString(),
    decisionDueAt: c.decisionDueAt.toISOString(),
    noticeEndsAt: c.noticeEndsAt?.toISOString() ?? null,
    paidAt: c.paidAt?.toISOString() ?? null,
    decisionNote: c.status === 'returned' || c.status === 'rejected' ? c.decisionNote : null,
    timeline: events.map((e) => toEventView(e, new Map(), orgNames, false)),
  };
}

/** Public notices: the name masked (张*三) unless the kind shows names, the village and the area above it. */
export async function toPublicNotices(
  db: Db,
  rows: repo.CaseRow[],
  kinds: Map<string, repo.KindRow>,
  locale: 'zh' | 'en',
): Promise<PublicNotice[]> {
  const villages = await orgs.findOrgsByIds(db, [...new Set(rows.map((r) => r.orgId))]);
  const ancestorIds = new Set(villages.flatMap((v) => v.path.split('.').filter(Boolean).map(Number)));
  const all = new Map((await orgs.findOrgsByIds(db, [...ancestorIds])).map((o) => [o.id, o]));
  return rows.map((c) => {
    const village = all.get(c.orgId);
    const chain = (village?.path ?? '')
      .split('.')
      .filter(Boolean)
      .map((id) => all.get(Number(id)))
      .filter((o) => o && o.id !== c.orgId && (o.type === 'township' || o.type === 'county'));
    const kind = kinds.get(c.kind);
    const label = reliefKindLabels[c.kind as ReliefKind];
    return {
      caseNo: c.caseNo,
      kind: c.kind as ReliefKind,
      kindName: locale === 'en' ? label.en : (kind?.name ?? label.zh),
      name: kind?.isNameShown ? c.applicantName : maskName(c.applicantName),
      villageName: village?.name ?? '',
      areaName: chain
        .reverse()
        .map((o) => o!.name)
        .join(' · '),
      householdSize: c.householdSize,
      amountFen: c.approvedFen ?? 0,
      noticeStartsAt: c.noticeStartsAt!.toISOString(),
      noticeEndsAt: c.noticeEndsAt!.toISOString(),
    };
  });
}
