// Village mutual-aid funds (村级互助金): one fund per village / 博爱家园 / community, its contribution rules (a share of a
// charity livestream's sales), contributions, grants, interest-free loans with their instalments, and repayments.
// Money rows are never edited: the balance is what came in (contributions, repayments) less what went out (paid grants,
// loans). Large tables carry region_id (the fund unit's region) in their primary key (see db/large-tables.ts).
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
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** A unit's mutual-aid fund and its rules (a reference table: one row per unit at most while active). */
export const mutualaidFunds = pgTable(
  'mutualaid_funds',
  {
    id: serial('id').primaryKey(),
    /** The public code in the QR link (/mutual-aid/<code>). */
    code: text('code').notNull(),
    orgId: integer('org_id').notNull(),
    regionId: integer('region_id').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    maxGrantFen: bigint('max_grant_fen', { mode: 'number' }).notNull(),
    maxLoanFen: bigint('max_loan_fen', { mode: 'number' }).notNull(),
    /** The revolving cycle: a loan's default (and longest) term. */
    loanTermMonths: integer('loan_term_months').notNull(),
    isActive: boolean('is_active').notNull().default(true),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('mutualaid_funds_code_key').on(t.code),
    // One active fund per unit.
    uniqueIndex('mutualaid_funds_active_org_key').on(t.orgId).where(sql`${t.isActive}`),
    check('mutualaid_funds_limits_positive', sql`${t.maxGrantFen} > 0 AND ${t.maxLoanFen} > 0`),
    check('mutualaid_funds_term_range', sql`${t.loanTermMonths} BETWEEN 1 AND 60`),
  ],
);

/** 捐赠规则: a charity livestream gives `rate_bp` basis points of its declared sales to the fund (reference table). */
export const mutualaidRules = pgTable(
  'mutualaid_rules',
  {
    id: serial('id').primaryKey(),
    fundId: integer('fund_id').notNull(),
    /** The livestream (room or programme) whose sales count. */
    name: text('name').notNull(),
    /** The company or shop running it (public). */
    partner: text('partner').notNull(),
    rateBp: integer('rate_bp').notNull(),
    isActive: boolean('is_active').notNull().default(true),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('mutualaid_rules_fund_name_key').on(t.fundId, t.name),
    check('mutualaid_rules_rate_range', sql`${t.rateBp} BETWEEN 1 AND 10000`),
  ],
);

/** Money in: from the Red Cross branch, villagers, companies, or a livestream rule (sales × rate, with the evidence). */
export const mutualaidContributions = pgTable(
  'mutualaid_contributions',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    contributionNo: text('contribution_no').notNull(),
    fundId: integer('fund_id').notNull(),
    orgId: integer('org_id').notNull(),
    /** red_cross | villager | company | livestream */
    sourceKind: text('source_kind').notNull(),
    /** As given: a branch, a company or a villager's name (staff only for a villager). */
    contributorName: text('contributor_name'),
    /** What the public sees: the organisation's name, a masked villager (张*三) or 爱心村民. */
    contributorDisplay: text('contributor_display').notNull(),
    contributorSaltEnc: text('contributor_salt_enc'),
    contributorCommitment: text('contributor_commitment'),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    ruleId: integer('rule_id'),
    /** Livestream contributions: the declared sales and the rate applied, for the period below. */
    salesFen: bigint('sales_fen', { mode: 'number' }),
    rateBp: integer('rate_bp'),
    periodFrom: date('period_from'),
    periodTo: date('period_to'),
    evidenceFileId: uuid('evidence_file_id'),
    note: text('note'),
    receivedOn: date('received_on').notNull(),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    ledgerIndex: bigint('ledger_index', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'mutualaid_contributions_pkey', columns: [t.regionId, t.id] }),
    uniqueIndex('mutualaid_contributions_no_key').on(t.regionId, t.contributionNo),
    index('mutualaid_contributions_fund_idx').on(t.fundId, t.receivedOn),
    index('mutualaid_contributions_rule_idx').on(t.ruleId, t.periodFrom),
    check('mutualaid_contributions_amount_positive', sql`${t.amountFen} > 0`),
  ],
);

/**
 * Grants to members in hardship. Console grants are recorded (pending) by one user and paid on a second user's
 * approval; grants from a relief case are paid in the case's payout transaction (the case carries its approvals).
 */
