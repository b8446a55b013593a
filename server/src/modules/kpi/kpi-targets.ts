// Targets handed down the tree: a unit's annual (and optional monthly) targets are set by its parent's owner, split
// among its children with the children's sum checked against it, locked on approval and changed afterwards only
// through an audited change request. The engine reads targets through `targetsFor`.
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { toChinaDate } from '../../platform/dates';
import { AppError } from '../../platform/errors';
import type { Ctx } from '../../platform/http/context';
import { actorLabel, assertCanAt, canAt } from '../../platform/rbac/actor';
import { findOrgsByIds, getOrg, type OrgRow, orgUnderCondition } from '../orgs/orgs.service';
import { listChildUnits } from '../orgs/populations';
import { asOfMonthFor, unitFigures } from './kpi.service';
import * as repo from './kpi-targets.repo';
import type {
  ApproveTargets,
  DecideChange,
  RequestChange,
  SetTargets,
  SetTargetsResult,
  SplitResult,
  SplitTarget,
  TargetChangeView,
  TargetRow,
  TargetsBoard,
  TargetView,
} from './kpi-targets.schemas';

export type UnitTarget = {
  indicator: string;
  /** The annual target in the indicator's shown unit. */
  value: number;
  /** Twelve monthly targets (each month's own share), or null. */
  monthly: (number | null)[] | null;
  locked: boolean;
};

/** The targets of these units for a year: orgId → indicator → target. */
export async function targetsFor(
  db: Db,
  orgIds: number[],
  year: number,
): Promise<Map<number, Map<string, UnitTarget>>> {
  const rows = await repo.findTargets(db, orgIds, year);
  const byOrg = new Map<number, Map<string, UnitTarget>>();
  for (const r of rows) {
    let unit = byOrg.get(r.orgId);
    if (!unit) {
      unit = new Map();
      byOrg.set(r.orgId, unit);
    }
    unit.set(r.indicator, {
      indicator: r.indicator,
      value: r.value,
      monthly: r.monthly ?? null,
      locked: r.status === 'approved',
    });
  }
  return byOrg;
}

// --------------------------------------------------------------------------------------------------------- rules

/** The current year in China. */
export function currentYear(): number {
  return Number(toChinaDate().slice(0, 4));
}

/** Targets may be set for this year and next year (the year-end hand-down); past years are read-only. */
export function assertYearOpen(year: number): void {
  const now = currentYear();
  if (year < now) {
    throw new AppError('KPI_TARGET_YEAR_CLOSED', { year, currentYear: now });
  }
  if (year > now + 1) {
    throw new AppError('KPI_TARGET_YEAR_NOT_OPEN', { year, latestYear: now + 1 });
  }
}

const isOpenYear = (year: number) => year >= currentYear() && year <= currentYear() + 1;

/** Sums and annual targets are compared to the cent (values are in 元, 人, % …). */
const tolerance = (value: number) => 0.005 + 1e-9 * Math.abs(value);
const round2 = (v: number) => Math.round(v * 100) / 100;

/** Children's targets add up to the parent's for sum and distinct-count indicators; rates are each the unit's own. */
export const isAdditive = (ind: repo.IndicatorRow) => ind.rollup === 'sum' || ind.rollup === 'distinct';

/** An active indicator of the catalogue, or NOT_FOUND. */
export async function getIndicator(db: Db, code: string): Promise<repo.IndicatorRow> {
  const ind = await repo.findIndicator(db, code);
  if (!ind?.isActive) {
    throw new AppError('NOT_FOUND', { entity: 'indicator', indicator: code });
  }
  return ind;
}

/**
 * Monthly targets of a flow indicator are each month's share: the twelve must add up to the annual target. Those of
 * a stock or a rate are the level to reach by each month's end, so they are not summed. Throws KPI_MONTHLY_MISMATCH.
 */
