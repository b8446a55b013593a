// The transparency index (红透指数) contract: our own disclosure-completeness measures per unit (subtree) and year, the
// weighted score, the gaps a unit can fix (each naming the record to fix), and the annual report / audit result
// publication records. Not the national index, whose indicator list is not public (docs/transparency-index.md).
import { z } from 'zod';

export const transparencyMeasureCodes = [
  'disclosure_published',
  'disclosure_on_time',
  'receipt_published',
  'ledger_daily',
  'payout_evidence',
  'restricted_traceable',
  'relief_notice',
  'goods_distributed',
  'annual_report',
] as const;
export const transparencyMeasureCodeSchema = z.enum(transparencyMeasureCodes);
export type TransparencyMeasureCode = z.infer<typeof transparencyMeasureCodeSchema>;

export const transparencyGapKinds = [
  /** A disclosure obligation past its due date and still unpublished. */
  'disclosure_overdue',
  /** Published, but after the due date. */
  'disclosure_late',
  /** A gift recorded (and so published on the ledger) later than the rule allows after its receipt. */
  'gift_published_late',
  /** A goods lot confirmed onto the public ledger later than the rule allows, or still unconfirmed past it. */
  'lot_published_late',
  'lot_unpublished',
  /** A day whose ledger entries were not covered by a signed checkpoint by the end of the next day. */
  'ledger_day_unsigned',
  'payout_no_evidence',
  /** A purchase paid from donated money without supplier, unit price or quantity. */
  'purchase_details_missing',
  'distribution_no_receipt',
  /** A restricted-fund payout not fully matched to the gifts it spent. */
  'payout_untraced',
  'relief_paid_without_notice',
  'relief_notice_cut_short',
  'lot_not_distributed',
  'lot_distributed_late',
  'annual_report_missing',
  'annual_report_late',
  'audit_result_missing',
  'audit_result_late',
] as const;
export const transparencyGapKindSchema = z.enum(transparencyGapKinds);
export type TransparencyGapKind = z.infer<typeof transparencyGapKindSchema>;

export const transparencyRefTypes = [
  'disclosure',
  'donation',
  'payout',
  'goods_lot',
  'goods_movement',
  'relief_case',
  'ledger_day',
  'org',
] as const;

export const transparencyQuerySchema = z.object({
  /** Default: the top unit of the caller's kpi:view scope. */
  orgId: z.coerce.number().int().positive().optional(),
  /** Default: the current year (China time). */
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});
export type TransparencyQuery = z.infer<typeof transparencyQuerySchema>;

export const transparencyMeasureSchema = z.object({
  code: transparencyMeasureCodeSchema,
  /** The measure's weight in the score (the weights of the applicable measures are renormalised). */
  weight: z.number(),
  /** False when the unit had nothing this measure counts in the year: left out of the score, never a free 100. */
  applicable: z.boolean(),
  /** Records that met the rule / records the rule applied to. */
  met: z.number().int(),
  counted: z.number().int(),
  /** met / counted, 0–1; null when not applicable. */
  share: z.number().nullable(),
  /** The measure's share of the score after renormalisation (0–1), 0 when not applicable. */
  effectiveWeight: z.number(),
  /** Receipt to publication: the median in days, where the measure has one. */
  medianDays: z.number().nullable(),
  gapCount: z.number().int(),
});
export type TransparencyMeasure = z.infer<typeof transparencyMeasureSchema>;

export const transparencyGapSchema = z.object({
  measure: transparencyMeasureCodeSchema,
  kind: transparencyGapKindSchema,
  orgId: z.number().int(),
  orgName: z.string(),
  ref: z.object({ type: z.enum(transparencyRefTypes), id: z.string(), no: z.string().nullable() }),
  projectCode: z.string().nullable(),
  /** What the record is about: the disclosure's subject, the payout's purpose, the goods, the report year … */
  subject: z.string(),
  /** The date that matters (due, received, paid, day), China date. */
  date: z.string(),
  /** Days late or overdue, where that applies. */
  days: z.number().nullable(),
});
export type TransparencyGap = z.infer<typeof transparencyGapSchema>;

