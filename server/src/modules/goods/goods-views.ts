// Presenters of the goods module: rows to the views its routes answer with (names shown to staff only when asked).
import type { Db } from '../../db/client';
import * as donations from '../donations/donations.service';
import * as orgs from '../orgs/orgs.service';
import * as repo from './goods.repo';
import type { LotRow, LotView, MovementView, PublicLotRow, WarehouseView, WriteOffView } from './goods.schemas';

export async function toWarehouseViews(db: Db, rows: repo.WarehouseRow[]): Promise<WarehouseView[]> {
  const orgName = new Map(
    (await orgs.findOrgsByIds(db, [...new Set(rows.map((r) => r.orgId))])).map((o) => [o.id, o.name]),
  );
  return rows.map((w) => ({
    id: w.id,
    orgId: w.orgId,
    orgName: orgName.get(w.orgId) ?? '',
    name: w.name,
    address: w.address,
    isActive: w.isActive,
    createdAt: w.createdAt.toISOString(),
  }));
}

export async function toMovementViews(db: Db, rows: repo.MovementRow[], showNames: boolean): Promise<MovementView[]> {
  const [lots, warehouses] = await Promise.all([
    repo.findLotsByIds(db, [...new Set(rows.map((m) => m.lotId))]),
    repo.findWarehousesByIds(db, [
      ...new Set(rows.flatMap((m) => [m.fromWarehouseId, m.toWarehouseId]).filter((x): x is number => x !== null)),
    ]),
  ]);
  const lotOf = new Map(lots.map((l) => [l.id, l]));
  const warehouseName = new Map(warehouses.map((w) => [w.id, w.name]));
  const nameOf = (id: number | null) => (id === null ? null : (warehouseName.get(id) ?? ''));
  return rows.map((m) => ({
    id: m.id,
    movementNo: m.movementNo,
    lotId: m.lotId,
    lotNo: lotOf.get(m.lotId)?.lotNo ?? '',
    itemName: lotOf.get(m.lotId)?.itemName ?? '',
    productCode: lotOf.get(m.lotId)?.productCode ?? '',
    unit: lotOf.get(m.lotId)?.unit ?? '',
    kind: m.kind as MovementView['kind'],
    fromWarehouseId: m.fromWarehouseId,
    fromWarehouseName: nameOf(m.fromWarehouseId),
    toWarehouseId: m.toWarehouseId,
    toWarehouseName: nameOf(m.toWarehouseId),
    quantity: m.quantity,
    orgId: m.orgId,
    recipientKind: m.recipientKind as MovementView['recipientKind'],
    recipientOrgId: m.recipientOrgId,
    recipientName: showNames ? m.recipientName : null,
    recipientDisplay: m.recipientDisplay,
    purpose: m.purpose,
    reason: m.reason as MovementView['reason'],
    evidenceFileId: m.evidenceFileId,
    valueFen: m.valueFen,
    occurredAt: m.occurredAt.toISOString(),
    recordedBy: m.recordedBy,
    approvedBy: m.approvedBy,
    ledgerIndex: m.ledgerIndex,
  }));
}

export async function toLotRows(db: Db, rows: repo.LotRow[], showNames: boolean): Promise<LotRow[]> {
  const [orgRows, warehouses, projects, stock] = await Promise.all([
    orgs.findOrgsByIds(db, [...new Set(rows.map((r) => r.orgId))]),
    repo.findWarehousesByIds(db, [...new Set(rows.map((r) => r.warehouseId))]),
    Promise.all(
      [...new Set(rows.map((r) => r.projectId).filter((x): x is number => x !== null))].map((id) =>
        donations.findProjectById(db, id),
      ),
    ),
    repo.stockByLots(
      db,
      rows.map((r) => r.id),
    ),
  ]);
  const orgName = new Map(orgRows.map((o) => [o.id, o.name]));
  const warehouseName = new Map(warehouses.map((w) => [w.id, w.name]));
  const project = new Map(projects.filter((p) => p !== undefined).map((p) => [p.id, p]));
  return rows.map((l) => {
    const p = l.projectId === null ? undefined : project.get(l.projectId);
    return {
      id: l.id,
      lotNo: l.lotNo,
      status: l.status as LotRow['status'],
      orgId: l.orgId,
      orgName: orgName.get(l.orgId) ?? '',
      warehouseId: l.warehouseId,
      warehouseName: warehouseName.get(l.warehouseId) ?? '',
      projectId: l.projectId,
      projectCode: p?.code ?? null,
      projectName: p?.name ?? null,
      donorKind: l.donorKind as LotRow['donorKind'],
      donorName: showNames ? l.donorName : null,
      displayName: l.displayName,
      isAnonymous: l.isAnonymous,
      itemName: l.itemName,
      spec: l.spec,
      standard: l.standard,
      productCode: l.productCode,
      unit: l.unit,
      piecesPerUnit: l.piecesPerUnit,
      pieceUnit: l.pieceUnit,
      quantity: l.quantity,
      productionDate: l.productionDate,
      expiresOn: l.expiresOn,
      isShortLife: l.isShortLife,
      minShelfMonths: l.minShelfMonths,
      unitValueFen: l.unitValueFen,
      valueFen: l.valueFen,
      valuationKind: l.valuationKind as LotRow['valuationKind'],
      valuationFileId: l.valuationFileId,
      letterFileId: l.letterFileId,
      note: l.note,
      receivedAt: l.receivedAt.toISOString(),
      recordedBy: l.recordedBy,
      recordedAt: l.recordedAt.toISOString(),
      confirmedBy: l.confirmedBy,
      confirmedAt: l.confirmedAt?.toISOString() ?? null,
      decisionNote: l.decisionNote,
      ledgerIndex: l.ledgerIndex,
      inStock: stock.get(l.id) ?? 0,
    };
  });
}

