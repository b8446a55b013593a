// The goods contract: warehouses, in-kind gifts by lot (intake and countersignature), transfers, distributions with
// signed receipts, write-offs, stock and expiry views, and the public trace of a lot. Quantities are whole units of
// the lot's unit; values are integer fen.
import { z } from 'zod';

const lang = z.string().max(20).optional();
const id32 = z.number().int().positive().max(2_147_483_647);
/** A whole number of the lot's units (箱, 个 …) above zero. */
export const quantitySchema = z.number().int().positive().max(100_000_000);
const fenSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const lotStatusValues = ['pending', 'received', 'rejected'] as const;
export const movementKindValues = ['intake', 'transfer', 'distribution', 'write_off'] as const;
export const recipientKindValues = ['unit', 'organisation', 'person'] as const;
/** Value evidence in order of preference: invoice, then contract/tender price, then market price, then appraisal. */
export const valuationKindValues = ['invoice', 'contract', 'market', 'appraisal'] as const;
export const writeOffReasonValues = ['expired', 'damaged', 'other'] as const;
export const writeOffStatusValues = ['pending', 'approved', 'rejected'] as const;

const page = {
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
};

// ------------------------------------------------------------------------------------------------ warehouses

export const createWarehouseSchema = z.strictObject({
  orgId: id32,
  name: z.string().trim().min(1).max(60),
  address: z.string().trim().max(200).optional(),
});
export type CreateWarehouse = z.infer<typeof createWarehouseSchema>;

export const updateWarehouseSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(60).optional(),
    address: z.string().trim().max(200).nullable().optional(),
    isActive: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type UpdateWarehouse = z.infer<typeof updateWarehouseSchema>;

export const warehouseViewSchema = z
  .object({
    id: z.number().int(),
    orgId: z.number().int(),
    orgName: z.string(),
    name: z.string(),
    address: z.string().nullable(),
    isActive: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'GoodsWarehouse' });
export type WarehouseView = z.infer<typeof warehouseViewSchema>;

export const warehouseListQuerySchema = z.strictObject({
  lang,
  orgId: z.coerce.number().int().positive().optional(),
  includeInactive: z.enum(['true', 'false']).optional(),
});

// ------------------------------------------------------------------------------------------------ lots

export const recordLotSchema = z.strictObject({
  /** The receiving unit. */
  orgId: id32,
  warehouseId: id32,
  projectId: id32.optional(),
  donorKind: z.enum(['person', 'organisation']),
  donorName: z.string().trim().min(1).max(100),
  isAnonymous: z.boolean().default(false),
  itemName: z.string().trim().min(1).max(60),
  /** The exact product as on the package: 医用防护口罩 N95. */
  spec: z.string().trim().min(1).max(200),
  standard: z.string().trim().min(1).max(60).optional(),
  /** N95, KN95 …: normalised (case, width, spaces, hyphens) and compared at countersignature. */
  productCode: z.string().trim().min(1).max(40),
  unit: z.string().trim().min(1).max(10),
  piecesPerUnit: z.number().int().positive().max(1_000_000).optional(),
  pieceUnit: z.string().trim().min(1).max(10).optional(),
  quantity: quantitySchema,
  productionDate: z.iso.date().optional(),
  expiresOn: z.iso.date().optional(),
  isShortLife: z.boolean().default(false),
  /** A value needs its evidence (kind and file); without evidence record quantity only. */
  unitValueFen: fenSchema.optional(),
  valueFen: fenSchema.optional(),
  valuationKind: z.enum(valuationKindValues).optional(),
  valuationFileId: z.uuid().optional(),
  letterFileId: z.uuid().optional(),
  receivedAt: z.iso.datetime({ offset: true }),
  note: z.string().trim().max(500).optional(),
});
export type RecordLot = z.infer<typeof recordLotSchema>;

/** The second person counts again: quantity, product code and expiry date must match what was recorded. */
export const countersignLotSchema = z.discriminatedUnion('decision', [
  z.strictObject({
    decision: z.literal('confirm'),
    countedQuantity: quantitySchema,
    productCode: z.string().trim().min(1).max(40),
    expiresOn: z.iso.date().nullable(),
    note: z.string().trim().max(200).optional(),
  }),
  z.strictObject({ decision: z.literal('reject'), note: z.string().trim().min(2).max(200) }),
]);
export type CountersignLot = z.infer<typeof countersignLotSchema>;