export function checkMonthly(ind: repo.IndicatorRow, value: number, monthly: number[] | null | undefined): void {
  if (!monthly || ind.periodKind !== 'flow') {
    return;
  }
  const sum = monthly.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - value) > tolerance(value)) {
    throw new AppError('KPI_MONTHLY_MISMATCH', { indicator: ind.code, sum: round2(sum), value });
  }
}

/** A flow target's monthly profile scaled to a share of it (rounded to the cent, the rest in December). */
function scaleMonthly(monthly: (number | null)[] | null, from: number, to: number): number[] | null {
  if (!monthly || from <= 0 || monthly.some((m) => m === null)) {
    return null;
  }
  const parts = monthly.map((m) => round2(((m as number) * to) / from));
  parts[11] = round2(to - parts.slice(0, 11).reduce((a, b) => a + b, 0));
  return parts[11] < 0 ? null : parts;
}

/** Where the owner of a unit's targets sits: its parent (a unit does not set its own), or itself at the top. */
async function ownerPath(db: Db, org: OrgRow): Promise<{ parent: OrgRow | undefined; path: string }> {
  const parent = org.parentId ? await getOrg(db, org.parentId) : undefined;
  return { parent, path: (parent ?? org).path };
}

export function toTargetView(row: repo.TargetRow, orgName: string): TargetView {
  return {
    id: row.id,
    orgId: row.orgId,
    orgName,
    year: row.year,
    indicator: row.indicator,
    value: row.value,
    monthly: row.monthly ?? null,
    status: row.status as TargetView['status'],
    locked: row.status === 'approved',
    splitFromOrgId: row.splitFromOrgId,
    note: row.note,
    setBy: row.setBy,
    setAt: row.setAt.toISOString(),
    approvedBy: row.approvedBy,
    approvedAt: row.approvedAt?.toISOString() ?? null,
    version: row.version,
    excessApprovedBy: row.excessApprovedBy,
  };
}

const sameMonthly = (a: (number | null)[] | null | undefined, b: (number | null)[] | null | undefined) =>
  JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Writes one unit's target (insert or update, version + 1), refusing a locked one with KPI_TARGET_LOCKED unless the
 * value stays the same. Returns the row and whether anything changed.
 */
async function writeTarget(
  tx: Db,
  ctx: Ctx,
  org: OrgRow,
  year: number,
  indicator: string,
  next: { value: number; monthly: number[] | null; note?: string | null; splitFromOrgId?: number | null },
  existing: repo.TargetRow | undefined,
  action: string,
): Promise<{ row: repo.TargetRow; changed: boolean }> {
  if (existing && existing.value === next.value && sameMonthly(existing.monthly, next.monthly)) {
    return { row: existing, changed: false };
  }
  if (existing?.status === 'approved') {
    throw new AppError('KPI_TARGET_LOCKED', { targetId: existing.id, orgId: org.id, indicator, value: existing.value });
  }
  const by = actorLabel(ctx.actor);
  const row = existing
    ? await repo.updateTarget(tx, existing, {
        value: next.value,
        monthly: next.monthly,
        note: next.note === undefined ? existing.note : next.note,
        splitFromOrgId: next.splitFromOrgId === undefined ? existing.splitFromOrgId : next.splitFromOrgId,
        setBy: by,
        setAt: new Date(),
        version: existing.version + 1,
      })
    : await repo.insertTarget(tx, {
        regionId: org.regionId,
        orgId: org.id,
        year,
        indicator,
        value: next.value,
        monthly: next.monthly,
        note: next.note ?? null,
        splitFromOrgId: next.splitFromOrgId ?? null,
        setBy: by,
      });
  await recordAudit(tx, ctx, {
    action,
    entityType: 'kpi_target',
    entityId: row.id,
    orgId: org.id,
    regionId: org.regionId,
    before: existing ? { value: existing.value, monthly: existing.monthly, version: existing.version } : undefined,
    after: { year, indicator, value: row.value, monthly: row.monthly, version: row.version },
  });
  return { row, changed: true };
}

