// Member points (积分制): rules per unit (inherited down the tree, overridden by code), the append-only ledger with
// maintained totals, staff awards and deductions, awards by events of other modules (volunteer hours, training
// certificates, donations) in the event's own transaction, rankings of a subtree, and awards redeemed for points.
import crypto from 'node:crypto';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { getPublicPhoneHash } from '../../platform/auth/auth.service';
import { toChinaDate } from '../../platform/dates';
import { AppError } from '../../platform/errors';
import type { Ctx } from '../../platform/http/context';
import { maskName } from '../../platform/identity/masking';
import { actorLabel, assertCanAt } from '../../platform/rbac/actor';
import type { ReceivedGift, ReversedGift } from '../donations/donations.service';
import * as orgs from '../orgs/orgs.service';
import type { IssuedCertificate } from '../training/training.service';
import type { ApprovedHours } from '../volunteers/volunteers-events';
import * as repo from './members-points.repo';
import type {
  AwardView,
  CreateAward,
  CreateRule,
  EntryView,
  MemberPoints,
  MyPoints,
  PointCategory,
  PointSource,
  PointTrigger,
  RankingPage,
  RankingQuery,
  RedemptionView,
  RuleView,
  StaffAward,
  UpdateAward,
  UpdateRule,
} from './members-points.schemas';

export type MemberRow = repo.MemberLite;

/** The China year of an instant (or of a YYYY-MM-DD date). */
export function chinaYear(at: Date | string): number {
  return Number((typeof at === 'string' ? at : toChinaDate(at)).slice(0, 4));
}

/** The unit ids on a materialised path ('1.5.9.' → [1, 5, 9]), root first. */
export function pathIds(path: string): number[] {
  return path.split('.').filter(Boolean).map(Number);
}

/**
 * The rules in force at a unit: for each code, the rule of the nearest unit up the tree (the unit itself first). An
 * inactive nearest rule switches the code off in its subtree.
 */
export function effectiveRules(rules: repo.RuleRow[], path: string): repo.RuleRow[] {
  const depth = new Map(pathIds(path).map((id, i) => [id, i]));
  const best = new Map<string, repo.RuleRow>();
  for (const r of rules) {
    const d = depth.get(r.orgId);
    if (d === undefined) {
      continue;
    }
    const cur = best.get(r.code);
    if (!cur || d > depth.get(cur.orgId)!) {
      best.set(r.code, r);
    }
  }
  return [...best.values()];
}

/** Points an event earns under a rule: per event, per hour of service (minutes), or per whole ¥100 given. */
export function pointsFor(
  rule: { points: number; trigger: string; donationBasis: string | null },
  ev: { minutes?: number; amountFen?: number },
): number {
  if (rule.trigger === 'volunteer_hours') {
    return Math.trunc(((ev.minutes ?? 0) * rule.points) / 60);
  }
  if (rule.trigger === 'donation' && rule.donationBasis === 'per_100_yuan') {
    return Math.floor((ev.amountFen ?? 0) / 10_000) * rule.points;
  }
  return rule.points;
}

/** Clips an award to what a yearly cap leaves (the cap bounds the absolute sum of a rule's points in a year). */
export function capped(points: number, cap: number | null, soFar: number): number {
  if (cap === null) {
    return points;
  }
  const room = Math.max(0, cap - Math.abs(soFar));
  return Math.sign(points) * Math.min(Math.abs(points), room);
}

async function rulesInForce(db: Db, path: string, trigger?: PointTrigger): Promise<repo.RuleRow[]> {
  const all = effectiveRules(await repo.listRulesAt(db, pathIds(path)), path);
  return trigger ? all.filter((r) => r.isActive && r.trigger === trigger) : all;
}

function displayName(m: MemberRow): string {
  return m.name || m.groupName || '';
}

// ------------------------------------------------------------------------------------------------ rules

async function toRuleViews(db: Db, rules: repo.RuleRow[], atOrgId: number, all: repo.RuleRow[]): Promise<RuleView[]> {
  const names = new Map(
    (await orgs.findOrgsByIds(db, [...new Set(rules.map((r) => r.orgId))])).map((o) => [o.id, o.name]),
  );
  return rules.map((r) => ({
    id: r.id,
    orgId: r.orgId,
    orgName: names.get(r.orgId) ?? '',
    code: r.code,
    name: r.name,
    category: r.category as PointCategory,
    points: r.points,
    trigger: r.trigger as PointTrigger,
    donationBasis: (r.donationBasis as RuleView['donationBasis']) ?? null,
    yearlyCap: r.yearlyCap,
    isActive: r.isActive,
    description: r.description,
    isInherited: r.orgId !== atOrgId,
    overrides: all.some((o) => o.code === r.code && o.id !== r.id),
  }));
}