export const mutualaidGrants = pgTable(
  'mutualaid_grants',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    grantNo: text('grant_no').notNull(),
    fundId: integer('fund_id').notNull(),
    orgId: integer('org_id').notNull(),
    /** console | case */
    origin: text('origin').notNull(),
    caseRef: text('case_ref'),
    personId: uuid('person_id'),
    payeeName: text('payee_name').notNull(),
    payeeDisplay: text('payee_display').notNull(),
    payeeSaltEnc: text('payee_salt_enc').notNull(),
    payeeCommitment: text('payee_commitment').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    purpose: text('purpose').notNull(),
    /** Why the grant is made (the recorder's decision note). */
    reason: text('reason'),
    evidenceFileId: uuid('evidence_file_id'),
    /** pending → paid | rejected */
    status: text('status').notNull(),
    requestedBy: text('requested_by').notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
    ledgerIndex: bigint('ledger_index', { mode: 'number' }),
  },
  (t) => [
    primaryKey({ name: 'mutualaid_grants_pkey', columns: [t.regionId, t.id] }),
    uniqueIndex('mutualaid_grants_no_key').on(t.regionId, t.grantNo),
    index('mutualaid_grants_id_idx').on(t.id),
    index('mutualaid_grants_fund_idx').on(t.fundId, t.requestedAt),
    check('mutualaid_grants_amount_positive', sql`${t.amountFen} > 0`),
  ],
);

/** 无息借款: an interest-free loan to a registered person, with the signed agreement and its schedule. */
export const mutualaidLoans = pgTable(
  'mutualaid_loans',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    loanNo: text('loan_no').notNull(),
    fundId: integer('fund_id').notNull(),
    orgId: integer('org_id').notNull(),
    personId: uuid('person_id').notNull(),
    borrowerName: text('borrower_name').notNull(),
    borrowerDisplay: text('borrower_display').notNull(),
    borrowerSaltEnc: text('borrower_salt_enc').notNull(),
    borrowerCommitment: text('borrower_commitment').notNull(),
    /** The phone repayment reminders go to (encrypted), when the borrower gave one. */
    contactPhoneEnc: text('contact_phone_enc'),
    contactPhoneMasked: text('contact_phone_masked'),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    purpose: text('purpose').notNull(),
    agreementFileId: uuid('agreement_file_id').notNull(),
    termMonths: integer('term_months').notNull(),
    /** equal (monthly instalments) | bullet (all at term end) */
    scheduleKind: text('schedule_kind').notNull(),
    disbursedOn: date('disbursed_on').notNull(),
    /** active → closed (fully repaid) */
    status: text('status').notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    ledgerIndex: bigint('ledger_index', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'mutualaid_loans_pkey', columns: [t.regionId, t.id] }),
    uniqueIndex('mutualaid_loans_no_key').on(t.regionId, t.loanNo),
    index('mutualaid_loans_id_idx').on(t.id),
    index('mutualaid_loans_fund_idx').on(t.fundId, t.disbursedOn),
    check('mutualaid_loans_amount_positive', sql`${t.amountFen} > 0`),
  ],
);

/** A loan's instalments: due date and amount fixed at issue; `paid_fen` follows the repayments allocated to it. */
export const mutualaidInstalments = pgTable(
  'mutualaid_instalments',
  {
    regionId: integer('region_id').notNull(),
    loanId: uuid('loan_id').notNull(),
    seq: integer('seq').notNull(),
    dueOn: date('due_on').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    paidFen: bigint('paid_fen', { mode: 'number' }).notNull().default(0),
    /** When the overdue job first found it unpaid after its due date. */
    overdueAt: timestamp('overdue_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ name: 'mutualaid_instalments_pkey', columns: [t.regionId, t.loanId, t.seq] }),
    index('mutualaid_instalments_due_idx').on(t.dueOn).where(sql`${t.paidFen} < ${t.amountFen}`),
    check('mutualaid_instalments_paid_range', sql`${t.paidFen} >= 0 AND ${t.paidFen} <= ${t.amountFen}`),
  ],
);

/** Money back from a borrower, allocated to the oldest open instalments first. */
export const mutualaidRepayments = pgTable(
  'mutualaid_repayments',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    repaymentNo: text('repayment_no').notNull(),
    loanId: uuid('loan_id').notNull(),
    fundId: integer('fund_id').notNull(),
    orgId: integer('org_id').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    /** [{ seq, amountFen }]: how the amount was applied to the instalments. */
    allocations: jsonb('allocations').notNull(),
    paidOn: date('paid_on').notNull(),
    note: text('note'),
    evidenceFileId: uuid('evidence_file_id'),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    ledgerIndex: bigint('ledger_index', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'mutualaid_repayments_pkey', columns: [t.regionId, t.id] }),
    uniqueIndex('mutualaid_repayments_no_key').on(t.regionId, t.repaymentNo),
    index('mutualaid_repayments_loan_idx').on(t.loanId, t.paidOn),
    index('mutualaid_repayments_fund_idx').on(t.fundId),
    check('mutualaid_repayments_amount_positive', sql`${t.amountFen} > 0`),
  ],
);
