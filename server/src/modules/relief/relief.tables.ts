// Humanitarian relief (人道救助): the kinds and their rules (a reference table), cases tied to a person record, their
// timeline, home visits, objections raised during public notice, payouts requested from a fund, and disaster batches.
// Large tables carry region_id (the case unit's region) in their primary key (see db/large-tables.ts).
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
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

/** 救助类别 and their rules: a reference table, seeded for every install, edited by relief:manage. */
export const reliefKinds = pgTable('relief_kinds', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  isActive: boolean('is_active').notNull().default(true),
  /** [{ maxFen: number | null, level: 'county' | 'city' | 'province' }], ascending; the last has maxFen null. */
  bands: jsonb('bands').notNull(),
  /** [{ key, name, isRequired }] */
  materials: jsonb('materials').notNull(),
  /** Texts the verifier confirms do not apply. */
  exclusions: jsonb('exclusions').notNull(),
  isSameCauseOnce: boolean('is_same_cause_once').notNull(),
  annualCapFen: bigint('annual_cap_fen', { mode: 'number' }),
  decisionWorkingDays: integer('decision_working_days').notNull(),
  noticeDays: integer('notice_days').notNull(),
  isNameShown: boolean('is_name_shown').notNull().default(false),
  updatedBy: text('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** 救助个案: one application by (or for) one person, owned by the applicant's village unit. */
export const reliefCases = pgTable(
  'relief_cases',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    caseNo: text('case_no').notNull(),
    kind: text('kind').notNull(),
    status: text('status').notNull(),
    orgId: integer('org_id').notNull(),
    personId: uuid('person_id').notNull(),
    /** The applicant's name and masked ID number as filed (the person record keeps the encrypted originals). */
    applicantName: text('applicant_name').notNull(),
    idNumberMasked: text('id_number_masked'),
    householdSize: integer('household_size').notNull(),
    causeCategory: text('cause_category').notNull(),
    causeText: text('cause_text').notNull(),
    requestedFen: bigint('requested_fen', { mode: 'number' }).notNull(),
    recommendedFen: bigint('recommended_fen', { mode: 'number' }),
    approvedFen: bigint('approved_fen', { mode: 'number' }),
    /** [{ key, fileId }] */
    materials: jsonb('materials').notNull().default([]),
    /** public | staff | batch | service_hall */
    filedVia: text('filed_via').notNull(),
    /** The staff user id or public account id that filed it. */
    filedBy: text('filed_by').notNull(),
    publicAccountId: uuid('public_account_id'),
    batchId: uuid('batch_id'),
    /** The service-hall request this case fulfils (set by the hall; no foreign key across modules). */
    serviceRequestId: text('service_request_id'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
    decisionDueAt: timestamp('decision_due_at', { withTimezone: true }).notNull(),
    verifiedBy: text('verified_by'),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    reviewedBy: text('reviewed_by'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    approvedBy: text('approved_by'),
    /** The org level the approver acted at (county, city, province). */
    approvalLevel: text('approval_level'),
    overrideNote: text('override_note'),
    /** The last decision's note: why returned (补正) or rejected, or the approver's note. */
    decisionNote: text('decision_note'),
    /** Approved or rejected at. */
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    approvalFileId: uuid('approval_file_id'),
    noticeStartsAt: timestamp('notice_starts_at', { withTimezone: true }),
    noticeEndsAt: timestamp('notice_ends_at', { withTimezone: true }),
    paidFen: bigint('paid_fen', { mode: 'number' }),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'relief_cases_pkey', columns: [t.regionId, t.id] }),
    uniqueIndex('relief_cases_no_key').on(t.regionId, t.caseNo),
    index('relief_cases_id_idx').on(t.id),
    index('relief_cases_no_idx').on(t.caseNo),
    index('relief_cases_person_idx').on(t.personId, t.submittedAt),
    index('relief_cases_org_idx').on(t.orgId, t.status, t.decisionDueAt),
    index('relief_cases_batch_idx').on(t.batchId).where(sql`${t.batchId} is not null`),
    index('relief_cases_account_idx').on(t.publicAccountId).where(sql`${t.publicAccountId} is not null`),
    index('relief_cases_notice_idx').on(t.noticeEndsAt).where(sql`${t.status} = 'on_notice'`),
  ],
);

/** The timeline of a case: one row per step (the audit log keeps the before/after of each). */
export const reliefCaseEvents = pgTable(
  'relief_case_events',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    caseId: uuid('case_id').notNull(),
    event: text('event').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    note: text('note'),
    actorId: text('actor_id'),
    orgId: integer('org_id'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'relief_case_events_pkey', columns: [t.regionId, t.id] }),
    index('relief_case_events_case_idx').on(t.caseId, t.at),
  ],
);

