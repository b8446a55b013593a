// The contract of organ and body (遗体/组织) donation intent registration: registering (online or at a counter),
// changes, withdrawal, the steps after death, masked views, the public check page and statistics.
import { z } from 'zod';

const id32 = z.number().int().positive().max(2_147_483_647);
const text = (max: number) => z.string().trim().min(1).max(max);
const phone = z.string().trim().min(5).max(20);

export const donorKindValues = ['organ', 'body'] as const;
export type DonorKind = (typeof donorKindValues)[number];
export const registrationStatusValues = ['active', 'withdrawn', 'deceased', 'realised'] as const;
export type RegistrationStatus = (typeof registrationStatusValues)[number];
/** Organs and tissues one may name (人体器官捐献: the organs of regulation No. 767, plus the usual tissues). */
export const organValues = [
  'heart',
  'lung',
  'liver',
  'kidney',
  'pancreas',
  'intestine',
  'cornea',
  'skin',
  'bone',
] as const;
/** Body donation: the whole body (to a medical school) or named tissues. */
export const bodyScopeValues = ['whole_body', 'tissue'] as const;
export const organScopeValues = ['all', 'some'] as const;

export const contactSchema = z.strictObject({ name: text(30), phone });
export const familyContactSchema = z.strictObject({ name: text(30), relation: text(20), phone });

const registerBase = {
  name: text(30),
  idNumber: z.string().trim().min(15).max(18),
  scope: z.enum([...organScopeValues, ...bodyScopeValues]),
  /** The organs or tissues named when the scope is not everything. */
  items: z.array(z.enum(organValues)).max(organValues.length).default([]),
  witnesses: z.array(contactSchema).length(2),
  familyContact: familyContactSchema,
  /** Body donation only: the executor (执行人) and the receiving medical school. */
  executor: familyContactSchema.optional(),
  institution: z.string().trim().min(2).max(60).optional(),
};

/** A citizen's own registration on the phone: the consent is the name typed as a signature. */
export const registerOnlineSchema = z.strictObject({
  ...registerBase,
  kind: z.enum(donorKindValues),
  orgId: id32,
  consentAccepted: z.literal(true),
  consentSignature: text(30),
});
export type RegisterOnline = z.infer<typeof registerOnlineSchema>;

/** A registration at a counter: the signed form is uploaded and the staff member is one witness when none is given. */
export const registerAtCounterSchema = z.strictObject({
  ...registerBase,
  kind: z.enum(donorKindValues),
  orgId: id32,
  phone,
  consentFileId: z.uuid(),
  witnesses: z.array(contactSchema).min(1).max(2),
});
export type RegisterAtCounter = z.infer<typeof registerAtCounterSchema>;

export const changeRegistrationSchema = z
  .strictObject({
    scope: z.enum([...organScopeValues, ...bodyScopeValues]).optional(),
    items: z.array(z.enum(organValues)).max(organValues.length).optional(),
    familyContact: familyContactSchema.optional(),
    executor: familyContactSchema.optional(),
    institution: z.string().trim().min(2).max(60).optional(),
    note: z.string().trim().max(200).optional(),
  })
  .refine((v) => Object.keys(v).some((k) => k !== 'note'), { message: 'nothing to change' });
export type ChangeRegistration = z.infer<typeof changeRegistrationSchema>;

export const withdrawOwnSchema = z.strictObject({ reason: z.string().trim().max(200).optional() });
/** Staff withdraw only on the registrant's recorded request: a note and the signed request (or call record). */
export const withdrawByStaffSchema = z.strictObject({
  requestNote: z.string().trim().max(200).optional(),
  requestFileId: z.uuid().optional(),
});
export type WithdrawByStaff = z.infer<typeof withdrawByStaffSchema>;

export const afterDeathStepSchema = z.discriminatedUnion('step', [
  z.strictObject({
    step: z.literal('death_reported'),
    deathOn: z.iso.date(),
    evidenceFileId: z.uuid(),
    note: z.string().trim().max(200).optional(),
  }),
  z.strictObject({
    step: z.literal('received'),
    receivedOn: z.iso.date(),
    receivedBy: text(60),
    evidenceFileId: z.uuid(),
    note: z.string().trim().max(200).optional(),
  }),
]);
export type AfterDeathStep = z.infer<typeof afterDeathStepSchema>;

