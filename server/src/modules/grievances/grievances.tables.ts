// Grievances and verification: complaints and objections (投诉/异议) with their timeline, call-back samples (回访) and
// their call tasks, suspected-duplicate relief tasks, and the cursors of the scanning jobs.
// Large tables carry region_id (the handling unit's region) in their primary key (see db/large-tables.ts).
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
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
 * 投诉/异议: filed by anyone (anonymously if they wish) about a relief case, a payout, a service-hall request or
 * something else, handled by the unit that owns the subject. A call-back denial opens one too (source 'callback').
 */
export const grievances = pgTable(
  'grievances',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    grievanceNo: text('grievance_no').notNull(),
    /** complaint | objection | verification (opened by a call-back that did not confirm the payout) */
    kind: text('kind').notNull(),
    /** public | callback */
    source: text('source').notNull(),
    /** relief_case | payout | service_request | other */
    subjectKind: text('subject_kind').notNull(),
    /** The number as the complainant gave it (case, payout or request number), or null for 'other'. */
    subjectRef: text('subject_ref'),
    /** The resolved subject's id (relief case, payout or request). */
    subjectId: text('subject_id'),
    /** The relief case the subject belongs to (a case itself, or the case a payout paid): its oversight flag. */
    reliefCaseId: uuid('relief_case_id'),
    /** The handling unit: the subject's owner. */
    orgId: integer('org_id').notNull(),
    isAnonymous: boolean('is_anonymous').notNull(),
    complainantName: text('complainant_name'),
    phoneEnc: text('phone_enc'),
    phoneMasked: text('phone_masked'),
    content: text('content').notNull(),
    /** HMAC of the secret lookup code given to the complainant (null for call-back investigations). */
    lookupCodeHash: text('lookup_code_hash'),
    /** submitted → accepted → investigating → concluded */
    status: text('status').notNull(),
    /** upheld | partly_upheld | not_upheld */
    outcome: text('outcome'),
    reply: text('reply'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
    /** The last working day to conclude (Asia/Shanghai date). */
    dueOn: date('due_on').notNull(),
    /** When the overdue job first flagged it (and queued the reminder). */
    overdueAt: timestamp('overdue_at', { withTimezone: true }),
    acceptedBy: text('accepted_by'),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    concludedBy: text('concluded_by'),
    concludedAt: timestamp('concluded_at', { withTimezone: true }),
    /** The call-back task that opened it (source 'callback'). */
    callbackTaskId: uuid('callback_task_id'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'grievances_pkey', columns: [t.regionId, t.id] }),
    uniqueIndex('grievances_no_key').on(t.regionId, t.grievanceNo),
    index('grievances_no_idx').on(t.grievanceNo),
    index('grievances_id_idx').on(t.id),
    index('grievances_org_idx').on(t.orgId, t.status, t.dueOn),
    index('grievances_case_idx').on(t.reliefCaseId).where(sql`${t.reliefCaseId} IS NOT NULL`),
    index('grievances_open_due_idx').on(t.dueOn).where(sql`${t.status} <> 'concluded' AND ${t.overdueAt} IS NULL`),
  ],
);

/** The timeline of a grievance; public rows are what the complainant sees, internal ones are investigation notes. */
export const grievanceEvents = pgTable(
  'grievance_events',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    grievanceId: uuid('grievance_id').notNull(),
    /** submitted | accepted | note | concluded | overdue */
    kind: text('kind').notNull(),
    note: text('note'),
    isPublic: boolean('is_public').notNull(),
    actorLabel: text('actor_label').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'grievance_events_pkey', columns: [t.regionId, t.id] }),
    index('grievance_events_grievance_idx').on(t.grievanceId, t.at),
  ],
);

/**
 * 回访抽样: one random draw of paid relief recipients under a unit for a period. Reproducible: the seed, the size
 * of the candidate list and a hash of it are kept, so anyone can redraw the same sample.
 */