/** The rules in force at a unit (members:view there), inherited ones marked. */
export async function listRules(db: Db, ctx: Ctx, orgId: number): Promise<RuleView[]> {
  const org = await orgs.getOrg(db, orgId);
  assertCanAt(ctx.actor, 'members:view', org.path);
  const all = await repo.listRulesAt(db, pathIds(org.path));
  const order: PointCategory[] = ['basic', 'exemplary', 'spreading', 'prohibited'];
  const inForce = effectiveRules(all, org.path).sort(
    (a, b) =>
      order.indexOf(a.category as PointCategory) - order.indexOf(b.category as PointCategory) ||
      a.code.localeCompare(b.code),
  );
  return toRuleViews(db, inForce, org.id, all);
}

/**
 * Defines a rule at a unit (members:manage there); the same code as a rule above overrides it in the unit's subtree.
 * CONFLICT when the unit already has that code.
 */
export async function createRule(db: Db, ctx: Ctx, input: CreateRule): Promise<RuleView> {
  const org = await orgs.getOrg(db, input.orgId);
  assertCanAt(ctx.actor, 'members:manage', org.path);
  return db.transaction(async (tx) => {
    const rule = await repo.insertRule(tx, {
      id: crypto.randomUUID(),
      orgId: org.id,
      code: input.code,
      name: input.name,
      category: input.category,
      points: input.points,
      trigger: input.trigger,
      donationBasis: input.donationBasis ?? null,
      yearlyCap: input.yearlyCap ?? null,
      isActive: input.isActive ?? true,
      description: input.description ?? '',
    });
    await recordAudit(tx, ctx, {
      action: 'member_point_rule.created',
      entityType: 'member_point_rule',
      entityId: rule.id,
      orgId: org.id,
      regionId: org.regionId,
      after: rule,
    });
    const all = await repo.listRulesAt(tx, pathIds(org.path));
    return (await toRuleViews(tx, [rule], org.id, all))[0];
  });
}

/** Changes a unit's own rule (members:manage at its unit); the category's sign still holds. */
export async function updateRule(db: Db, ctx: Ctx, id: string, patch: UpdateRule): Promise<RuleView> {
  const rule = await repo.findRule(db, id);
  if (!rule) {
    throw new AppError('NOT_FOUND', { entity: 'member_point_rule', id });
  }
  const org = await orgs.getOrg(db, rule.orgId);
  assertCanAt(ctx.actor, 'members:manage', org.path);
  const points = patch.points ?? rule.points;
  if (points === 0 || (rule.category === 'prohibited') !== points < 0) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ field: 'body.points', message: '禁止行为 rules take points away (negative), others give (positive)' }],
    });
  }
  return db.transaction(async (tx) => {
    const row = await repo.updateRule(tx, id, {
      name: patch.name ?? rule.name,
      points,
      yearlyCap: patch.yearlyCap === undefined ? rule.yearlyCap : patch.yearlyCap,
      description: patch.description ?? rule.description,
      isActive: patch.isActive ?? rule.isActive,
    });
    await recordAudit(tx, ctx, {
      action: 'member_point_rule.updated',
      entityType: 'member_point_rule',
      entityId: id,
      orgId: org.id,
      regionId: org.regionId,
      before: rule,
      after: row,
    });
    const all = await repo.listRulesAt(tx, pathIds(org.path));
    return (await toRuleViews(tx, [row], org.id, all))[0];
  });
}

// ------------------------------------------------------------------------------------------------ ledger

type NewEntry = {
  rule: { id: string | null; code: string; category: string };
  points: number;
  reason: string;
  source: PointSource;
  sourceRef: string | null;
  occurredAt: Date;
  reversesId?: string | null;
};

function entryRow(ctx: Ctx, m: MemberRow, e: NewEntry): repo.EntryInsert {
  return {
    regionId: m.regionId,
    id: crypto.randomUUID(),
    memberId: m.id,
    orgId: m.orgId,
    ruleId: e.rule.id,
    ruleCode: e.rule.code,
    category: e.rule.category,
    points: e.points,
    reason: e.reason,
    source: e.source,
    sourceRef: e.sourceRef,
    year: chinaYear(e.occurredAt),
    occurredAt: e.occurredAt,
    reversesId: e.reversesId ?? null,
    createdBy: actorLabel(ctx.actor),
  };
}

