// Staff-entered monthly figures of manual indicators (activities counted on paper), each with an evidence note and
// an optional evidence file. A figure is corrected by replacing it with a reason (the old one is voided, not erased).
// The engine reads the figures in force through `manualFiguresFor`.
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { toChinaDate } from '../../platform/dates';
import { AppError } from '../../platform/errors';
import { claimEvidence } from '../../platform/files/files.service';
import type { Ctx } from '../../platform/http/context';
import { actorLabel, assertCanAt } from '../../platform/rbac/actor';
import { findOrgsByIds, getOrg, orgUnderCondition } from '../orgs/orgs.service';
import { getIndicator } from './kpi-targets';
import * as repo from './kpi-targets.repo';
import type { ManualFigureView, RecordManualFigure } from './kpi-targets.schemas';

/** The current China month as YYYY-MM. */
export const currentMonth = () => toChinaDate().slice(0, 7);

function toManualFigureView(row: repo.ManualFigureRow, orgName: string): ManualFigureView {
  return {
    id: row.id,
    orgId: row.orgId,
    orgName,
    indicator: row.indicator,
    month: row.month.slice(0, 7),
    value: row.value,
    evidenceNote: row.evidenceNote,
    evidenceFileId: row.evidenceFileId,
    enteredBy: row.enteredBy,
    enteredAt: row.enteredAt.toISOString(),
    isVoid: row.isVoid,
    voidReason: row.voidReason,
    voidedBy: row.voidedBy,
    voidedAt: row.voidedAt?.toISOString() ?? null,
    replacedById: row.replacedById,
    manual: true,
  };
}

/**
 * Records a unit's figure of a manual indicator for a month (kpi:enter at the unit), in the indicator's shown unit,
 * with its evidence. A second figure for the same unit and month replaces the first only with `replace` and a reason
 * (the first is voided and points at its replacement). Throws KPI_INDICATOR_COMPUTED for an indicator computed from
 * the records, KPI_MONTH_IN_FUTURE, KPI_MANUAL_FIGURE_EXISTS, NOT_FOUND (indicator, unit or evidence file),
 * OUT_OF_SCOPE.
 */
export async function recordManualFigure(db: Db, ctx: Ctx, input: RecordManualFigure): Promise<ManualFigureView> {
  return db.transaction(async (tx) => {
    const org = await getOrg(tx, input.orgId);
    assertCanAt(ctx.actor, 'kpi:enter', org.path);
    const ind = await getIndicator(tx, input.indicator);
    if (ind.source !== 'manual') {
      throw new AppError('KPI_INDICATOR_COMPUTED', { indicator: ind.code });
    }
    if (input.month > currentMonth()) {
      throw new AppError('KPI_MONTH_IN_FUTURE', { month: input.month, latestMonth: currentMonth() });
    }
    const month = `${input.month}-01`;
    const existing = await repo.findActiveManualFigure(tx, org.regionId, org.id, ind.code, month);
    if (existing && !input.replace) {
      throw new AppError('KPI_MANUAL_FIGURE_EXISTS', {
        id: existing.id,
        value: existing.value,
        month: input.month,
      });
    }
    await claimEvidence(tx, ctx, [{ field: 'evidenceFileId', id: input.evidenceFileId }], {
      orgId: org.id,
      readPermission: 'kpi:view',
      purpose: 'kpi-evidence',
    });
    const by = actorLabel(ctx.actor);
    const now = new Date();
    if (existing) {
      // Void first: only one figure in force per unit, indicator and month (a partial unique index).
      await repo.updateManualFigure(tx, existing, {
        isVoid: true,
        voidReason: input.reason ?? null,
        voidedBy: by,
        voidedAt: now,
        updatedAt: now,
      });
    }
    const created = await repo.insertManualFigure(tx, {
      regionId: org.regionId,
      orgId: org.id,
      indicator: ind.code,
      month,
      value: input.value,
      evidenceFileId: input.evidenceFileId ?? null,
      evidenceNote: input.evidenceNote,
      enteredBy: by,
    });
    if (existing) {
      await repo.updateManualFigure(tx, existing, { replacedById: created.id });
    }
    await recordAudit(tx, ctx, {
      action: existing ? 'kpi_manual_figure.replaced' : 'kpi_manual_figure.recorded',
      entityType: 'kpi_manual_figure',
      entityId: created.id,
      orgId: org.id,
      regionId: org.regionId,
      before: existing ? { id: existing.id, value: existing.value, evidenceNote: existing.evidenceNote } : undefined,
      after: {
        indicator: ind.code,
        month: input.month,
        value: created.value,
        evidenceNote: created.evidenceNote,
        evidenceFileId: created.evidenceFileId,
        reason: input.reason ?? null,
      },
    });
    return toManualFigureView(created, org.name);
  });
}

