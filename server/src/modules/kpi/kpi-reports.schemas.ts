// The contract of evaluation reports: the workbook and PDF query, monthly-report subscriptions and what was sent.
import { z } from 'zod';

const orgId = z.coerce.number().int().positive().max(2_147_483_647);
const lang = z.string().max(20).optional();

export const reportFormats = ['xlsx', 'pdf', 'both'] as const;
export const reportFormatSchema = z.enum(reportFormats);
export type ReportFormat = z.infer<typeof reportFormatSchema>;

/** A report of a unit for a year as of a month (default: the current month this year, December for past years). */
export const reportQuerySchema = z.strictObject({
  orgId,
  year: z.coerce.number().int().min(2000).max(2100),
  month: z.coerce.number().int().min(1).max(12).optional(),
  /** How many levels under the unit the workbook lists: 1 children, 2 children and grandchildren (default), 3. */
  depth: z.coerce.number().int().min(1).max(3).default(2),
  lang,
});
export type ReportQuery = z.infer<typeof reportQuerySchema>;

export const recipientInputSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('user'), userId: z.uuid() }),
  z.strictObject({ kind: z.literal('email'), email: z.email().trim().toLowerCase().max(200) }),
]);
export type RecipientInput = z.infer<typeof recipientInputSchema>;

export const createSubscriptionSchema = z.strictObject({
  orgId: z.number().int().positive().max(2_147_483_647),
  format: reportFormatSchema,
  depth: z.number().int().min(1).max(3).default(2),
  recipients: z.array(recipientInputSchema).min(1).max(20),
});
export type CreateSubscription = z.infer<typeof createSubscriptionSchema>;

export const recipientViewSchema = z.object({
  kind: z.enum(['user', 'email']),
  userId: z.string().nullable(),
  email: z.string().nullable(),
  /** The account's display name, or the address. */
  label: z.string(),
});
export type RecipientView = z.infer<typeof recipientViewSchema>;

export const lastRunSchema = z.object({ year: z.number().int(), month: z.number().int(), sentAt: z.string() });

export const subscriptionViewSchema = z.object({
  id: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  format: reportFormatSchema,
  depth: z.number().int(),
  recipients: z.array(recipientViewSchema),
  createdByName: z.string(),
  createdAt: z.string(),
  lastRun: lastRunSchema.nullable(),
});
export type SubscriptionView = z.infer<typeof subscriptionViewSchema>;

export const subscriptionListQuerySchema = z.strictObject({ orgId: orgId.optional(), lang });

/** Staff who may receive a unit's report: holders of kpi:view over the unit, within the caller's kpi:manage scope. */
export const recipientCandidatesQuerySchema = z.strictObject({ orgId, lang });
export const recipientCandidateSchema = z.object({
  userId: z.string(),
  username: z.string(),
  displayName: z.string(),
  /** Where their kpi:view grant sits. */
  grantOrgName: z.string(),
});
export type RecipientCandidate = z.infer<typeof recipientCandidateSchema>;

export const runFileSchema = z.object({
  kind: z.enum(['xlsx', 'pdf']),
  fileId: z.string(),
  name: z.string(),
  sizeBytes: z.number().int(),
});

export const runViewSchema = z.object({
  id: z.string(),
  subscriptionId: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  year: z.number().int(),
  month: z.number().int(),
  format: reportFormatSchema,
  recipients: z.array(recipientViewSchema),
  messagesQueued: z.number().int(),
  /** True when the caller is one of the staff recipients. */
  isMine: z.boolean(),
  files: z.array(runFileSchema),
  sentAt: z.string(),
});
export type RunView = z.infer<typeof runViewSchema>;

export const runListQuerySchema = z.strictObject({
  orgId: orgId.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  lang,
});
