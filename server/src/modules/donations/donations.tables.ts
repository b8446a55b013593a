// Donations: fundraising projects and their funds (catalogues), online orders, received gifts, fund entries, the FIFO
// lots that payouts spend, payouts and what each spent, and every payment notification received (evidence).
// Large tables carry region_id in their primary key (see db/large-tables.ts); money is integer fen.
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
  serial,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { importTable } from '../../platform/imports/import-table';

/** 募捐项目: a reference table (small, read-mostly). */
export const donationProjects = pgTable(
  'donation_projects',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull(),
    /** The owner unit; its region holds the project's gifts and fund. */
    orgId: integer('org_id').notNull(),
    regionId: integer('region_id').notNull(),
    name: text('name').notNull(),
    summary: text('summary').notNull(),
    description: text('description').notNull().default(''),
    /** restricted (定向: the project fund) or unrestricted (非定向: the owner's general fund). */
    fundKind: text('fund_kind').notNull(),
    purpose: text('purpose').notNull(),
    targetFen: bigint('target_fen', { mode: 'number' }),
    presetAmountsFen: jsonb('preset_amounts_fen').$type<number[]>().notNull(),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on'),
    status: text('status').notNull(),
    /** Management fee cap in basis points of each payout (0 by default for restricted funds). */
    managementFeeBp: integer('management_fee_bp').notNull().default(0),
    isEmergency: boolean('is_emergency').notNull().default(false),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('donation_projects_code_key').on(t.code), index('donation_projects_org_idx').on(t.orgId)],
);

/** Funds: one per restricted project and one general fund per unit. A reference table; balances live in entries. */
export const funds = pgTable(
  'funds',
  {
    id: serial('id').primaryKey(),
    orgId: integer('org_id').notNull(),
    regionId: integer('region_id').notNull(),
    kind: text('kind').notNull(),
    projectId: integer('project_id'),
    name: text('name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('funds_project_key').on(t.projectId),
    uniqueIndex('funds_general_key').on(t.orgId).where(sql`${t.kind} = 'general'`),
  ],
);

/** Online giving: an order waits for the provider's notification, then becomes a donation. */
export const donationOrders = pgTable(
  'donation_orders',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    orderNo: text('order_no').notNull(),
    projectId: integer('project_id').notNull(),
    orgId: integer('org_id').notNull(),
    channel: text('channel').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    /** created → paid | expired | closed; paid → refunded. */
    status: text('status').notNull(),
    donorName: text('donor_name'),
    donorPhoneEnc: text('donor_phone_enc'),
    donorPhoneHash: text('donor_phone_hash'),
    donorPhoneMasked: text('donor_phone_masked'),
    isAnonymous: boolean('is_anonymous').notNull(),
    message: text('message'),
    consentVersion: text('consent_version').notNull(),
    wantsReceipt: boolean('wants_receipt').notNull(),
    /** SHA-256 of the token the donor's browser holds to see the result and the certificate. */
    accessTokenHash: text('access_token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    providerTxnId: text('provider_txn_id'),
    donationId: uuid('donation_id'),
    /** When the provider was asked about this order after it expired without a notification (查询订单, 补单). */
    providerCheckedAt: timestamp('provider_checked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'donation_orders_pkey', columns: [t.regionId, t.id] }),
    uniqueIndex('donation_orders_no_key').on(t.regionId, t.orderNo),
    index('donation_orders_no_idx').on(t.orderNo),
    index('donation_orders_due_idx').on(t.expiresAt).where(sql`${t.status} = 'created'`),
    index('donation_orders_unchecked_idx')
      .on(t.expiresAt)
      .where(sql`${t.status} = 'expired' AND ${t.providerCheckedAt} IS NULL AND ${t.channel} <> 'local'`),
  ],
);

/** 款物接收: one row per gift of money received. Never edited: refunds and corrections are new entries. */
export const donations = pgTable(
  'donations',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    donationNo: text('donation_no').notNull(),
    projectId: integer('project_id').notNull(),
    fundId: integer('fund_id').notNull(),
    orgId: integer('org_id').notNull(),
    /** local | wechat | alipay | bank | cash | cheque */
    channel: text('channel').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    /** person | organisation */
    donorKind: text('donor_kind').notNull(),
    donorName: text('donor_name'),
    /** What the public sees: 张*三, an organisation's name, or 爱心人士. */
    displayName: text('display_name').notNull(),
    isAnonymous: boolean('is_anonymous').notNull(),
    donorPhoneEnc: text('donor_phone_enc'),
    donorPhoneHash: text('donor_phone_hash'),
    donorPhoneMasked: text('donor_phone_masked'),
    message: text('message'),
    /** Donor intent, fixed at receipt: restricted to the project, or unrestricted. */
    intent: text('intent').notNull(),
    intentNote: text('intent_note'),
    agreementFileId: uuid('agreement_file_id'),
    evidenceFileId: uuid('evidence_file_id'),
    /** The salt of the identity commitment (encrypted; erasing it and the name unlinks the public entry). */
    saltEnc: text('salt_enc'),
    commitment: text('commitment').notNull(),
    providerTxnId: text('provider_txn_id'),
    orderId: uuid('order_id'),
    /** none | waived | anonymous | requested | issued */
    receiptStatus: text('receipt_status').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    recordedBy: text('recorded_by').notNull(),
    ledgerIndex: bigint('ledger_index', { mode: 'number' }).notNull(),
    accessTokenHash: text('access_token_hash'),
    certificateFileId: uuid('certificate_file_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'donations_pkey', columns: [t.regionId, t.id] }),
    uniqueIndex('donations_no_key').on(t.regionId, t.donationNo),
    uniqueIndex('donations_provider_txn_key').on(t.regionId, t.channel, t.providerTxnId),
    index('donations_no_idx').on(t.donationNo),
    index('donations_project_received_idx').on(t.projectId, t.receivedAt),
    index('donations_org_received_idx').on(t.orgId, t.receivedAt),
    // The daily disclosure and day searches read a day's gifts in time order.
    index('donations_received_ledger_idx').on(t.receivedAt, t.ledgerIndex),
    index('donations_phone_idx').on(t.donorPhoneHash),
    index('donations_ledger_idx').on(t.ledgerIndex),
  ],
);

/** The fund journal: every change of a fund's balance, signed fen. Balance = sum. */
export const fundEntries = pgTable(
  'fund_entries',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    fundId: integer('fund_id').notNull(),
    /** donation | refund | payout | payout_reversal */
    kind: text('kind').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    donationId: uuid('donation_id'),
    payoutId: uuid('payout_id'),
    ledgerIndex: bigint('ledger_index', { mode: 'number' }).notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'fund_entries_pkey', columns: [t.regionId, t.id] }),
    index('fund_entries_fund_idx').on(t.fundId, t.occurredAt),
    // Is this gift refunded or corrected? Asked for every gift shown to the public.
    index('fund_entries_reversal_idx').on(t.donationId).where(sql`${t.kind} IN ('refund', 'correction')`),
  ],
);

