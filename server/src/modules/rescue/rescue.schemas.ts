// The rescue contract: teams, members and certifications, equipment, deployments, training sessions and statistics;
// request and response schemas shared by the server and the web app.
import { z } from 'zod';

export const specialities = [
  'water',
  'mountain',
  'urban_search',
  'sanitation_water',
  'medical',
  'logistics',
  'communications',
] as const;
export type Speciality = (typeof specialities)[number];
export const specialityLabels: Record<Speciality, { zh: string; en: string }> = {
  water: { zh: '水上救援', en: 'Water rescue' },
  mountain: { zh: '山地救援', en: 'Mountain rescue' },
  urban_search: { zh: '城市搜救', en: 'Urban search and rescue' },
  sanitation_water: { zh: '大众卫生与供水', en: 'Sanitation and water supply' },
  medical: { zh: '医疗救护', en: 'Medical' },
  logistics: { zh: '后勤保障', en: 'Logistics' },
  communications: { zh: '通讯保障', en: 'Communications' },
};

export const provinceStatuses = ['unregistered', 'applied', 'registered', 'suspended'] as const;
export const memberRoles = ['captain', 'vice_captain', 'member'] as const;
export type MemberRole = (typeof memberRoles)[number];
export const memberRoleLabels: Record<MemberRole, { zh: string; en: string }> = {
  captain: { zh: '队长', en: 'Captain' },
  vice_captain: { zh: '副队长', en: 'Vice captain' },
  member: { zh: '队员', en: 'Member' },
};
export const equipmentCategories = [
  'boat',
  'rope',
  'diving',
  'pump',
  'medical',
  'comms',
  'lighting',
  'protective',
  'vehicle',
  'other',
] as const;
export const equipmentConditions = ['good', 'fair', 'needs_repair', 'retired'] as const;
export const incidentKinds = [
  'flood',
  'water_rescue',
  'mountain_search',
  'typhoon',
  'earthquake',
  'fire',
  'traffic',
  'missing_person',
  'public_health',
  'event_support',
  'other',
] as const;
export type IncidentKind = (typeof incidentKinds)[number];
export const incidentKindLabels: Record<IncidentKind, { zh: string; en: string }> = {
  flood: { zh: '防汛抗洪', en: 'Flood' },
  water_rescue: { zh: '水域救援', en: 'Water rescue' },
  mountain_search: { zh: '山地搜救', en: 'Mountain search' },
  typhoon: { zh: '抗台抢险', en: 'Typhoon' },
  earthquake: { zh: '地震救援', en: 'Earthquake' },
  fire: { zh: '火灾', en: 'Fire' },
  traffic: { zh: '交通事故', en: 'Traffic accident' },
  missing_person: { zh: '走失搜寻', en: 'Missing person' },
  public_health: { zh: '公共卫生', en: 'Public health' },
  event_support: { zh: '活动保障', en: 'Event cover' },
  other: { zh: '其他', en: 'Other' },
};
export const deploymentStatuses = ['called_out', 'deployed', 'returned', 'closed'] as const;
export type DeploymentStatus = (typeof deploymentStatuses)[number];

const text = (max: number) => z.string().trim().min(1).max(max);
const optText = (max: number) => z.string().trim().max(max).nullish();
const chinaDate = z.iso.date();
const instant = z.iso.datetime({ offset: true });
export const orgIdSchema = z.coerce.number().int().positive().max(2_147_483_647);
/** Every query may name the answer's language (?lang=en), as the platform's locale reader allows. */
const lang = z.string().max(20).optional();
export const teamParamsSchema = z.strictObject({ orgId: orgIdSchema });
export const idParamsSchema = z.strictObject({ id: z.uuid() });
export const memberInDeploymentParamsSchema = z.strictObject({ id: z.uuid(), memberId: z.uuid() });

// ------------------------------------------------------------------------------------------------ teams

const teamProfileFields = {
  speciality: z.enum(specialities),
  provinceStatus: z.enum(provinceStatuses).default('unregistered'),
  provinceRegNo: optText(50),
  registeredOn: chinaDate.nullish(),
  foundedOn: chinaDate.nullish(),
  baseAddress: optText(200),
  baseLat: z.number().min(-90).max(90).nullish(),
  baseLng: z.number().min(-180).max(180).nullish(),
  contactName: optText(50),
  contactPhone: optText(30),
  description: optText(2000),
};
/** The rescue profile of an existing rescue_team unit (PUT: the whole profile). */
export const teamProfileSchema = z.strictObject(teamProfileFields);
export type TeamProfile = z.infer<typeof teamProfileSchema>;
/** A new team: a rescue_team unit under `parentId` and its profile in one step. */
export const createTeamSchema = z.strictObject({ parentId: orgIdSchema, name: text(100), ...teamProfileFields });
export type CreateTeam = z.infer<typeof createTeamSchema>;

