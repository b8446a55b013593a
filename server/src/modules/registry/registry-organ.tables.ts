// Organ and body (遗体/组织) donation intent registrations, their audited versions, and the memorial (网上纪念馆):
// memorial pages, visitors' messages (held for moderation) and per-visitor-day marks that count visits and flowers
// once. Large tables carry region_id (the registering unit's region) in their primary key (see db/large-tables.ts).
import { sql } from 'drizzle-orm';
import {
  bigint,
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

/** A witness or a contact as stored: the phone encrypted, a masked copy for views. */
export type StoredContact = {
  name: string;
  relation?: string | null;
  phoneEnc: string | null;
  phoneMasked: string | null;
  /** A witness who is the staff member at the counter. */
  staffUserId?: string | null;
};

/** One donation intent: organs (人体器官) or a whole body / tissue (遗体/组织), for after the registrant's death. */
export const donorRegistrations = pgTable(
  'donor_registrations',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    /** organ | body */
    kind: text('kind').notNull(),
    /** The registration number printed on the card (QG… organs, YT… body). */
    regNo: text('reg_no').notNull(),
    /** The random code of the public check page the card's QR opens. */
    checkCode: text('check_code').notNull(),
    orgId: integer('org_id').notNull(),
    personId: uuid('person_id').notNull(),
    name: text('name').notNull(),
    idNumberMasked: text('id_number_masked').notNull(),
    birthDate: date('birth_date').notNull(),
    /** The registrant's phone: the public account that may see and withdraw the registration. */
    phoneEnc: text('phone_enc').notNull(),
    phoneHash: text('phone_hash').notNull(),
    phoneMasked: text('phone_masked').notNull(),
    /** online | counter */
    channel: text('channel').notNull(),
    /** organ: all | some; body: whole_body | tissue */
    scope: text('scope').notNull(),
    /** The named organs or tissues when the scope is not everything. */
    items: text('items').array().notNull(),
    /** Online: the name the registrant typed as signature; at a counter: the uploaded signed form. */
    consentSignature: text('consent_signature'),
    consentFileId: uuid('consent_file_id'),
    consentAt: timestamp('consent_at', { withTimezone: true }).notNull(),
    witnesses: jsonb('witnesses').$type<StoredContact[]>().notNull(),
    familyContact: jsonb('family_contact').$type<StoredContact>().notNull(),
    /** Body donation: the executor (执行人) and the receiving medical school or institution. */
    executor: jsonb('executor').$type<StoredContact>(),
    institution: text('institution'),
    /** active → withdrawn | deceased → realised */
    status: text('status').notNull(),
    version: integer('version').notNull().default(1),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    withdrawnBy: text('withdrawn_by'),
    withdrawalNote: text('withdrawal_note'),
    withdrawalFileId: uuid('withdrawal_file_id'),
    deathOn: date('death_on'),
    deathReportedAt: timestamp('death_reported_at', { withTimezone: true }),
    deathReportedBy: text('death_reported_by'),
    deathEvidenceFileId: uuid('death_evidence_file_id'),
    /** The donation realised: received by the institution (or organs recovered), on this date. */
    receivedOn: date('received_on'),
    receivedBy: text('received_by'),
    receivedRecordedBy: text('received_recorded_by'),
    receivedEvidenceFileId: uuid('received_evidence_file_id'),
    serviceRequestId: uuid('service_request_id'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'donor_registrations_pkey', columns: [t.regionId, t.id] }),
    uniqueIndex('donor_registrations_reg_no_key').on(t.regionId, t.regNo),
    uniqueIndex('donor_registrations_check_code_key').on(t.regionId, t.checkCode),
    // One living registration of each kind per person in a region (the service also checks across regions).
    uniqueIndex('donor_registrations_person_kind_key')
      .on(t.regionId, t.personId, t.kind)
      .where(sql`${t.status} <> 'withdrawn'`),
    index('donor_registrations_person_idx').on(t.personId),
    index('donor_registrations_phone_idx').on(t.phoneHash),
    index('donor_registrations_org_idx').on(t.orgId, t.createdAt),
    check('donor_registrations_kind', sql`${t.kind} IN ('organ', 'body')`),
    check('donor_registrations_status', sql`${t.status} IN ('active', 'withdrawn', 'deceased', 'realised')`),
  ],
);

