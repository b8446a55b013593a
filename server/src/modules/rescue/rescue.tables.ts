// Rescue teams (应急救援队): a team is an org unit of type rescue_team with a profile row here; its members (people),
// their certifications, equipment and inspections, deployments (出动) with the members dispatched and a timeline, and
// the team's training sessions. Large tables carry region_id (the team unit's region) in their primary key.
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  doublePrecision,
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

/** The rescue profile of a rescue_team unit (a reference table: ~120 teams in a province). */
export const rescueTeams = pgTable(
  'rescue_teams',
  {
    orgId: integer('org_id').primaryKey(),
    regionId: integer('region_id').notNull(),
    /** water | mountain | urban_search | sanitation_water | medical | logistics | communications */
    speciality: text('speciality').notNull(),
    /** unregistered | applied | registered | suspended (registration with the provincial Red Cross) */
    provinceStatus: text('province_status').notNull(),
    provinceRegNo: text('province_reg_no'),
    registeredOn: date('registered_on'),
    foundedOn: date('founded_on'),
    baseAddress: text('base_address'),
    baseLat: doublePrecision('base_lat'),
    baseLng: doublePrecision('base_lng'),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    description: text('description'),
    updatedBy: text('updated_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('rescue_teams_region_idx').on(t.regionId)],
);

/** A person's membership of a team: role, party membership, joined and left dates (a left member stays on record). */
export const rescueMembers = pgTable(
  'rescue_members',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    teamOrgId: integer('team_org_id').notNull(),
    personRegionId: integer('person_region_id').notNull(),
    personId: uuid('person_id').notNull(),
    /** The person's name and masked phone when added (lists show these; the person record holds the PII). */
    name: text('name').notNull(),
    phoneMasked: text('phone_masked'),
    idNumberMasked: text('id_number_masked'),
    /** captain (队长) | vice_captain (副队长) | member (队员) */
    role: text('role').notNull(),
    isPartyMember: boolean('is_party_member').notNull().default(false),
    skills: text('skills'),
    joinedOn: date('joined_on').notNull(),
    leftOn: date('left_on'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'rescue_members_pkey', columns: [t.regionId, t.id] }),
    // A person is an active member of a team once.
    uniqueIndex('rescue_members_active_key').on(t.regionId, t.teamOrgId, t.personId).where(sql`${t.leftOn} IS NULL`),
    index('rescue_members_id_idx').on(t.id),
    index('rescue_members_team_idx').on(t.teamOrgId, t.leftOn),
    index('rescue_members_person_idx').on(t.personId),
    check('rescue_members_dates', sql`${t.leftOn} IS NULL OR ${t.leftOn} >= ${t.joinedOn}`),
  ],
);

/** A member's certification (diving, swift-water, rope, driving a boat …) with its expiry; the leader is told before. */
export const rescueCertifications = pgTable(
  'rescue_certifications',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    memberId: uuid('member_id').notNull(),
    teamOrgId: integer('team_org_id').notNull(),
    kind: text('kind').notNull(),
    certNo: text('cert_no'),
    issuer: text('issuer'),
    issuedOn: date('issued_on'),
    expiresOn: date('expires_on'),
    /** When the 30-day expiry warning went to the team's leaders (once per certification). */
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'rescue_certifications_pkey', columns: [t.regionId, t.id] }),
    index('rescue_certifications_member_idx').on(t.memberId),
    index('rescue_certifications_expiry_idx').on(t.expiresOn).where(sql`${t.remindedAt} IS NULL`),
    check(
      'rescue_certifications_dates',
      sql`${t.expiresOn} IS NULL OR ${t.issuedOn} IS NULL OR ${t.expiresOn} > ${t.issuedOn}`,
    ),
  ],
);

/** A team's equipment line: boats, ropes, pumps, radios … with condition, last inspection and expiry. */
export const rescueEquipment = pgTable(
  'rescue_equipment',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    teamOrgId: integer('team_org_id').notNull(),
    name: text('name').notNull(),
    /** boat | rope | diving | pump | medical | comms | lighting | protective | vehicle | other */
    category: text('category').notNull(),
    quantity: integer('quantity').notNull(),
    serialNo: text('serial_no'),
    /** good | fair | needs_repair | retired */
    condition: text('condition').notNull(),
    lastInspectedOn: date('last_inspected_on'),
    expiresOn: date('expires_on'),
    note: text('note'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'rescue_equipment_pkey', columns: [t.regionId, t.id] }),
    index('rescue_equipment_id_idx').on(t.id),
    index('rescue_equipment_team_idx').on(t.teamOrgId),
    check('rescue_equipment_quantity_positive', sql`${t.quantity} > 0`),
  ],
);

