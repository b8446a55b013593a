// Blood drives (无偿献血) and stem-cell donor registration (造血干细胞捐献者资料库). Large per-unit tables carrying
// region_id (the unit's city-level branch). ID numbers and phones are stored encrypted with a blind index and a masked
// copy; a registrant's relatives' phones are encrypted inside the `relatives` JSON.
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
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

/** 一次献血活动 organised by a unit with a blood centre (the centre keeps the medical records). */
export const bloodDrives = pgTable(
  'blood_drives',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    orgId: integer('org_id').notNull(),
    title: text('title').notNull(),
    place: text('place').notNull(),
    heldOn: date('held_on').notNull(),
    /** The partner blood centre (e.g. 绍兴市中心血站). */
    bloodCentre: text('blood_centre').notNull(),
    /** planned | held | cancelled */
    status: text('status').notNull().default('planned'),
    notes: text('notes').notNull().default(''),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.regionId, t.id] }),
    index('blood_drives_org_idx').on(t.orgId, t.heldOn),
    check('blood_drives_status_chk', sql`${t.status} IN ('planned', 'held', 'cancelled')`),
  ],
);

/**
 * A participant of a drive. The ID number's blind index (for the age and 6-month rules) is always kept; the name and
 * phone only with the donor's consent to be contacted (`has_contact_consent`).
 */
export const bloodDriveDonors = pgTable(
  'blood_drive_donors',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    driveId: uuid('drive_id').notNull(),
    orgId: integer('org_id').notNull(),
    idNumberHash: text('id_number_hash').notNull(),
    idNumberMasked: text('id_number_masked').notNull(),
    birthDate: date('birth_date').notNull(),
    gender: text('gender'),
    hasContactConsent: boolean('has_contact_consent').notNull().default(false),
    name: text('name'),
    phoneEnc: text('phone_enc'),
    phoneHash: text('phone_hash'),
    phoneMasked: text('phone_masked'),
    /** registered | donated | deferred (暂缓: turned away on the day) */
    status: text('status').notNull().default('registered'),
    volumeMl: integer('volume_ml'),
    donatedOn: date('donated_on'),
    isRepeatDonor: boolean('is_repeat_donor').notNull().default(false),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.regionId, t.id] }),
    uniqueIndex('blood_drive_donors_person_uq').on(t.regionId, t.driveId, t.idNumberHash),
    index('blood_drive_donors_id_idx').on(t.idNumberHash, t.donatedOn),
    index('blood_drive_donors_drive_idx').on(t.driveId),
    check('blood_drive_donors_status_chk', sql`${t.status} IN ('registered', 'donated', 'deferred')`),
    check('blood_drive_donors_volume_chk', sql`${t.volumeMl} IS NULL OR ${t.volumeMl} IN (200, 300, 400)`),
  ],
);

/**
 * 造血干细胞捐献登记. `status`: cooling_off → awaiting_sample → sampled → registered (入库) → preliminary_match (初配) →
 * confirmatory_typing (高分辨) → medical_exam (体检) → mobilisation (动员) → collected (采集); or withdrawn / lapsed.
 */
export const stemCellRegistrations = pgTable(
  'stemcell_registrations',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    registrationNo: text('registration_no').notNull(),
    orgId: integer('org_id').notNull(),
    personId: uuid('person_id'),
    name: text('name').notNull(),
    idType: text('id_type').notNull(),
    idNumberEnc: text('id_number_enc').notNull(),
    idNumberHash: text('id_number_hash').notNull(),
    idNumberMasked: text('id_number_masked').notNull(),
    phoneEnc: text('phone_enc').notNull(),
    phoneHash: text('phone_hash').notNull(),
    phoneMasked: text('phone_masked').notNull(),
    birthDate: date('birth_date').notNull(),
    gender: text('gender'),
    bloodType: text('blood_type').notNull().default('unknown'),
    /** online (the registrant on a phone) | staff (at a drive or the branch office) */
    channel: text('channel').notNull(),
    driveId: uuid('drive_id'),
    consentVersion: text('consent_version').notNull(),
    consentedAt: timestamp('consented_at', { withTimezone: true }).notNull(),
    /** [{ name, relation, phoneEnc, phoneMasked }] — exactly two. */
    relatives: jsonb('relatives').notNull(),
    /** The health declaration's answers, { question: false } for each (true answers are refused). */
    health: jsonb('health').notNull(),
    status: text('status').notNull(),
    coolingOffEndsAt: timestamp('cooling_off_ends_at', { withTimezone: true }),
    /** An online sign-up not confirmed by then lapses. */
    confirmBy: timestamp('confirm_by', { withTimezone: true }),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    /** Opaque code of the public check page (QR on the certificate): `<region>.<random>`. */
    checkCode: text('check_code').notNull(),
    publicAccountId: uuid('public_account_id'),
    serviceRequestId: uuid('service_request_id'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.regionId, t.id] }),
    uniqueIndex('stemcell_registrations_no_uq').on(t.regionId, t.registrationNo),
    uniqueIndex('stemcell_registrations_check_uq').on(t.regionId, t.checkCode),
    index('stemcell_registrations_id_idx').on(t.idNumberHash),
    index('stemcell_registrations_phone_idx').on(t.phoneHash),
    index('stemcell_registrations_org_idx').on(t.orgId, t.createdAt),
    index('stemcell_registrations_confirm_idx').on(t.confirmBy).where(sql`${t.status} = 'cooling_off'`),
  ],
);

/** The 5–8 ml blood sample for HLA typing, with its barcode (printed on the tube label). */
export const stemCellSamples = pgTable(
  'stemcell_samples',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    registrationId: uuid('registration_id').notNull(),
    barcode: text('barcode').notNull(),
    collectedOn: date('collected_on').notNull(),
    volumeMl: integer('volume_ml').notNull(),
    driveId: uuid('drive_id'),
    collectedBy: text('collected_by').notNull(),
    collectedByName: text('collected_by_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.regionId, t.id] }),
    uniqueIndex('stemcell_samples_barcode_uq').on(t.regionId, t.barcode),
    index('stemcell_samples_barcode_idx').on(t.barcode),
    index('stemcell_samples_registration_idx').on(t.registrationId),
    check('stemcell_samples_volume_chk', sql`${t.volumeMl} BETWEEN 5 AND 8`),
  ],
);

/**
 * Each step of a registration, with its date and the responsible staff member (or the registrant): confirmed,
 * sampled, registered, preliminary_match, confirmatory_typing, medical_exam, mobilisation, collected, withdrawn,
 * lapsed. A withdrawal keeps who asked, how and the evidence in `detail`.
 */
export const stemCellSteps = pgTable(
  'stemcell_steps',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    registrationId: uuid('registration_id').notNull(),
    orgId: integer('org_id').notNull(),
    step: text('step').notNull(),
    stepOn: date('step_on').notNull(),
    actorKind: text('actor_kind').notNull(),
    actorId: text('actor_id'),
    actorName: text('actor_name').notNull(),
    note: text('note').notNull().default(''),
    detail: jsonb('detail'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.regionId, t.id] }),
    index('stemcell_steps_registration_idx').on(t.registrationId, t.at),
    index('stemcell_steps_org_idx').on(t.orgId, t.step, t.stepOn),
  ],
);
