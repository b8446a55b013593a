// Members (会员): individual (ordinary, youth/青少年) and group members of a unit, with their number, tier, status
// and paid-up year. A large per-unit table carrying region_id (the member's unit's city-level branch; see
// db/large-tables.ts). Points, service orders and first-aid kits live in their own tables (members-*.tables.ts).
import { sql } from 'drizzle-orm';
import {
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
import { importTable } from '../../platform/imports/import-table';

export const members = pgTable(
  'members',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    /** The unit the member belongs to (grassroots unit or branch); transfers move it. */
    orgId: integer('org_id').notNull(),
    /** Member number (会员证号), unique in the province; null until admitted. */
    memberNo: text('member_no'),
    /** 'individual' | 'group'. */
    kind: text('kind').notNull(),
    /** Individual members: 'ordinary' | 'youth' (青少年); group members: 'group'. */
    category: text('category').notNull(),
    /** 'ordinary' | 'special' | 'life' (DOMAIN.md). */
    tier: text('tier').notNull().default('ordinary'),
    /** 'applied' | 'active' | 'lapsed' | 'rejected' | 'withdrawn'. */
    status: text('status').notNull(),
    /** The natural person (individual members; a group's contact person). */
    personId: uuid('person_id'),
    /** Group members: the organisation's name, 统一社会信用代码 and headcount (dues by headcount). */
    groupName: text('group_name'),
    groupUscc: text('group_uscc'),
    headcount: integer('headcount'),
    /** Group members: the contact person (name, phone encrypted and masked; the phone's blind index is phone_hash). */
    contactName: text('contact_name'),
    contactPhoneEnc: text('contact_phone_enc'),
    contactPhoneMasked: text('contact_phone_masked'),
    /** Search copies: the person's or group's name and its pinyin key, the member's (contact's) phone blind index. */
    name: text('name').notNull().default(''),
    namePinyin: text('name_pinyin').notNull().default(''),
    phoneHash: text('phone_hash'),
    phoneMasked: text('phone_masked'),
    idNumberMasked: text('id_number_masked'),
    workplace: text('workplace'),
    address: text('address'),
    /** The current card's verification code (in its QR); a reissue replaces it, so the old card no longer verifies. */
    cardToken: text('card_token'),
    cardVersion: integer('card_version').notNull().default(0),
    cardIssuedAt: timestamp('card_issued_at', { withTimezone: true }),
    /** The paid-up year a lapse reminder was last sent for (one reminder per year). */
    remindedForYear: integer('reminded_for_year'),
    /** The public account that applied online (null when staff filed it). */
    accountId: uuid('account_id'),
    /** 'online' | 'staff'. */
    channel: text('channel').notNull(),
    appliedAt: timestamp('applied_at', { withTimezone: true }).notNull().defaultNow(),
    joinedOn: date('joined_on'),
    /** The last year whose dues are paid (null: none yet). */
    paidThroughYear: integer('paid_through_year'),
    lapsedAt: timestamp('lapsed_at', { withTimezone: true }),
    /** Members under 14 (and youth members generally): the guardian's name, phone (encrypted) and consent file. */
    guardianName: text('guardian_name'),
    guardianPhoneEnc: text('guardian_phone_enc'),
    guardianPhoneMasked: text('guardian_phone_masked'),
    guardianConsentFileId: uuid('guardian_consent_file_id'),
    /** The service-hall request this application fulfils (no foreign key across modules). */
    serviceRequestId: uuid('service_request_id'),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'members_pkey', columns: [t.regionId, t.id] }),
    uniqueIndex('members_member_no_key').on(t.regionId, t.memberNo),
    // One live membership per person per region (applied, active or lapsed); rejected and withdrawn ones may repeat.
    uniqueIndex('members_person_live_key')
      .on(t.regionId, t.personId)
      .where(
        sql`${t.personId} IS NOT NULL AND ${t.kind} = 'individual' AND ${t.status} IN ('applied', 'active', 'lapsed')`,
      ),
    index('members_org_status_idx').on(t.orgId, t.status),
    index('members_person_idx').on(t.personId),
    index('members_account_idx').on(t.accountId),
    uniqueIndex('members_card_token_key').on(t.regionId, t.cardToken),
    index('members_card_token_idx').on(t.cardToken),
    index('members_phone_hash_idx').on(t.phoneHash),
    index('members_org_pinyin_idx').on(t.orgId, t.namePinyin),
    index('members_status_paid_idx').on(t.status, t.paidThroughYear),
    check('members_kind_check', sql`${t.kind} IN ('individual', 'group')`),
    check('members_category_check', sql`${t.category} IN ('ordinary', 'youth', 'group')`),
    check('members_tier_check', sql`${t.tier} IN ('ordinary', 'special', 'life')`),
    check('members_status_check', sql`${t.status} IN ('applied', 'active', 'lapsed', 'rejected', 'withdrawn')`),
  ],
);