async function auditEntry(tx: Db, ctx: Ctx, m: MemberRow, entry: repo.EntryRow): Promise<void> {
  await recordAudit(tx, ctx, {
    action: entry.reversesId ? 'member_points.reversed' : 'member_points.entered',
    entityType: 'member_point_entry',
    entityId: entry.id,
    orgId: m.orgId,
    regionId: m.regionId,
    after: { ...entry, memberNo: m.memberNo },
  });
}

/** Appends one entry for a member in the caller's transaction, with its totals and audit row. */
async function append(tx: Db, ctx: Ctx, m: MemberRow, path: string, e: NewEntry): Promise<repo.EntryRow> {
  const [entry] = await repo.appendEntries(tx, [entryRow(ctx, m, e)], path);
  await auditEntry(tx, ctx, m, entry);
  return entry;
}

async function getMember(db: Db, id: string): Promise<MemberRow> {
  const m = await repo.findMember(db, id);
  if (!m) {
    throw new AppError('NOT_FOUND', { entity: 'member', id });
  }
  return m;
}

/**
 * A staff award or deduction (members:manage in the member's unit subtree): the rule must be in force at the
 * member's unit and meant for manual use, the reason is required, the points keep the rule's sign and its yearly
 * cap. Throws MEMBER_NOT_ACTIVE, POINT_RULE_NOT_APPLICABLE, POINTS_YEARLY_CAP, VALIDATION_FAILED.
 */
export async function awardByStaff(db: Db, ctx: Ctx, memberId: string, input: StaffAward): Promise<EntryView> {
  const m = await getMember(db, memberId);
  const org = await orgs.getOrg(db, m.orgId);
  assertCanAt(ctx.actor, 'members:manage', org.path);
  if (m.status !== 'active') {
    throw new AppError('MEMBER_NOT_ACTIVE', { memberId, status: m.status });
  }
  const rule = (await rulesInForce(db, org.path)).find((r) => r.id === input.ruleId);
  if (!rule?.isActive || rule.trigger !== 'manual') {
    throw new AppError('POINT_RULE_NOT_APPLICABLE', { ruleId: input.ruleId });
  }
  const points = input.points ?? rule.points;
  if (points === 0 || Math.sign(points) !== Math.sign(rule.points)) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ field: 'body.points', message: 'points keep the rule’s sign (deductions are negative)' }],
    });
  }
  const occurredAt = input.occurredOn ? new Date(`${input.occurredOn}T12:00:00+08:00`) : new Date();
  if (occurredAt.getTime() > Date.now() + 24 * 3600_000) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ field: 'body.occurredOn', message: 'in the future' }] });
  }
  return db.transaction(async (tx) => {
    if (rule.yearlyCap !== null) {
      const soFar = await repo.sumForRuleYear(tx, m.regionId, m.id, rule.code, chinaYear(occurredAt));
      if (Math.abs(soFar + points) > rule.yearlyCap) {
        throw new AppError('POINTS_YEARLY_CAP', { cap: rule.yearlyCap, soFar });
      }
    }
    const entry = await append(tx, ctx, m, org.path, {
      rule,
      points,
      reason: input.reason,
      source: 'staff',
      sourceRef: null,
      occurredAt,
    });
    return toEntryView(entry, new Map([[rule.id, rule.name]]), false);
  });
}

/**
 * Corrects an entry by a reversing entry of the opposite points (members:manage), never by an edit. A reversal or a
 * redemption cannot be reversed here (POINT_ENTRY_NOT_REVERSIBLE), nor an entry twice (POINT_ENTRY_ALREADY_REVERSED).
 */
export async function reverseEntry(
  db: Db,
  ctx: Ctx,
  memberId: string,
  entryId: string,
  reason: string,
): Promise<EntryView> {
  const m = await getMember(db, memberId);
  const org = await orgs.getOrg(db, m.orgId);
  assertCanAt(ctx.actor, 'members:manage', org.path);
  const entry = await repo.findEntry(db, m.regionId, entryId);
  if (!entry || entry.memberId !== m.id) {
    throw new AppError('NOT_FOUND', { entity: 'member_point_entry', id: entryId });
  }
  if (entry.source === 'reversal' || entry.source === 'redemption') {
    throw new AppError('POINT_ENTRY_NOT_REVERSIBLE', { source: entry.source });
  }
  return db.transaction(async (tx) => {
    if (await repo.findReversalOf(tx, m.regionId, entry.id)) {
      throw new AppError('POINT_ENTRY_ALREADY_REVERSED', { entryId });
    }
    const row = await append(tx, ctx, m, org.path, {
      rule: { id: entry.ruleId, code: entry.ruleCode, category: entry.category },
      points: -entry.points,
      reason,
      source: 'reversal',
      sourceRef: entry.id,
      occurredAt: entry.occurredAt,
      reversesId: entry.id,
    });
    return toEntryView(row, new Map(), false);
  });
}

