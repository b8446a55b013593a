// The org-tree contract: unit types, request and response schemas shared by server and web.
import { z } from 'zod';
import { importViewSchema } from '../../platform/imports/imports.schemas';

export const orgTypes = [
  'province',
  'city',
  'county',
  'township',
  'village',
  'school',
  'enterprise',
  'boai_home',
  'service_station',
  'training_base',
  'rescue_team',
  'other',
] as const;
export type OrgType = (typeof orgTypes)[number];
export const orgTypeSchema = z.enum(orgTypes);

/** Branches of the Red Cross (province, city, county) carry a GB/T 2260 code. */
export const branchTypes: readonly OrgType[] = ['province', 'city', 'county'];

/** Which parent types each unit type may sit under (a county never under a county); the web offers the same choices. */
export const allowedParents: Record<OrgType, readonly OrgType[]> = {
  province: [],
  city: ['province'],
  county: ['city', 'province'],
  township: ['county', 'city'],
  village: ['township'],
  school: ['province', 'city', 'county', 'township', 'village'],
  enterprise: ['province', 'city', 'county', 'township', 'village'],
  boai_home: ['province', 'city', 'county', 'township', 'village'],
  service_station: ['province', 'city', 'county', 'township', 'village'],
  training_base: ['province', 'city', 'county', 'township', 'village'],
  rescue_team: ['province', 'city', 'county', 'township'],
  other: ['province', 'city', 'county', 'township', 'village'],
};

export const orgTypeLabels: Record<OrgType, { zh: string; en: string }> = {
  province: { zh: '省级红十字会', en: 'Provincial branch' },
  city: { zh: '市级红十字会', en: 'City branch' },
  county: { zh: '县级红十字会', en: 'County branch' },
  township: { zh: '乡镇(街道)', en: 'Township / subdistrict' },
  village: { zh: '村(社区)', en: 'Village / community' },
  school: { zh: '学校', en: 'School' },
  enterprise: { zh: '企业', en: 'Enterprise' },
  boai_home: { zh: '博爱家园', en: 'Boai Home' },
  service_station: { zh: '红十字服务站/救护站', en: 'Service / first-aid station' },
  training_base: { zh: '培训基地', en: 'Training base' },
  rescue_team: { zh: '救援队', en: 'Rescue team' },
  other: { zh: '其他', en: 'Other' },
};

const name = z.string().trim().min(1).max(100);
const code = z
  .string()
  .trim()
  .regex(/^[0-9A-Z]{6,18}$/, 'code: 6–18 digits or capital letters');
const text200 = z.string().trim().max(200);
export const latSchema = z.number().min(-90).max(90);
export const lngSchema = z.number().min(-180).max(180);
export const orgIdSchema = z.coerce.number().int().positive().max(2_147_483_647);

export const createOrgSchema = z.strictObject({
  name,
  type: orgTypeSchema,
  parentId: z.number().int().positive().max(2_147_483_647).nullable(),
  code: code.nullish(),
  contactName: z.string().trim().max(50).nullish(),
  contactPhone: z.string().trim().max(30).nullish(),
  address: text200.nullish(),
  lat: latSchema.nullish(),
  lng: lngSchema.nullish(),
});
export type CreateOrg = z.infer<typeof createOrgSchema>;