export const rescueEquipmentInspections = pgTable(
  'rescue_equipment_inspections',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    equipmentId: uuid('equipment_id').notNull(),
    inspectedOn: date('inspected_on').notNull(),
    inspector: text('inspector').notNull(),
    condition: text('condition').notNull(),
    note: text('note'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'rescue_equipment_inspections_pkey', columns: [t.regionId, t.id] }),
    index('rescue_equipment_inspections_equipment_idx').on(t.equipmentId, t.inspectedOn),
  ],
);

/** A call-out (出动) of a team to an incident: called_out → deployed → returned → closed. */
export const rescueDeployments = pgTable(
  'rescue_deployments',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    deploymentNo: text('deployment_no').notNull(),
    teamOrgId: integer('team_org_id').notNull(),
    /** flood | water_rescue | mountain_search | typhoon | earthquake | fire | traffic | missing_person | public_health | event_support | other */
    incidentKind: text('incident_kind').notNull(),
    place: text('place').notNull(),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    description: text('description'),
    calledOutAt: timestamp('called_out_at', { withTimezone: true }).notNull(),
    /** called_out | deployed | returned | closed */
    status: text('status').notNull(),
    tasks: text('tasks'),
    peopleHelped: integer('people_helped').notNull().default(0),
    peopleRescued: integer('people_rescued').notNull().default(0),
    photoFileIds: jsonb('photo_file_ids').$type<string[]>().notNull().default([]),
    /** [{ equipmentId, name, quantity }] */
    equipmentUsed: jsonb('equipment_used')
      .$type<{ equipmentId: string; name: string; quantity: number }[]>()
      .notNull()
      .default([]),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ name: 'rescue_deployments_pkey', columns: [t.regionId, t.id] }),
    uniqueIndex('rescue_deployments_no_key').on(t.regionId, t.deploymentNo),
    index('rescue_deployments_id_idx').on(t.id),
    index('rescue_deployments_team_idx').on(t.teamOrgId, t.calledOutAt),
    check('rescue_deployments_counts', sql`${t.peopleHelped} >= 0 AND ${t.peopleRescued} >= 0`),
  ],
);

/** A member dispatched on a deployment, with their own departure and return (one 出勤人次). */
export const rescueDeploymentMembers = pgTable(
  'rescue_deployment_members',
  {
    regionId: integer('region_id').notNull(),
    deploymentId: uuid('deployment_id').notNull(),
    memberId: uuid('member_id').notNull(),
    personId: uuid('person_id').notNull(),
    teamOrgId: integer('team_org_id').notNull(),
    /** Party membership when dispatched: the seeds count 党员出勤人次 as it was on the day. */
    isPartyMember: boolean('is_party_member').notNull(),
    departedAt: timestamp('departed_at', { withTimezone: true }),
    returnedAt: timestamp('returned_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'rescue_deployment_members_pkey', columns: [t.regionId, t.deploymentId, t.memberId] }),
    index('rescue_deployment_members_person_idx').on(t.personId),
    index('rescue_deployment_members_member_idx').on(t.memberId),
    check(
      'rescue_deployment_members_times',
      sql`${t.returnedAt} IS NULL OR (${t.departedAt} IS NOT NULL AND ${t.returnedAt} >= ${t.departedAt})`,
    ),
  ],
);

/** The deployment's timeline as people read it (the audit trail keeps the full before/after). */
export const rescueDeploymentEvents = pgTable(
  'rescue_deployment_events',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    deploymentId: uuid('deployment_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    kind: text('kind').notNull(),
    note: text('note'),
    actorLabel: text('actor_label').notNull(),
    // clock_timestamp(): events written in one transaction keep the order they were written in.
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`clock_timestamp()`),
  },
  (t) => [
    primaryKey({ name: 'rescue_deployment_events_pkey', columns: [t.regionId, t.id] }),
    index('rescue_deployment_events_deployment_idx').on(t.deploymentId, t.createdAt),
  ],
);

/** A training session of a team (date, topic, hours) and who attended. */
export const rescueTrainings = pgTable(
  'rescue_trainings',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    teamOrgId: integer('team_org_id').notNull(),
    heldOn: date('held_on').notNull(),
    topic: text('topic').notNull(),
    /** Tenths of an hour (2.5 h = 25), so sums stay exact. */
    hoursTenths: integer('hours_tenths').notNull(),
    place: text('place'),
    trainer: text('trainer'),
    note: text('note'),
    memberIds: jsonb('member_ids').$type<string[]>().notNull().default([]),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'rescue_trainings_pkey', columns: [t.regionId, t.id] }),
    index('rescue_trainings_team_idx').on(t.teamOrgId, t.heldOn),
    check('rescue_trainings_hours', sql`${t.hoursTenths} > 0 AND ${t.hoursTenths} <= 240`),
  ],
);
