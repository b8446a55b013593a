// Volunteers (志愿服务): registrations, teams, activities with sign-ups, QR check-ins, service records (approved hours)
// with their corrections, certificates of service hours, and per-unit settings. Large per-unit tables carry region_id
// (the unit's city-level branch; see db/large-tables.ts); sign-ups, check-ins and records live in the activity's region.
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * A person registered as a volunteer of a unit. `status`: pending | approved | rejected. The volunteer number is
 * given on approval. The contact phone's blind index links a signed-in public account to the registration. A person
 * is registered once (a transaction-scoped lock on the person serialises registrations across regions).
 */
export const volunteers = pgTable(
  'volunteers',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    orgId: integer('org_id').notNull(),
    personId: uuid('person_id').notNull(),
    /** Copied from the person for lists and exports. */
    name: text('name').notNull(),
    volunteerNo: text('volunteer_no'),
    status: text('status').notNull(),
    phoneEnc: text('phone_enc').notNull(),
    phoneHash: text('phone_hash').notNull(),
    phoneMasked: text('phone_masked').notNull(),
    /** Codes from the skills catalogue (volunteers.schemas.ts skillCodes). */
    skills: text('skills').array().notNull(),
    languages: text('languages').array().notNull(),
    /** int[7], Monday first: bit 0 morning, bit 1 afternoon, bit 2 evening. */
    availability: integer('availability').array().notNull(),
    emergencyName: text('emergency_name').notNull(),
    emergencyPhoneEnc: text('emergency_phone_enc').notNull(),
    emergencyPhoneMasked: text('emergency_phone_masked').notNull(),
    birthDate: date('birth_date'),
    /** Under 18 at registration: the guardian's consent is on file. */
    isMinor: boolean('is_minor').notNull().default(false),
    guardianName: text('guardian_name'),
    guardianPhoneEnc: text('guardian_phone_enc'),
    guardianPhoneMasked: text('guardian_phone_masked'),
    guardianConsentFileId: uuid('guardian_consent_file_id'),
    /** public | staff */
    registeredVia: text('registered_via').notNull(),
    note: text('note').notNull().default(''),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: text('decided_by'),
    decisionNote: text('decision_note'),
  },
  (t) => [
    primaryKey({ name: 'volunteers_pkey', columns: [t.regionId, t.id] }),
    uniqueIndex('volunteers_person_key').on(t.regionId, t.personId),
    uniqueIndex('volunteers_no_key').on(t.regionId, t.volunteerNo),
    index('volunteers_id_idx').on(t.id),
    index('volunteers_person_idx').on(t.personId),
    index('volunteers_phone_idx').on(t.phoneHash),
    index('volunteers_org_idx').on(t.orgId, t.status),
    check('volunteers_status_check', sql`${t.status} in ('pending', 'approved', 'rejected')`),
    check('volunteers_availability_check', sql`cardinality(${t.availability}) = 7`),
  ],
);

/** 志愿服务队: a team under a unit. */
export const volunteerTeams = pgTable(
  'volunteer_teams',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    orgId: integer('org_id').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'volunteer_teams_pkey', columns: [t.regionId, t.id] }),
    uniqueIndex('volunteer_teams_name_key').on(t.regionId, t.orgId, t.name),
    index('volunteer_teams_id_idx').on(t.id),
  ],
);

/** A volunteer in a team. `role`: leader | member. */
export const volunteerTeamMembers = pgTable(
  'volunteer_team_members',
  {
    regionId: integer('region_id').notNull(),
    teamId: uuid('team_id').notNull(),
    volunteerId: uuid('volunteer_id').notNull(),
    role: text('role').notNull(),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'volunteer_team_members_pkey', columns: [t.regionId, t.teamId, t.volunteerId] }),
    check('volunteer_team_members_role_check', sql`${t.role} in ('leader', 'member')`),
  ],
);

/**
 * An activity (志愿服务活动). `status`: draft | published | cancelled. `confirmed_count` counts confirmed sign-ups and is
 * moved only by a conditional UPDATE (`confirmed_count < capacity`), so concurrent sign-ups never over-book.
 */
export const volunteerActivities = pgTable(
  'volunteer_activities',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    orgId: integer('org_id').notNull(),
    teamId: uuid('team_id'),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    place: text('place').notNull(),
    /** WGS-84. */
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    geofenceM: integer('geofence_m').notNull(),
    capacity: integer('capacity').notNull(),
    confirmedCount: integer('confirmed_count').notNull().default(0),
    skills: text('skills').array().notNull(),
    allowWalkIns: boolean('allow_walk_ins').notNull().default(false),
    /** Check-in opens this many minutes before the start and closes at the end. */
    checkInOpensMinutes: integer('check_in_opens_minutes').notNull().default(30),
    /** Check-out is accepted until this many minutes after the end. */
    checkOutGraceMinutes: integer('check_out_grace_minutes').notNull().default(60),
    status: text('status').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'volunteer_activities_pkey', columns: [t.regionId, t.id] }),
    index('volunteer_activities_id_idx').on(t.id),
    index('volunteer_activities_org_idx').on(t.orgId, t.startsAt),
    index('volunteer_activities_published_idx').on(t.startsAt).where(sql`${t.status} = 'published'`),
    check('volunteer_activities_status_check', sql`${t.status} in ('draft', 'published', 'cancelled')`),
    check('volunteer_activities_time_check', sql`${t.endsAt} > ${t.startsAt}`),
    check('volunteer_activities_capacity_check', sql`${t.confirmedCount} between 0 and ${t.capacity}`),
  ],
);

