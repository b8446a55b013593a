// The contract of stem-cell donor registration (造血干细胞捐献者资料库): sign-up (online and by staff), the consent
// text, relatives, health declaration, samples with barcodes, the workflow steps, withdrawals, the public check page
// and the statistics. Imports only zod.
import { z } from 'zod';

export const stemCellStatuses = [
  'cooling_off',
  'awaiting_sample',
  'sampled',
  'registered',
  'preliminary_match',
  'confirmatory_typing',
  'medical_exam',
  'mobilisation',
  'collected',
  'withdrawn',
  'lapsed',
] as const;
export type StemCellStatus = (typeof stemCellStatuses)[number];

/** The workflow after the sample, in order; each is recorded with its date and the responsible staff member. */
export const stemCellWorkflow = [
  'registered',
  'preliminary_match',
  'confirmatory_typing',
  'medical_exam',
  'mobilisation',
  'collected',
] as const;
export type StemCellWorkflowStep = (typeof stemCellWorkflow)[number];

export const stemCellStepKinds = [
  'signed_up',
  'confirmed',
  'confirmed_in_person',
  'sampled',
  ...stemCellWorkflow,
  'withdrawn',
  'lapsed',
] as const;
export type StemCellStepKind = (typeof stemCellStepKinds)[number];

/** Statuses from which a withdrawal is "late": a patient may already be waiting. */
export const lateWithdrawalStatuses: readonly StemCellStatus[] = [
  'preliminary_match',
  'confirmatory_typing',
  'medical_exam',
  'mobilisation',
];

/** Age limits and periods (DOMAIN.md "Donor registries"). */
export const stemCellRules = { minAge: 18, maxAge: 45, coolingOffDays: 7, confirmWithinDays: 30 } as const;

/** The health declaration (健康声明): each question answered "no" to register. */
export const healthQuestions = [
  {
    key: 'infectious',
    zh: '患有或曾患乙肝、丙肝、艾滋病、梅毒等传染病',
    en: 'Hepatitis B/C, HIV, syphilis or another infection',
  },
  {
    key: 'heart',
    zh: '患有心脏病、高血压等心血管疾病',
    en: 'Heart disease, hypertension or other cardiovascular disease',
  },
  { key: 'blood', zh: '患有血液病或出血性疾病', en: 'A blood or bleeding disorder' },
  { key: 'cancer', zh: '患有或曾患恶性肿瘤', en: 'Cancer, now or in the past' },
  {
    key: 'chronic',
    zh: '患有糖尿病、肾病、肝病等慢性疾病',
    en: 'Diabetes, kidney or liver disease or another chronic illness',
  },
  { key: 'autoimmune', zh: '患有自身免疫性疾病', en: 'An autoimmune disease' },
  { key: 'pregnant', zh: '目前处于妊娠期或哺乳期', en: 'Pregnant or breastfeeding' },
] as const;
export const healthKeys = healthQuestions.map((q) => q.key) as [string, ...string[]];

export const relationKinds = ['parent', 'spouse', 'sibling', 'child', 'other'] as const;
export const bloodTypes = ['A', 'B', 'O', 'AB', 'unknown'] as const;
export const withdrawalChannels = ['online', 'phone', 'in_person', 'letter'] as const;

const text = (max: number) => z.string().trim().max(max);
const isoDate = z.iso.date();
const lang = z.string().max(20).optional();

export const relativeInputSchema = z.strictObject({
  name: text(50).min(1),
  relation: z.enum(relationKinds),
  phone: z.string().trim().min(5).max(20),
});

const registrantFields = {
  name: text(50).min(1),
  idType: z.enum(['resident_id']).default('resident_id'),
  idNumber: z.string().trim().min(15).max(18),
  bloodType: z.enum(bloodTypes).default('unknown'),
  /** The consent version the registrant read and agreed to (refused when no longer current). */
  consentVersion: text(40).min(1),
  consentAgreed: z.literal(true),
  relatives: z.array(relativeInputSchema).length(2),
  /** Every question of the health declaration, answered. */
  health: z.record(z.enum(healthKeys), z.boolean()),
};

/** Sign-up on a phone: the registrant's own phone is the signed-in account's; a 7-day cooling-off starts. */
export const signUpSchema = z.strictObject({
  ...registrantFields,
  orgId: z.number().int().positive(),
  driveId: z.uuid().optional(),
});
export type SignUp = z.infer<typeof signUpSchema>;

/** Registration by staff in person (at a drive or the office): counselled in person, so no cooling-off. */
export const staffRegisterSchema = z.strictObject({
  ...registrantFields,
  orgId: z.number().int().positive(),
  phone: z.string().trim().min(5).max(20),
  driveId: z.uuid().optional(),
});
export type StaffRegister = z.infer<typeof staffRegisterSchema>;

export const recordSampleSchema = z.strictObject({
  /** A pre-printed tube barcode as scanned; omitted, a barcode is generated (and printed on the label). */
  barcode: z
    .string()
    .trim()
    .regex(/^[A-Z0-9-]{6,32}$/)
    .optional(),
  collectedOn: isoDate,
  volumeMl: z.number().int().min(5).max(8),
  driveId: z.uuid().optional(),
  /** For a registration still in cooling-off: the officer confirms the registrant re-affirmed consent in person. */
  inPersonConfirmed: z.boolean().default(false),
});
export type RecordSample = z.infer<typeof recordSampleSchema>;

export const recordStepSchema = z.strictObject({
  step: z.enum(stemCellWorkflow),
  stepOn: isoDate,
  note: text(500).default(''),
});
export type RecordStep = z.infer<typeof recordStepSchema>;