/** Voids a figure with a reason (kpi:enter at its unit). Throws KPI_MANUAL_FIGURE_VOID, NOT_FOUND, OUT_OF_SCOPE. */
export async function voidManualFigure(db: Db, ctx: Ctx, id: string, reason: string): Promise<ManualFigureView> {
  return db.transaction(async (tx) => {
    const row = await repo.findManualFigureById(tx, id);
    if (!row) {
      throw new AppError('NOT_FOUND', { entity: 'manual_figure', id });
    }
    const org = await getOrg(tx, row.orgId);
    assertCanAt(ctx.actor, 'kpi:enter', org.path);
    if (row.isVoid) {
      throw new AppError('KPI_MANUAL_FIGURE_VOID', { id });
    }
    const now = new Date();
    const voided = await repo.updateManualFigure(tx, row, {
      isVoid: true,
      voidReason: reason,
      voidedBy: actorLabel(ctx.actor),
      voidedAt: now,
      updatedAt: now,
    });
    await recordAudit(tx, ctx, {
      action: 'kpi_manual_figure.voided',
      entityType: 'kpi_manual_figure',
      entityId: row.id,
      orgId: org.id,
      regionId: org.regionId,
      before: { value: row.value, isVoid: false },
      after: { isVoid: true, reason },
    });
    return toManualFigureView(voided, org.name);
  });
}

/** Figures entered in a unit's subtree (kpi:view at the unit), newest month first, with the manual indicators. */
export async function listManualFigures(
  db: Db,
  ctx: Ctx,
  q: { orgId: number; year?: number; indicator?: string; includeVoid?: boolean },
) {
  const org = await getOrg(db, q.orgId);
  assertCanAt(ctx.actor, 'kpi:view', org.path);
  const rows = await repo.listManualFigures(db, (column) => orgUnderCondition(column, org.path), {
    from: q.year ? `${q.year}-01-01` : undefined,
    to: q.year ? `${q.year}-12-01` : undefined,
    indicator: q.indicator,
    includeVoid: q.includeVoid,
  });
  const names = new Map((await findOrgsByIds(db, [...new Set(rows.map((r) => r.orgId))])).map((o) => [o.id, o.name]));
  const indicators = (await repo.listActiveIndicators(db))
    .filter((i) => i.source === 'manual')
    .map((i) => ({
      code: i.code,
      nameZh: i.nameZh,
      nameEn: i.nameEn,
      unitZh: i.unitZh,
      unitEn: i.unitEn,
      periodKind: i.periodKind as 'flow' | 'stock',
      decimals: i.decimals,
    }));
  return {
    items: rows.map((r) => toManualFigureView(r, names.get(r.orgId) ?? '')),
    indicators,
    latestMonth: currentMonth(),
  };
}

/**
 * The figures in force (not voided) of these manual indicators for months from `fromMonth` to `toMonth` (first days,
 * YYYY-MM-01), in the indicator's shown unit: what the engine turns into facts. No scope check.
 */
export async function manualFiguresFor(
  db: Db,
  indicators: string[],
  fromMonth: string,
  toMonth: string,
): Promise<{ regionId: number; orgId: number; indicator: string; month: string; value: number }[]> {
  const rows = await repo.activeManualFigures(db, indicators, fromMonth, toMonth);
  return rows.map((r) => ({
    regionId: r.regionId,
    orgId: r.orgId,
    indicator: r.indicator,
    month: r.month,
    value: r.value,
  }));
}