/** 入户核查 and 回访: home visits with their findings and photos. */
export const reliefVisits = pgTable(
  'relief_visits',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    caseId: uuid('case_id').notNull(),
    /** verification | follow_up */
    kind: text('kind').notNull(),
    visitedOn: date('visited_on').notNull(),
    visitors: text('visitors').notNull(),
    findings: text('findings').notNull(),
    photoFileIds: jsonb('photo_file_ids').notNull().default([]),
    exclusionsConfirmed: jsonb('exclusions_confirmed').notNull().default([]),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'relief_visits_pkey', columns: [t.regionId, t.id] }),
    index('relief_visits_case_idx').on(t.caseId),
  ],
);

/** 异议: raised by anyone (anonymously if they wish) while a case is on public notice, resolved by staff. */
export const reliefObjections = pgTable(
  'relief_objections',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    objectionNo: text('objection_no').notNull(),
    caseId: uuid('case_id').notNull(),
    orgId: integer('org_id').notNull(),
    text: text('text').notNull(),
    objectorName: text('objector_name'),
    phoneEnc: text('phone_enc'),
    phoneMasked: text('phone_masked'),
    /** open | upheld | dismissed */
    status: text('status').notNull(),
    caseAction: text('case_action'),
    resolutionNote: text('resolution_note'),
    resolvedBy: text('resolved_by'),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'relief_objections_pkey', columns: [t.regionId, t.id] }),
    uniqueIndex('relief_objections_no_key').on(t.regionId, t.objectionNo),
    index('relief_objections_case_idx').on(t.caseId),
    index('relief_objections_open_idx').on(t.orgId, t.createdAt).where(sql`${t.status} = 'open'`),
  ],
);

/**
 * A payout asked of a fund for a case. The fund source decides who holds the money (donations: a fund of the
 * donations module, paid by its two-person payout; mutualaid: a village mutual-aid fund); payout_ref is the
 * payout's id there. One pending or paid payout per case.
 */
export const reliefPayouts = pgTable(
  'relief_payouts',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    caseId: uuid('case_id').notNull(),
    fundSource: text('fund_source').notNull(),
    fundId: integer('fund_id').notNull(),
    payoutRef: text('payout_ref').notNull(),
    payoutNo: text('payout_no').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    /** pending | paid | rejected */
    status: text('status').notNull(),
    requestedBy: text('requested_by').notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    ledgerIndex: bigint('ledger_index', { mode: 'number' }),
  },
  (t) => [
    primaryKey({ name: 'relief_payouts_pkey', columns: [t.regionId, t.id] }),
    index('relief_payouts_case_idx').on(t.caseId),
    index('relief_payouts_ref_idx').on(t.fundSource, t.payoutRef),
    uniqueIndex('relief_payouts_live_key').on(t.regionId, t.caseId).where(sql`${t.status} <> 'rejected'`),
  ],
);

/** 批量救助: a list of households from one Excel file, approved once, paid per household. */
export const reliefBatches = pgTable(
  'relief_batches',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    batchNo: text('batch_no').notNull(),
    title: text('title').notNull(),
    kind: text('kind').notNull(),
    orgId: integer('org_id').notNull(),
    causeCategory: text('cause_category').notNull(),
    importId: uuid('import_id'),
    /** pending | approved | rejected */
    status: text('status').notNull(),
    caseCount: integer('case_count').notNull(),
    totalFen: bigint('total_fen', { mode: 'number' }).notNull(),
    largestFen: bigint('largest_fen', { mode: 'number' }).notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    approvedBy: text('approved_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
  },
  (t) => [
    primaryKey({ name: 'relief_batches_pkey', columns: [t.regionId, t.id] }),
    uniqueIndex('relief_batches_no_key').on(t.regionId, t.batchNo),
    index('relief_batches_id_idx').on(t.id),
    index('relief_batches_import_idx').on(t.importId),
    index('relief_batches_org_idx').on(t.orgId, t.createdAt),
  ],
);

/** Progress records of batch uploads (the shared import runner's columns). */
export const reliefBatchImports = importTable('relief_batch_imports');
