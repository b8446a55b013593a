// The service hall (一网通办): the catalogue (categories and items, reference tables), the working-day calendar, the
// requests with their timeline (large tables: region_id = the handling unit's region), and a rollup of the
// statistics per day and month × item × handling unit, kept in step with every transition.
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
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** 事项分类 (4 seeded: 会员服务, 款物捐赠, 捐献登记, 救护与救助). */
export const serviceCategories = pgTable('service_categories', {
  code: text('code').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  sortOrder: integer('sort_order').notNull().default(0),
  isActive: boolean('is_active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** 办事事项: what to prepare (materials), what to fill in (form fields), who handles it and how long it may take. */
export const serviceItems = pgTable(
  'service_items',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull(),
    categoryCode: text('category_code').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    descriptionZh: text('description_zh').notNull(),
    descriptionEn: text('description_en').notNull(),
    /** Material[] (services.schemas.ts). */
    materials: jsonb('materials').notNull(),
    /** FormField[] (services.schemas.ts). */
    formFields: jsonb('form_fields').notNull(),
    /** The org type that handles it: village | township | county | city | province. */
    handlingLevel: text('handling_level').notNull(),
    /** 承诺时限, working days from acceptance. */
    timeLimitDays: integer('time_limit_days').notNull(),
    needsPublicNotice: boolean('needs_public_notice').notNull(),
    /** hall | relief | receipts | members | registry | training | donations */
    fulfilledBy: text('fulfilled_by').notNull(),
    isActive: boolean('is_active').notNull().default(true),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('service_items_code_key').on(t.code),
    index('service_items_category_idx').on(t.categoryCode, t.sortOrder),
    check('service_items_limit_positive', sql`${t.timeLimitDays} > 0`),
  ],
);

/**
 * The working calendar's exceptions: public holidays (holiday) and make-up working days on a weekend (workday, 调休).
 * Any other Monday–Friday is a working day, any other Saturday or Sunday is not.
 */
export const workingCalendarDays = pgTable(
  'working_calendar_days',
  {
    day: date('day').primaryKey(),
    /** holiday | workday */
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    updatedBy: text('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('working_calendar_days_kind', sql`${t.kind} IN ('holiday', 'workday')`)],
);

/** One request of any item, from submission to conclusion. The handling unit's region is the row's region. */
export const serviceRequests = pgTable(
  'service_requests',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    requestNo: text('request_no').notNull(),
    itemId: integer('item_id').notNull(),
    /** The handling unit (the filed-at unit or its nearest ancestor of the item's level). */
    orgId: integer('org_id').notNull(),
    /** The unit the applicant applied at. */
    filedAtOrgId: integer('filed_at_org_id').notNull(),
    /** online | counter | module */
    channel: text('channel').notNull(),
    status: text('status').notNull(),
    applicantName: text('applicant_name').notNull(),
    applicantPhoneEnc: text('applicant_phone_enc').notNull(),
    /** Blind index of the E.164 phone: the citizen signed in with this phone sees the request as theirs. */
    applicantPhoneHash: text('applicant_phone_hash').notNull(),
    applicantPhoneMasked: text('applicant_phone_masked').notNull(),
    /** The public account that filed it (online), if any. */
    applicantAccountId: uuid('applicant_account_id'),
    personId: uuid('person_id'),
    /** FormAnswers. */
    form: jsonb('form').notNull(),
    /** [{ materialKey, fileId, name, contentType, sizeBytes }] */
    files: jsonb('files').notNull(),
    subjectKind: text('subject_kind'),
    subjectId: text('subject_id'),
    /** The China date of the first submission: the statistics cohort. */
    submittedOn: date('submitted_on').notNull(),
    /** The latest (re)submission. */
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
    acceptDueOn: date('accept_due_on'),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    dueOn: date('due_on'),
    /** The deadline the handling unit works against now; null when nothing waits on it. */
    deadlineOn: date('deadline_on'),
    concludedAt: timestamp('concluded_at', { withTimezone: true }),
    handlingDays: integer('handling_days'),
    isOnTime: boolean('is_on_time'),
    stars: smallint('stars'),
    ratingComment: text('rating_comment'),
    ratedAt: timestamp('rated_at', { withTimezone: true }),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'service_requests_pkey', columns: [t.regionId, t.id] }),
    uniqueIndex('service_requests_no_key').on(t.regionId, t.requestNo),
    index('service_requests_id_idx').on(t.id),
    index('service_requests_no_idx').on(t.requestNo),
    // The work queue: open requests of a unit by deadline.
    index('service_requests_queue_idx')
      .on(t.orgId, t.deadlineOn, t.id)
      .where(sql`${t.status} IN ('submitted', 'accepted', 'in_progress')`),
    index('service_requests_org_idx').on(t.orgId, t.submittedOn),
    index('service_requests_filed_at_idx').on(t.filedAtOrgId, t.submittedOn),
    index('service_requests_phone_idx').on(t.applicantPhoneHash, t.submittedAt),
    index('service_requests_subject_idx').on(t.subjectKind, t.subjectId),
    // Open requests by deadline across many units (a province's queue, the deadline alerts job).
    index('service_requests_deadline_idx')
      .on(t.deadlineOn, t.id)
      .where(sql`${t.status} IN ('submitted', 'accepted', 'in_progress')`),
    check('service_requests_stars', sql`${t.stars} IS NULL OR ${t.stars} BETWEEN 1 AND 5`),
  ],
);

/** The timeline of a request: every transition with its note, who acted (as unit and role) and when. */
export const serviceRequestEvents = pgTable(
  'service_request_events',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    requestId: uuid('request_id').notNull(),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    note: text('note'),
    /** Shown to the applicant (deadline alerts are for staff only). */
    isPublic: boolean('is_public').notNull(),
    actorKind: text('actor_kind').notNull(),
    actorId: text('actor_id'),
    /** What the applicant sees: 诸暨市红十字会 · 救助专员, 申请人, 系统. */
    actorLabel: text('actor_label').notNull(),
    /** The staff member's display name (staff views only). */
    actorName: text('actor_name'),
    orgId: integer('org_id'),
    /** Alerts: one per request, kind and deadline. */
    dedupeKey: text('dedupe_key'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'service_request_events_pkey', columns: [t.regionId, t.id] }),
    index('service_request_events_request_idx').on(t.requestId, t.at),
    uniqueIndex('service_request_events_dedupe_key').on(t.regionId, t.dedupeKey),
  ],
);