function toEntryView(e: repo.EntryRow, ruleNames: Map<string, string>, isReversed: boolean): EntryView {
  return {
    id: e.id,
    ruleCode: e.ruleCode,
    ruleName: e.ruleId ? (ruleNames.get(e.ruleId) ?? null) : null,
    category: e.category,
    points: e.points,
    reason: e.reason,
    source: e.source as PointSource,
    sourceRef: e.sourceRef,
    year: e.year,
    occurredAt: e.occurredAt.toISOString(),
    reversesId: e.reversesId,
    isReversed,
    createdBy: e.createdBy,
    createdAt: e.createdAt.toISOString(),
  };
}

async function entriesOf(db: Db, m: MemberRow, q: { year?: number; limit: number; offset: number }) {
  const { rows, total, reversed } = await repo.listEntries(db, m.regionId, m.id, q);
  const rules = await repo.findRulesByIds(
    db,
    rows.map((r) => r.ruleId).filter((id): id is string => !!id),
  );
  const names = new Map(rules.map((r) => [r.id, r.name]));
  return { entries: rows.map((r) => toEntryView(r, names, reversed.has(r.id))), total };
}

/** A member's balance, yearly totals and ledger page (members:view in the member's unit subtree). */
export async function memberPoints(
  db: Db,
  ctx: Ctx,
  memberId: string,
  q: { year?: number; limit: number; offset: number },
): Promise<MemberPoints> {
  const m = await getMember(db, memberId);
  const org = await orgs.getOrg(db, m.orgId);
  assertCanAt(ctx.actor, 'members:view', org.path);
  const totals = await repo.totalsOf(db, m.regionId, m.id);
  const { entries, total } = await entriesOf(db, m, q);
  return {
    memberId: m.id,
    memberNo: m.memberNo,
    name: displayName(m),
    orgId: org.id,
    orgName: org.name,
    status: m.status,
    balance: totals.find((t) => t.year === 0)?.points ?? 0,
    years: totals.filter((t) => t.year !== 0),
    entries,
    total,
  };
}

/**
 * Keeps a member's totals with their unit after a transfer (called by the members core in the transfer's
 * transaction), so rankings follow the member.
 */
export async function moveMemberPoints(tx: Db, member: { regionId: number; id: string; orgId: number }) {
  const org = await orgs.getOrg(tx, member.orgId);
  await repo.moveTotals(tx, member.regionId, member.id, org.id, org.path);
}

// ------------------------------------------------------------------------------------------------ rankings

/** Competition ranks (1, 2, 2, 4 …) for one page, given how many rank above the page's first row. */
export function rankPage(points: number[], firstRank: number, offset: number): number[] {
  const ranks: number[] = [];
  for (let i = 0; i < points.length; i++) {
    ranks.push(i === 0 ? firstRank : points[i] === points[i - 1] ? ranks[i - 1] : offset + i + 1);
  }
  return ranks;
}

/**
 * Members of a unit's subtree by points for a year (or all time), highest first, with competition ranks and the
 * number ranked; members:view at the unit. Served from the maintained totals, never by summing the ledger.
 */
export async function ranking(db: Db, ctx: Ctx, q: RankingQuery): Promise<RankingPage> {
  const org = await orgs.getOrg(db, q.orgId);
  assertCanAt(ctx.actor, 'members:view', org.path);
  const year = q.year ?? 0;
  const rows = await repo.rankingPage(db, year, org.path, q.limit, q.offset);
  const total = await repo.rankedCount(db, year, orgs.orgUnderCondition(repo.unitCountOrgId, org.path));
  if (rows.length === 0) {
    return { items: [], total };
  }
  const firstRank = q.offset === 0 ? 1 : 1 + (await repo.countAbove(db, year, org.path, rows[0].points));
  const ranks = rankPage(
    rows.map((r) => r.points),
    firstRank,
    q.offset,
  );
  const ms = new Map(
    (
      await repo.findMembersByIds(
        db,
        rows.map((r) => ({ regionId: r.regionId, id: r.memberId })),
      )
    ).map((m) => [m.id, m]),
  );
  const units = new Map((await orgs.findOrgsByIds(db, [...new Set(rows.map((r) => r.orgId))])).map((o) => [o.id, o]));
  return {
    items: rows.map((r, i) => {
      const m = ms.get(r.memberId);
      return {
        rank: ranks[i],
        memberId: r.memberId,
        memberNo: m?.memberNo ?? null,
        name: m ? maskName(displayName(m)) : '',
        orgId: r.orgId,
        orgName: units.get(r.orgId)?.name ?? '',
        points: r.points,
      };
    }),
    total,
  };
}