export const transparencyUnitScoreSchema = z.object({
  orgId: z.number().int(),
  name: z.string(),
  type: z.string(),
  /** Weighted mean of the applicable measures × 100, one decimal; null when no measure applies. */
  score: z.number().nullable(),
  applicableMeasures: z.number().int(),
  gapCount: z.number().int(),
  /** Among the siblings shown (children of the unit asked for): 1 = best; equal scores share a rank. */
  rank: z.number().int().nullable(),
  /** Each measure's share (null = not applicable), by code. */
  shares: z.record(z.string(), z.number().nullable()),
});
export type TransparencyUnitScore = z.infer<typeof transparencyUnitScoreSchema>;

export const transparencyViewSchema = z.object({
  year: z.number().int(),
  /** The end of the period counted (now for the current year). */
  asOf: z.string(),
  unit: transparencyUnitScoreSchema,
  ancestors: z.array(z.object({ orgId: z.number().int(), name: z.string() })),
  measures: z.array(transparencyMeasureSchema),
  /** The first gaps (most overdue first within each measure); the full list is paged at …/units/:orgId/gaps. */
  gaps: z.array(transparencyGapSchema),
  gapTotal: z.number().int(),
  children: z.array(transparencyUnitScoreSchema),
});
export type TransparencyView = z.infer<typeof transparencyViewSchema>;

export const transparencyGapsParamsSchema = z.object({ orgId: z.coerce.number().int().positive() });
export const transparencyGapsQuerySchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  measure: transparencyMeasureCodeSchema.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type TransparencyGapsQuery = z.infer<typeof transparencyGapsQuerySchema>;

export const transparencyGapPageSchema = z.object({
  items: z.array(transparencyGapSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type TransparencyGapPage = z.infer<typeof transparencyGapPageSchema>;

// ------------------------------------------------------------------------------------------------ annual reports

export const annualDisclosureKinds = ['annual_report', 'audit_result'] as const;

export const recordAnnualDisclosureSchema = z
  .strictObject({
    orgId: z.number().int().positive(),
    reportYear: z.number().int().min(2000).max(2100),
    kind: z.enum(annualDisclosureKinds),
    title: z.string().trim().min(2).max(200),
    url: z
      .url({ protocol: /^https?$/ })
      .max(500)
      .optional(),
    /** The published document, uploaded first through POST /api/files. */
    fileId: z.uuid().optional(),
    publishedAt: z.iso.datetime({ offset: true }),
    /** A correction notice: the record it corrects (which stays as it was). */
    correctsId: z.uuid().optional(),
    note: z.string().trim().max(500).optional(),
  })
  .refine((v) => v.url !== undefined || v.fileId !== undefined, {
    path: ['url'],
    message: 'give the public link or the uploaded document',
  });
export type RecordAnnualDisclosure = z.infer<typeof recordAnnualDisclosureSchema>;

export const annualDisclosureViewSchema = z.object({
  id: z.uuid(),
  orgId: z.number().int(),
  orgName: z.string(),
  reportYear: z.number().int(),
  kind: z.enum(annualDisclosureKinds),
  title: z.string(),
  url: z.string().nullable(),
  fileId: z.uuid().nullable(),
  publishedAt: z.string(),
  /** Published by 31 May of the year after the report year. */
  isOnTime: z.boolean(),
  correctsId: z.uuid().nullable(),
  note: z.string().nullable(),
  recordedBy: z.string(),
  recordedAt: z.string(),
});
export type AnnualDisclosureView = z.infer<typeof annualDisclosureViewSchema>;

export const annualDisclosureListQuerySchema = z.object({
  orgId: z.coerce.number().int().positive(),
  reportYear: z.coerce.number().int().min(2000).max(2100).optional(),
});