/** A sign-up (报名). `status`: confirmed | waitlisted | cancelled. One row per activity and volunteer. */
export const volunteerSignups = pgTable(
  'volunteer_signups',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    activityId: uuid('activity_id').notNull(),
    volunteerId: uuid('volunteer_id').notNull(),
    status: text('status').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'volunteer_signups_pkey', columns: [t.regionId, t.id] }),
    uniqueIndex('volunteer_signups_key').on(t.regionId, t.activityId, t.volunteerId),
    index('volunteer_signups_volunteer_idx').on(t.volunteerId),
    check('volunteer_signups_status_check', sql`${t.status} in ('confirmed', 'waitlisted', 'cancelled')`),
  ],
);

/**
 * A QR check-in or check-out on site (`kind`: in | out). The primary key makes each exactly once: concurrent
 * duplicates insert with ON CONFLICT DO NOTHING and only one wins.
 */
export const volunteerCheckins = pgTable(
  'volunteer_checkins',
  {
    regionId: integer('region_id').notNull(),
    activityId: uuid('activity_id').notNull(),
    volunteerId: uuid('volunteer_id').notNull(),
    kind: text('kind').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    distanceM: integer('distance_m').notNull(),
    isWalkIn: boolean('is_walk_in').notNull().default(false),
  },
  (t) => [
    primaryKey({ name: 'volunteer_checkins_pkey', columns: [t.regionId, t.activityId, t.volunteerId, t.kind] }),
    index('volunteer_checkins_volunteer_idx').on(t.volunteerId),
    check('volunteer_checkins_kind_check', sql`${t.kind} in ('in', 'out')`),
  ],
);

/**
 * A service record (服务记录): one volunteer's approved time at one activity. Written only by an approval or a
 * correction (each audited; a correction also leaves a volunteer_hour_corrections row). `status`: approved | voided.
 */
export const volunteerServiceRecords = pgTable(
  'volunteer_service_records',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    activityId: uuid('activity_id').notNull(),
    volunteerId: uuid('volunteer_id').notNull(),
    personId: uuid('person_id').notNull(),
    orgId: integer('org_id').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }).notNull(),
    minutes: integer('minutes').notNull(),
    status: text('status').notNull(),
    approvedBy: text('approved_by').notNull(),
    approvedAt: timestamp('approved_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'volunteer_service_records_pkey', columns: [t.regionId, t.id] }),
    uniqueIndex('volunteer_service_records_key').on(t.regionId, t.activityId, t.volunteerId),
    index('volunteer_service_records_person_idx').on(t.personId, t.startedAt),
    index('volunteer_service_records_org_idx').on(t.orgId, t.startedAt),
    check('volunteer_service_records_status_check', sql`${t.status} in ('approved', 'voided')`),
    check('volunteer_service_records_time_check', sql`${t.endedAt} >= ${t.startedAt} and ${t.minutes} >= 0`),
  ],
);

/** A correction of a service record (before and after, with the reason); never an edit without one. */
export const volunteerHourCorrections = pgTable(
  'volunteer_hour_corrections',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    recordId: uuid('record_id').notNull(),
    beforeStartedAt: timestamp('before_started_at', { withTimezone: true }),
    beforeEndedAt: timestamp('before_ended_at', { withTimezone: true }),
    beforeMinutes: integer('before_minutes'),
    afterStartedAt: timestamp('after_started_at', { withTimezone: true }).notNull(),
    afterEndedAt: timestamp('after_ended_at', { withTimezone: true }).notNull(),
    afterMinutes: integer('after_minutes').notNull(),
    reason: text('reason').notNull(),
    correctedBy: text('corrected_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'volunteer_hour_corrections_pkey', columns: [t.regionId, t.id] }),
    index('volunteer_hour_corrections_record_idx').on(t.regionId, t.recordId),
  ],
);

/** A certificate of service hours (志愿服务证明) issued for a period; its code is printed with a verification QR. */
export const volunteerCertificates = pgTable(
  'volunteer_certificates',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    code: text('code').notNull(),
    volunteerId: uuid('volunteer_id').notNull(),
    personId: uuid('person_id').notNull(),
    orgId: integer('org_id').notNull(),
    fromDate: date('from_date').notNull(),
    toDate: date('to_date').notNull(),
    minutes: integer('minutes').notNull(),
    activityCount: integer('activity_count').notNull(),
    issuedBy: text('issued_by').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'volunteer_certificates_pkey', columns: [t.regionId, t.id] }),
    uniqueIndex('volunteer_certificates_code_key').on(t.regionId, t.code),
    index('volunteer_certificates_code_idx').on(t.code),
  ],
);

/** Per-unit settings; a unit without a row takes its nearest ancestor's, else the defaults. */
export const volunteerSettings = pgTable('volunteer_settings', {
  orgId: integer('org_id').primaryKey(),
  /** Hours a year for full registration (DOMAIN.md: 20). */
  fullRegistrationHours: integer('full_registration_hours').notNull(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
