// Movements of goods out of a warehouse: transfers, distributions with the recipient's signed receipt, and write-offs
// approved by a second person. Each runs in one transaction that locks the lot, then its stock row, checks the units
// are there (GOODS_OUT_OF_STOCK), moves them, appends the public ledger entry and the audit row.
import crypto from 'node:crypto';
import { eq, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { toChinaDate } from '../../platform/dates';
import { AppError } from '../../platform/errors';
import { claimEvidence } from '../../platform/files/files.service';
import type { Ctx } from '../../platform/http/context';
import { maskName } from '../../platform/identity/masking';
import { pii } from '../../platform/pii';
import { actorId } from '../../platform/rbac/actor';
import * as donations from '../donations/donations.service';
import * as ledger from '../ledger/ledger.service';
import * as orgs from '../orgs/orgs.service';
import * as repo from './goods.repo';
import type {
  DecideWriteOff,
  Distribute,
  MovementView,
  RequestWriteOff,
  Transfer,
  WriteOffListQuery,
  WriteOffView,
} from './goods.schemas';
import { getLot, warehouseInScope } from './goods.service';
import { newGoodsNumber, valueOfOutgoing } from './goods-rules';
import { toMovementViews, toWriteOffViews } from './goods-views';

const invalid = (field: string, message: string) => new AppError('VALIDATION_FAILED', { issues: [{ field, message }] });
const recorder = (ctx: Ctx) => actorId(ctx.actor) ?? ctx.actor.kind;
const unitCode = (org: orgs.OrgRow) => org.code ?? String(org.id);

/** Locks the lot and the stock row, and checks `quantity` is there (GOODS_OUT_OF_STOCK otherwise). */
async function takeFromStock(tx: Db, lot: repo.LotRow, warehouseId: number, quantity: number): Promise<repo.LotRow> {
  const locked = (await repo.lockLot(tx, lot.regionId, lot.id))!;
  const stock = await repo.lockStock(tx, lot.regionId, lot.id, warehouseId);
  const available = locked.status === 'received' ? (stock?.quantity ?? 0) : 0;
  if (available < quantity) {
    throw new AppError('GOODS_OUT_OF_STOCK', {
      field: 'quantity',
      lotNo: lot.lotNo,
      warehouseId,
      available,
      requested: quantity,
      unit: lot.unit,
    });
  }
  await repo.takeStock(tx, { regionId: lot.regionId, lotId: lot.id, warehouseId }, quantity);
  return locked;
}

/** The share of the lot's evidenced value leaving with `quantity` units (null for a quantity-only lot). */
async function valueLeaving(tx: Db, lot: repo.LotRow, quantity: number): Promise<number | null> {
  if (lot.valueFen === null) {
    return null;
  }
  const out = (await repo.outgoingByLots(tx, [lot.id])).get(lot.id) ?? { distributed: 0, writtenOff: 0 };
  return valueOfOutgoing(lot.valueFen, lot.quantity, out.distributed + out.writtenOff, quantity);
}

/**
 * Moves units of a lot from one warehouse to another (goods:manage at both; the destination must be active).
 * Throws GOODS_OUT_OF_STOCK when the source does not hold them; appends `goods.transferred`.
 */
export async function transferGoods(db: Db, ctx: Ctx, input: Transfer): Promise<MovementView> {
  if (input.fromWarehouseId === input.toWarehouseId) {
    throw invalid('toWarehouseId', 'the same warehouse as the source');
  }
  const lot = await getLot(db, input.lotId);
  const from = await warehouseInScope(db, ctx, input.fromWarehouseId, 'goods:manage');
  const to = await warehouseInScope(db, ctx, input.toWarehouseId, 'goods:manage');
  if (!to.warehouse.isActive) {
    throw new AppError('GOODS_WAREHOUSE_INACTIVE', { field: 'toWarehouseId', warehouseId: to.warehouse.id });
  }
  const movement = await db.transaction(async (tx) => {
    const locked = await takeFromStock(tx, lot, from.warehouse.id, input.quantity);
    await repo.addStock(tx, { regionId: lot.regionId, lotId: lot.id, warehouseId: to.warehouse.id }, input.quantity);
    const at = new Date();
    const movementNo = newGoodsNumber('M', at);
    const { index } = await ledger.appendLedgerEntry(tx, {
      kind: 'goods.transferred',
      facts: {
        v: 1,
        ref: movementNo,
        lot: locked.lotNo,
        productCode: locked.productCode,
        quantity: input.quantity,
        quantityUnit: locked.unit,
        fromUnit: unitCode(from.org),
        fromWarehouse: from.warehouse.id,
        toUnit: unitCode(to.org),
        toWarehouse: to.warehouse.id,
        at: at.toISOString(),
      },
    });
    const row = await repo.insertMovement(tx, {
      regionId: lot.regionId,
      id: crypto.randomUUID(),
      movementNo,
      lotId: lot.id,
      kind: 'transfer',
      fromWarehouseId: from.warehouse.id,
      toWarehouseId: to.warehouse.id,
      quantity: input.quantity,
      orgId: from.warehouse.orgId,
      purpose: input.note ?? null,
      occurredAt: at,
      recordedBy: recorder(ctx),
      ledgerIndex: index,
    });
    await recordAudit(tx, ctx, {
      action: 'goods.transferred',
      entityType: 'goods_movement',
      entityId: row.id,
      orgId: row.orgId,
      regionId: row.regionId,
      after: row,
    });
    return row;
  });
  return (await toMovementViews(db, [movement], true))[0];
}

/**
 * Hands units of a lot out of a warehouse to a unit of the network, an outside organisation or a person, with the
 * receipt the recipient signed. Refuses more than the warehouse holds (GOODS_OUT_OF_STOCK: the lot and its stock
 * row are locked, so two distributions racing for the last units cannot both succeed) and expired goods
 * (GOODS_EXPIRED). A person's name stays private: the public ledger gets a salted commitment, the public a masked name.
 */
export async function distributeGoods(db: Db, ctx: Ctx, input: Distribute): Promise<MovementView> {
  const lot = await getLot(db, input.lotId);
  const { warehouse, org } = await warehouseInScope(db, ctx, input.warehouseId, 'goods:manage');
  let recipientOrg: orgs.OrgRow | undefined;
  if (input.recipientKind === 'unit') {
    if (input.recipientOrgId === undefined) {
      throw invalid('recipientOrgId', 'a unit recipient is given by its id');
    }
    if (input.recipientName !== undefined) {
      throw invalid('recipientName', 'a unit recipient is given by recipientOrgId only');
    }
    recipientOrg = await orgs.getOrg(db, input.recipientOrgId);
    if (!recipientOrg.isActive) {
      throw invalid('recipientOrgId', 'the unit is inactive');
    }
  } else {
    if (input.recipientName === undefined) {
      throw invalid('recipientName', 'give the name of the organisation or person');
    }
    if (input.recipientOrgId !== undefined) {
      throw invalid('recipientOrgId', 'only for a unit recipient');
    }
  }
  const at = input.distributedAt ? new Date(input.distributedAt) : new Date();
  if (at.getTime() > Date.now() + 60_000) {
    throw invalid('distributedAt', 'in the future');
  }
  if (lot.confirmedAt && at < lot.confirmedAt) {
    throw invalid('distributedAt', 'before the lot entered stock');
  }
  if (lot.expiresOn && lot.expiresOn < toChinaDate(at)) {
    throw new AppError('GOODS_EXPIRED', { lotNo: lot.lotNo, expiresOn: lot.expiresOn });
  }
  const salt = donations.newCommitmentSalt();
  const isPerson = input.recipientKind === 'person';
  const commitment = isPerson ? donations.identityCommitment(salt, input.recipientName!) : null;
  const display = recipientOrg ? recipientOrg.name : isPerson ? maskName(input.recipientName!) : input.recipientName!;
  const movement = await db.transaction(async (tx) => {
    await claimEvidence(tx, ctx, [{ field: 'receiptFileId', id: input.receiptFileId }], {
      orgId: warehouse.orgId,
      readPermission: 'goods:view',
      purpose: 'goods-evidence',
    });
    const locked = await takeFromStock(tx, lot, warehouse.id, input.quantity);
    const valueFen = await valueLeaving(tx, locked, input.quantity);
    const movementNo = newGoodsNumber('M', at);
    const { index } = await ledger.appendLedgerEntry(tx, {
      kind: 'goods.distributed',
      facts: {
        v: 1,
        ref: movementNo,
        lot: locked.lotNo,
        unit: unitCode(org),
        warehouse: warehouse.id,
        item: locked.itemName,
        productCode: locked.productCode,
        quantity: input.quantity,
        quantityUnit: locked.unit,
        valueFen,
        currency: valueFen === null ? null : 'CNY',
        recipientKind: input.recipientKind,
        // A unit by its code, an organisation by its name; a person only by a salted commitment.
        recipient: recipientOrg ? unitCode(recipientOrg) : isPerson ? commitment : input.recipientName!,
        purpose: input.purpose,
        at: at.toISOString(),
      },
    });
    const row = await repo.insertMovement(tx, {
      regionId: lot.regionId,
      id: crypto.randomUUID(),
      movementNo,
      lotId: lot.id,
      kind: 'distribution',
      fromWarehouseId: warehouse.id,
      quantity: input.quantity,
      orgId: warehouse.orgId,
      recipientKind: input.recipientKind,
      recipientOrgId: recipientOrg?.id ?? null,
      recipientName: recipientOrg ? null : input.recipientName!,
      recipientDisplay: display,
      recipientSaltEnc: isPerson ? pii().encrypt(salt.toString('base64url')) : null,
      recipientCommitment: commitment,
      purpose: input.purpose,
      evidenceFileId: input.receiptFileId,
      valueFen,
      occurredAt: at,
      recordedBy: recorder(ctx),
      ledgerIndex: index,
    });
    await recordAudit(tx, ctx, {
      action: 'goods.distributed',
      entityType: 'goods_movement',
      entityId: row.id,
      orgId: row.orgId,
      regionId: row.regionId,
      after: { ...row, recipientName: isPerson ? display : row.recipientName },
    });
    return row;
  });
  return (await toMovementViews(db, [movement], true))[0];
}
/** Asks to write units of a lot off (expired, damaged …); a second person approves. GOODS_OUT_OF_STOCK up front. */
export async function requestWriteOff(db: Db, ctx: Ctx, input: RequestWriteOff): Promise<WriteOffView> {
  const lot = await getLot(db, input.lotId);
  const { warehouse } = await warehouseInScope(db, ctx, input.warehouseId, 'goods:manage');
  const held = (await repo.stockOfLot(db, lot.regionId, lot.id)).find((s) => s.warehouseId === warehouse.id);
  const available = lot.status === 'received' ? (held?.quantity ?? 0) : 0;
  if (available < input.quantity) {
    throw new AppError('GOODS_OUT_OF_STOCK', {
      field: 'quantity',
      available,
      requested: input.quantity,
      unit: lot.unit,
    });
  }
  const row = await db.transaction(async (tx) => {
    await claimEvidence(tx, ctx, [{ field: 'evidenceFileId', id: input.evidenceFileId }], {
      orgId: warehouse.orgId,
      readPermission: 'goods:view',
      purpose: 'goods-evidence',
    });
    const created = await repo.insertWriteOff(tx, {
      regionId: lot.regionId,
      id: crypto.randomUUID(),
      lotId: lot.id,
      warehouseId: warehouse.id,
      orgId: warehouse.orgId,
      quantity: input.quantity,
      reason: input.reason,
      note: input.note,
      evidenceFileId: input.evidenceFileId ?? null,
      status: 'pending',
      requestedBy: recorder(ctx),
      requestedAt: new Date(),
    });
    await recordAudit(tx, ctx, {
      action: 'goods-write-off.requested',
      entityType: 'goods_write_off',
      entityId: created.id,
      orgId: created.orgId,
      regionId: created.regionId,
      after: created,
    });
    return created;
  });
  return (await toWriteOffViews(db, [row]))[0];
}

/**
 * Approves (the units leave stock as a write-off movement, `goods.written-off` in the ledger) or rejects a pending
 * write-off. Needs a second user (SAME_USER_APPROVAL); GOODS_OUT_OF_STOCK if the units left meanwhile; NOT_PENDING.
 */
export async function decideWriteOff(db: Db, ctx: Ctx, id: string, input: DecideWriteOff): Promise<WriteOffView> {
  const found = await repo.findWriteOffById(db, id);
  if (!found) {
    throw new AppError('NOT_FOUND', { entity: 'goods_write_off', id });
  }
  const { warehouse, org } = await warehouseInScope(db, ctx, found.warehouseId, 'goods:approve');
  const me = actorId(ctx.actor);
  const lot = await getLot(db, found.lotId);
  const row = await db.transaction(async (tx) => {
    // The lot first, then the request: the same order as every other movement of the lot.
    await repo.lockLot(tx, lot.regionId, lot.id);
    const w = (await repo.lockWriteOff(tx, found.regionId, found.id))!;
    if (w.status !== 'pending') {
      throw new AppError('NOT_PENDING', { status: w.status });
    }
    if (w.requestedBy === me) {
      throw new AppError('SAME_USER_APPROVAL');
    }
    const at = new Date();
    if (input.decision === 'reject') {
      const after = await repo.updateWriteOff(tx, w, {
        status: 'rejected',
        decidedBy: recorder(ctx),
        decidedAt: at,
        decisionNote: input.note ?? null,
      });
      await recordAudit(tx, ctx, {
        action: 'goods-write-off.rejected',
        entityType: 'goods_write_off',
        entityId: w.id,
        orgId: w.orgId,
        regionId: w.regionId,
        before: { status: w.status },
        after: { status: after.status, note: after.decisionNote },
      });
      return after;
    }
    const locked = await takeFromStock(tx, lot, warehouse.id, w.quantity);
    const valueFen = await valueLeaving(tx, locked, w.quantity);
    const movementNo = newGoodsNumber('M', at);
    const { index } = await ledger.appendLedgerEntry(tx, {
      kind: 'goods.written-off',
      facts: {
        v: 1,
        ref: movementNo,
        lot: locked.lotNo,
        unit: unitCode(org),
        warehouse: warehouse.id,
        item: locked.itemName,
        productCode: locked.productCode,
        quantity: w.quantity,
        quantityUnit: locked.unit,
        valueFen,
        currency: valueFen === null ? null : 'CNY',
        reason: w.reason,
        at: at.toISOString(),
      },
    });
    const movement = await repo.insertMovement(tx, {
      regionId: lot.regionId,
      id: crypto.randomUUID(),
      movementNo,
      lotId: lot.id,
      kind: 'write_off',
      fromWarehouseId: warehouse.id,
      quantity: w.quantity,
      orgId: warehouse.orgId,
      reason: w.reason,
      purpose: w.note,
      evidenceFileId: w.evidenceFileId,
      valueFen,
      occurredAt: at,
      recordedBy: w.requestedBy,
      approvedBy: recorder(ctx),
      ledgerIndex: index,
    });
    const after = await repo.updateWriteOff(tx, w, {
      status: 'approved',
      decidedBy: recorder(ctx),
      decidedAt: at,
      decisionNote: input.note ?? null,
      movementId: movement.id,
    });
    await recordAudit(tx, ctx, {
      action: 'goods-write-off.approved',
      entityType: 'goods_write_off',
      entityId: w.id,
      orgId: w.orgId,
      regionId: w.regionId,
      before: { status: w.status },
      after: { status: after.status, movementNo, ledgerIndex: index },
    });
    return after;
  });
  return (await toWriteOffViews(db, [row]))[0];
}

export async function listWriteOffs(db: Db, ctx: Ctx, q: WriteOffListQuery) {
  const where: SQL[] = [orgs.orgScopeCondition(repo.columns.writeOff.orgId, ctx, 'goods:view')];
  if (q.orgId) {
    where.push(orgs.orgUnderCondition(repo.columns.writeOff.orgId, (await orgs.getOrg(db, q.orgId)).path));
  }
  if (q.status) {
    where.push(eq(repo.columns.writeOff.status, q.status));
  }
  const { rows, total } = await repo.listWriteOffs(db, { where, limit: q.limit, offset: q.offset });
  return { items: await toWriteOffViews(db, rows), total };
}