// ------------------------------------------------------------------------------------------------ events

async function awardForEvent(
  tx: Db,
  ctx: Ctx,
  m: MemberRow,
  trigger: 'training_certified' | 'donation',
  source: 'training' | 'donation',
  sourceRef: string,
  occurredAt: Date,
  reason: string,
  amountFen?: number,
): Promise<void> {
  const org = await orgs.getOrg(tx, m.orgId);
  for (const rule of await rulesInForce(tx, org.path, trigger)) {
    const raw = pointsFor(rule, { amountFen });
    const soFar =
      rule.yearlyCap === null ? 0 : await repo.sumForRuleYear(tx, m.regionId, m.id, rule.code, chinaYear(occurredAt));
    const points = capped(raw, rule.yearlyCap, soFar);
    if (points === 0) {
      continue;
    }
    const entry = await repo.appendOnce(
      tx,
      entryRow(ctx, m, { rule, points, reason, source, sourceRef, occurredAt }),
      org.path,
    );
    if (entry) {
      await auditEntry(tx, ctx, m, entry);
    }
  }
}

/**
 * Volunteer hours approved or corrected (hook of the volunteers module, in the approving transaction): brings the
 * points of this service record to what its approved minutes earn under each volunteer_hours rule in force, awarding
 * or taking back the difference (within yearly caps). Non-members and inactive members are ignored.
 */
export async function awardForHours(tx: Db, ctx: Ctx, hours: ApprovedHours): Promise<void> {
  const [m] = await repo.findActiveMembersBy(tx, { personId: hours.personId });
  if (!m) {
    return;
  }
  const org = await orgs.getOrg(tx, m.orgId);
  const year = chinaYear(hours.servedAt);
  const already = await repo.sumsForSource(tx, m.regionId, 'volunteer_hours', hours.recordId);
  const rules = await rulesInForce(tx, org.path, 'volunteer_hours');
  const codes = new Set([...rules.map((r) => r.code), ...already.map((a) => a.ruleCode)]);
  for (const code of codes) {
    const rule = rules.find((r) => r.code === code);
    const have = already.filter((a) => a.ruleCode === code && a.memberId === m.id).reduce((s, a) => s + a.points, 0);
    // A rule no longer in force keeps what it gave, unless the record is voided.
    const target = rule ? pointsFor(rule, { minutes: hours.minutes }) : hours.minutes === 0 ? 0 : have;
    let delta = target - have;
    if (delta > 0 && rule && rule.yearlyCap !== null) {
      delta = capped(delta, rule.yearlyCap, await repo.sumForRuleYear(tx, m.regionId, m.id, code, year));
    }
    if (delta === 0) {
      continue;
    }
    await append(tx, ctx, m, org.path, {
      rule: rule ?? { id: null, code, category: 'exemplary' },
      points: delta,
      reason: `志愿服务 ${(hours.minutes / 60).toFixed(1)} 小时${have !== 0 ? '(时长更正)' : ''}`,
      source: 'volunteer_hours',
      sourceRef: hours.recordId,
      occurredAt: hours.servedAt,
      reversesId: null,
    });
  }
}

/** A training certificate issued (hook of the training module): training_certified rules, once per certificate. */
export async function awardForCertificate(tx: Db, ctx: Ctx, cert: IssuedCertificate): Promise<void> {
  const [m] = await repo.findActiveMembersBy(tx, { personId: cert.personId });
  if (!m) {
    return;
  }
  await awardForEvent(
    tx,
    ctx,
    m,
    'training_certified',
    'training',
    cert.certificateId,
    new Date(`${cert.issuedOn}T12:00:00+08:00`),
    `取得培训证书 ${cert.certNo}`,
  );
}