/**
 * The FIFO queue of each fund: one lot per gift, in ledger order, with what is still unspent. Payouts take from the
 * oldest lot first (lowest ledger index), so anyone holding the log can recompute every match.
 */
export const fundLots = pgTable(
  'fund_lots',
  {
    regionId: integer('region_id').notNull(),
    fundId: integer('fund_id').notNull(),
    /** The ledger index of the event that put the money in this fund (the gift, or an allocation): the FIFO order. */
    ledgerIndex: bigint('ledger_index', { mode: 'number' }).notNull(),
    donationId: uuid('donation_id').notNull(),
    /** The ledger index of the gift itself: breaks ties among the gifts one allocation moved, oldest first. */
    originIndex: bigint('origin_index', { mode: 'number' }).notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    unspentFen: bigint('unspent_fen', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'fund_lots_pkey', columns: [t.regionId, t.fundId, t.ledgerIndex, t.originIndex] }),
    index('fund_lots_open_idx').on(t.fundId, t.ledgerIndex, t.originIndex).where(sql`${t.unspentFen} > 0`),
    index('fund_lots_donation_idx').on(t.donationId),
  ],
);

/** 拨付: money leaving a fund for a person or a unit, approved by a second user. */
export const payouts = pgTable(
  'payouts',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    payoutNo: text('payout_no').notNull(),
    fundId: integer('fund_id').notNull(),
    projectId: integer('project_id'),
    orgId: integer('org_id').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    /** person | unit */
    payeeKind: text('payee_kind').notNull(),
    payeeName: text('payee_name').notNull(),
    /** The public name: a unit's name, or a masked person's name. */
    payeeDisplay: text('payee_display').notNull(),
    payeeSaltEnc: text('payee_salt_enc'),
    payeeCommitment: text('payee_commitment').notNull(),
    purpose: text('purpose').notNull(),
    /** Purchases made with donated money: supplier, unit price, related-party flag. */
    supplier: text('supplier'),
    unitPriceFen: bigint('unit_price_fen', { mode: 'number' }),
    quantity: integer('quantity'),
    isRelatedParty: boolean('is_related_party').notNull().default(false),
    /** A management fee (管理费) paid to the owner unit, within the project's cap. */
    isManagementFee: boolean('is_management_fee').notNull().default(false),
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
    primaryKey({ name: 'payouts_pkey', columns: [t.regionId, t.id] }),
    uniqueIndex('payouts_no_key').on(t.regionId, t.payoutNo),
    index('payouts_fund_idx').on(t.fundId, t.requestedAt),
    index('payouts_org_idx').on(t.orgId, t.requestedAt),
    index('payouts_decided_idx').on(t.decidedAt),
  ],
);