export const stockViewSchema = z.object({
  warehouseId: z.number().int(),
  warehouseName: z.string(),
  orgId: z.number().int(),
  quantity: z.number().int(),
});

export const movementViewSchema = z
  .object({
    id: z.uuid(),
    movementNo: z.string(),
    lotId: z.uuid(),
    lotNo: z.string(),
    /** The lot's exact product, so a movement list names what moved (N95 is not KN95). */
    itemName: z.string(),
    productCode: z.string(),
    unit: z.string(),
    kind: z.enum(movementKindValues),
    fromWarehouseId: z.number().int().nullable(),
    fromWarehouseName: z.string().nullable(),
    toWarehouseId: z.number().int().nullable(),
    toWarehouseName: z.string().nullable(),
    quantity: z.number().int(),
    orgId: z.number().int(),
    recipientKind: z.enum(recipientKindValues).nullable(),
    recipientOrgId: z.number().int().nullable(),
    /** A person's name as given (staff only); the public sees recipientDisplay. */
    recipientName: z.string().nullable(),
    recipientDisplay: z.string().nullable(),
    purpose: z.string().nullable(),
    reason: z.enum(writeOffReasonValues).nullable(),
    evidenceFileId: z.uuid().nullable(),
    valueFen: z.number().int().nullable(),
    occurredAt: z.string(),
    recordedBy: z.string(),
    approvedBy: z.string().nullable(),
    ledgerIndex: z.number().int(),
  })
  .meta({ id: 'GoodsMovement' });
export type MovementView = z.infer<typeof movementViewSchema>;

export const lotRowSchema = z
  .object({
    id: z.uuid(),
    lotNo: z.string(),
    status: z.enum(lotStatusValues),
    orgId: z.number().int(),
    orgName: z.string(),
    warehouseId: z.number().int(),
    warehouseName: z.string(),
    projectId: z.number().int().nullable(),
    projectCode: z.string().nullable(),
    projectName: z.string().nullable(),
    donorKind: z.enum(['person', 'organisation']),
    /** The name as given (staff with goods:view); the public sees displayName. */
    donorName: z.string().nullable(),
    displayName: z.string(),
    isAnonymous: z.boolean(),
    itemName: z.string(),
    spec: z.string(),
    standard: z.string().nullable(),
    productCode: z.string(),
    unit: z.string(),
    piecesPerUnit: z.number().int().nullable(),
    pieceUnit: z.string().nullable(),
    quantity: z.number().int(),
    productionDate: z.string().nullable(),
    expiresOn: z.string().nullable(),
    isShortLife: z.boolean(),
    minShelfMonths: z.number().int(),
    unitValueFen: z.number().int().nullable(),
    valueFen: z.number().int().nullable(),
    valuationKind: z.enum(valuationKindValues).nullable(),
    valuationFileId: z.uuid().nullable(),
    letterFileId: z.uuid().nullable(),
    note: z.string().nullable(),
    receivedAt: z.string(),
    recordedBy: z.string(),
    recordedAt: z.string(),
    confirmedBy: z.string().nullable(),
    confirmedAt: z.string().nullable(),
    decisionNote: z.string().nullable(),
    ledgerIndex: z.number().int().nullable(),
    inStock: z.number().int(),
  })
  .meta({ id: 'GoodsLotRow' });
export type LotRow = z.infer<typeof lotRowSchema>;

export const lotViewSchema = lotRowSchema
  .extend({
    distributed: z.number().int(),
    writtenOff: z.number().int(),
    stock: z.array(stockViewSchema),
    movements: z.array(movementViewSchema),
  })
  .meta({ id: 'GoodsLot' });
export type LotView = z.infer<typeof lotViewSchema>;

export const lotListQuerySchema = z.strictObject({
  lang,
  orgId: z.coerce.number().int().positive().optional(),
  status: z.enum(lotStatusValues).optional(),
  productCode: z.string().trim().max(40).optional(),
  /** Lot number, item name or spec. */
  q: z.string().trim().max(60).optional(),
  ...page,
});
export type LotListQuery = z.infer<typeof lotListQuerySchema>;
export const lotPageSchema = z.object({ items: z.array(lotRowSchema), total: z.number().int() });