/** Every version of a registration (created, changed, withdrawn, steps after death), masked, with who and why. */
export const donorRegistrationVersions = pgTable(
  'donor_registration_versions',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    registrationId: uuid('registration_id').notNull(),
    version: integer('version').notNull(),
    /** registered | changed | withdrawn | death_reported | received */
    change: text('change').notNull(),
    snapshot: jsonb('snapshot').notNull(),
    note: text('note'),
    changedBy: text('changed_by').notNull(),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'donor_registration_versions_pkey', columns: [t.regionId, t.id] }),
    uniqueIndex('donor_registration_versions_key').on(t.regionId, t.registrationId, t.version),
  ],
);

/** A memorial page of a donor who passed, made with the family's consent. */
export const memorials = pgTable(
  'memorials',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    registrationId: uuid('registration_id').notNull(),
    orgId: integer('org_id').notNull(),
    /** The full name only when the family agreed to show it; otherwise the masked name (张*). */
    displayName: text('display_name').notNull(),
    isNameShown: boolean('is_name_shown').notNull(),
    /** Who in the family consented (name and relation), and the signed consent. */
    consentBy: text('consent_by').notNull(),
    consentFileId: uuid('consent_file_id'),
    photoFileId: uuid('photo_file_id'),
    birthOn: date('birth_on'),
    deathOn: date('death_on').notNull(),
    /** organ | body */
    donationKind: text('donation_kind').notNull(),
    biography: text('biography').notNull(),
    familyWords: text('family_words'),
    isPublished: boolean('is_published').notNull().default(true),
    visitCount: bigint('visit_count', { mode: 'number' }).notNull().default(0),
    flowerCount: bigint('flower_count', { mode: 'number' }).notNull().default(0),
    messageCount: integer('message_count').notNull().default(0),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'memorials_pkey', columns: [t.regionId, t.id] }),
    uniqueIndex('memorials_registration_key').on(t.regionId, t.registrationId),
    index('memorials_wall_idx').on(t.deathOn, t.id),
    index('memorials_id_idx').on(t.id),
  ],
);

/** A visitor's message: pending until a moderator approves (shown) or rejects it. */
export const memorialMessages = pgTable(
  'memorial_messages',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    memorialId: uuid('memorial_id').notNull(),
    authorName: text('author_name').notNull(),
    body: text('body').notNull(),
    /** pending | approved | rejected */
    status: text('status').notNull(),
    visitorHash: text('visitor_hash').notNull(),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'memorial_messages_pkey', columns: [t.regionId, t.id] }),
    index('memorial_messages_memorial_idx').on(t.memorialId, t.status, t.createdAt),
    index('memorial_messages_pending_idx').on(t.status, t.createdAt),
    check('memorial_messages_status', sql`${t.status} IN ('pending', 'approved', 'rejected')`),
  ],
);

/**
 * One row per visitor, memorial and China day: the insert that creates it counts the visit (so a visitor counts once a
 * day), and its flower count caps flowers per visitor and day. Rows older than a few days may be pruned.
 */
export const memorialVisitorDays = pgTable(
  'memorial_visitor_days',
  {
    regionId: integer('region_id').notNull(),
    memorialId: uuid('memorial_id').notNull(),
    day: date('day').notNull(),
    visitorHash: text('visitor_hash').notNull(),
    flowers: integer('flowers').notNull().default(0),
  },
  (t) => [
    primaryKey({
      name: 'memorial_visitor_days_pkey',
      columns: [t.regionId, t.memorialId, t.day, t.visitorHash],
    }),
  ],
);
