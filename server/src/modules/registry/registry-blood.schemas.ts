// The contract of blood drives (无偿献血): drives organised with a blood centre, participants registered and donated
// with their volume, and the counts. The medical records stay with the blood centre. Imports only zod.
import { z } from 'zod';

export const bloodRules = { minAge: 18, maxAge: 55, maxAgeRepeat: 60, intervalMonths: 6 } as const;
export const bloodVolumes = [200, 300, 400] as const;
export const driveStatuses = ['planned', 'held', 'cancelled'] as const;
export const donorStatuses = ['registered', 'donated', 'deferred'] as const;

const text = (max: number) => z.string().trim().max(max);
const isoDate = z.iso.date();

export const createDriveSchema = z.strictObject({
  orgId: z.number().int().positive(),
  title: text(100).min(1),
  place: text(200).min(1),
  heldOn: isoDate,
  bloodCentre: text(100).min(1),
  notes: text(500).default(''),
});
export type CreateDrive = z.infer<typeof createDriveSchema>;

export const updateDriveSchema = z.strictObject({ status: z.enum(driveStatuses) });

export const driveViewSchema = z.object({
  id: z.uuid(),
  orgId: z.number().int(),
  orgName: z.string(),
  title: z.string(),
  place: z.string(),
  heldOn: isoDate,
  bloodCentre: z.string(),
  status: z.enum(driveStatuses),
  notes: z.string(),
  registered: z.number().int(),
  donated: z.number().int(),
  volumeMl: z.number().int(),
  stemCellSignUps: z.number().int(),
});
export type DriveView = z.infer<typeof driveViewSchema>;

export const driveQuerySchema = z.strictObject({
  orgId: z.coerce.number().int().positive().optional(),
  lang: z.string().max(20).optional(),
});

/**
 * A participant: the ID number always (age and the 6-month rule); name and phone only with consent to be contacted.
 * With `volumeMl` the person is recorded as having donated on the day.
 */
export const registerDonorSchema = z.strictObject({
  idNumber: z.string().trim().min(15).max(18),
  hasContactConsent: z.boolean().default(false),
  name: text(50).min(1).optional(),
  phone: z.string().trim().min(5).max(20).optional(),
  volumeMl: z.union([z.literal(200), z.literal(300), z.literal(400)]).optional(),
});
export type RegisterDonor = z.infer<typeof registerDonorSchema>;

export const recordDonationSchema = z.strictObject({
  outcome: z.enum(['donated', 'deferred']),
  volumeMl: z.union([z.literal(200), z.literal(300), z.literal(400)]).optional(),
});
export type RecordBloodDonation = z.infer<typeof recordDonationSchema>;

export const donorViewSchema = z.object({
  id: z.uuid(),
  driveId: z.uuid(),
  name: z.string().nullable(),
  idNumberMasked: z.string(),
  phoneMasked: z.string().nullable(),
  gender: z.string().nullable(),
  age: z.number().int(),
  hasContactConsent: z.boolean(),
  isRepeatDonor: z.boolean(),
  status: z.enum(donorStatuses),
  volumeMl: z.number().int().nullable(),
  donatedOn: isoDate.nullable(),
});
export type DonorView = z.infer<typeof donorViewSchema>;

export const driveDetailSchema = driveViewSchema.extend({ donors: z.array(donorViewSchema) });
export type DriveDetail = z.infer<typeof driveDetailSchema>;

export const publicDriveSchema = z.object({
  id: z.uuid(),
  orgId: z.number().int(),
  orgName: z.string(),
  title: z.string(),
  place: z.string(),
  heldOn: isoDate,
  bloodCentre: z.string(),
});
export type PublicDrive = z.infer<typeof publicDriveSchema>;
