// The receipts contract: a donor's request for the fiscal receipt (公益事业捐赠票据), staff decisions (issue, refuse,
// void, record a waiver), the documents as staff and as the donor see them, and the public verification answer.
import { z } from 'zod';
import { receiptStatusValues } from '../donations/donations.schemas';
import { idTypeValues } from '../people/people.schemas';

/** Every query may carry ?lang= (the caller's language, read by the locale hook). */
const lang = z.string().max(20).optional();

/** Who the payer is identified by: a unified social credit code (organisations) or a personal ID document. */
export const payerIdTypeValues = ['uscc', ...idTypeValues] as const;
export type PayerIdType = (typeof payerIdTypeValues)[number];
export const requestStatusValues = ['requested', 'issued', 'refused'] as const;
export const receiptKindValues = ['original', 'void'] as const;
/** An original is valid until a reversal cancels it; a reversal is itself valid. */
export const receiptStateValues = ['valid', 'voided'] as const;

// A printed name: no control characters (the PDF cannot print them, and they have no place on a receipt).
const printable = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(/^[^\p{Cc}]*$/u, 'must not hold control characters');

// ------------------------------------------------------------------------------------------------ inputs

export const receiptRequestSchema = z.strictObject({
  /** 交款人: the person's or organisation's full name as it should be printed. */
  payerName: printable(100),
  payerIdType: z.enum(payerIdTypeValues),
  /** ID number or unified social credit code; checked by its check character. */
  payerId: z.string().trim().min(1).max(30),
});
export type ReceiptRequest = z.infer<typeof receiptRequestSchema>;

export const issueReceiptSchema = z.strictObject({
  /** 复核人 */
  reviewer: printable(20),
  /** 收款人 */
  cashier: printable(20),
  /** 备注, printed after the gift's number and project. */
  notes: printable(200).optional(),
});
export type IssueReceipt = z.infer<typeof issueReceiptSchema>;

export const refuseRequestSchema = z.strictObject({ reason: printable(200) });
export type RefuseRequest = z.infer<typeof refuseRequestSchema>;

export const voidReceiptSchema = z.strictObject({
  reason: printable(200),
  /** 复核人 and 收款人 of the reversal; the acting user's name when left out. */
  reviewer: printable(20).optional(),
  cashier: printable(20).optional(),
});
export type VoidReceipt = z.infer<typeof voidReceiptSchema>;

export const receiptWaiverSchema = z.strictObject({ note: printable(200).optional() });
export type ReceiptWaiver = z.infer<typeof receiptWaiverSchema>;

export const requestListQuerySchema = z.strictObject({
  lang,
  status: z.enum(requestStatusValues).optional(),
  orgId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  donationId: z.uuid().optional(),
  /** Asked on or after / on or before these China dates (YYYY-MM-DD). */
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});
export type RequestListQuery = z.infer<typeof requestListQuerySchema>;