export const updateOrgSchema = z
  .strictObject({
    name: name.optional(),
    code: code.nullish(),
    contactName: z.string().trim().max(50).nullish(),
    contactPhone: z.string().trim().max(30).nullish(),
    address: text200.nullish(),
    lat: latSchema.nullish(),
    lng: lngSchema.nullish(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type UpdateOrg = z.infer<typeof updateOrgSchema>;

export const moveOrgSchema = z.strictObject({ parentId: z.number().int().positive().max(2_147_483_647) });

export const orgViewSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    type: orgTypeSchema,
    code: z.string().nullable(),
    parentId: z.number().int().nullable(),
    path: z.string(),
    depth: z.number().int(),
    regionId: z.number().int(),
    contactName: z.string().nullable(),
    contactPhone: z.string().nullable(),
    address: z.string().nullable(),
    lat: z.number().nullable(),
    lng: z.number().nullable(),
    isActive: z.boolean(),
    childCount: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Org' });
export type OrgView = z.infer<typeof orgViewSchema>;

export const orgListQuerySchema = z.strictObject({
  q: z.string().trim().max(100).optional(),
  type: orgTypeSchema.optional(),
  parentId: orgIdSchema.optional(),
  /** Units under this unit at any depth. */
  under: orgIdSchema.optional(),
  includeInactive: z.enum(['true', 'false']).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  lang: z.string().max(20).optional(),
});
export type OrgListQuery = z.infer<typeof orgListQuerySchema>;

export const orgPageSchema = z.object({
  items: z.array(orgViewSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const orgChildrenQuerySchema = z.strictObject({
  parentId: orgIdSchema.optional(),
  includeInactive: z.enum(['true', 'false']).optional(),
  lang: z.string().max(20).optional(),
});

export const orgAncestorsSchema = z.array(z.object({ id: z.number().int(), name: z.string(), type: orgTypeSchema }));

export const orgImportViewSchema = importViewSchema.meta({ id: 'OrgImport' });
export type OrgImportView = z.infer<typeof orgImportViewSchema>;

// ------------------------------------------------------------------------------------------------ populations

/** A unit's registered population (户籍人口) for a year: the base of training targets (certified ≥ 8% …). */
export const populationViewSchema = z.object({
  orgId: z.number().int(),
  name: z.string(),
  /** The unit asked for (self) or one of its children. */
  isSelf: z.boolean(),
  year: z.number().int(),
  /** The figure for that year; null when none is recorded. */
  population: z.number().int().nullable(),
  source: z.string().nullable(),
  /** The latest earlier figure, shown when the year has none. */
  fallback: z.object({ year: z.number().int(), population: z.number().int() }).nullable(),
});
export type PopulationView = z.infer<typeof populationViewSchema>;

export const populationQuerySchema = z.strictObject({
  year: z.coerce.number().int().min(1990).max(2100),
  lang: z.string().max(20).optional(),
});

export const setPopulationSchema = z.strictObject({
  population: z.number().int().positive().max(2_000_000_000),
  source: z.string().trim().max(200).optional(),
});
export type SetPopulation = z.infer<typeof setPopulationSchema>;

// ------------------------------------------------------------------------------------------------ merges

/** Two units become one (乡镇合并): the unit merges into `intoOrgId` from `effectiveDate` (a China date, not in the future). */
export const mergeOrgSchema = z.strictObject({
  intoOrgId: orgIdSchema,
  effectiveDate: z.iso.date(),
  note: z.string().trim().max(500).optional(),
});
export type MergeOrg = z.infer<typeof mergeOrgSchema>;

export const successionViewSchema = z.object({
  id: z.number().int(),
  predecessorId: z.number().int(),
  predecessorName: z.string(),
  successorId: z.number().int(),
  successorName: z.string(),
  effectiveOn: z.string(),
  kind: z.literal('merge'),
  note: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type SuccessionView = z.infer<typeof successionViewSchema>;

export const mergeResultSchema = z.object({
  succession: successionViewSchema,
  predecessor: orgViewSchema,
  successor: orgViewSchema,
  /** The active child units that moved to the successor. */
  movedChildIds: z.array(z.number().int()),
});
export type MergeResult = z.infer<typeof mergeResultSchema>;

export const orgHistorySchema = z.object({
  codes: z.array(
    z.object({ code: z.string(), name: z.string(), validFrom: z.string().nullable(), validTo: z.string().nullable() }),
  ),
  /** The units merged into this one. */
  predecessors: z.array(successionViewSchema),
  /** The unit this one merged into, if it did. */
  successor: successionViewSchema.nullable(),
});
export type OrgHistory = z.infer<typeof orgHistorySchema>;
