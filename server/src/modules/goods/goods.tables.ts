// Goods (物资): warehouses (a catalogue), in-kind gifts by lot, every movement of a lot (intake, transfer, distribution,
// write-off), the stock of each lot in each warehouse, and write-off requests waiting for a second person.
// Large tables carry region_id (the receiving unit's region) in their primary key (see db/large-tables.ts).
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** 仓库: a reference table (small, read-mostly). */
export const goodsWarehouses = pgTable(
  'goods_warehouses',
  {
    id: serial('id').primaryKey(),
    orgId: integer('org_id').notNull(),
    regionId: integer('region_id').notNull(),
    name: text('name').notNull(),
    address: text('address'),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('goods_warehouses_org_name_key').on(t.orgId, t.name)],
);

/**
 * 物资批次: one row per in-kind gift as counted in. Recorded by one person (pending), countersigned by a second
 * (received: the lot enters stock and the public ledger) or rejected. The counted facts are never edited.
 */
export const goodsLots = pgTable(
  'goods_lots',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    lotNo: text('lot_no').notNull(),
    /** The receiving unit. */
    orgId: integer('org_id').notNull(),
    /** The warehouse the goods were counted into. */
    warehouseId: integer('warehouse_id').notNull(),
    projectId: integer('project_id'),
    /** person | organisation */
    donorKind: text('donor_kind').notNull(),
    donorName: text('donor_name'),
    /** What the public sees: 张*三, an organisation's name, or 爱心人士. */
    displayName: text('display_name').notNull(),
    isAnonymous: boolean('is_anonymous').notNull(),
    /** The salt of the donor's identity commitment (encrypted; erasing it and the name unlinks the public entry). */
    donorSaltEnc: text('donor_salt_enc'),
    donorCommitment: text('donor_commitment').notNull(),
    itemName: text('item_name').notNull(),
    /** The exact product as on the package, e.g. 医用防护口罩 N95 (free text). */
    spec: text('spec').notNull(),
    /** The product standard, e.g. GB 19083-2010. */
    standard: text('standard'),
    /** The normalised product code (N95, KN95, …): two codes are two products. */
    productCode: text('product_code').notNull(),
    /** The unit counted, moved and handed out (箱, 个, 件, 袋 …). */
    unit: text('unit').notNull(),
    /** Pieces in one unit (50 个 per 箱), for information: movements count whole units. */
    piecesPerUnit: integer('pieces_per_unit'),
    pieceUnit: text('piece_unit'),
    quantity: integer('quantity').notNull(),
    productionDate: date('production_date'),
    expiresOn: date('expires_on'),
    isShortLife: boolean('is_short_life').notNull(),
    /** The minimum shelf life (months) that was applied at intake. */
    minShelfMonths: integer('min_shelf_months').notNull(),
    /** The evidenced value; null = quantity only (no evidence, no value). */
    unitValueFen: bigint('unit_value_fen', { mode: 'number' }),
    valueFen: bigint('value_fen', { mode: 'number' }),
    /** invoice | contract | market | appraisal (in that order of preference) */
    valuationKind: text('valuation_kind'),
    valuationFileId: uuid('valuation_file_id'),
    /** The donation letter (item, spec, quantity, use), when there is one. */
    letterFileId: uuid('letter_file_id'),
    note: text('note'),
    /** pending → received | rejected */
    status: text('status').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    /** The first person, who counted the goods in. */
    recordedBy: text('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    /** The second person, who counted again and confirmed (received) or rejected the lot. */
    confirmedBy: text('confirmed_by'),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
    ledgerIndex: bigint('ledger_index', { mode: 'number' }),
  },
  (t) => [
    primaryKey({ name: 'goods_lots_pkey', columns: [t.regionId, t.id] }),
    uniqueIndex('goods_lots_no_key').on(t.regionId, t.lotNo),
    index('goods_lots_id_idx').on(t.id),
    index('goods_lots_no_idx').on(t.lotNo),
    index('goods_lots_org_idx').on(t.orgId, t.recordedAt),
    index('goods_lots_expiry_idx').on(t.expiresOn).where(sql`${t.status} = 'received'`),
    check('goods_lots_quantity_positive', sql`${t.quantity} > 0`),
  ],
);