/** A gift received (hook of the donations module): a member's gift, matched by the donor's phone, once per gift. */
export async function awardForDonation(tx: Db, ctx: Ctx, gift: ReceivedGift): Promise<void> {
  if (gift.donorKind !== 'person' || !gift.donorPhoneHash) {
    return;
  }
  const [m] = await repo.findActiveMembersBy(tx, { phoneHash: gift.donorPhoneHash });
  if (!m) {
    return;
  }
  await awardForEvent(
    tx,
    ctx,
    m,
    'donation',
    'donation',
    gift.donationId,
    gift.receivedAt,
    `捐赠 ¥${(gift.amountFen / 100).toFixed(2)}(${gift.donationNo})`,
    gift.amountFen,
  );
}

/**
 * A gift refunded or corrected away (hook of the donations module, in the reversing transaction): the points it gave
 * are taken back by reversing entries, once — a later reversal of the same gift finds nothing left to reverse.
 */
export async function takeBackForDonation(tx: Db, ctx: Ctx, gift: ReversedGift): Promise<void> {
  if (gift.donorKind !== 'person' || !gift.donorPhoneHash) {
    return;
  }
  for (const m of await repo.findActiveMembersBy(tx, { phoneHash: gift.donorPhoneHash })) {
    const org = await orgs.getOrg(tx, m.orgId);
    for (const entry of await repo.unreversedEntriesForSource(tx, m.regionId, m.id, 'donation', gift.donationId)) {
      await append(tx, ctx, m, org.path, {
        rule: { id: entry.ruleId, code: entry.ruleCode, category: entry.category },
        points: -entry.points,
        reason: `捐赠${gift.kind === 'refund' ? '退款' : '更正'}(${gift.donationNo})`,
        source: 'reversal',
        sourceRef: entry.id,
        occurredAt: entry.occurredAt,
        reversesId: entry.id,
      });
    }
  }
}

// ------------------------------------------------------------------------------------------------ awards

async function toAwardViews(db: Db, rows: repo.AwardRow[]): Promise<AwardView[]> {
  const names = new Map(
    (await orgs.findOrgsByIds(db, [...new Set(rows.map((r) => r.orgId))])).map((o) => [o.id, o.name]),
  );
  return rows.map((r) => ({
    id: r.id,
    orgId: r.orgId,
    orgName: names.get(r.orgId) ?? '',
    name: r.name,
    description: r.description,
    pointsCost: r.pointsCost,
    stock: r.stock,
    isActive: r.isActive,
  }));
}

/** Awards offered to members of a unit: its own and those of the units above it (members:view there). */
export async function listAwards(db: Db, ctx: Ctx, orgId: number): Promise<AwardView[]> {
  const org = await orgs.getOrg(db, orgId);
  assertCanAt(ctx.actor, 'members:view', org.path);
  return toAwardViews(db, await repo.listAwardsAt(db, pathIds(org.path), false));
}

export async function createAward(db: Db, ctx: Ctx, input: CreateAward): Promise<AwardView> {
  const org = await orgs.getOrg(db, input.orgId);
  assertCanAt(ctx.actor, 'members:manage', org.path);
  return db.transaction(async (tx) => {
    const row = await repo.insertAward(tx, {
      id: crypto.randomUUID(),
      orgId: org.id,
      name: input.name,
      description: input.description ?? '',
      pointsCost: input.pointsCost,
      stock: input.stock ?? null,
    });
    await recordAudit(tx, ctx, {
      action: 'member_point_award.created',
      entityType: 'member_point_award',
      entityId: row.id,
      orgId: org.id,
      regionId: org.regionId,
      after: row,
    });
    return (await toAwardViews(tx, [row]))[0];
  });
}

export async function updateAward(db: Db, ctx: Ctx, id: string, patch: UpdateAward): Promise<AwardView> {
  const award = await repo.findAward(db, id);
  if (!award) {
    throw new AppError('NOT_FOUND', { entity: 'member_point_award', id });
  }
  const org = await orgs.getOrg(db, award.orgId);
  assertCanAt(ctx.actor, 'members:manage', org.path);
  return db.transaction(async (tx) => {
    const row = await repo.updateAward(tx, id, {
      name: patch.name ?? award.name,
      description: patch.description ?? award.description,
      pointsCost: patch.pointsCost ?? award.pointsCost,
      stock: patch.stock === undefined ? award.stock : patch.stock,
      isActive: patch.isActive ?? award.isActive,
    });
    await recordAudit(tx, ctx, {
      action: 'member_point_award.updated',
      entityType: 'member_point_award',
      entityId: id,
      orgId: org.id,
      regionId: org.regionId,
      before: award,
      after: row,
    });
    return (await toAwardViews(tx, [row]))[0];
  });
}