/** Marks that the parent's owner accepted children's targets adding up to more than the parent's target. */
async function approveExcess(
  tx: Db,
  ctx: Ctx,
  parent: OrgRow,
  parentTarget: repo.TargetRow,
  detail: { sum: number; excess: number },
): Promise<void> {
  await repo.updateTarget(tx, parentTarget, {
    excessApprovedBy: actorLabel(ctx.actor),
    excessApprovedAt: new Date(),
  });
  await recordAudit(tx, ctx, {
    action: 'kpi_target.excess-approved',
    entityType: 'kpi_target',
    entityId: parentTarget.id,
    orgId: parent.id,
    regionId: parent.regionId,
    after: { indicator: parentTarget.indicator, year: parentTarget.year, parent: parentTarget.value, ...detail },
  });
}

// ------------------------------------------------------------------------------------------------------ mutations

/**
 * Sets a unit's annual targets (kpi:target at its parent; at the unit itself for the top of the tree). For additive
 * indicators the unit's value with its siblings' must not exceed the parent's target, and its own children's targets
 * must not exceed it: KPI_SPLIT_EXCEEDS_PARENT unless `approveExcess` by kpi:approve at that parent. Throws
 * KPI_TARGET_LOCKED, KPI_MONTHLY_MISMATCH, KPI_TARGET_YEAR_CLOSED/NOT_OPEN, NOT_FOUND, OUT_OF_SCOPE.
 */
export async function setTargets(db: Db, ctx: Ctx, input: SetTargets): Promise<SetTargetsResult> {
  return db.transaction(async (tx) => {
    const org = await getOrg(tx, input.orgId);
    const { parent, path } = await ownerPath(tx, org);
    assertCanAt(ctx.actor, 'kpi:target', path);
    assertYearOpen(input.year);
    const codes = input.targets.map((t) => t.indicator);
    if (new Set(codes).size !== codes.length) {
      throw new AppError('VALIDATION_FAILED', { issues: [{ field: 'body.targets', message: 'an indicator twice' }] });
    }
    const children = await listChildUnits(tx, org.id);
    const siblings = parent ? (await listChildUnits(tx, parent.id)).filter((c) => c.id !== org.id) : [];
    const saved: TargetView[] = [];
    const warnings: SetTargetsResult['warnings'] = [];
    for (const item of input.targets) {
      const ind = await getIndicator(tx, item.indicator);
      checkMonthly(ind, item.value, item.monthly);
      const [existing] = await repo.findTargetsOfIndicator(tx, [org.id], input.year, ind.code);
      if (isAdditive(ind) && parent) {
        const [parentTarget] = await repo.findTargetsOfIndicator(tx, [parent.id], input.year, ind.code);
        if (parentTarget) {
          const others = await repo.findTargetsOfIndicator(
            tx,
            siblings.map((s) => s.id),
            input.year,
            ind.code,
          );
          const sum = others.reduce((a, t) => a + t.value, 0) + item.value;
          const excess = sum - parentTarget.value;
          if (excess > tolerance(parentTarget.value) && (!existing || item.value > existing.value)) {
            if (!input.approveExcess) {
              throw new AppError('KPI_SPLIT_EXCEEDS_PARENT', {
                indicator: ind.code,
                sum: round2(sum),
                parent: parentTarget.value,
                excess: round2(excess),
                canApprove: canAt(ctx.actor, 'kpi:approve', parent.path),
              });
            }
            assertCanAt(ctx.actor, 'kpi:approve', parent.path);
            await approveExcess(tx, ctx, parent, parentTarget, { sum: round2(sum), excess: round2(excess) });
          }
        }
      }
      const { row } = await writeTarget(
        tx,
        ctx,
        org,
        input.year,
        ind.code,
        { value: item.value, monthly: item.monthly ?? null, note: item.note },
        existing,
        'kpi_target.set',
      );
      if (isAdditive(ind) && children.length > 0) {
        const childTargets = await repo.findTargetsOfIndicator(
          tx,
          children.map((c) => c.id),
          input.year,
          ind.code,
        );
        if (childTargets.length > 0) {
          const sum = childTargets.reduce((a, t) => a + t.value, 0);
          if (sum - row.value > tolerance(row.value)) {
            if (!input.approveExcess) {
              throw new AppError('KPI_SPLIT_EXCEEDS_PARENT', {
                indicator: ind.code,
                sum: round2(sum),
                parent: row.value,
                excess: round2(sum - row.value),
                canApprove: canAt(ctx.actor, 'kpi:approve', org.path),
              });
            }
            assertCanAt(ctx.actor, 'kpi:approve', org.path);
            await approveExcess(tx, ctx, org, row, { sum: round2(sum), excess: round2(sum - row.value) });
            warnings.push({ indicator: ind.code, kind: 'excess', amount: round2(sum - row.value) });
          } else if (row.value - sum > tolerance(row.value)) {
            warnings.push({ indicator: ind.code, kind: 'shortfall', amount: round2(row.value - sum) });
          }
        }
      }
      const [fresh] = await repo.findTargetsOfIndicator(tx, [org.id], input.year, ind.code);
      saved.push(toTargetView(fresh, org.name));
    }
    return { targets: saved, warnings };
  });
}