// ------------------------------------------------------------------------------------------------ movements

export const transferSchema = z.strictObject({
  lotId: z.uuid(),
  fromWarehouseId: id32,
  toWarehouseId: id32,
  quantity: quantitySchema,
  note: z.string().trim().max(200).optional(),
});
export type Transfer = z.infer<typeof transferSchema>;

export const distributeSchema = z.strictObject({
  lotId: z.uuid(),
  warehouseId: id32,
  quantity: quantitySchema,
  recipientKind: z.enum(recipientKindValues),
  /** A unit of the network (recipientKind unit). */
  recipientOrgId: id32.optional(),
  /** An outside organisation's name (public) or a person's name (kept private; the public sees 张*三). */
  recipientName: z.string().trim().min(1).max(100).optional(),
  purpose: z.string().trim().min(2).max(200),
  /** The receipt signed by the recipient, uploaded first through POST /api/files. */
  receiptFileId: z.uuid(),
  distributedAt: z.iso.datetime({ offset: true }).optional(),
});
export type Distribute = z.infer<typeof distributeSchema>;

export const movementListQuerySchema = z.strictObject({
  lang,
  lotId: z.uuid().optional(),
  orgId: z.coerce.number().int().positive().optional(),
  kind: z.enum(movementKindValues).optional(),
  ...page,
});
export type MovementListQuery = z.infer<typeof movementListQuerySchema>;
export const movementPageSchema = z.object({ items: z.array(movementViewSchema), total: z.number().int() });

export const requestWriteOffSchema = z.strictObject({
  lotId: z.uuid(),
  warehouseId: id32,
  quantity: quantitySchema,
  reason: z.enum(writeOffReasonValues),
  note: z.string().trim().min(2).max(200),
  evidenceFileId: z.uuid().optional(),
});
export type RequestWriteOff = z.infer<typeof requestWriteOffSchema>;

export const decideWriteOffSchema = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  note: z.string().trim().max(200).optional(),
});
export type DecideWriteOff = z.infer<typeof decideWriteOffSchema>;

export const writeOffViewSchema = z
  .object({
    id: z.uuid(),
    lotId: z.uuid(),
    lotNo: z.string(),
    itemName: z.string(),
    productCode: z.string(),
    unit: z.string(),
    warehouseId: z.number().int(),
    orgId: z.number().int(),
    quantity: z.number().int(),
    reason: z.enum(writeOffReasonValues),
    note: z.string(),
    evidenceFileId: z.uuid().nullable(),
    status: z.enum(writeOffStatusValues),
    requestedBy: z.string(),
    requestedAt: z.string(),
    decidedBy: z.string().nullable(),
    decidedAt: z.string().nullable(),
    decisionNote: z.string().nullable(),
    movementNo: z.string().nullable(),
  })
  .meta({ id: 'GoodsWriteOff' });
export type WriteOffView = z.infer<typeof writeOffViewSchema>;

export const writeOffListQuerySchema = z.strictObject({
  lang,
  orgId: z.coerce.number().int().positive().optional(),
  status: z.enum(writeOffStatusValues).optional(),
  ...page,
});
export type WriteOffListQuery = z.infer<typeof writeOffListQuerySchema>;
export const writeOffPageSchema = z.object({ items: z.array(writeOffViewSchema), total: z.number().int() });

// ------------------------------------------------------------------------------------------------ rules

/** The deployment's goods rules, so intake forms can say which expiry dates will be refused before they are sent. */
export const goodsRulesViewSchema = z
  .object({
    /** Months an ordinary gift must still have before expiry on the day it is received. */
    minShelfMonths: z.number().int(),
    /** The same for goods flagged short-life. */
    minShelfMonthsShortLife: z.number().int(),
    /** Stock expiring within this many days is alerted. */
    expiryAlertDays: z.number().int(),
  })
  .meta({ id: 'GoodsRules' });
export type GoodsRulesView = z.infer<typeof goodsRulesViewSchema>;