/**
 * Every change of stock, never edited: intake (into a warehouse), transfer (between two), distribution (to a unit, an
 * outside organisation or a person, with the signed receipt) and write-off. Stock of a lot in a warehouse = what came
 * in minus what went out.
 */
export const goodsMovements = pgTable(
  'goods_movements',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    movementNo: text('movement_no').notNull(),
    lotId: uuid('lot_id').notNull(),
    /** intake | transfer | distribution | write_off */
    kind: text('kind').notNull(),
    fromWarehouseId: integer('from_warehouse_id'),
    toWarehouseId: integer('to_warehouse_id'),
    quantity: integer('quantity').notNull(),
    /** The acting unit: the source warehouse's (the receiving warehouse's for an intake). */
    orgId: integer('org_id').notNull(),
    /** unit | organisation | person (distributions) */
    recipientKind: text('recipient_kind'),
    recipientOrgId: integer('recipient_org_id'),
    /** A person's or an outside organisation's name as given (staff only for a person). */
    recipientName: text('recipient_name'),
    /** What the public sees: a unit's or organisation's name, or a masked person's name. */
    recipientDisplay: text('recipient_display'),
    recipientSaltEnc: text('recipient_salt_enc'),
    recipientCommitment: text('recipient_commitment'),
    purpose: text('purpose'),
    /** Write-offs: expired | damaged | other */
    reason: text('reason'),
    /** The signed receipt (distributions) or the write-off evidence. */
    evidenceFileId: uuid('evidence_file_id'),
    /** The share of the lot's evidenced value that left with this movement (null = quantity only). */
    valueFen: bigint('value_fen', { mode: 'number' }),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    recordedBy: text('recorded_by').notNull(),
    approvedBy: text('approved_by'),
    ledgerIndex: bigint('ledger_index', { mode: 'number' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'goods_movements_pkey', columns: [t.regionId, t.id] }),
    uniqueIndex('goods_movements_no_key').on(t.regionId, t.movementNo),
    index('goods_movements_lot_idx').on(t.lotId, t.occurredAt),
    index('goods_movements_org_idx').on(t.orgId, t.occurredAt),
    index('goods_movements_no_idx').on(t.movementNo),
    check('goods_movements_quantity_positive', sql`${t.quantity} > 0`),
  ],
);

/**
 * The stock of each lot in each warehouse, kept in step with the movements in the same transaction. Outgoing
 * movements lock the row; the CHECK is the last line of defence against negative stock.
 */
export const goodsStock = pgTable(
  'goods_stock',
  {
    regionId: integer('region_id').notNull(),
    lotId: uuid('lot_id').notNull(),
    warehouseId: integer('warehouse_id').notNull(),
    quantity: integer('quantity').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'goods_stock_pkey', columns: [t.regionId, t.lotId, t.warehouseId] }),
    index('goods_stock_lot_idx').on(t.lotId),
    index('goods_stock_warehouse_idx').on(t.warehouseId),
    check('goods_stock_quantity_nonnegative', sql`${t.quantity} >= 0`),
  ],
);

/** 报损: a write-off requested by one person and approved (the stock leaves) or rejected by a second. */
export const goodsWriteOffs = pgTable(
  'goods_write_offs',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    lotId: uuid('lot_id').notNull(),
    warehouseId: integer('warehouse_id').notNull(),
    orgId: integer('org_id').notNull(),
    quantity: integer('quantity').notNull(),
    /** expired | damaged | other */
    reason: text('reason').notNull(),
    note: text('note').notNull(),
    evidenceFileId: uuid('evidence_file_id'),
    /** pending → approved | rejected */
    status: text('status').notNull(),
    requestedBy: text('requested_by').notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
    movementId: uuid('movement_id'),
  },
  (t) => [
    primaryKey({ name: 'goods_write_offs_pkey', columns: [t.regionId, t.id] }),
    index('goods_write_offs_id_idx').on(t.id),
    index('goods_write_offs_org_idx').on(t.orgId, t.requestedAt),
    index('goods_write_offs_lot_idx').on(t.lotId),
    check('goods_write_offs_quantity_positive', sql`${t.quantity} > 0`),
  ],
);
