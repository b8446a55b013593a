// Fiscal donation receipts (公益事业捐赠票据): donors' requests, the issued documents (originals and their reversals,
// never edited once written) and the numbering counter of the local issuer. Payer ID numbers are encrypted at rest.
import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** One item line of a receipt, as printed: 项目编码, 项目名称, 单位, 数量, 金额 (fen; negative on a reversal). */
export type ReceiptLine = { code: string; name: string; unit: string; quantity: number; amountFen: number };

/** 票据申领: a donor (with the gift's access token) or staff on the donor's behalf asks for the receipt of a gift. */
export const receiptRequests = pgTable(
  'receipt_requests',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    donationId: uuid('donation_id').notNull(),
    donationNo: text('donation_no').notNull(),
    /** The gift's amount (a gift's amount never changes). */
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    /** The gift's receiving unit (scope of the staff who decide). */
    orgId: integer('org_id').notNull(),
    /** donor (the access-token holder) | staff (on the donor's behalf) */
    requesterKind: text('requester_kind').notNull(),
    /** The staff user who entered it; null for a donor's own request. */
    requestedBy: text('requested_by'),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    /** The gift's receipt status when asked (none | waived | anonymous): a donor who waived may change their mind. */
    previousStatus: text('previous_status').notNull(),
    payerName: text('payer_name').notNull(),
    /** resident_id | uscc | passport | hk_macau_permit | taiwan_permit | foreign_permanent_residence */
    payerIdType: text('payer_id_type').notNull(),
    payerIdEnc: text('payer_id_enc').notNull(),
    payerIdHash: text('payer_id_hash').notNull(),
    payerIdMasked: text('payer_id_masked').notNull(),
    /** requested → issued | refused */
    status: text('status').notNull(),
    refusalReason: text('refusal_reason'),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    receiptId: uuid('receipt_id'),
  },
  (t) => [
    primaryKey({ name: 'receipt_requests_pkey', columns: [t.regionId, t.id] }),
    // One open request per gift at a time.
    uniqueIndex('receipt_requests_pending_key').on(t.regionId, t.donationId).where(sql`${t.status} = 'requested'`),
    index('receipt_requests_donation_idx').on(t.donationId, t.requestedAt),
    index('receipt_requests_org_idx').on(t.orgId, t.requestedAt),
    index('receipt_requests_pending_idx').on(t.requestedAt).where(sql`${t.status} = 'requested'`),
  ],
);

/**
 * 公益事业捐赠票据 as issued: an original, or a reversal (冲红, kind 'void') that names the original it cancels. Rows
 * are only ever inserted: an original is voided by the existence of its reversal, never by changing it.
 */
export const fiscalReceipts = pgTable(
  'fiscal_receipts',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    donationId: uuid('donation_id').notNull(),
    donationNo: text('donation_no').notNull(),
    /** The gift's receiving unit (scope of the staff who see it); the payee printed is its nearest branch. */
    orgId: integer('org_id').notNull(),
    /** original | void */
    kind: text('kind').notNull(),
    /** On a reversal: the original it cancels (same region). */
    voidsReceiptId: uuid('voids_receipt_id'),
    /** The request an original answers. */
    requestId: uuid('request_id'),
    /** Which issuer assigned the code and number: local | province. */
    issuer: text('issuer').notNull(),
    payerName: text('payer_name').notNull(),
    payerIdType: text('payer_id_type').notNull(),
    payerIdEnc: text('payer_id_enc').notNull(),
    payerIdHash: text('payer_id_hash').notNull(),
    payerIdMasked: text('payer_id_masked').notNull(),
    payeeName: text('payee_name').notNull(),
    lines: jsonb('lines').$type<ReceiptLine[]>().notNull(),
    /** Sum of the lines; negative on a reversal. */
    totalFen: bigint('total_fen', { mode: 'number' }).notNull(),
    /** 票据代码: region 2 + category 2 + type 2 + year 2. */
    receiptCode: text('receipt_code').notNull(),
    /** 票据号码: 10 digits, sequential per receipt code. */
    receiptNumber: text('receipt_number').notNull(),
    /** 校验码 */
    checkCode: text('check_code').notNull(),
    /** What the printed QR code holds (the verification URL). */
    qrText: text('qr_text').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    issuedBy: text('issued_by').notNull(),
    /** 复核人 */
    reviewer: text('reviewer').notNull(),
    /** 收款人 */
    cashier: text('cashier').notNull(),
    notes: text('notes').notNull(),
    /** On a reversal: why the original is cancelled. */
    voidReason: text('void_reason'),
    pdfFileId: uuid('pdf_file_id').notNull(),
  },
  (t) => [
    primaryKey({ name: 'fiscal_receipts_pkey', columns: [t.regionId, t.id] }),
    // The numbering counter (coordinator) makes code + number unique everywhere; this is the per-region backstop.
    uniqueIndex('fiscal_receipts_number_key').on(t.regionId, t.receiptCode, t.receiptNumber),
    index('fiscal_receipts_number_idx').on(t.receiptCode, t.receiptNumber),
    // An original is reversed at most once.
    uniqueIndex('fiscal_receipts_voids_key').on(t.regionId, t.voidsReceiptId).where(sql`${t.kind} = 'void'`),
    index('fiscal_receipts_donation_idx').on(t.donationId, t.issuedAt),
    index('fiscal_receipts_org_idx').on(t.orgId, t.issuedAt),
  ],
);

/**
 * The local issuer's numbering: the last number given under each receipt code. Its row is locked by the issuing
 * transaction (INSERT … ON CONFLICT DO UPDATE), so numbers are consecutive, never repeated, and a rolled-back issue
 * leaves no gap. One row per code, shared by every region of a province: a coordinator table.
 */
export const fiscalReceiptCounters = pgTable('fiscal_receipt_counters', {
  receiptCode: text('receipt_code').primaryKey(),
  lastNumber: bigint('last_number', { mode: 'number' }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
