// Goods (物资): warehouses; in-kind gifts recorded by one person and countersigned by a second (the lot then enters
// stock and the public ledger as `goods.received`); staff views of lots, movements and stock; the public trace of a
// lot from donor to final recipients. Transfers, distributions and write-offs live in movements.ts, expiry alerts in
// expiry.ts; both build on the lookups here.
import crypto from 'node:crypto';
import { eq, ne, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { toChinaDate } from '../../platform/dates';
import { AppError } from '../../platform/errors';
import { claimEvidence } from '../../platform/files/files.service';
import type { Ctx } from '../../platform/http/context';
import { maskName } from '../../platform/identity/masking';
import { pii } from '../../platform/pii';
import { actorId, assertCanAt } from '../../platform/rbac/actor';
import type { Permission } from '../../platform/rbac/permissions';
import * as donations from '../donations/donations.service';
import * as ledger from '../ledger/ledger.service';
import * as orgs from '../orgs/orgs.service';
import * as repo from './goods.repo';
import type {
  CountersignLot,
  CreateWarehouse,
  LotListQuery,
  LotView,
  MovementListQuery,
  PublicLot,
  PublicLotListQuery,
  RecordLot,
  StockQuery,
  StockRow,
  UpdateWarehouse,
  WarehouseView,
} from './goods.schemas';
import {
  earliestAcceptableExpiry,
  type GoodsRules,
  minShelfMonthsFor,
  newGoodsNumber,
  normaliseProductCode,
} from './goods-rules';
import { toLotRows, toLotView, toMovementViews, toPublicRow, toWarehouseViews, withOrgNames } from './goods-views';

export { defaultGoodsRules, type GoodsRules } from './goods-rules';

const invalid = (field: string, message: string) => new AppError('VALIDATION_FAILED', { issues: [{ field, message }] });
const recorder = (ctx: Ctx) => actorId(ctx.actor) ?? ctx.actor.kind;
const unitCode = (org: orgs.OrgRow) => org.code ?? String(org.id);

// ------------------------------------------------------------------------------------------------ lookups

/** The warehouse, or NOT_FOUND. */
export async function getWarehouse(db: Db, id: number): Promise<repo.WarehouseRow> {
  const row = await repo.findWarehouseById(db, id);
  if (!row) {
    throw new AppError('NOT_FOUND', { entity: 'goods_warehouse', id });
  }
  return row;
}

/** The warehouse and its unit, after checking the actor holds `permission` there (FORBIDDEN / OUT_OF_SCOPE). */
export async function warehouseInScope(db: Db, ctx: Ctx, id: number, permission: Permission) {
  const warehouse = await getWarehouse(db, id);
  const org = await orgs.getOrg(db, warehouse.orgId);
  assertCanAt(ctx.actor, permission, org.path);
  return { warehouse, org };
}

/** The lot, or NOT_FOUND. */
export async function getLot(db: Db, id: string): Promise<repo.LotRow> {
  const row = await repo.findLotById(db, id);
  if (!row) {
    throw new AppError('NOT_FOUND', { entity: 'goods_lot', id });
  }
  return row;
}

// ------------------------------------------------------------------------------------------------ warehouses

/** Opens a warehouse of a unit (goods:manage there). Throws CONFLICT when the unit already has one of that name. */
export async function createWarehouse(db: Db, ctx: Ctx, input: CreateWarehouse): Promise<WarehouseView> {
  const org = await orgs.getOrg(db, input.orgId);
  assertCanAt(ctx.actor, 'goods:manage', org.path);
  const row = await db.transaction(async (tx) => {
    if (await repo.findWarehouseByName(tx, org.id, input.name)) {
      throw new AppError('CONFLICT', { field: 'name', reason: 'the unit already has a warehouse of this name' });
    }
    const created = await repo.insertWarehouse(tx, {
      orgId: org.id,
      regionId: org.regionId,
      name: input.name,
      address: input.address ?? null,
    });
    await recordAudit(tx, ctx, {
      action: 'goods-warehouse.created',
      entityType: 'goods_warehouse',
      entityId: created.id,
      orgId: org.id,
      regionId: org.regionId,
      after: created,
    });
    return created;
  });
  return (await toWarehouseViews(db, [row]))[0];
}

/**
 * Renames, re-addresses, closes or reopens a warehouse. A closed warehouse takes no intake or transfer in; one that
 * still holds stock cannot be closed (CONFLICT: move or hand the goods out first).
 */
export async function updateWarehouse(db: Db, ctx: Ctx, id: number, patch: UpdateWarehouse): Promise<WarehouseView> {
  const { warehouse, org } = await warehouseInScope(db, ctx, id, 'goods:manage');
  const row = await db.transaction(async (tx) => {
    if (patch.name && patch.name !== warehouse.name && (await repo.findWarehouseByName(tx, org.id, patch.name))) {
      throw new AppError('CONFLICT', { field: 'name', reason: 'the unit already has a warehouse of this name' });
    }
    if (patch.isActive === false && warehouse.isActive) {
      const held = await repo.stockInWarehouse(tx, id);
      if (held > 0) {
        throw new AppError('CONFLICT', {
          field: 'isActive',
          reason: 'the warehouse still holds stock',
          quantity: held,
        });
      }
    }
    const after = await repo.updateWarehouse(tx, id, patch);
    await recordAudit(tx, ctx, {
      action: 'goods-warehouse.updated',
      entityType: 'goods_warehouse',
      entityId: id,
      orgId: org.id,
      regionId: org.regionId,
      before: warehouse,
      after,
    });
    return after;
  });
  return (await toWarehouseViews(db, [row]))[0];
}

export async function listWarehouses(
  db: Db,
  ctx: Ctx,
  q: { orgId?: number; includeInactive?: 'true' | 'false' },
): Promise<WarehouseView[]> {
  const where: SQL[] = [orgs.orgScopeCondition(repo.columns.warehouse.orgId, ctx, 'goods:view')];
  if (q.orgId) {
    where.push(orgs.orgUnderCondition(repo.columns.warehouse.orgId, (await orgs.getOrg(db, q.orgId)).path));
  }
  if (q.includeInactive !== 'true') {
    where.push(eq(repo.columns.warehouse.isActive, true));
  }
  return toWarehouseViews(db, await repo.listWarehouses(db, where));
}
/** The evidenced value of a gift: total fen (authoritative) and unit fen when it is exact; both null without value. */
function valuationOf(input: RecordLot): { unitValueFen: number | null; valueFen: number | null } {
  const hasValue = input.unitValueFen !== undefined || input.valueFen !== undefined;
  if (!hasValue) {
    if (input.valuationKind || input.valuationFileId) {
      throw invalid('valuationKind', 'evidence given without a value: give unitValueFen or valueFen, or neither');
    }
    return { unitValueFen: null, valueFen: null };
  }
  if (!input.valuationKind || !input.valuationFileId) {
    throw new AppError('GOODS_VALUE_EVIDENCE_REQUIRED', {
      field: input.valuationKind ? 'valuationFileId' : 'valuationKind',
    });
  }
  if (input.unitValueFen !== undefined) {
    const total = input.unitValueFen * input.quantity;
    if (!Number.isSafeInteger(total)) {
      throw invalid('unitValueFen', 'value too large');
    }
    if (input.valueFen !== undefined && input.valueFen !== total) {
      throw invalid('valueFen', 'does not equal unitValueFen × quantity');
    }
    return { unitValueFen: input.unitValueFen, valueFen: total };
  }
  const total = input.valueFen!;
  // An invoice total that does not divide evenly keeps its exact total; no rounded unit value is invented.
  return { unitValueFen: total % input.quantity === 0 ? total / input.quantity : null, valueFen: total };
}

/**
 * Records an in-kind gift as counted in by the first person: a pending lot, not yet in stock. Refuses goods that
 * expire within the minimum shelf life (GOODS_SHELF_LIFE_TOO_SHORT), a value without its evidence
 * (GOODS_VALUE_EVIDENCE_REQUIRED), an inactive warehouse (GOODS_WAREHOUSE_INACTIVE); FORBIDDEN / OUT_OF_SCOPE
 * without goods:manage at the receiving unit and the warehouse.
 */
export async function recordLot(db: Db, ctx: Ctx, rules: GoodsRules, input: RecordLot): Promise<LotView> {
  const org = await orgs.getOrg(db, input.orgId);
  assertCanAt(ctx.actor, 'goods:manage', org.path);
  const { warehouse } = await warehouseInScope(db, ctx, input.warehouseId, 'goods:manage');
  if (!warehouse.isActive) {
    throw new AppError('GOODS_WAREHOUSE_INACTIVE', { field: 'warehouseId', warehouseId: warehouse.id });
  }
  if (input.projectId) {
    const project = await donations.getProjectById(db, input.projectId);
    if (project.status === 'draft') {
      throw new AppError('PROJECT_NOT_OPEN', { projectId: project.id, status: project.status });
    }
  }
  const productCode = normaliseProductCode(input.productCode);
  if (!productCode) {
    throw invalid('productCode', 'letters, digits, Chinese characters and + . / ( ) only');
  }
  if ((input.piecesPerUnit === undefined) !== (input.pieceUnit === undefined)) {
    throw invalid('pieceUnit', 'give piecesPerUnit and pieceUnit together');
  }
  const receivedAt = new Date(input.receivedAt);
  if (receivedAt.getTime() > Date.now() + 60_000) {
    throw invalid('receivedAt', 'in the future');
  }
  const receivedOn = toChinaDate(receivedAt);
  if (input.productionDate && input.productionDate > receivedOn) {
    throw invalid('productionDate', 'after the goods were received');
  }
  if (input.productionDate && input.expiresOn && input.expiresOn <= input.productionDate) {
    throw invalid('expiresOn', 'not after the production date');
  }
  const minMonths = minShelfMonthsFor(rules, input.isShortLife);
  if (input.isShortLife && !input.expiresOn) {
    throw invalid('expiresOn', 'short-life goods need an expiry date');
  }
  if (input.expiresOn) {
    const earliest = earliestAcceptableExpiry(receivedOn, minMonths);
    if (input.expiresOn < earliest) {
      throw new AppError('GOODS_SHELF_LIFE_TOO_SHORT', {
        field: 'expiresOn',
        expiresOn: input.expiresOn,
        receivedOn,
        minShelfMonths: minMonths,
        earliestAcceptable: earliest,
      });
    }
  }
  const value = valuationOf(input);

  const salt = donations.newCommitmentSalt();
  const lot = await db.transaction(async (tx) => {
    await claimEvidence(
      tx,
      ctx,
      [
        { field: 'valuationFileId', id: input.valuationFileId },
        { field: 'letterFileId', id: input.letterFileId },
      ],
      { orgId: org.id, readPermission: 'goods:view', purpose: 'goods-evidence' },
    );
    const row = await repo.insertLot(tx, {
      regionId: org.regionId,
      id: crypto.randomUUID(),
      lotNo: newGoodsNumber('G', receivedAt),
      orgId: org.id,
      warehouseId: warehouse.id,
      projectId: input.projectId ?? null,
      donorKind: input.donorKind,
      donorName: input.donorName,
      displayName: donations.displayNameFor(input),
      isAnonymous: input.isAnonymous,
      donorSaltEnc: pii().encrypt(salt.toString('base64url')),
      donorCommitment: donations.identityCommitment(salt, input.isAnonymous ? '' : input.donorName),
      itemName: input.itemName,
      spec: input.spec,
      standard: input.standard ?? null,
      productCode,
      unit: input.unit,
      piecesPerUnit: input.piecesPerUnit ?? null,
      pieceUnit: input.pieceUnit ?? null,
      quantity: input.quantity,
      productionDate: input.productionDate ?? null,
      expiresOn: input.expiresOn ?? null,
      isShortLife: input.isShortLife,
      minShelfMonths: minMonths,
      unitValueFen: value.unitValueFen,
      valueFen: value.valueFen,
      valuationKind: value.valueFen === null ? null : input.valuationKind!,
      valuationFileId: value.valueFen === null ? null : input.valuationFileId!,
      letterFileId: input.letterFileId ?? null,
      note: input.note ?? null,
      status: 'pending',
      receivedAt,
      recordedBy: recorder(ctx),
      recordedAt: new Date(),
    });
    await recordAudit(tx, ctx, {
      action: 'goods-lot.recorded',
      entityType: 'goods_lot',
      entityId: row.id,
      orgId: row.orgId,
      regionId: row.regionId,
      after: auditableLot(row),
    });
    return row;
  });
  return toLotView(db, lot, true);
}

function auditableLot(lot: repo.LotRow) {
  return { ...lot, donorName: lot.donorName ? maskName(lot.donorName) : null };
}

/**
 * The second person's countersignature. Confirming needs a different user (SAME_USER_APPROVAL) whose own count
 * matches the record — quantity, product code and expiry date (GOODS_COUNT_MISMATCH otherwise, nothing changes);
 * the lot then enters stock in its warehouse, with its intake movement and the `goods.received` ledger entry, in
 * one transaction. Rejecting closes the lot (record it again if the goods are taken after all).
 * Throws NOT_PENDING for a lot already decided.
 */
export async function countersignLot(db: Db, ctx: Ctx, id: string, input: CountersignLot): Promise<LotView> {
  const found = await getLot(db, id);
  assertCanAt(ctx.actor, 'goods:approve', (await orgs.getOrg(db, found.orgId)).path);
  const me = actorId(ctx.actor);
  const lot = await db.transaction(async (tx) => {
    const locked = (await repo.lockLot(tx, found.regionId, found.id))!;
    if (locked.status !== 'pending') {
      throw new AppError('NOT_PENDING', { status: locked.status });
    }
    if (locked.recordedBy === me) {
      throw new AppError('SAME_USER_APPROVAL');
    }
    const decidedAt = new Date();
    if (input.decision === 'reject') {
      const after = await repo.updateLot(tx, locked, {
        status: 'rejected',
        confirmedBy: recorder(ctx),
        confirmedAt: decidedAt,
        decisionNote: input.note,
      });
      await recordAudit(tx, ctx, {
        action: 'goods-lot.rejected',
        entityType: 'goods_lot',
        entityId: locked.id,
        orgId: locked.orgId,
        regionId: locked.regionId,
        before: { status: locked.status },
        after: { status: after.status, note: after.decisionNote },
      });
      return after;
    }
    const mismatches: { field: string; recorded: unknown; counted: unknown }[] = [];
    if (input.countedQuantity !== locked.quantity) {
      mismatches.push({ field: 'countedQuantity', recorded: locked.quantity, counted: input.countedQuantity });
    }
    const counted = normaliseProductCode(input.productCode);
    if (counted !== locked.productCode) {
      mismatches.push({ field: 'productCode', recorded: locked.productCode, counted: counted ?? input.productCode });
    }
    if (input.expiresOn !== locked.expiresOn) {
      mismatches.push({ field: 'expiresOn', recorded: locked.expiresOn, counted: input.expiresOn });
    }
    if (mismatches.length > 0) {
      throw new AppError('GOODS_COUNT_MISMATCH', { mismatches });
    }
    const warehouse = await getWarehouse(tx, locked.warehouseId);
    if (!warehouse.isActive) {
      throw new AppError('GOODS_WAREHOUSE_INACTIVE', { warehouseId: warehouse.id });
    }
    const org = await orgs.getOrg(tx, locked.orgId);
    const project = locked.projectId ? await donations.getProjectById(tx, locked.projectId) : undefined;
    const { index } = await ledger.appendLedgerEntry(tx, {
      kind: 'goods.received',
      facts: {
        v: 1,
        ref: locked.lotNo,
        unit: unitCode(org),
        project: project?.code ?? null,
        donorKind: locked.donorKind,
        donor: locked.donorCommitment,
        item: locked.itemName,
        spec: locked.spec,
        standard: locked.standard,
        productCode: locked.productCode,
        quantity: locked.quantity,
        quantityUnit: locked.unit,
        piecesPerUnit: locked.piecesPerUnit,
        pieceUnit: locked.pieceUnit,
        productionDate: locked.productionDate,
        expiresOn: locked.expiresOn,
        valueFen: locked.valueFen,
        currency: locked.valueFen === null ? null : 'CNY',
        valuation: locked.valuationKind,
        warehouse: warehouse.id,
        receivedAt: locked.receivedAt.toISOString(),
        at: decidedAt.toISOString(),
      },
    });
    await repo.insertMovement(tx, {
      regionId: locked.regionId,
      id: crypto.randomUUID(),
      movementNo: newGoodsNumber('M', decidedAt),
      lotId: locked.id,
      kind: 'intake',
      toWarehouseId: warehouse.id,
      quantity: locked.quantity,
      orgId: warehouse.orgId,
      valueFen: locked.valueFen,
      occurredAt: decidedAt,
      recordedBy: locked.recordedBy,
      approvedBy: recorder(ctx),
      ledgerIndex: index,
    });
    await repo.addStock(
      tx,
      { regionId: locked.regionId, lotId: locked.id, warehouseId: warehouse.id },
      locked.quantity,
    );
    const after = await repo.updateLot(tx, locked, {
      status: 'received',
      confirmedBy: recorder(ctx),
      confirmedAt: decidedAt,
      decisionNote: input.note ?? null,
      ledgerIndex: index,
    });
    await recordAudit(tx, ctx, {
      action: 'goods-lot.received',
      entityType: 'goods_lot',
      entityId: locked.id,
      orgId: locked.orgId,
      regionId: locked.regionId,
      before: { status: locked.status },
      after: { status: after.status, ledgerIndex: index, quantity: locked.quantity, warehouseId: warehouse.id },
    });
    return after;
  });
  return toLotView(db, lot, true);
}
// ------------------------------------------------------------------------------------------------ views

/** A lot with its stock by warehouse and every movement, for staff with goods:view at the receiving unit. */
export async function viewLot(db: Db, ctx: Ctx, id: string): Promise<LotView> {
  const lot = await getLot(db, id);
  assertCanAt(ctx.actor, 'goods:view', (await orgs.getOrg(db, lot.orgId)).path);
  return toLotView(db, lot, true);
}

export async function listLots(db: Db, ctx: Ctx, q: LotListQuery) {
  const where: SQL[] = [orgs.orgScopeCondition(repo.columns.lot.orgId, ctx, 'goods:view')];
  if (q.orgId) {
    where.push(orgs.orgUnderCondition(repo.columns.lot.orgId, (await orgs.getOrg(db, q.orgId)).path));
  }
  if (q.status) {
    where.push(eq(repo.columns.lot.status, q.status));
  }
  if (q.productCode) {
    where.push(eq(repo.columns.lot.productCode, normaliseProductCode(q.productCode) ?? ''));
  }
  const { rows, total } = await repo.listLots(db, { where, q: q.q, limit: q.limit, offset: q.offset });
  return { items: await toLotRows(db, rows, true), total };
}

export async function listMovements(db: Db, ctx: Ctx, q: MovementListQuery) {
  const where: SQL[] = [orgs.orgScopeCondition(repo.columns.movement.orgId, ctx, 'goods:view')];
  if (q.orgId) {
    where.push(orgs.orgUnderCondition(repo.columns.movement.orgId, (await orgs.getOrg(db, q.orgId)).path));
  }
  if (q.lotId) {
    where.push(eq(repo.columns.movement.lotId, q.lotId));
  }
  if (q.kind) {
    where.push(eq(repo.columns.movement.kind, q.kind));
  }
  const { rows, total } = await repo.listMovements(db, { where, limit: q.limit, offset: q.offset });
  return { items: await toMovementViews(db, rows, true), total };
}

/** Stock by warehouse (lot × warehouse lines) in the actor's units, optionally one warehouse, unit subtree or lot. */
export async function listStock(db: Db, ctx: Ctx, q: StockQuery): Promise<{ items: StockRow[]; total: number }> {
  const where: SQL[] = [orgs.orgScopeCondition(repo.columns.warehouse.orgId, ctx, 'goods:view')];
  if (q.orgId) {
    where.push(orgs.orgUnderCondition(repo.columns.warehouse.orgId, (await orgs.getOrg(db, q.orgId)).path));
  }
  if (q.warehouseId) {
    where.push(eq(repo.columns.stock.warehouseId, q.warehouseId));
  }
  if (q.lotId) {
    where.push(eq(repo.columns.stock.lotId, q.lotId));
  }
  if (q.includeEmpty !== 'true') {
    where.push(ne(repo.columns.stock.quantity, 0));
  }
  const { rows, total } = await repo.listStock(db, { where, limit: q.limit, offset: q.offset });
  return { items: await withOrgNames(db, rows), total };
}
// ------------------------------------------------------------------------------------------------ public trace

/**
 * A received lot by its number, as anyone may see it: the exact product and quantity received, and every step since
 * (transfers, distributions with the masked recipient, write-offs), each with its ledger index. Pending or rejected
 * lots are not public (NOT_FOUND).
 */
export async function viewPublicLot(db: Db, lotNo: string): Promise<PublicLot> {
  const lot = await repo.findLotByNo(db, lotNo);
  if (lot?.status !== 'received') {
    throw new AppError('NOT_FOUND', { entity: 'goods_lot', lotNo });
  }
  const v = await toLotView(db, lot, false);
  return {
    ...toPublicRow(v, v),
    steps: v.movements.map((m) => ({
      movementNo: m.movementNo,
      kind: m.kind,
      at: m.occurredAt,
      quantity: m.quantity,
      fromWarehouse: m.fromWarehouseName,
      toWarehouse: m.toWarehouseName,
      recipientKind: m.recipientKind,
      recipientDisplay: m.recipientDisplay,
      // Staff notes on transfers and write-offs stay internal; a distribution's purpose is public.
      purpose: m.kind === 'distribution' ? m.purpose : null,
      reason: m.reason,
      valueFen: m.valueFen,
      ledgerIndex: m.ledgerIndex,
    })),
  };
}

/** Received lots, newest first, for the public: by unit subtree, project, product code or text. */
export async function listPublicLots(db: Db, q: PublicLotListQuery) {
  const where: SQL[] = [eq(repo.columns.lot.status, 'received')];
  if (q.orgId) {
    where.push(orgs.orgUnderCondition(repo.columns.lot.orgId, (await orgs.getOrg(db, q.orgId)).path));
  }
  if (q.projectCode) {
    where.push(eq(repo.columns.lot.projectId, (await donations.getProjectByCode(db, q.projectCode)).id));
  }
  if (q.productCode) {
    where.push(eq(repo.columns.lot.productCode, normaliseProductCode(q.productCode) ?? ''));
  }
  const { rows, total } = await repo.listLots(db, { where, q: q.q, limit: q.limit, offset: q.offset });
  const [lotRows, outgoing] = await Promise.all([
    toLotRows(db, rows, false),
    repo.outgoingByLots(
      db,
      rows.map((r) => r.id),
    ),
  ]);
  return {
    items: lotRows.map((l) => toPublicRow(l, outgoing.get(l.id) ?? { distributed: 0, writtenOff: 0 })),
    total,
  };
}