export const receiptListQuerySchema = z.strictObject({
  lang,
  orgId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  donationId: z.uuid().optional(),
  kind: z.enum(receiptKindValues).optional(),
  /** A receipt number (10 digits, or code-number), a donation number, or part of the payer's name. */
  q: z.string().trim().max(60).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ReceiptListQuery = z.infer<typeof receiptListQuerySchema>;

export const verifyQuerySchema = z.strictObject({
  lang,
  code: z.string().trim().max(20),
  number: z.string().trim().max(20),
  check: z.string().trim().max(20),
});
export type VerifyQuery = z.infer<typeof verifyQuerySchema>;

export const receiptPdfQuerySchema = z.strictObject({
  lang,
  token: z.string().min(16).max(100),
  /** One document of the gift; the gift's current receipt when left out. */
  receiptId: z.uuid().optional(),
});

// ------------------------------------------------------------------------------------------------ views

export const receiptLineSchema = z.object({
  code: z.string(),
  name: z.string(),
  unit: z.string(),
  quantity: z.number(),
  amountFen: z.number().int(),
});

export const receiptRequestViewSchema = z
  .object({
    id: z.uuid(),
    donationId: z.uuid(),
    donationNo: z.string(),
    orgId: z.number().int(),
    orgName: z.string(),
    amountFen: z.number().int(),
    requesterKind: z.enum(['donor', 'staff']),
    requestedAt: z.string(),
    previousStatus: z.enum(receiptStatusValues),
    payerName: z.string(),
    payerIdType: z.enum(payerIdTypeValues),
    payerIdMasked: z.string(),
    status: z.enum(requestStatusValues),
    refusalReason: z.string().nullable(),
    decidedAt: z.string().nullable(),
    receiptId: z.uuid().nullable(),
  })
  .meta({ id: 'ReceiptRequest' });
export type ReceiptRequestView = z.infer<typeof receiptRequestViewSchema>;

export const receiptRequestPageSchema = z.object({ items: z.array(receiptRequestViewSchema), total: z.number().int() });

export const fiscalReceiptViewSchema = z
  .object({
    id: z.uuid(),
    donationId: z.uuid(),
    donationNo: z.string(),
    orgId: z.number().int(),
    kind: z.enum(receiptKindValues),
    state: z.enum(receiptStateValues),
    /** On a reversal: the original it cancels. */
    voids: z.object({ id: z.uuid(), receiptCode: z.string(), receiptNumber: z.string() }).nullable(),
    /** On a voided original: its reversal. */
    voidedBy: z.object({ id: z.uuid(), receiptCode: z.string(), receiptNumber: z.string() }).nullable(),
    issuer: z.enum(['local', 'province']),
    receiptCode: z.string(),
    receiptNumber: z.string(),
    checkCode: z.string(),
    issuedAt: z.string(),
    payerName: z.string(),
    payerIdType: z.enum(payerIdTypeValues),
    payerIdMasked: z.string(),
    payeeName: z.string(),
    lines: z.array(receiptLineSchema),
    totalFen: z.number().int(),
    reviewer: z.string(),
    cashier: z.string(),
    notes: z.string(),
    voidReason: z.string().nullable(),
    pdfFileId: z.uuid(),
    verifyUrl: z.string(),
  })
  .meta({ id: 'FiscalReceipt' });
export type FiscalReceiptView = z.infer<typeof fiscalReceiptViewSchema>;

export const fiscalReceiptPageSchema = z.object({ items: z.array(fiscalReceiptViewSchema), total: z.number().int() });

/** A gift's receipt status after a staff decision about it (a waiver). */
export const giftReceiptStateSchema = z
  .object({ donationId: z.uuid(), donationNo: z.string(), receiptStatus: z.enum(receiptStatusValues) })
  .meta({ id: 'GiftReceiptState' });
export type GiftReceiptState = z.infer<typeof giftReceiptStateSchema>;

/** What the donor (holder of the gift's access token) sees: masked payer, each document and its PDF link. */
export const donorReceiptStatusSchema = z
  .object({
    donationNo: z.string(),
    receiptStatus: z.enum(receiptStatusValues),
    /** The latest request, if any. */
    request: z
      .object({
        status: z.enum(requestStatusValues),
        requestedAt: z.string(),
        payerNameMasked: z.string(),
        payerIdType: z.enum(payerIdTypeValues),
        payerIdMasked: z.string(),
        refusalReason: z.string().nullable(),
        decidedAt: z.string().nullable(),
      })
      .nullable(),
    documents: z.array(
      z.object({
        id: z.uuid(),
        kind: z.enum(receiptKindValues),
        state: z.enum(receiptStateValues),
        receiptCode: z.string(),
        receiptNumber: z.string(),
        checkCode: z.string(),
        issuedAt: z.string(),
        totalFen: z.number().int(),
        payerNameMasked: z.string(),
        payerIdMasked: z.string(),
        pdfUrl: z.string(),
        verifyUrl: z.string(),
      }),
    ),
  })
  .meta({ id: 'DonorReceiptStatus' });
export type DonorReceiptStatus = z.infer<typeof donorReceiptStatusSchema>;

/** The public verification answer: whether a printed receipt is genuine and still valid, and nothing personal. */
export const receiptVerificationSchema = z
  .object({
    status: z.enum(['valid', 'voided', 'unknown']),
    receiptCode: z.string().nullable(),
    receiptNumber: z.string().nullable(),
    kind: z.enum(receiptKindValues).nullable(),
    issuedOn: z.string().nullable(),
    totalFen: z.number().int().nullable(),
    payeeName: z.string().nullable(),
    /** On a voided original: the number of its reversal. */
    voidedBy: z.string().nullable(),
  })
  .meta({ id: 'ReceiptVerification' });
export type ReceiptVerification = z.infer<typeof receiptVerificationSchema>;