/**
 * Splits a parent's target among its direct children (kpi:target at the parent). For additive indicators the
 * children's targets (these shares and any child not listed) must not add up to more than the parent's:
 * KPI_SPLIT_EXCEEDS_PARENT (with sum, parent, excess) unless `approveExcess` by kpi:approve at the parent; less is
 * accepted with the shortfall. Rates are not summed. A child's flow target inherits the parent's monthly profile.
 * Throws KPI_NOT_A_CHILD, KPI_PARENT_NO_TARGET, KPI_TARGET_LOCKED, KPI_TARGET_YEAR_CLOSED/NOT_OPEN, OUT_OF_SCOPE.
 */
export async function splitTarget(db: Db, ctx: Ctx, input: SplitTarget): Promise<SplitResult> {
  return db.transaction(async (tx) => {
    const parent = await getOrg(tx, input.orgId);
    assertCanAt(ctx.actor, 'kpi:target', parent.path);
    assertYearOpen(input.year);
    const ind = await getIndicator(tx, input.indicator);
    const children = await listChildUnits(tx, parent.id);
    const byId = new Map(children.map((c) => [c.id, c]));
    const seen = new Set<number>();
    for (const s of input.shares) {
      if (!byId.has(s.orgId)) {
        throw new AppError('KPI_NOT_A_CHILD', { orgId: s.orgId, parentId: parent.id });
      }
      if (seen.has(s.orgId)) {
        throw new AppError('VALIDATION_FAILED', { issues: [{ field: 'body.shares', message: 'a unit twice' }] });
      }
      seen.add(s.orgId);
    }
    const additive = isAdditive(ind);
    const [parentTarget] = await repo.findTargetsOfIndicator(tx, [parent.id], input.year, ind.code);
    if (additive && !parentTarget) {
      throw new AppError('KPI_PARENT_NO_TARGET', { orgId: parent.id, indicator: ind.code, year: input.year });
    }
    const existing = await repo.findTargetsOfIndicator(
      tx,
      children.map((c) => c.id),
      input.year,
      ind.code,
    );
    const existingBy = new Map(existing.map((t) => [t.orgId, t]));
    const sum = round2(
      input.shares.reduce((a, s) => a + s.value, 0) +
        existing.filter((t) => !seen.has(t.orgId)).reduce((a, t) => a + t.value, 0),
    );
    let excess: number | null = null;
    let shortfall: number | null = null;
    if (additive && parentTarget) {
      const diff = sum - parentTarget.value;
      if (diff > tolerance(parentTarget.value)) {
        if (!input.approveExcess) {
          throw new AppError('KPI_SPLIT_EXCEEDS_PARENT', {
            indicator: ind.code,
            sum,
            parent: parentTarget.value,
            excess: round2(diff),
            canApprove: canAt(ctx.actor, 'kpi:approve', parent.path),
          });
        }
        assertCanAt(ctx.actor, 'kpi:approve', parent.path);
        excess = round2(diff);
      } else if (-diff > tolerance(parentTarget.value)) {
        shortfall = round2(-diff);
      }
    }
    const targets: TargetView[] = [];
    for (const s of input.shares) {
      const child = byId.get(s.orgId) as OrgRow;
      const before = existingBy.get(s.orgId);
      const monthly =
        ind.periodKind === 'flow' && parentTarget
          ? scaleMonthly(parentTarget.monthly ?? null, parentTarget.value, s.value)
          : null;
      const { row } = await writeTarget(
        tx,
        ctx,
        child,
        input.year,
        ind.code,
        {
          value: s.value,
          monthly: before && before.value === s.value ? (before.monthly as number[] | null) : monthly,
          splitFromOrgId: parent.id,
        },
        before,
        'kpi_target.split-share',
      );
      targets.push(toTargetView(row, child.name));
    }
    if (excess !== null && parentTarget) {
      await approveExcess(tx, ctx, parent, parentTarget, { sum, excess });
    }
    await recordAudit(tx, ctx, {
      action: 'kpi_target.split',
      entityType: 'kpi_target',
      entityId: parentTarget?.id ?? null,
      orgId: parent.id,
      regionId: parent.regionId,
      after: {
        year: input.year,
        indicator: ind.code,
        parent: parentTarget?.value ?? null,
        sum,
        shortfall,
        excess,
        excessApproved: excess !== null,
        shares: input.shares,
      },
    });
    return { targets, parent: parentTarget?.value ?? null, sum, shortfall, excess, additive };
  });
}