/** What each payout spent: the FIFO matches, one row per (payout, gift). */
export const payoutSpends = pgTable(
  'payout_spends',
  {
    regionId: integer('region_id').notNull(),
    payoutId: uuid('payout_id').notNull(),
    donationId: uuid('donation_id').notNull(),
    lotIndex: bigint('lot_index', { mode: 'number' }).notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'payout_spends_pkey', columns: [t.regionId, t.payoutId, t.donationId] }),
    index('payout_spends_donation_idx').on(t.donationId),
  ],
);

/**
 * Every payment notification received, whatever its verdict: accepted, duplicate, or refused (forged, unknown
 * order, wrong amount, late). Refused ones are flagged for staff. Kept on the coordinator (the order may be unknown).
 */
export const paymentNotifications = pgTable(
  'payment_notifications',
  {
    id: uuid('id').primaryKey(),
    channel: text('channel').notNull(),
    orderNo: text('order_no'),
    providerTxnId: text('provider_txn_id'),
    amountFen: bigint('amount_fen', { mode: 'number' }),
    /** accepted | duplicate | forged | malformed | unknown_order | amount_mismatch | late */
    verdict: text('verdict').notNull(),
    detail: text('detail'),
    headers: jsonb('headers').$type<Record<string, string>>().notNull(),
    body: text('body').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    reviewedBy: text('reviewed_by'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
  },
  (t) => [
    index('payment_notifications_flagged_idx')
      .on(t.receivedAt)
      .where(sql`${t.verdict} NOT IN ('accepted', 'duplicate')`),
    index('payment_notifications_order_idx').on(t.orderNo),
  ],
);

/**
 * Reversals of a gift, approved by a second user: a refund (money returned to the donor) or a correction (a gift
 * recorded in error, e.g. a wrong amount, re-recorded as a new gift). Only an unspent gift can be reversed; the
 * reversal is a new ledger entry and a negative fund entry — the gift's own rows never change.
 */
export const donationReversals = pgTable(
  'donation_reversals',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    donationId: uuid('donation_id').notNull(),
    orgId: integer('org_id').notNull(),
    /** refund | correction */
    kind: text('kind').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    reason: text('reason').notNull(),
    evidenceFileId: uuid('evidence_file_id'),
    /** pending → done | rejected */
    status: text('status').notNull(),
    requestedBy: text('requested_by').notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
    ledgerIndex: bigint('ledger_index', { mode: 'number' }),
  },
  (t) => [
    primaryKey({ name: 'donation_reversals_pkey', columns: [t.regionId, t.id] }),
    index('donation_reversals_donation_idx').on(t.donationId),
    index('donation_reversals_decided_idx').on(t.decidedAt),
    uniqueIndex('donation_reversals_open_key')
      .on(t.regionId, t.donationId)
      .where(sql`${t.status} IN ('pending', 'done')`),
  ],
);

/**
 * A donor's recorded consent to use their restricted gift for another fund's purpose (Red Cross Law Art. 21):
 * without it, no allocation may move that gift out of its project fund. Recorded consents are public (ledger).
 */