/** A lot with its stock by warehouse, what left it, and every movement. */
export async function toLotView(db: Db, lot: repo.LotRow, showNames: boolean): Promise<LotView> {
  const [[row], stock, movements, outgoing] = await Promise.all([
    toLotRows(db, [lot], showNames),
    repo.stockOfLot(db, lot.regionId, lot.id),
    repo.movementsOfLot(db, lot.regionId, lot.id),
    repo.outgoingByLots(db, [lot.id]),
  ]);
  const warehouses = new Map(
    (await repo.findWarehousesByIds(db, [...new Set(stock.map((s) => s.warehouseId))])).map((w) => [w.id, w]),
  );
  const out = outgoing.get(lot.id) ?? { distributed: 0, writtenOff: 0 };
  return {
    ...row,
    distributed: out.distributed,
    writtenOff: out.writtenOff,
    stock: stock.map((s) => ({
      warehouseId: s.warehouseId,
      warehouseName: warehouses.get(s.warehouseId)?.name ?? '',
      orgId: warehouses.get(s.warehouseId)?.orgId ?? 0,
      quantity: s.quantity,
    })),
    movements: await toMovementViews(db, movements, showNames),
  };
}

export async function toWriteOffViews(db: Db, rows: repo.WriteOffRow[]): Promise<WriteOffView[]> {
  const [lots, movements] = await Promise.all([
    repo.findLotsByIds(db, [...new Set(rows.map((w) => w.lotId))]),
    repo.findMovementsByIds(
      db,
      rows.map((w) => w.movementId).filter((x): x is string => x !== null),
    ),
  ]);
  const lotById = new Map(lots.map((l) => [l.id, l]));
  const movementNo = new Map(movements.map((m) => [m.id, m.movementNo]));
  return rows.map((w) => {
    const lot = lotById.get(w.lotId)!;
    return {
      id: w.id,
      lotId: w.lotId,
      lotNo: lot.lotNo,
      itemName: lot.itemName,
      productCode: lot.productCode,
      unit: lot.unit,
      warehouseId: w.warehouseId,
      orgId: w.orgId,
      quantity: w.quantity,
      reason: w.reason as WriteOffView['reason'],
      note: w.note,
      evidenceFileId: w.evidenceFileId,
      status: w.status as WriteOffView['status'],
      requestedBy: w.requestedBy,
      requestedAt: w.requestedAt.toISOString(),
      decidedBy: w.decidedBy,
      decidedAt: w.decidedAt?.toISOString() ?? null,
      decisionNote: w.decisionNote,
      movementNo: w.movementId ? (movementNo.get(w.movementId) ?? null) : null,
    };
  });
}

export async function withOrgNames<T extends { orgId: number }>(
  db: Db,
  rows: T[],
): Promise<(T & { orgName: string })[]> {
  const orgName = new Map(
    (await orgs.findOrgsByIds(db, [...new Set(rows.map((r) => r.orgId))])).map((o) => [o.id, o.name]),
  );
  return rows.map((r) => ({ ...r, orgName: orgName.get(r.orgId) ?? '' }));
}

export function toPublicRow(l: LotRow, out: { distributed: number; writtenOff: number }): PublicLotRow {
  return {
    lotNo: l.lotNo,
    itemName: l.itemName,
    spec: l.spec,
    standard: l.standard,
    productCode: l.productCode,
    unit: l.unit,
    piecesPerUnit: l.piecesPerUnit,
    pieceUnit: l.pieceUnit,
    quantityReceived: l.quantity,
    productionDate: l.productionDate,
    expiresOn: l.expiresOn,
    donorKind: l.donorKind,
    displayName: l.displayName,
    orgName: l.orgName,
    projectCode: l.projectCode,
    projectName: l.projectName,
    valueFen: l.valueFen,
    valuationKind: l.valuationKind,
    receivedAt: l.receivedAt,
    confirmedAt: l.confirmedAt!,
    ledgerIndex: l.ledgerIndex!,
    inStock: l.inStock,
    distributed: out.distributed,
    writtenOff: out.writtenOff,
  };
}