/**
 * Approves and locks a unit's draft targets for a year (all, or the listed indicators): kpi:approve at its parent
 * (at the unit itself for the top of the tree). Throws NOT_FOUND when the unit has no such target.
 */
export async function approveTargets(db: Db, ctx: Ctx, input: ApproveTargets): Promise<TargetView[]> {
  return db.transaction(async (tx) => {
    const org = await getOrg(tx, input.orgId);
    const { path } = await ownerPath(tx, org);
    assertCanAt(ctx.actor, 'kpi:approve', path);
    assertYearOpen(input.year);
    const rows = await repo.findTargets(tx, [org.id], input.year);
    const wanted = input.indicators ?? rows.map((r) => r.indicator);
    const result: TargetView[] = [];
    for (const code of wanted) {
      const row = rows.find((r) => r.indicator === code);
      if (!row) {
        throw new AppError('NOT_FOUND', { entity: 'target', orgId: org.id, year: input.year, indicator: code });
      }
      if (row.status === 'approved') {
        result.push(toTargetView(row, org.name));
        continue;
      }
      const locked = await repo.updateTarget(tx, row, {
        status: 'approved',
        approvedBy: actorLabel(ctx.actor),
        approvedAt: new Date(),
      });
      await recordAudit(tx, ctx, {
        action: 'kpi_target.approved',
        entityType: 'kpi_target',
        entityId: row.id,
        orgId: org.id,
        regionId: org.regionId,
        before: { status: row.status },
        after: { status: 'approved', year: row.year, indicator: row.indicator, value: row.value, version: row.version },
      });
      result.push(toTargetView(locked, org.name));
    }
    return result;
  });
}