// ------------------------------------------------------------------------------------------------ redemptions

function toRedemptionView(r: repo.RedemptionRow, m: MemberRow | undefined): RedemptionView {
  return {
    id: r.id,
    memberId: r.memberId,
    memberName: m ? displayName(m) : '',
    memberNo: m?.memberNo ?? null,
    orgId: r.orgId,
    awardId: r.awardId,
    awardName: r.awardName,
    points: r.points,
    status: r.status as RedemptionView['status'],
    requestedAt: r.requestedAt.toISOString(),
    decidedAt: r.decidedAt?.toISOString() ?? null,
    decidedBy: r.decidedBy,
    note: r.note,
  };
}

/** The signed-in public account's active membership; NOT_A_MEMBER when it has none. */
export async function memberOfCaller(db: Db, ctx: Ctx): Promise<MemberRow> {
  if (ctx.actor.kind !== 'public') {
    throw new AppError('FORBIDDEN');
  }
  const m = await repo.findActiveMemberOfAccount(db, ctx.actor.accountId, await getPublicPhoneHash(db, ctx));
  if (!m) {
    throw new AppError('NOT_A_MEMBER');
  }
  return m;
}

/**
 * A member redeems an award offered up their tree: its points leave the balance at once (a negative entry), refused
 * with POINTS_INSUFFICIENT when the balance is short and POINT_AWARD_UNAVAILABLE when withdrawn or out of stock.
 */
export async function redeem(db: Db, ctx: Ctx, awardId: string): Promise<RedemptionView> {
  const m = await memberOfCaller(db, ctx);
  const org = await orgs.getOrg(db, m.orgId);
  return db.transaction(async (tx) => {
    const award = await repo.findAward(tx, awardId, true);
    if (!award || !pathIds(org.path).includes(award.orgId)) {
      throw new AppError('NOT_FOUND', { entity: 'member_point_award', id: awardId });
    }
    if (!award.isActive || (award.stock !== null && award.stock <= 0)) {
      throw new AppError('POINT_AWARD_UNAVAILABLE', { awardId });
    }
    const balance = await repo.lockBalance(tx, m.regionId, m.id);
    if (balance < award.pointsCost) {
      throw new AppError('POINTS_INSUFFICIENT', { balance, needed: award.pointsCost });
    }
    const id = crypto.randomUUID();
    const entry = await append(tx, ctx, m, org.path, {
      rule: { id: null, code: 'REDEEM', category: 'redemption' },
      points: -award.pointsCost,
      reason: `兑换:${award.name}`,
      source: 'redemption',
      sourceRef: id,
      occurredAt: new Date(),
    });
    const row = await repo.insertRedemption(tx, {
      regionId: m.regionId,
      id,
      memberId: m.id,
      orgId: m.orgId,
      awardId: award.id,
      awardName: award.name,
      points: award.pointsCost,
      status: 'requested',
      entryId: entry.id,
    });
    if (award.stock !== null) {
      await repo.updateAward(tx, award.id, { stock: award.stock - 1 });
    }
    await recordAudit(tx, ctx, {
      action: 'member_point_redemption.requested',
      entityType: 'member_point_redemption',
      entityId: id,
      orgId: m.orgId,
      regionId: m.regionId,
      after: row,
    });
    return toRedemptionView(row, m);
  });
}

async function loadRedemption(db: Db, ctx: Ctx, memberId: string, id: string) {
  const m = await getMember(db, memberId);
  const org = await orgs.getOrg(db, m.orgId);
  assertCanAt(ctx.actor, 'members:manage', org.path);
  const r = await repo.findRedemption(db, m.regionId, id);
  if (!r) {
    throw new AppError('NOT_FOUND', { entity: 'member_point_redemption', id });
  }
  return { m, org, r };
}

/** Staff confirm the award was handed over (members:manage in the member's unit subtree). */
export async function handOverRedemption(
  db: Db,
  ctx: Ctx,
  memberId: string,
  id: string,
  note?: string,
): Promise<RedemptionView> {
  const { m } = await loadRedemption(db, ctx, memberId, id);
  return db.transaction(async (tx) => {
    const r = (await repo.findRedemption(tx, m.regionId, id, true))!;
    if (r.status !== 'requested') {
      throw new AppError('POINT_REDEMPTION_DECIDED', { status: r.status });
    }
    const row = await repo.updateRedemption(tx, r, {
      status: 'handed_over',
      decidedAt: new Date(),
      decidedBy: actorLabel(ctx.actor),
      note: note ?? '',
    });
    await recordAudit(tx, ctx, {
      action: 'member_point_redemption.handed_over',
      entityType: 'member_point_redemption',
      entityId: id,
      orgId: m.orgId,
      regionId: m.regionId,
      before: r,
      after: row,
    });
    return toRedemptionView(row, m);
  });
}