export const callbackSamples = pgTable(
  'callback_samples',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    orgId: integer('org_id').notNull(),
    periodFrom: date('period_from').notNull(),
    periodTo: date('period_to').notNull(),
    /** The size asked for, or null when a percentage was. */
    requestedSize: integer('requested_size'),
    requestedPercent: integer('requested_percent'),
    candidateCount: integer('candidate_count').notNull(),
    /** SHA-256 of the ordered candidate payout ids. */
    candidateHash: text('candidate_hash').notNull(),
    sampleSize: integer('sample_size').notNull(),
    /** 32 random bytes (hex) from the operating system's generator. */
    seed: text('seed').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'callback_samples_pkey', columns: [t.regionId, t.id] }),
    index('callback_samples_id_idx').on(t.id),
    index('callback_samples_org_idx').on(t.orgId, t.createdAt),
    check('callback_samples_size_ok', sql`${t.sampleSize} >= 0 AND ${t.sampleSize} <= ${t.candidateCount}`),
  ],
);

/** One call to one sampled recipient, and its result. */
export const callbackTasks = pgTable(
  'callback_tasks',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    sampleId: uuid('sample_id').notNull(),
    /** The position in the draw (1 = drawn first). */
    drawOrder: integer('draw_order').notNull(),
    /** The recipient's unit (the relief case's unit). */
    orgId: integer('org_id').notNull(),
    reliefCaseId: uuid('relief_case_id').notNull(),
    caseNo: text('case_no').notNull(),
    payoutId: text('payout_id').notNull(),
    payoutNo: text('payout_no'),
    personId: uuid('person_id'),
    recipientName: text('recipient_name').notNull(),
    /** The recipient's phone as the person record masks it (the full number is unmasked from the record, audited). */
    phoneMasked: text('phone_masked'),
    paidFen: bigint('paid_fen', { mode: 'number' }).notNull(),
    paidAt: timestamp('paid_at', { withTimezone: true }).notNull(),
    /** pending | done */
    status: text('status').notNull(),
    /** confirmed | denied | amount_differs | unreachable */
    result: text('result'),
    reportedFen: bigint('reported_fen', { mode: 'number' }),
    note: text('note'),
    attempts: integer('attempts').notNull().default(0),
    calledAt: timestamp('called_at', { withTimezone: true }),
    calledBy: text('called_by'),
    /** The investigation a denial or a difference opened. */
    grievanceId: uuid('grievance_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'callback_tasks_pkey', columns: [t.regionId, t.id] }),
    uniqueIndex('callback_tasks_sample_payout_key').on(t.regionId, t.sampleId, t.payoutId),
    index('callback_tasks_id_idx').on(t.id),
    index('callback_tasks_sample_idx').on(t.sampleId, t.drawOrder),
    index('callback_tasks_org_idx').on(t.orgId, t.status),
  ],
);

/**
 * 疑似重复救助: the same person (or a member of the same household) helped by relief cases of two different units
 * within 12 months. Raised by a job, held by the lowest unit above both, resolved with a note.
 */
export const duplicateSuspects = pgTable(
  'duplicate_suspects',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    /** dup:<personId>:<caseA>:<caseB> (case ids in order): one task per pair. */
    dedupeKey: text('dedupe_key').notNull(),
    /** person | household */
    matchKind: text('match_kind').notNull(),
    personId: uuid('person_id').notNull(),
    /** The lowest common unit above both cases' units. */
    orgId: integer('org_id').notNull(),
    caseAId: uuid('case_a_id').notNull(),
    caseANo: text('case_a_no').notNull(),
    caseAOrgId: integer('case_a_org_id').notNull(),
    caseBId: uuid('case_b_id').notNull(),
    caseBNo: text('case_b_no').notNull(),
    caseBOrgId: integer('case_b_org_id').notNull(),
    /** open | resolved */
    status: text('status').notNull(),
    /** duplicate | not_duplicate */
    resolution: text('resolution'),
    note: text('note'),
    resolvedBy: text('resolved_by'),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'duplicate_suspects_pkey', columns: [t.regionId, t.id] }),
    uniqueIndex('duplicate_suspects_key').on(t.regionId, t.dedupeKey),
    index('duplicate_suspects_id_idx').on(t.id),
    index('duplicate_suspects_org_idx').on(t.orgId, t.status),
    index('duplicate_suspects_case_a_idx').on(t.caseAId),
    index('duplicate_suspects_case_b_idx').on(t.caseBId),
  ],
);

/** Where a scanning job stopped (created-at and id of the last row it saw), so a run only reads what is new. */
export const grievanceJobCursors = pgTable('grievance_job_cursors', {
  name: text('name').primaryKey(),
  lastAt: timestamp('last_at', { withTimezone: true }).notNull(),
  lastId: text('last_id').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});