async function toChangeViews(db: Db, ctx: Ctx, rows: repo.ChangeWithTarget[]): Promise<TargetChangeView[]> {
  const orgIds = [...new Set(rows.map((r) => r.change.orgId))];
  const units = await findOrgsByIds(db, orgIds);
  const parentIds = [...new Set(units.map((u) => u.parentId).filter((p): p is number => p !== null))];
  const parents = new Map((await findOrgsByIds(db, parentIds)).map((p) => [p.id, p]));
  const unitsById = new Map(units.map((u) => [u.id, u]));
  const me = actorLabel(ctx.actor);
  return rows.map(({ change: c, year, indicator }) => {
    const unit = unitsById.get(c.orgId);
    const approverPath = unit?.parentId ? parents.get(unit.parentId)?.path : unit?.path;
    return {
      id: c.id,
      targetId: c.targetId,
      orgId: c.orgId,
      orgName: unit?.name ?? '',
      year,
      indicator,
      fromValue: c.fromValue,
      toValue: c.toValue,
      fromMonthly: c.fromMonthly ?? null,
      toMonthly: c.toMonthly ?? null,
      reason: c.reason,
      status: c.status as TargetChangeView['status'],
      requestedBy: c.requestedBy,
      requestedAt: c.requestedAt.toISOString(),
      decidedBy: c.decidedBy,
      decidedAt: c.decidedAt?.toISOString() ?? null,
      decisionNote: c.decisionNote,
      canDecide:
        c.status === 'pending' &&
        c.requestedBy !== me &&
        !!approverPath &&
        canAt(ctx.actor, 'kpi:approve', approverPath) &&
        isOpenYear(year),
    };
  });
}

/**
 * Asks for a change of a locked target (kpi:target at the unit or above), with a reason. Throws
 * KPI_TARGET_NOT_LOCKED for a draft (change it directly), KPI_CHANGE_PENDING when one is already waiting,
 * KPI_MONTHLY_MISMATCH, KPI_TARGET_YEAR_CLOSED, NOT_FOUND, OUT_OF_SCOPE.
 */
export async function requestChange(
  db: Db,
  ctx: Ctx,
  targetId: number,
  input: RequestChange,
): Promise<TargetChangeView> {
  const row = await db.transaction(async (tx) => {
    const target = await repo.findTargetById(tx, targetId);
    if (!target) {
      throw new AppError('NOT_FOUND', { entity: 'target', id: targetId });
    }
    const org = await getOrg(tx, target.orgId);
    assertCanAt(ctx.actor, 'kpi:target', org.path);
    assertYearOpen(target.year);
    if (target.status !== 'approved') {
      throw new AppError('KPI_TARGET_NOT_LOCKED', { targetId });
    }
    const pending = await repo.findPendingChangeOfTarget(tx, target);
    if (pending) {
      throw new AppError('KPI_CHANGE_PENDING', { changeId: pending.id });
    }
    const ind = await getIndicator(tx, target.indicator);
    checkMonthly(ind, input.value, input.monthly);
    const toMonthly =
      input.monthly !== undefined
        ? input.monthly
        : ind.periodKind === 'flow' && input.value !== target.value
          ? scaleMonthly(target.monthly ?? null, target.value, input.value)
          : (target.monthly ?? null);
    const change = await repo.insertChange(tx, {
      regionId: target.regionId,
      targetId: target.id,
      orgId: target.orgId,
      fromValue: target.value,
      fromMonthly: target.monthly ?? null,
      toValue: input.value,
      toMonthly,
      reason: input.reason,
      requestedBy: actorLabel(ctx.actor),
    });
    await recordAudit(tx, ctx, {
      action: 'kpi_target_change.requested',
      entityType: 'kpi_target_change',
      entityId: change.id,
      orgId: org.id,
      regionId: org.regionId,
      after: { targetId, indicator: target.indicator, year: target.year, from: target.value, to: input.value },
    });
    return { change, year: target.year, indicator: target.indicator };
  });
  const [view] = await toChangeViews(db, ctx, [row]);
  return view;
}

/**
 * Decides a change request (kpi:approve above the unit: at its parent, or at the unit for the top of the tree; never
 * by the person who asked). Approving writes the new value into the target (version + 1, still locked); for additive
 * indicators a value taking the children of the parent over its target counts as the parent's owner approving the
 * excess. Throws KPI_CHANGE_DECIDED, KPI_CHANGE_OWN_REQUEST, KPI_TARGET_YEAR_CLOSED, NOT_FOUND, OUT_OF_SCOPE.
 */