export const teamListQuerySchema = z.strictObject({
  orgId: orgIdSchema.optional(),
  speciality: z.enum(specialities).optional(),
  lang,
});

export const teamViewSchema = z
  .object({
    orgId: z.number().int(),
    name: z.string(),
    parentName: z.string().nullable(),
    hasProfile: z.boolean(),
    speciality: z.enum(specialities).nullable(),
    provinceStatus: z.enum(provinceStatuses),
    provinceRegNo: z.string().nullable(),
    registeredOn: z.string().nullable(),
    foundedOn: z.string().nullable(),
    baseAddress: z.string().nullable(),
    baseLat: z.number().nullable(),
    baseLng: z.number().nullable(),
    contactName: z.string().nullable(),
    contactPhone: z.string().nullable(),
    description: z.string().nullable(),
    leaders: z.array(z.object({ memberId: z.string(), name: z.string(), role: z.enum(memberRoles) })),
    activeMembers: z.number().int(),
    partyMembers: z.number().int(),
    equipmentLines: z.number().int(),
    expiringCertifications: z.number().int(),
    openDeployments: z.number().int(),
  })
  .meta({ id: 'RescueTeam' });
export type TeamView = z.infer<typeof teamViewSchema>;

// ------------------------------------------------------------------------------------------------ members

export const addMemberSchema = z.strictObject({
  name: text(50),
  idNumber: z.string().trim().min(15).max(18),
  phone: z.string().trim().max(20).nullish(),
  role: z.enum(memberRoles).default('member'),
  isPartyMember: z.boolean().default(false),
  joinedOn: chinaDate,
  skills: optText(200),
});
export type AddMember = z.infer<typeof addMemberSchema>;