export const contactViewSchema = z.object({
  name: z.string(),
  relation: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  isStaff: z.boolean(),
});

export const registrationViewSchema = z.object({
  id: z.uuid(),
  kind: z.enum(donorKindValues),
  regNo: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  /** Masked in lists and details (张*三); the full name comes with unmasking. */
  name: z.string(),
  idNumberMasked: z.string(),
  phoneMasked: z.string(),
  age: z.number().int(),
  channel: z.enum(['online', 'counter']),
  scope: z.string(),
  items: z.array(z.string()),
  status: z.enum(registrationStatusValues),
  version: z.number().int(),
  registeredAt: z.iso.datetime(),
  withdrawnAt: z.iso.datetime().nullable(),
  deathOn: z.iso.date().nullable(),
  receivedOn: z.iso.date().nullable(),
  hasMemorial: z.boolean(),
});
export type RegistrationView = z.infer<typeof registrationViewSchema>;

export const registrationVersionSchema = z.object({
  version: z.number().int(),
  change: z.string(),
  note: z.string().nullable(),
  changedBy: z.string(),
  changedAt: z.iso.datetime(),
});

export const registrationDetailSchema = registrationViewSchema.extend({
  consentSignature: z.string().nullable(),
  consentFileId: z.uuid().nullable(),
  consentAt: z.iso.datetime(),
  witnesses: z.array(contactViewSchema),
  familyContact: contactViewSchema,
  executor: contactViewSchema.nullable(),
  institution: z.string().nullable(),
  withdrawalNote: z.string().nullable(),
  withdrawalFileId: z.uuid().nullable(),
  deathEvidenceFileId: z.uuid().nullable(),
  receivedBy: z.string().nullable(),
  receivedEvidenceFileId: z.uuid().nullable(),
  serviceRequestId: z.uuid().nullable(),
  versions: z.array(registrationVersionSchema),
});
export type RegistrationDetail = z.infer<typeof registrationDetailSchema>;

export const unmaskRegistrationSchema = z.strictObject({ reason: z.string().trim().min(2).max(200) });
export const unmaskedRegistrationSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  idNumber: z.string(),
  phone: z.string(),
  witnesses: z.array(z.object({ name: z.string(), phone: z.string().nullable() })),
  familyContact: z.object({ name: z.string(), relation: z.string().nullable(), phone: z.string().nullable() }),
  executor: z.object({ name: z.string(), relation: z.string().nullable(), phone: z.string().nullable() }).nullable(),
});

export const registrationListQuerySchema = z.strictObject({
  lang: z.string().max(20).optional(),
  orgId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  kind: z.enum(donorKindValues).optional(),
  status: z.enum(registrationStatusValues).optional(),
  /** A registration number (exact). */
  regNo: z.string().trim().max(30).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type RegistrationListQuery = z.infer<typeof registrationListQuerySchema>;

export const registrationPageSchema = z.object({
  items: z.array(registrationViewSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

/** What the card's QR shows anyone: the masked name, the kind and whether the registration stands. */
export const registrationCheckSchema = z.object({
  regNo: z.string(),
  kind: z.enum(donorKindValues),
  name: z.string(),
  status: z.enum(registrationStatusValues),
  registeredOn: z.iso.date(),
  orgName: z.string(),
});

export const registryStatsQuerySchema = z.strictObject({
  lang: z.string().max(20).optional(),
  orgId: z.coerce.number().int().positive().max(2_147_483_647),
  from: z.iso.date(),
  to: z.iso.date(),
});
export type RegistryStatsQuery = z.infer<typeof registryStatsQuerySchema>;

const statsCounts = {
  organRegistered: z.number().int(),
  bodyRegistered: z.number().int(),
  organWithdrawn: z.number().int(),
  bodyWithdrawn: z.number().int(),
  organRealised: z.number().int(),
  bodyRealised: z.number().int(),
};
export const registryStatsSchema = z.object({
  orgId: z.number().int(),
  orgName: z.string(),
  from: z.iso.date(),
  to: z.iso.date(),
  total: z.object(statsCounts),
  /** The unit's children (each rolled up over its subtree); registrations at the unit itself are its own row. */
  units: z.array(z.object({ orgId: z.number().int(), orgName: z.string(), ...statsCounts })),
  months: z.array(z.object({ month: z.string(), ...statsCounts })),
});
export type RegistryStats = z.infer<typeof registryStatsSchema>;