export async function decideChange(db: Db, ctx: Ctx, changeId: number, input: DecideChange): Promise<TargetChangeView> {
  const row = await db.transaction(async (tx) => {
    const found = await repo.findChangeById(tx, changeId);
    if (!found) {
      throw new AppError('NOT_FOUND', { entity: 'target_change', id: changeId });
    }
    const { change, year, indicator } = found;
    const org = await getOrg(tx, change.orgId);
    const { parent, path } = await ownerPath(tx, org);
    assertCanAt(ctx.actor, 'kpi:approve', path);
    if (change.status !== 'pending') {
      throw new AppError('KPI_CHANGE_DECIDED', { changeId, status: change.status });
    }
    if (ctx.actor.kind !== 'system' && change.requestedBy === actorLabel(ctx.actor)) {
      throw new AppError('KPI_CHANGE_OWN_REQUEST', { changeId });
    }
    assertYearOpen(year);
    const by = actorLabel(ctx.actor);
    if (input.approve) {
      const target = await repo.findTargetById(tx, change.targetId);
      if (!target) {
        throw new AppError('NOT_FOUND', { entity: 'target', id: change.targetId });
      }
      const ind = await getIndicator(tx, indicator);
      const updated = await repo.updateTarget(tx, target, {
        value: change.toValue,
        monthly: change.toMonthly ?? null,
        version: target.version + 1,
        approvedBy: by,
        approvedAt: new Date(),
      });
      if (isAdditive(ind) && parent && change.toValue > change.fromValue) {
        const [parentTarget] = await repo.findTargetsOfIndicator(tx, [parent.id], year, indicator);
        const siblings = await listChildUnits(tx, parent.id);
        const all = await repo.findTargetsOfIndicator(
          tx,
          siblings.map((s) => s.id),
          year,
          indicator,
        );
        const sum = round2(all.reduce((a, t) => a + t.value, 0));
        if (parentTarget && sum - parentTarget.value > tolerance(parentTarget.value)) {
          await approveExcess(tx, ctx, parent, parentTarget, { sum, excess: round2(sum - parentTarget.value) });
        }
      }
      await recordAudit(tx, ctx, {
        action: 'kpi_target.changed',
        entityType: 'kpi_target',
        entityId: target.id,
        orgId: org.id,
        regionId: org.regionId,
        before: { value: target.value, monthly: target.monthly, version: target.version },
        after: { value: updated.value, monthly: updated.monthly, version: updated.version, changeId },
      });
    }
    const decided = await repo.updateChange(tx, change, {
      status: input.approve ? 'approved' : 'rejected',
      decidedBy: by,
      decidedAt: new Date(),
      decisionNote: input.note || null,
    });
    await recordAudit(tx, ctx, {
      action: input.approve ? 'kpi_target_change.approved' : 'kpi_target_change.rejected',
      entityType: 'kpi_target_change',
      entityId: change.id,
      orgId: org.id,
      regionId: org.regionId,
      before: { status: change.status },
      after: { status: decided.status, from: change.fromValue, to: change.toValue, note: input.note },
    });
    return { change: decided, year, indicator };
  });
  const [view] = await toChangeViews(db, ctx, [row]);
  return view;
}

// ---------------------------------------------------------------------------------------------------------- reads

/** Change requests of units in a subtree (kpi:view at the unit), newest first. */
export async function listChanges(
  db: Db,
  ctx: Ctx,
  q: { orgId: number; status?: string; year?: number },
): Promise<TargetChangeView[]> {
  const org = await getOrg(db, q.orgId);
  assertCanAt(ctx.actor, 'kpi:view', org.path);
  const rows = await repo.listChanges(db, (column) => orgUnderCondition(column, org.path), q);
  return toChangeViews(db, ctx, rows);
}