/** Cancels a redemption not yet handed over: the points come back by a reversing entry, the stock too. */
export async function cancelRedemption(
  db: Db,
  ctx: Ctx,
  memberId: string,
  id: string,
  note?: string,
): Promise<RedemptionView> {
  const { m, org } = await loadRedemption(db, ctx, memberId, id);
  return db.transaction(async (tx) => {
    const r = (await repo.findRedemption(tx, m.regionId, id, true))!;
    if (r.status !== 'requested') {
      throw new AppError('POINT_REDEMPTION_DECIDED', { status: r.status });
    }
    await append(tx, ctx, m, org.path, {
      rule: { id: null, code: 'REDEEM', category: 'redemption' },
      points: r.points,
      reason: `撤销兑换:${r.awardName}${note ? `(${note})` : ''}`,
      source: 'reversal',
      sourceRef: r.entryId,
      occurredAt: new Date(),
      reversesId: r.entryId,
    });
    const award = await repo.findAward(tx, r.awardId, true);
    if (award && award.stock !== null) {
      await repo.updateAward(tx, award.id, { stock: award.stock + 1 });
    }
    const row = await repo.updateRedemption(tx, r, {
      status: 'cancelled',
      decidedAt: new Date(),
      decidedBy: actorLabel(ctx.actor),
      note: note ?? '',
    });
    await recordAudit(tx, ctx, {
      action: 'member_point_redemption.cancelled',
      entityType: 'member_point_redemption',
      entityId: id,
      orgId: m.orgId,
      regionId: m.regionId,
      before: r,
      after: row,
    });
    return toRedemptionView(row, m);
  });
}

export async function listRedemptions(
  db: Db,
  ctx: Ctx,
  q: { orgId: number; status?: string; limit: number; offset: number },
): Promise<{ items: RedemptionView[]; total: number }> {
  const org = await orgs.getOrg(db, q.orgId);
  assertCanAt(ctx.actor, 'members:view', org.path);
  const { rows, total } = await repo.listRedemptions(db, (col) => orgs.orgUnderCondition(col, org.path), q);
  const ms = new Map(
    (
      await repo.findMembersByIds(
        db,
        rows.map((r) => ({ regionId: r.regionId, id: r.memberId })),
      )
    ).map((m) => [m.id, m]),
  );
  return { items: rows.map((r) => toRedemptionView(r, ms.get(r.memberId))), total };
}

// ------------------------------------------------------------------------------------------------ the member's own

/** The signed-in member's balance, this year's points and rank in their unit, ledger and redemptions. */
export async function myPoints(db: Db, ctx: Ctx): Promise<MyPoints> {
  const m = await memberOfCaller(db, ctx);
  const org = await orgs.getOrg(db, m.orgId);
  const year = chinaYear(new Date());
  const totals = await repo.totalsOf(db, m.regionId, m.id);
  const yearTotal = totals.find((t) => t.year === year);
  const rankedInUnit = await repo.rankedCount(db, year, orgs.orgUnderCondition(repo.unitCountOrgId, org.path));
  const rankInUnit = yearTotal ? 1 + (await repo.countAbove(db, year, org.path, yearTotal.points)) : null;
  const { entries } = await entriesOf(db, m, { limit: 100, offset: 0 });
  const redemptions = await repo.listRedemptionsOfMember(db, m.regionId, m.id);
  return {
    memberId: m.id,
    memberNo: m.memberNo,
    name: displayName(m),
    orgName: org.name,
    balance: totals.find((t) => t.year === 0)?.points ?? 0,
    year,
    yearPoints: yearTotal?.points ?? 0,
    rankInUnit,
    rankedInUnit,
    entries,
    redemptions: redemptions.map((r) => toRedemptionView(r, m)),
  };
}

/** Awards the signed-in member may redeem (offered by their unit or above, active). */
export async function myAwards(db: Db, ctx: Ctx): Promise<AwardView[]> {
  const m = await memberOfCaller(db, ctx);
  const org = await orgs.getOrg(db, m.orgId);
  return toAwardViews(db, await repo.listAwardsAt(db, pathIds(org.path), true));
}