export const donorConsents = pgTable(
  'donor_consents',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    donationId: uuid('donation_id').notNull(),
    toFundId: integer('to_fund_id').notNull(),
    purpose: text('purpose').notNull(),
    /** written (a signed letter) | recorded (a recorded call or message), with its evidence file. */
    form: text('form').notNull(),
    evidenceFileId: uuid('evidence_file_id').notNull(),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    ledgerIndex: bigint('ledger_index', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'donor_consents_pkey', columns: [t.regionId, t.id] }),
    uniqueIndex('donor_consents_gift_fund_key').on(t.regionId, t.donationId, t.toFundId),
    index('donor_consents_fund_idx').on(t.toFundId),
  ],
);

/** 调拨: money moved from one fund to another, approved by a second user, taken FIFO from eligible gifts. */
export const fundAllocations = pgTable(
  'fund_allocations',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    allocationNo: text('allocation_no').notNull(),
    fromFundId: integer('from_fund_id').notNull(),
    toFundId: integer('to_fund_id').notNull(),
    orgId: integer('org_id').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    purpose: text('purpose').notNull(),
    /** pending → done | rejected */
    status: text('status').notNull(),
    requestedBy: text('requested_by').notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
    ledgerIndex: bigint('ledger_index', { mode: 'number' }),
  },
  (t) => [
    primaryKey({ name: 'fund_allocations_pkey', columns: [t.regionId, t.id] }),
    uniqueIndex('fund_allocations_no_key').on(t.regionId, t.allocationNo),
    index('fund_allocations_from_idx').on(t.fromFundId, t.requestedAt),
    index('fund_allocations_org_idx').on(t.orgId, t.requestedAt),
  ],
);

/** What each allocation moved: one row per gift (the FIFO matches), like payout_spends. */
export const allocationMoves = pgTable(
  'allocation_moves',
  {
    regionId: integer('region_id').notNull(),
    allocationId: uuid('allocation_id').notNull(),
    donationId: uuid('donation_id').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'allocation_moves_pkey', columns: [t.regionId, t.allocationId, t.donationId] }),
    index('allocation_moves_donation_idx').on(t.donationId),
  ],
);

/** 对账: each provider statement imported, with what matched and what is missing on either side. Coordinator table. */
export const paymentStatements = pgTable(
  'payment_statements',
  {
    id: uuid('id').primaryKey(),
    channel: text('channel').notNull(),
    fileId: uuid('file_id').notNull(),
    periodFrom: timestamp('period_from', { withTimezone: true }),
    periodTo: timestamp('period_to', { withTimezone: true }),
    lineCount: integer('line_count').notNull(),
    /** Counts per bucket: matched, missingInOurs, missingInStatement, amountMismatch, txnIdMismatch. */
    summary: jsonb('summary').$type<Record<string, number>>().notNull(),
    /** The unmatched items themselves (order numbers, amounts, times), for staff to work through. */
    issues: jsonb('issues').$type<unknown[]>().notNull(),
    importedBy: text('imported_by').notNull(),
    importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('payment_statements_imported_idx').on(t.importedAt)],
);

/**
 * 信息公开: the disclosures each project owes (periodic, final, use of funds) with their deadlines, and what was
 * published. A published text is never edited: a correction is a new row pointing at the one it corrects, and each
 * publication's SHA-256 goes into the public ledger.
 */
export const disclosures = pgTable(
  'disclosures',
  {
    id: uuid('id').primaryKey(),
    projectId: integer('project_id').notNull(),
    orgId: integer('org_id').notNull(),
    /** periodic | final | use_of_funds | correction */
    kind: text('kind').notNull(),
    /** What the disclosure covers, e.g. the payout it reports on, or the period. */
    subject: text('subject').notNull(),
    /** Unique per project and obligation, so the timer job creates each obligation once. */
    obligationKey: text('obligation_key').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    title: text('title'),
    body: text('body'),
    /** The project's figures when published: received, spent, balance, gift count. */
    figures: jsonb('figures').$type<Record<string, number>>(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    publishedBy: text('published_by'),
    bodySha256: text('body_sha256'),
    correctsId: uuid('corrects_id'),
    ledgerIndex: bigint('ledger_index', { mode: 'number' }),
    overdueAlertedAt: timestamp('overdue_alerted_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('disclosures_obligation_key').on(t.projectId, t.obligationKey),
    index('disclosures_due_idx').on(t.dueAt).where(sql`${t.publishedAt} IS NULL`),
    index('disclosures_org_idx').on(t.orgId, t.dueAt),
  ],
);

/** Excel imports of offline gifts: status and progress, readable by the uploader while the import runs. */
export const giftImports = importTable('gift_imports');
