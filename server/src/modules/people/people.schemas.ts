// The people contract: registration, search and views (masked by default; unmasking is a separate audited call).
import { z } from 'zod';

export const idTypeValues = [
  'resident_id',
  'passport',
  'hk_macau_permit',
  'taiwan_permit',
  'foreign_permanent_residence',
] as const;
export const genderValues = ['male', 'female'] as const;

export const createPersonSchema = z.strictObject({
  orgId: z.number().int().positive().max(2_147_483_647),
  name: z.string().trim().min(1).max(50),
  idType: z.enum(idTypeValues).default('resident_id'),
  idNumber: z.string().trim().min(1).max(30).optional(),
  phone: z.string().trim().min(1).max(20).optional(),
  gender: z.enum(genderValues).optional(),
  birthDate: z.iso.date().optional(),
  address: z.string().trim().max(200).optional(),
});
export type CreatePerson = z.infer<typeof createPersonSchema>;

export const updatePersonSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(50).optional(),
    phone: z.string().trim().min(1).max(20).nullable().optional(),
    address: z.string().trim().max(200).nullable().optional(),
    orgId: z.number().int().positive().max(2_147_483_647).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type UpdatePerson = z.infer<typeof updatePersonSchema>;

export const personViewSchema = z
  .object({
    id: z.uuid(),
    orgId: z.number().int(),
    orgName: z.string(),
    name: z.string(),
    idType: z.enum(idTypeValues),
    idNumberMasked: z.string().nullable(),
    phoneMasked: z.string().nullable(),
    gender: z.enum(genderValues).nullable(),
    birthYear: z.number().int().nullable(),
    address: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Person' });
export type PersonView = z.infer<typeof personViewSchema>;

export const unmaskSchema = z.strictObject({ reason: z.string().trim().min(2).max(200) });
export const unmaskedPersonSchema = z
  .object({
    id: z.uuid(),
    idNumber: z.string().nullable(),
    phone: z.string().nullable(),
    birthDate: z.string().nullable(),
  })
  .meta({ id: 'UnmaskedPerson' });

export const peopleQuerySchema = z.strictObject({
  /** A name (or pinyin), a full ID number, a full phone, or a masked ID such as 330***1234 / the last 4 digits. */
  q: z.string().trim().max(50).optional(),
  orgId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  lang: z.string().max(20).optional(),
});
export type PeopleQuery = z.infer<typeof peopleQuerySchema>;

export const peoplePageSchema = z.object({
  items: z.array(personViewSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