/**
 * A unit's targets for a year beside its direct children's (kpi:view at the unit): per indicator the unit's target,
 * the children's sum against it (additive indicators), the figure so far when the engine has it, what the caller may
 * do, and the change requests waiting in the subtree.
 */
export async function getTargetsBoard(db: Db, ctx: Ctx, q: { orgId: number; year: number }): Promise<TargetsBoard> {
  const org = await getOrg(db, q.orgId);
  assertCanAt(ctx.actor, 'kpi:view', org.path);
  const { parent, path } = await ownerPath(db, org);
  const children = await listChildUnits(db, org.id);
  const indicators = await repo.listActiveIndicators(db);
  const targets = await repo.findTargets(db, [org.id, ...children.map((c) => c.id)], q.year);
  const targetOf = (orgId: number, code: string) => targets.find((t) => t.orgId === orgId && t.indicator === code);
  const names = new Map<number, string>([[org.id, org.name], ...children.map((c) => [c.id, c.name] as const)]);
  const figures = new Map<string, { actual: number | null; completion: number | null }>();
  try {
    const [unit] = await unitFigures(db, [org.id], q.year, asOfMonthFor(q.year));
    for (const f of unit?.figures ?? []) {
      figures.set(f.indicator, { actual: f.actual, completion: f.completion });
    }
  } catch {
    // No figures for a future year (or before the engine's first pass): the board shows targets alone.
  }
  const rows: TargetRow[] = indicators.map((ind) => {
    const own = targetOf(org.id, ind.code);
    const childTargets = children.map((c) => ({ orgId: c.id, row: targetOf(c.id, ind.code) }));
    const given = childTargets.filter((c) => c.row).map((c) => c.row as repo.TargetRow);
    const additive = isAdditive(ind);
    const childrenSum = additive && given.length > 0 ? round2(given.reduce((a, t) => a + t.value, 0)) : null;
    const difference = own && childrenSum !== null ? round2(childrenSum - own.value) : null;
    let check: TargetRow['check'] = 'none';
    if (!additive) {
      check = 'not_additive';
    } else if (own && difference !== null) {
      if (difference > tolerance(own.value)) {
        check = own.excessApprovedBy ? 'excess_approved' : 'excess';
      } else {
        check = -difference > tolerance(own.value) ? 'short' : 'ok';
      }
    }
    return {
      indicator: ind.code,
      nameZh: ind.nameZh,
      nameEn: ind.nameEn,
      unitZh: ind.unitZh,
      unitEn: ind.unitEn,
      source: ind.source as TargetRow['source'],
      periodKind: ind.periodKind as TargetRow['periodKind'],
      decimals: ind.decimals,
      additive,
      target: own ? toTargetView(own, org.name) : null,
      childrenSum,
      childrenWithTarget: given.length,
      difference,
      check,
      children: childTargets.map((c) => ({
        orgId: c.orgId,
        target: c.row ? toTargetView(c.row, names.get(c.orgId) ?? '') : null,
      })),
      actual: figures.get(ind.code)?.actual ?? null,
      completion: figures.get(ind.code)?.completion ?? null,
    };
  });
  const pending = await repo.listChanges(db, (column) => orgUnderCondition(column, org.path), {
    status: 'pending',
    year: q.year,
  });
  const open = isOpenYear(q.year);
  return {
    orgId: org.id,
    name: org.name,
    parentId: parent?.id ?? null,
    year: q.year,
    isOpen: open,
    canSet: open && canAt(ctx.actor, 'kpi:target', path),
    canSplit: open && children.length > 0 && canAt(ctx.actor, 'kpi:target', org.path),
    canApprove: open && canAt(ctx.actor, 'kpi:approve', path),
    canApproveExcess: open && canAt(ctx.actor, 'kpi:approve', org.path),
    canRequestChange: open && canAt(ctx.actor, 'kpi:target', org.path),
    children: children.map((c) => ({ orgId: c.id, name: c.name, code: c.code })),
    rows,
    pendingChanges: await toChangeViews(db, ctx, pending),
  };
}