export const updateMemberSchema = z
  .strictObject({
    role: z.enum(memberRoles).optional(),
    isPartyMember: z.boolean().optional(),
    skills: optText(200),
    leftOn: chinaDate.nullish(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type UpdateMember = z.infer<typeof updateMemberSchema>;

export const addCertificationSchema = z.strictObject({
  kind: text(50),
  certNo: optText(50),
  issuer: optText(100),
  issuedOn: chinaDate.nullish(),
  expiresOn: chinaDate.nullish(),
});
export type AddCertification = z.infer<typeof addCertificationSchema>;

export const certificationViewSchema = z.object({
  id: z.string(),
  memberId: z.string(),
  kind: z.string(),
  certNo: z.string().nullable(),
  issuer: z.string().nullable(),
  issuedOn: z.string().nullable(),
  expiresOn: z.string().nullable(),
  /** valid | expiring (within 30 days) | expired | no_expiry */
  state: z.enum(['valid', 'expiring', 'expired', 'no_expiry']),
});
export type CertificationView = z.infer<typeof certificationViewSchema>;

export const memberViewSchema = z
  .object({
    id: z.string(),
    teamOrgId: z.number().int(),
    personId: z.string(),
    name: z.string(),
    phoneMasked: z.string().nullable(),
    idNumberMasked: z.string().nullable(),
    role: z.enum(memberRoles),
    isPartyMember: z.boolean(),
    skills: z.string().nullable(),
    joinedOn: z.string(),
    leftOn: z.string().nullable(),
    isActive: z.boolean(),
    certifications: z.array(certificationViewSchema),
    /** The first-aider certificate from the training module, when the person holds a valid one. */
    firstAid: z.object({ certNo: z.string().nullable(), validUntil: z.string().nullable() }).nullable(),
    attendance: z.number().int(),
    deploymentMinutes: z.number().int(),
  })
  .meta({ id: 'RescueMember' });
export type MemberView = z.infer<typeof memberViewSchema>;

export const memberListQuerySchema = z.strictObject({
  includeLeft: z.enum(['true', 'false']).optional(),
  lang,
});

// ------------------------------------------------------------------------------------------------ equipment

export const addEquipmentSchema = z.strictObject({
  name: text(100),
  category: z.enum(equipmentCategories),
  quantity: z.number().int().positive().max(100_000),
  serialNo: optText(100),
  condition: z.enum(equipmentConditions).default('good'),
  lastInspectedOn: chinaDate.nullish(),
  expiresOn: chinaDate.nullish(),
  note: optText(500),
});
export type AddEquipment = z.infer<typeof addEquipmentSchema>;

export const updateEquipmentSchema = z
  .strictObject({
    name: text(100).optional(),
    quantity: z.number().int().positive().max(100_000).optional(),
    serialNo: optText(100),
    condition: z.enum(equipmentConditions).optional(),
    expiresOn: chinaDate.nullish(),
    note: optText(500),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type UpdateEquipment = z.infer<typeof updateEquipmentSchema>;

export const recordInspectionSchema = z.strictObject({
  inspectedOn: chinaDate,
  inspector: text(50),
  condition: z.enum(equipmentConditions),
  note: optText(500),
});
export type RecordInspection = z.infer<typeof recordInspectionSchema>;

export const inspectionViewSchema = z.object({
  id: z.string(),
  inspectedOn: z.string(),
  inspector: z.string(),
  condition: z.enum(equipmentConditions),
  note: z.string().nullable(),
});

export const equipmentViewSchema = z
  .object({
    id: z.string(),
    teamOrgId: z.number().int(),
    name: z.string(),
    category: z.enum(equipmentCategories),
    quantity: z.number().int(),
    serialNo: z.string().nullable(),
    condition: z.enum(equipmentConditions),
    lastInspectedOn: z.string().nullable(),
    expiresOn: z.string().nullable(),
    note: z.string().nullable(),
    isExpired: z.boolean(),
    inspections: z.array(inspectionViewSchema),
  })
  .meta({ id: 'RescueEquipment' });
export type EquipmentView = z.infer<typeof equipmentViewSchema>;

// ------------------------------------------------------------------------------------------------ deployments

export const callOutSchema = z.strictObject({
  teamOrgId: orgIdSchema,
  incidentKind: z.enum(incidentKinds),
  place: text(200),
  lat: z.number().min(-90).max(90).nullish(),
  lng: z.number().min(-180).max(180).nullish(),
  description: optText(2000),
  calledOutAt: instant,
  memberIds: z.array(z.uuid()).max(500).default([]),
});
export type CallOut = z.infer<typeof callOutSchema>;

export const dispatchMembersSchema = z.strictObject({ memberIds: z.array(z.uuid()).min(1).max(500) });
export type DispatchMembers = z.infer<typeof dispatchMembersSchema>;

export const memberTimesSchema = z
  .strictObject({ departedAt: instant.nullish(), returnedAt: instant.nullish() })
  .refine((v) => v.departedAt !== undefined || v.returnedAt !== undefined, { message: 'nothing to change' });
export type MemberTimes = z.infer<typeof memberTimesSchema>;

export const advanceDeploymentSchema = z.strictObject({
  to: z.enum(['deployed', 'returned', 'closed']),
  /** deployed: members without a departure leave at this time; returned: departed members without a return come back now. */
  at: instant.optional(),
  note: optText(500),
});
export type AdvanceDeployment = z.infer<typeof advanceDeploymentSchema>;

export const deploymentReportSchema = z
  .strictObject({
    place: text(200).optional(),
    lat: z.number().min(-90).max(90).nullish(),
    lng: z.number().min(-180).max(180).nullish(),
    description: optText(2000),
    tasks: optText(4000),
    peopleHelped: z.number().int().min(0).max(10_000_000).optional(),
    peopleRescued: z.number().int().min(0).max(10_000_000).optional(),
    photoFileIds: z.array(z.uuid()).max(30).optional(),
    equipmentUsed: z
      .array(z.strictObject({ equipmentId: z.uuid(), quantity: z.number().int().positive().max(100_000) }))
      .max(100)
      .optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type DeploymentReport = z.infer<typeof deploymentReportSchema>;

export const deploymentListQuerySchema = z.strictObject({
  orgId: orgIdSchema.optional(),
  status: z.enum(deploymentStatuses).optional(),
  from: chinaDate.optional(),
  to: chinaDate.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  lang,
});
export type DeploymentListQuery = z.infer<typeof deploymentListQuerySchema>;

export const deploymentMemberViewSchema = z.object({
  memberId: z.string(),
  name: z.string(),
  role: z.enum(memberRoles),
  isPartyMember: z.boolean(),
  departedAt: z.string().nullable(),
  returnedAt: z.string().nullable(),
  minutes: z.number().int().nullable(),
});

export const deploymentSummarySchema = z.object({
  id: z.string(),
  deploymentNo: z.string(),
  teamOrgId: z.number().int(),
  teamName: z.string(),
  incidentKind: z.enum(incidentKinds),
  place: z.string(),
  calledOutAt: z.string(),
  status: z.enum(deploymentStatuses),
  members: z.number().int(),
  partyMembers: z.number().int(),
  peopleHelped: z.number().int(),
  peopleRescued: z.number().int(),
});
export type DeploymentSummary = z.infer<typeof deploymentSummarySchema>;

export const deploymentListSchema = z.object({
  items: z.array(deploymentSummarySchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const deploymentViewSchema = deploymentSummarySchema
  .extend({
    lat: z.number().nullable(),
    lng: z.number().nullable(),
    description: z.string().nullable(),
    tasks: z.string().nullable(),
    photoFileIds: z.array(z.string()),
    equipmentUsed: z.array(z.object({ equipmentId: z.string(), name: z.string(), quantity: z.number().int() })),
    closedAt: z.string().nullable(),
    dispatched: z.array(deploymentMemberViewSchema),
    timeline: z.array(
      z.object({ at: z.string(), kind: z.string(), note: z.string().nullable(), actorLabel: z.string() }),
    ),
  })
  .meta({ id: 'RescueDeployment' });
export type DeploymentView = z.infer<typeof deploymentViewSchema>;

// ------------------------------------------------------------------------------------------------ training

export const recordTrainingSchema = z.strictObject({
  heldOn: chinaDate,
  topic: text(200),
  hours: z
    .number()
    .positive()
    .max(24)
    .refine((h) => Number.isInteger(Math.round(h * 10)) && Math.abs(h * 10 - Math.round(h * 10)) < 1e-9, {
      message: 'at most one decimal place',
    }),
  place: optText(200),
  trainer: optText(100),
  note: optText(1000),
  memberIds: z.array(z.uuid()).max(500).default([]),
});
export type RecordTraining = z.infer<typeof recordTrainingSchema>;

export const trainingViewSchema = z.object({
  id: z.string(),
  teamOrgId: z.number().int(),
  heldOn: z.string(),
  topic: z.string(),
  hours: z.number(),
  place: z.string().nullable(),
  trainer: z.string().nullable(),
  note: z.string().nullable(),
  attendees: z.array(z.object({ memberId: z.string(), name: z.string() })),
});
export type TrainingView = z.infer<typeof trainingViewSchema>;

// ------------------------------------------------------------------------------------------------ statistics

export const statsQuerySchema = z.strictObject({
  orgId: orgIdSchema.optional(),
  from: chinaDate.optional(),
  to: chinaDate.optional(),
  lang,
});
export type StatsQuery = z.infer<typeof statsQuerySchema>;

const attendanceFields = {
  deployments: z.number().int(),
  /** 出勤人次: member-deployments. */
  attendance: z.number().int(),
  /** 党员出勤人次 */
  partyAttendance: z.number().int(),
  /** Party members' share of attendance, 0–1 (null without attendance). */
  partyShare: z.number().nullable(),
  deploymentHours: z.number(),
  peopleHelped: z.number().int(),
  peopleRescued: z.number().int(),
};

export const statsViewSchema = z
  .object({
    orgId: z.number().int().nullable(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    totals: z.object({ teams: z.number().int(), activeMembers: z.number().int(), ...attendanceFields }),
    byTeam: z.array(
      z.object({ orgId: z.number().int(), name: z.string(), activeMembers: z.number().int(), ...attendanceFields }),
    ),
    byKind: z.array(z.object({ kind: z.enum(incidentKinds), deployments: z.number().int() })),
    byMonth: z.array(z.object({ month: z.string(), deployments: z.number().int(), attendance: z.number().int() })),
    byMember: z.array(
      z.object({
        memberId: z.string(),
        name: z.string(),
        teamName: z.string(),
        isPartyMember: z.boolean(),
        attendance: z.number().int(),
        deploymentHours: z.number(),
        trainingSessions: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'RescueStats' });
export type StatsView = z.infer<typeof statsViewSchema>;