// ------------------------------------------------------------------------------------------------ stock and expiry

export const stockRowSchema = z
  .object({
    lotId: z.uuid(),
    lotNo: z.string(),
    itemName: z.string(),
    spec: z.string(),
    productCode: z.string(),
    unit: z.string(),
    expiresOn: z.string().nullable(),
    warehouseId: z.number().int(),
    warehouseName: z.string(),
    orgId: z.number().int(),
    orgName: z.string(),
    quantity: z.number().int(),
  })
  .meta({ id: 'GoodsStockRow' });
export type StockRow = z.infer<typeof stockRowSchema>;

export const stockQuerySchema = z.strictObject({
  lang,
  warehouseId: z.coerce.number().int().positive().optional(),
  orgId: z.coerce.number().int().positive().optional(),
  lotId: z.uuid().optional(),
  /** Include emptied rows (false by default). */
  includeEmpty: z.enum(['true', 'false']).optional(),
  ...page,
});
export type StockQuery = z.infer<typeof stockQuerySchema>;
export const stockPageSchema = z.object({ items: z.array(stockRowSchema), total: z.number().int() });

export const expiringQuerySchema = z.strictObject({
  lang,
  days: z.coerce.number().int().min(0).max(3650).default(30),
  orgId: z.coerce.number().int().positive().optional(),
});
export const expiringRowSchema = stockRowSchema
  .extend({ expiresOn: z.string(), daysLeft: z.number().int() })
  .meta({ id: 'GoodsExpiringRow' });
export type ExpiringRow = z.infer<typeof expiringRowSchema>;
export const expiringListSchema = z.object({ before: z.string(), items: z.array(expiringRowSchema) });

// ------------------------------------------------------------------------------------------------ public trace

export const publicStepSchema = z.object({
  movementNo: z.string(),
  kind: z.enum(movementKindValues),
  at: z.string(),
  quantity: z.number().int(),
  fromWarehouse: z.string().nullable(),
  toWarehouse: z.string().nullable(),
  recipientKind: z.enum(recipientKindValues).nullable(),
  /** A unit's or organisation's name, or a masked person's name (张*三). */
  recipientDisplay: z.string().nullable(),
  purpose: z.string().nullable(),
  reason: z.enum(writeOffReasonValues).nullable(),
  valueFen: z.number().int().nullable(),
  ledgerIndex: z.number().int(),
});

export const publicLotSchema = z
  .object({
    lotNo: z.string(),
    itemName: z.string(),
    spec: z.string(),
    standard: z.string().nullable(),
    productCode: z.string(),
    unit: z.string(),
    piecesPerUnit: z.number().int().nullable(),
    pieceUnit: z.string().nullable(),
    quantityReceived: z.number().int(),
    productionDate: z.string().nullable(),
    expiresOn: z.string().nullable(),
    donorKind: z.enum(['person', 'organisation']),
    displayName: z.string(),
    orgName: z.string(),
    projectCode: z.string().nullable(),
    projectName: z.string().nullable(),
    valueFen: z.number().int().nullable(),
    valuationKind: z.enum(valuationKindValues).nullable(),
    receivedAt: z.string(),
    confirmedAt: z.string(),
    ledgerIndex: z.number().int(),
    inStock: z.number().int(),
    distributed: z.number().int(),
    writtenOff: z.number().int(),
    steps: z.array(publicStepSchema),
  })
  .meta({ id: 'PublicGoodsLot' });
export type PublicLot = z.infer<typeof publicLotSchema>;

export const publicLotRowSchema = publicLotSchema.omit({ steps: true }).meta({ id: 'PublicGoodsLotRow' });
export type PublicLotRow = z.infer<typeof publicLotRowSchema>;
export const publicLotListQuerySchema = z.strictObject({
  lang,
  orgId: z.coerce.number().int().positive().optional(),
  projectCode: z.string().trim().max(32).optional(),
  productCode: z.string().trim().max(40).optional(),
  q: z.string().trim().max(60).optional(),
  ...page,
});
export type PublicLotListQuery = z.infer<typeof publicLotListQuerySchema>;
export const publicLotPageSchema = z.object({ items: z.array(publicLotRowSchema), total: z.number().int() });