/**
 * Statistics per period × item × handling unit, for the requests first submitted in the period (a cohort). Each
 * transition adds to the day row and to the month row in its own transaction; counters only ever grow.
 */
export const serviceStatsRollup = pgTable(
  'service_stats_rollup',
  {
    regionId: integer('region_id').notNull(),
    /** day | month */
    grain: text('grain').notNull(),
    /** The day, or the first day of the month. */
    period: date('period').notNull(),
    itemId: integer('item_id').notNull(),
    orgId: integer('org_id').notNull(),
    received: integer('received').notNull().default(0),
    accepted: integer('accepted').notNull().default(0),
    /** 补正: times returned for correction. */
    returned: integer('returned').notNull().default(0),
    refused: integer('refused').notNull().default(0),
    withdrawn: integer('withdrawn').notNull().default(0),
    done: integer('done').notNull().default(0),
    rejected: integer('rejected').notNull().default(0),
    concludedOnTime: integer('concluded_on_time').notNull().default(0),
    handlingDaysSum: bigint('handling_days_sum', { mode: 'number' }).notNull().default(0),
    ratings: integer('ratings').notNull().default(0),
    starsSum: bigint('stars_sum', { mode: 'number' }).notNull().default(0),
    goodRatings: integer('good_ratings').notNull().default(0),
  },
  (t) => [
    primaryKey({ name: 'service_stats_rollup_pkey', columns: [t.regionId, t.grain, t.period, t.itemId, t.orgId] }),
    // The province's view of its cities reads the region totals (org_id 0) by period.
    index('service_stats_rollup_region_totals_idx').on(t.grain, t.period, t.regionId).where(sql`${t.orgId} = 0`),
    check('service_stats_rollup_grain', sql`${t.grain} IN ('day', 'month')`),
  ],
);