/** A withdrawal filed by staff: who asked, how, and the evidence (uploaded file ids) — recorded and audited. */
export const staffWithdrawSchema = z.strictObject({
  requestedBy: text(50).min(1),
  channel: z.enum(withdrawalChannels),
  reason: text(500).min(1),
  evidenceFileIds: z.array(z.uuid()).max(5).default([]),
  evidenceNote: text(500).default(''),
  /** Required after a preliminary match, once the warning was shown. */
  confirmLate: z.boolean().default(false),
});
export type StaffWithdraw = z.infer<typeof staffWithdrawSchema>;

export const selfWithdrawSchema = z.strictObject({
  reason: text(500).default(''),
  confirmLate: z.boolean().default(false),
});
export type SelfWithdraw = z.infer<typeof selfWithdrawSchema>;

export const unmaskSchema = z.strictObject({ reason: text(200).min(2) });

export const consentViewSchema = z.object({
  version: z.string(),
  title: z.string(),
  paragraphs: z.array(z.string()),
  healthQuestions: z.array(z.object({ key: z.string(), zh: z.string(), en: z.string() })),
  rules: z.object({
    minAge: z.number(),
    maxAge: z.number(),
    coolingOffDays: z.number(),
    confirmWithinDays: z.number(),
  }),
});
export type ConsentView = z.infer<typeof consentViewSchema>;

export const stepViewSchema = z.object({
  id: z.uuid(),
  step: z.enum(stemCellStepKinds),
  stepOn: isoDate,
  actorName: z.string(),
  note: z.string(),
  detail: z.record(z.string(), z.unknown()).nullable(),
  at: z.iso.datetime(),
});
export type StepView = z.infer<typeof stepViewSchema>;

export const sampleViewSchema = z.object({
  id: z.uuid(),
  barcode: z.string(),
  collectedOn: isoDate,
  volumeMl: z.number().int(),
  collectedByName: z.string(),
});
export type SampleView = z.infer<typeof sampleViewSchema>;

/** A registration in lists: the name masked unless the caller holds registry:manage there. */
export const registrationListItemSchema = z.object({
  id: z.uuid(),
  registrationNo: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  name: z.string(),
  idNumberMasked: z.string(),
  gender: z.string().nullable(),
  age: z.number().int(),
  channel: z.enum(['online', 'staff']),
  status: z.enum(stemCellStatuses),
  barcode: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type RegistrationListItem = z.infer<typeof registrationListItemSchema>;

export const registrationListSchema = z.object({
  items: z.array(registrationListItemSchema),
  total: z.number().int(),
});

export const registrationDetailSchema = registrationListItemSchema.extend({
  phoneMasked: z.string(),
  bloodType: z.enum(bloodTypes),
  consentVersion: z.string(),
  consentedAt: z.iso.datetime(),
  coolingOffEndsAt: z.iso.datetime().nullable(),
  confirmBy: z.iso.datetime().nullable(),
  relatives: z.array(z.object({ name: z.string(), relation: z.enum(relationKinds), phoneMasked: z.string() })),
  health: z.record(z.string(), z.boolean()),
  driveId: z.uuid().nullable(),
  samples: z.array(sampleViewSchema),
  steps: z.array(stepViewSchema),
  /** What the viewer may do now. */
  nextStep: z.enum(stemCellWorkflow).nullable(),
  canWithdraw: z.boolean(),
  isLateWithdrawal: z.boolean(),
  canConfirm: z.boolean(),
  hasCertificate: z.boolean(),
  checkUrl: z.string().nullable(),
});
export type RegistrationDetail = z.infer<typeof registrationDetailSchema>;

export const myRegistrationSchema = z.object({ registration: registrationDetailSchema.nullable() });

export const unmaskedSchema = z.object({
  name: z.string(),
  idNumber: z.string(),
  phone: z.string(),
  relatives: z.array(z.object({ name: z.string(), relation: z.enum(relationKinds), phone: z.string() })),
});

export const publicCheckSchema = z.object({
  registrationNo: z.string(),
  nameMasked: z.string(),
  status: z.enum(stemCellStatuses),
  registeredOn: isoDate,
  orgName: z.string(),
});

export const registrationQuerySchema = z.strictObject({
  orgId: z.coerce.number().int().positive().optional(),
  status: z.enum(stemCellStatuses).optional(),
  /** A registration number, a sample barcode or a full ID number (matched by its blind index). */
  q: text(40).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
  lang,
});
export type RegistrationQuery = z.infer<typeof registrationQuerySchema>;

export const statsQuerySchema = z.strictObject({
  orgId: z.coerce.number().int().positive(),
  from: isoDate,
  to: isoDate,
  lang,
});
export type StatsQuery = z.infer<typeof statsQuerySchema>;

const counts = {
  registrations: z.number().int(),
  samples: z.number().int(),
  matches: z.number().int(),
  collections: z.number().int(),
  withdrawals: z.number().int(),
  drives: z.number().int(),
  bloodDonors: z.number().int(),
  bloodVolumeMl: z.number().int(),
};
export const statsViewSchema = z.object({
  orgId: z.number().int(),
  orgName: z.string(),
  from: isoDate,
  to: isoDate,
  totals: z.object(counts),
  /** Rolled up per child unit of `orgId` (its whole subtree), plus the unit's own rows as `self`. */
  byUnit: z.array(z.object({ orgId: z.number().int(), orgName: z.string(), ...counts })),
  byMonth: z.array(z.object({ month: z.string(), ...counts })),
});
export type StatsView = z.infer<typeof statsViewSchema>;