/** A member's history: applied, admitted, rejected, dues paid, card issued, transferred, lapsed, reinstated. */
export const memberEvents = pgTable(
  'member_events',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    memberId: uuid('member_id').notNull(),
    kind: text('kind').notNull(),
    /** The member's unit when it happened (a transfer: the sending unit), and the receiving unit of a transfer. */
    orgId: integer('org_id').notNull(),
    toOrgId: integer('to_org_id'),
    note: text('note'),
    data: jsonb('data').notNull().default({}),
    actorId: text('actor_id'),
    actorName: text('actor_name').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'member_events_pkey', columns: [t.regionId, t.id] }),
    index('member_events_member_idx').on(t.memberId, t.at),
    index('member_events_org_kind_idx').on(t.orgId, t.kind, t.at),
    index('member_events_to_org_idx').on(t.toOrgId, t.at),
  ],
);

/** Dues paid (会费): one row per payment covering from_year..to_year, with its own receipt number (not a donation). */
export const memberDuesPayments = pgTable(
  'member_dues_payments',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    memberId: uuid('member_id').notNull(),
    /** The member's unit when paid (statistics stay with it after a transfer). */
    orgId: integer('org_id').notNull(),
    receiptNo: text('receipt_no').notNull(),
    fromYear: integer('from_year').notNull(),
    toYear: integer('to_year').notNull(),
    amountFen: integer('amount_fen').notNull(),
    /** 'cash' | 'bank' | 'online'. */
    method: text('method').notNull(),
    reference: text('reference'),
    payerName: text('payer_name').notNull(),
    paidOn: date('paid_on').notNull(),
    serviceRequestId: uuid('service_request_id'),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'member_dues_payments_pkey', columns: [t.regionId, t.id] }),
    uniqueIndex('member_dues_payments_receipt_key').on(t.regionId, t.receiptNo),
    index('member_dues_payments_member_idx').on(t.memberId, t.fromYear),
    index('member_dues_payments_org_paid_idx').on(t.orgId, t.paidOn),
    check('member_dues_payments_amount_check', sql`${t.amountFen} >= 0`),
    check('member_dues_payments_years_check', sql`${t.toYear} >= ${t.fromYear}`),
    check('member_dues_payments_method_check', sql`${t.method} IN ('cash', 'bank', 'online')`),
  ],
);

/** How each payment is shared up the tree: one row per receiving unit and level. */
export const memberDuesShares = pgTable(
  'member_dues_shares',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    paymentId: uuid('payment_id').notNull(),
    /** The unit that keeps this share, and its level: 'grassroots' | 'county' | 'city' | 'province'. */
    orgId: integer('org_id').notNull(),
    level: text('level').notNull(),
    amountFen: integer('amount_fen').notNull(),
    paidOn: date('paid_on').notNull(),
  },
  (t) => [
    primaryKey({ name: 'member_dues_shares_pkey', columns: [t.regionId, t.id] }),
    index('member_dues_shares_payment_idx').on(t.paymentId),
    index('member_dues_shares_org_paid_idx').on(t.orgId, t.paidOn),
  ],
);

/** Dues settings per province (the province branch's org id): yearly amounts, group rate, shares, lapse rule. */
export const memberDuesSettings = pgTable('member_dues_settings', {
  provinceOrgId: integer('province_org_id').primaryKey(),
  adultFen: integer('adult_fen').notNull(),
  youthFen: integer('youth_fen').notNull(),
  groupPerHeadFen: integer('group_per_head_fen').notNull(),
  groupMinFen: integer('group_min_fen').notNull(),
  /** Percent per level, summing to 100: { grassroots, county, city, province }. */
  shares: jsonb('shares').notNull(),
  lapseAfterYears: integer('lapse_after_years').notNull(),
  reminderDays: integer('reminder_days').notNull(),
  updatedBy: text('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Last sequence numbers of member numbers and dues receipts per (kind, prefix, year). */
export const memberCounters = pgTable(
  'member_counters',
  {
    kind: text('kind').notNull(),
    prefix: text('prefix').notNull(),
    year: integer('year').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ name: 'member_counters_pkey', columns: [t.kind, t.prefix, t.year] })],
);

/** Progress of member Excel imports. */
export const memberImports = importTable('member_imports');
