// The donations contract: projects, online giving (orders), gifts recorded by staff, funds, payouts and the public
// views (masked names, trails, the daily disclosure). Money is integer fen everywhere.
import { z } from 'zod';
import { importViewSchema } from '../../platform/imports/imports.schemas';

const orgId = z.number().int().positive().max(2_147_483_647);
/** Every query may carry ?lang= (the caller's language, read by the locale hook). */
const lang = z.string().max(20).optional();

/** Who asked, who decided (a second person) and the ledger entry of what was done: shared by approval views. */
const decisionFields = {
  requestedBy: z.string(),
  requestedByName: z.string(),
  requestedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  ledgerIndex: z.number().int().nullable(),
};

/** Lists of requests that a second person decides (reversals, allocations). */
const approvalListQuerySchema = z.strictObject({
  lang,
  status: z.enum(['pending', 'done', 'rejected']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});
/** A whole number of fen above zero; the configured maxima are checked by the service (AMOUNT_TOO_LARGE). */
export const amountFenSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const fundKindValues = ['restricted', 'unrestricted'] as const;
export const projectStatusValues = ['draft', 'open', 'closed'] as const;
export const onlineChannelValues = ['local', 'wechat', 'alipay'] as const;
export const offlineChannelValues = ['bank', 'cash', 'cheque'] as const;
export const channelValues = [...onlineChannelValues, ...offlineChannelValues] as const;
export const orderStatusValues = ['created', 'paid', 'expired', 'closed', 'refunded'] as const;
export const receiptStatusValues = ['none', 'waived', 'anonymous', 'requested', 'issued'] as const;
export const payoutStatusValues = ['pending', 'paid', 'rejected'] as const;
export const reversalKindValues = ['refund', 'correction'] as const;
/** The public reason of a reversal (free-text notes stay private: they may name people). */
export const reversalReasonValues = ['donor_request', 'duplicate', 'wrong_amount', 'wrong_project', 'other'] as const;

// ------------------------------------------------------------------------------------------------ projects

export const createProjectSchema = z.strictObject({
  orgId,
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{3,32}$/)
    .optional(),
  name: z.string().trim().min(2).max(60),
  summary: z.string().trim().min(2).max(200),
  description: z.string().trim().max(5000).default(''),
  fundKind: z.enum(fundKindValues),
  purpose: z.string().trim().min(2).max(200),
  targetFen: amountFenSchema.nullable().default(null),
  presetAmountsFen: z.array(amountFenSchema).min(1).max(6).default([1000, 5000, 10000, 50000]),
  startsOn: z.iso.date(),
  endsOn: z.iso.date().nullable().default(null),
  managementFeeBp: z.number().int().min(0).max(1000).optional(),
  isEmergency: z.boolean().default(false),
});
export type CreateProject = z.infer<typeof createProjectSchema>;

export const updateProjectSchema = z
  .strictObject({
    name: z.string().trim().min(2).max(60).optional(),
    summary: z.string().trim().min(2).max(200).optional(),
    description: z.string().trim().max(5000).optional(),
    targetFen: amountFenSchema.nullable().optional(),
    presetAmountsFen: z.array(amountFenSchema).min(1).max(6).optional(),
    endsOn: z.iso.date().nullable().optional(),
    status: z.enum(projectStatusValues).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type UpdateProject = z.infer<typeof updateProjectSchema>;

export const projectViewSchema = z
  .object({
    id: z.number().int(),
    code: z.string(),
    orgId: z.number().int(),
    orgName: z.string(),
    name: z.string(),
    summary: z.string(),
    description: z.string(),
    fundKind: z.enum(fundKindValues),
    purpose: z.string(),
    targetFen: z.number().int().nullable(),
    presetAmountsFen: z.array(z.number().int()),
    startsOn: z.string(),
    endsOn: z.string().nullable(),
    status: z.enum(projectStatusValues),
    isAcceptingGifts: z.boolean(),
    managementFeeBp: z.number().int(),
    isEmergency: z.boolean(),
    fundId: z.number().int(),
    raisedFen: z.number().int(),
    donationCount: z.number().int(),
    spentFen: z.number().int(),
    createdAt: z.string(),
  })
  .meta({ id: 'DonationProject' });
export type ProjectView = z.infer<typeof projectViewSchema>;

export const projectListQuerySchema = z.strictObject({
  lang,
  orgId: z.coerce.number().int().positive().optional(),
  status: z.enum(projectStatusValues).optional(),
  q: z.string().trim().max(60).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ProjectListQuery = z.infer<typeof projectListQuerySchema>;
export const projectPageSchema = z.object({ items: z.array(projectViewSchema), total: z.number().int() });

// ------------------------------------------------------------------------------------------------ online giving

export const createOrderSchema = z.strictObject({
  projectCode: z.string().trim().min(1).max(32),
  amountFen: amountFenSchema,
  channel: z.enum(onlineChannelValues),
  isAnonymous: z.boolean().default(false),
  donorName: z.string().trim().min(1).max(50).optional(),
  phone: z.string().trim().min(5).max(20).optional(),
  message: z.string().trim().max(200).optional(),
  /** The donor saw and accepted the consent text of this version. */
  consentVersion: z.string().trim().min(1).max(20),
  wantsReceipt: z.boolean().default(false),
  /** Where the payer is: a phone gets the provider's mobile page, a desktop its QR / desktop page. */
  device: z.enum(['mobile', 'desktop']).default('mobile'),
});
export type CreateOrder = z.infer<typeof createOrderSchema>;

export const checkoutSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('redirect'), url: z.string() }),
  z.object({ kind: z.literal('qr'), codeUrl: z.string() }),
]);

export const orderCreatedSchema = z
  .object({
    orderNo: z.string(),
    /** Keep it: it shows the result and fetches the certificate. */
    accessToken: z.string(),
    amountFen: z.number().int(),
    expiresAt: z.string(),
    checkout: checkoutSchema,
  })
  .meta({ id: 'DonationOrderCreated' });
export type OrderCreated = z.infer<typeof orderCreatedSchema>;

export const tokenQuerySchema = z.strictObject({ token: z.string().min(16).max(100), lang });

export const orderStatusViewSchema = z
  .object({
    orderNo: z.string(),
    status: z.enum(orderStatusValues),
    amountFen: z.number().int(),
    projectCode: z.string(),
    projectName: z.string(),
    channel: z.enum(onlineChannelValues),
    expiresAt: z.string(),
    paidAt: z.string().nullable(),
    donationNo: z.string().nullable(),
  })
  .meta({ id: 'DonationOrderStatus' });
export type OrderStatusView = z.infer<typeof orderStatusViewSchema>;

/** The built-in checkout page's signed link (as the local provider wrote it): the page shows the order, then pays or cancels. */
export const localCheckoutQuerySchema = z.strictObject({
  lang,
  amountFen: z.string().max(20),
  expiresAt: z.string().max(20),
  returnUrl: z.string().max(500),
  token: z.string().max(100),
});
export const localCheckoutActionSchema = localCheckoutQuerySchema
  .omit({ lang: true })
  .extend({ action: z.enum(['pay', 'cancel']) });
export const localCheckoutViewSchema = z
  .object({
    orderNo: z.string(),
    amountFen: z.number().int(),
    projectName: z.string(),
    orgName: z.string(),
    expiresAt: z.string(),
    status: z.enum(orderStatusValues),
    returnUrl: z.string(),
  })
  .meta({ id: 'LocalCheckout' });
export type LocalCheckoutView = z.infer<typeof localCheckoutViewSchema>;

// ------------------------------------------------------------------------------------------------ offline gifts

export const recordDonationSchema = z.strictObject({
  projectId: z.number().int().positive(),
  channel: z.enum(offlineChannelValues),
  amountFen: amountFenSchema,
  donorKind: z.enum(['person', 'organisation']),
  donorName: z.string().trim().min(1).max(100),
  isAnonymous: z.boolean().default(false),
  phone: z.string().trim().min(5).max(20).optional(),
  message: z.string().trim().max(200).optional(),
  intent: z.enum(fundKindValues),
  intentNote: z.string().trim().max(500).optional(),
  receivedAt: z.iso.datetime({ offset: true }),
  /** Bank slip, cash receipt or cheque scan, uploaded first through POST /api/files. */
  evidenceFileId: z.uuid(),
  agreementFileId: z.uuid().optional(),
  /** Bank transaction reference (or cheque number): a second record with the same reference is refused. */
  reference: z.string().trim().min(1).max(64).optional(),
  waivesReceipt: z.boolean().default(false),
});
export type RecordDonation = z.infer<typeof recordDonationSchema>;

/** POST /api/donations/import?evidenceFileId=: the batch's evidence (e.g. the bank statement), uploaded first. */
export const giftImportQuerySchema = z.strictObject({ evidenceFileId: z.uuid(), lang });
export const giftImportViewSchema = importViewSchema.meta({ id: 'GiftImport' });
export type GiftImportView = z.infer<typeof giftImportViewSchema>;

// ------------------------------------------------------------------------------------------------ views

export const moveViewSchema = z.object({
  allocationNo: z.string(),
  toFundName: z.string(),
  amountFen: z.number().int(),
  purpose: z.string(),
  at: z.string().nullable(),
  ledgerIndex: z.number().int().nullable(),
});

export const spendViewSchema = z.object({
  payoutNo: z.string(),
  amountFen: z.number().int(),
  purpose: z.string(),
  payeeDisplay: z.string(),
  paidAt: z.string().nullable(),
  ledgerIndex: z.number().int().nullable(),
});

export const donationViewSchema = z
  .object({
    id: z.uuid(),
    donationNo: z.string(),
    projectId: z.number().int(),
    projectCode: z.string(),
    projectName: z.string(),
    orgId: z.number().int(),
    orgName: z.string(),
    fundId: z.number().int(),
    channel: z.enum(channelValues),
    amountFen: z.number().int(),
    donorKind: z.enum(['person', 'organisation']),
    /** The name as given (staff with donations:view); the public sees displayName. */
    donorName: z.string().nullable(),
    displayName: z.string(),
    isAnonymous: z.boolean(),
    phoneMasked: z.string().nullable(),
    message: z.string().nullable(),
    intent: z.enum(fundKindValues),
    intentNote: z.string().nullable(),
    receiptStatus: z.enum(receiptStatusValues),
    receivedAt: z.string(),
    ledgerIndex: z.number().int(),
    evidenceFileId: z.uuid().nullable(),
    agreementFileId: z.uuid().nullable(),
    isRefunded: z.boolean(),
    unspentFen: z.number().int(),
    spends: z.array(spendViewSchema),
    moves: z.array(moveViewSchema),
    /** The donor's recorded consents to use this gift for other funds. */
    consents: z.array(
      z.object({
        toFundId: z.number().int(),
        toFundName: z.string(),
        purpose: z.string(),
        form: z.enum(['written', 'recorded']),
        recordedAt: z.string(),
        ledgerIndex: z.number().int(),
      }),
    ),
    /** A refund or correction asked for and not yet decided. */
    hasPendingReversal: z.boolean(),
  })
  .meta({ id: 'Donation' });
export type DonationView = z.infer<typeof donationViewSchema>;

export const donationListQuerySchema = z.strictObject({
  lang,
  orgId: z.coerce.number().int().positive().optional(),
  projectId: z.coerce.number().int().positive().optional(),
  channel: z.enum(channelValues).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  q: z.string().trim().max(60).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});
export type DonationListQuery = z.infer<typeof donationListQuerySchema>;

export const donationRowSchema = donationViewSchema
  .omit({ spends: true, unspentFen: true, moves: true, consents: true, hasPendingReversal: true })
  .meta({ id: 'DonationRow' });
export type DonationRow = z.infer<typeof donationRowSchema>;
export const donationPageSchema = z.object({
  items: z.array(donationRowSchema),
  total: z.number().int(),
  totalFen: z.number().int(),
});

/** What anyone may see of a gift: masked name, amount, project, and where the money went. */
export const publicDonationSchema = z
  .object({
    donationNo: z.string(),
    projectCode: z.string(),
    projectName: z.string(),
    orgName: z.string(),
    channel: z.enum(channelValues),
    amountFen: z.number().int(),
    displayName: z.string(),
    message: z.string().nullable(),
    intent: z.enum(fundKindValues),
    receivedAt: z.string(),
    ledgerIndex: z.number().int(),
    isRefunded: z.boolean(),
    unspentFen: z.number().int(),
    spends: z.array(spendViewSchema),
    /** Allocations that moved (part of) the gift to another fund, with the donor's consent where it was restricted. */
    moves: z.array(moveViewSchema),
  })
  .meta({ id: 'PublicDonation' });
export type PublicDonation = z.infer<typeof publicDonationSchema>;

/** The donor's own view (with the access token): the public view plus what proves the ledger entry is theirs. */
export const donorDonationSchema = publicDonationSchema
  .extend({
    donorName: z.string().nullable(),
    /** base64url salt of the identity commitment in the ledger entry. */
    salt: z.string().nullable(),
    commitment: z.string(),
    certificateUrl: z.string(),
  })
  .meta({ id: 'DonorDonation' });
export type DonorDonation = z.infer<typeof donorDonationSchema>;

// ------------------------------------------------------------------------------------------------ funds and payouts

export const fundViewSchema = z
  .object({
    id: z.number().int(),
    orgId: z.number().int(),
    orgName: z.string(),
    kind: z.enum(['general', 'project']),
    projectId: z.number().int().nullable(),
    name: z.string(),
    receivedFen: z.number().int(),
    spentFen: z.number().int(),
    /** Refunded or corrected gifts. */
    refundedFen: z.number().int(),
    allocatedInFen: z.number().int(),
    allocatedOutFen: z.number().int(),
    balanceFen: z.number().int(),
  })
  .meta({ id: 'Fund' });
export type FundView = z.infer<typeof fundViewSchema>;
export const fundListQuerySchema = z.strictObject({ orgId: z.coerce.number().int().positive().optional(), lang });

export const requestPayoutSchema = z.strictObject({
  fundId: z.number().int().positive(),
  amountFen: amountFenSchema,
  payeeKind: z.enum(['person', 'unit']),
  payeeName: z.string().trim().min(1).max(100),
  purpose: z.string().trim().min(2).max(200),
  supplier: z.string().trim().max(100).optional(),
  unitPriceFen: amountFenSchema.optional(),
  quantity: z.number().int().positive().max(10_000_000).optional(),
  isRelatedParty: z.boolean().default(false),
  /** A management fee to the owner unit: at most the project's cap (basis points) of what the fund paid out. */
  isManagementFee: z.boolean().default(false),
  evidenceFileId: z.uuid(),
});
export type RequestPayout = z.infer<typeof requestPayoutSchema>;

export const decidePayoutSchema = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  note: z.string().trim().max(200).optional(),
});

export const payoutViewSchema = z
  .object({
    id: z.uuid(),
    payoutNo: z.string(),
    fundId: z.number().int(),
    fundName: z.string(),
    projectId: z.number().int().nullable(),
    orgId: z.number().int(),
    amountFen: z.number().int(),
    payeeKind: z.enum(['person', 'unit']),
    payeeName: z.string(),
    payeeDisplay: z.string(),
    purpose: z.string(),
    supplier: z.string().nullable(),
    unitPriceFen: z.number().int().nullable(),
    quantity: z.number().int().nullable(),
    isRelatedParty: z.boolean(),
    isManagementFee: z.boolean(),
    evidenceFileId: z.uuid().nullable(),
    status: z.enum(payoutStatusValues),
    requestedBy: z.string(),
    requestedByName: z.string(),
    requestedAt: z.string(),
    decidedBy: z.string().nullable(),
    decidedByName: z.string().nullable(),
    decidedAt: z.string().nullable(),
    decisionNote: z.string().nullable(),
    ledgerIndex: z.number().int().nullable(),
    spends: z.array(z.object({ donationNo: z.string(), amountFen: z.number().int(), lotIndex: z.number().int() })),
  })
  .meta({ id: 'Payout' });
export type PayoutView = z.infer<typeof payoutViewSchema>;

export const payoutListQuerySchema = z.strictObject({
  lang,
  orgId: z.coerce.number().int().positive().optional(),
  fundId: z.coerce.number().int().positive().optional(),
  status: z.enum(payoutStatusValues).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});
export type PayoutListQuery = z.infer<typeof payoutListQuerySchema>;
export const payoutPageSchema = z.object({
  items: z.array(payoutViewSchema.omit({ spends: true })),
  total: z.number(),
});

// ------------------------------------------------------------------------------------------------ disclosure

export const dailyDisclosureQuerySchema = z.strictObject({
  lang,
  date: z.iso.date(),
  /** Receipts and payouts come a page at a time (the totals always cover the whole day); a download asks for 1,000. */
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  /** Where the page of receipts starts. */
  offset: z.coerce.number().int().min(0).default(0),
  /** Where the page of payouts starts (the same as `offset` when left out). */
  payoutOffset: z.coerce.number().int().min(0).optional(),
  /** A unit: its own and its subtree's gifts (each gift counts once whichever unit's page shows it). */
  orgId: z.coerce.number().int().positive().optional(),
  projectCode: z.string().trim().max(32).optional(),
});

export const disclosureReceiptSchema = z.object({
  donationNo: z.string(),
  receivedAt: z.string(),
  displayName: z.string(),
  isAnonymous: z.boolean(),
  amountFen: z.number().int(),
  channel: z.enum(channelValues),
  projectCode: z.string(),
  projectName: z.string(),
  orgName: z.string(),
  ledgerIndex: z.number().int(),
  isRefunded: z.boolean(),
});
export const disclosurePayoutSchema = z.object({
  payoutNo: z.string(),
  paidAt: z.string(),
  payeeDisplay: z.string(),
  amountFen: z.number().int(),
  purpose: z.string(),
  projectCode: z.string().nullable(),
  projectName: z.string().nullable(),
  orgName: z.string(),
  supplier: z.string().nullable(),
  unitPriceFen: z.number().int().nullable(),
  quantity: z.number().int().nullable(),
  isRelatedParty: z.boolean(),
  ledgerIndex: z.number().int().nullable(),
});
/** A correction notice on the daily disclosure: a gift reversed that day, and why. */
export const disclosureReversalSchema = z.object({
  donationNo: z.string(),
  kind: z.enum(reversalKindValues),
  reasonCode: z.enum(reversalReasonValues),
  amountFen: z.number().int(),
  decidedAt: z.string(),
  ledgerIndex: z.number().int().nullable(),
});

export const dailyDisclosureSchema = z
  .object({
    date: z.string(),
    orgId: z.number().int().nullable(),
    orgName: z.string().nullable(),
    receipts: z.array(disclosureReceiptSchema),
    payouts: z.array(disclosurePayoutSchema),
    /** Correction notices: gifts refunded or reversed that day (never silent edits). */
    reversals: z.array(disclosureReversalSchema),
    reversedFen: z.number().int(),
    receivedFen: z.number().int(),
    receiptCount: z.number().int(),
    paidOutFen: z.number().int(),
    payoutCount: z.number().int(),
    /** The latest signed checkpoint's size: every entry listed is in the log the public can verify. */
    checkpointSize: z.number().int().nullable(),
  })
  .meta({ id: 'DailyDisclosure' });
export type DailyDisclosure = z.infer<typeof dailyDisclosureSchema>;

export const ledgerSearchQuerySchema = z
  .strictObject({
    lang,
    donationNo: z.string().trim().max(40).optional(),
    date: z.iso.date().optional(),
    amountFen: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .refine((v) => v.donationNo || v.date, { message: 'give a donation number or a date' });
export const ledgerSearchResultSchema = z.object({ items: z.array(disclosureReceiptSchema) });

// ------------------------------------------------------------------------------------------------ payment evidence

export const paymentNotificationViewSchema = z
  .object({
    id: z.uuid(),
    channel: z.string(),
    orderNo: z.string().nullable(),
    providerTxnId: z.string().nullable(),
    amountFen: z.number().int().nullable(),
    verdict: z.string(),
    detail: z.string().nullable(),
    receivedAt: z.string(),
    reviewedBy: z.string().nullable(),
    reviewedAt: z.string().nullable(),
  })
  .meta({ id: 'PaymentNotification' });
export const paymentNotificationQuerySchema = z.strictObject({
  lang,
  flagged: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});
export const paymentNotificationPageSchema = z.object({
  items: z.array(paymentNotificationViewSchema),
  total: z.number().int(),
});

// ------------------------------------------------------------------------------------------------ reversals

export const requestReversalSchema = z.strictObject({
  kind: z.enum(reversalKindValues),
  reasonCode: z.enum(reversalReasonValues),
  note: z.string().trim().min(2).max(500),
  evidenceFileId: z.uuid().optional(),
});
export type RequestReversal = z.infer<typeof requestReversalSchema>;

export const reversalViewSchema = z
  .object({
    id: z.uuid(),
    donationId: z.uuid(),
    donationNo: z.string(),
    orgId: z.number().int(),
    kind: z.enum(reversalKindValues),
    reasonCode: z.enum(reversalReasonValues),
    note: z.string(),
    amountFen: z.number().int(),
    evidenceFileId: z.uuid().nullable(),
    status: z.enum(['pending', 'done', 'rejected']),
    ...decisionFields,
  })
  .meta({ id: 'DonationReversal' });
export type ReversalView = z.infer<typeof reversalViewSchema>;

export const reversalListQuerySchema = approvalListQuerySchema;
export const reversalPageSchema = z.object({ items: z.array(reversalViewSchema), total: z.number().int() });

// ------------------------------------------------------------------------------------------------ consents, allocations

export const recordConsentSchema = z.strictObject({
  toFundId: z.number().int().positive(),
  purpose: z.string().trim().min(2).max(200),
  form: z.enum(['written', 'recorded']),
  evidenceFileId: z.uuid(),
});
export type RecordConsent = z.infer<typeof recordConsentSchema>;
export const consentViewSchema = z
  .object({
    id: z.uuid(),
    donationId: z.uuid(),
    toFundId: z.number().int(),
    purpose: z.string(),
    form: z.enum(['written', 'recorded']),
    evidenceFileId: z.uuid(),
    recordedBy: z.string(),
    recordedAt: z.string(),
    ledgerIndex: z.number().int(),
  })
  .meta({ id: 'DonorConsent' });
export type ConsentView = z.infer<typeof consentViewSchema>;

export const requestAllocationSchema = z.strictObject({
  fromFundId: z.number().int().positive(),
  toFundId: z.number().int().positive(),
  amountFen: amountFenSchema,
  purpose: z.string().trim().min(2).max(200),
});
export type RequestAllocation = z.infer<typeof requestAllocationSchema>;

export const allocationViewSchema = z
  .object({
    id: z.uuid(),
    allocationNo: z.string(),
    fromFundId: z.number().int(),
    fromFundName: z.string(),
    toFundId: z.number().int(),
    toFundName: z.string(),
    orgId: z.number().int(),
    amountFen: z.number().int(),
    purpose: z.string(),
    status: z.enum(['pending', 'done', 'rejected']),
    ...decisionFields,
  })
  .meta({ id: 'FundAllocation' });
export type AllocationView = z.infer<typeof allocationViewSchema>;
export const allocationListQuerySchema = approvalListQuerySchema;
export const allocationPageSchema = z.object({ items: z.array(allocationViewSchema), total: z.number().int() });

// ------------------------------------------------------------------------------------------------ reconciliation

export const statementImportQuerySchema = z.strictObject({
  lang,
  channel: z.enum(onlineChannelValues),
});
export const statementLocalQuerySchema = z.strictObject({ lang, date: z.iso.date() });
export const statementIssueSchema = z.object({
  kind: z.enum(['missingInOurs', 'missingInStatement', 'amountMismatch', 'txnIdMismatch']),
  orderNo: z.string(),
  paymentKind: z.enum(['payment', 'refund']),
  ourAmountFen: z.number().int().nullable(),
  statementAmountFen: z.number().int().nullable(),
  ourTxnId: z.string().nullable(),
  statementTxnId: z.string().nullable(),
  at: z.string().nullable(),
});
export const statementViewSchema = z
  .object({
    id: z.uuid(),
    channel: z.enum(onlineChannelValues),
    fileId: z.uuid(),
    periodFrom: z.string().nullable(),
    periodTo: z.string().nullable(),
    lineCount: z.number().int(),
    summary: z.object({
      matched: z.number().int(),
      missingInOurs: z.number().int(),
      missingInStatement: z.number().int(),
      amountMismatch: z.number().int(),
      txnIdMismatch: z.number().int(),
    }),
    issues: z.array(statementIssueSchema),
    importedBy: z.string(),
    importedAt: z.string(),
  })
  .meta({ id: 'PaymentStatement' });
export type StatementView = z.infer<typeof statementViewSchema>;
export const statementPageSchema = z.object({ items: z.array(statementViewSchema), total: z.number().int() });

// ------------------------------------------------------------------------------------------------ disclosures

export const disclosureKindValues = ['periodic', 'final', 'use_of_funds', 'correction'] as const;
export const disclosureStatusValues = ['due', 'overdue', 'published', 'published_late'] as const;

export const disclosureViewSchema = z
  .object({
    id: z.uuid(),
    projectId: z.number().int(),
    projectCode: z.string(),
    projectName: z.string(),
    orgId: z.number().int(),
    kind: z.enum(disclosureKindValues),
    subject: z.string(),
    dueAt: z.string(),
    status: z.enum(disclosureStatusValues),
    title: z.string().nullable(),
    body: z.string().nullable(),
    figures: z.record(z.string(), z.number()).nullable(),
    publishedAt: z.string().nullable(),
    bodySha256: z.string().nullable(),
    correctsId: z.uuid().nullable(),
    ledgerIndex: z.number().int().nullable(),
  })
  .meta({ id: 'Disclosure' });
export type DisclosureView = z.infer<typeof disclosureViewSchema>;

export const disclosureListQuerySchema = z.strictObject({
  lang,
  orgId: z.coerce.number().int().positive().optional(),
  projectId: z.coerce.number().int().positive().optional(),
  status: z.enum(['due', 'overdue', 'published']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});
export const disclosurePageSchema = z.object({ items: z.array(disclosureViewSchema), total: z.number().int() });

export const publishDisclosureSchema = z.strictObject({
  title: z.string().trim().min(2).max(100),
  body: z.string().trim().min(10).max(20_000),
});
export const correctDisclosureSchema = publishDisclosureSchema.extend({ reason: z.string().trim().min(2).max(200) });

// ------------------------------------------------------------------------------------------------ open data (IATI-style)

const narrative = z.object({ text: z.string(), lang: z.string() });
export const openActivitySchema = z
  .object({
    iatiIdentifier: z.string(),
    reportingOrg: z.object({ ref: z.string(), type: z.string(), narrative: z.array(narrative) }),
    title: z.array(narrative),
    description: z.array(narrative),
    /** IATI ActivityStatus: 2 implementation, 3 finalisation. */
    activityStatus: z.enum(['2', '3']),
    activityDates: z.array(z.object({ type: z.enum(['2', '3', '4']), isoDate: z.string() })),
    defaultCurrency: z.literal('CNY'),
    humanitarian: z.boolean(),
    /** Restricted (定向) project funds are earmarked; unrestricted gifts go to the unit's general fund. */
    fundKind: z.enum(fundKindValues),
    budget: z.object({ value: z.string(), currency: z.literal('CNY') }).nullable(),
    totals: z.object({ incomingFunds: z.string(), disbursements: z.string(), transactionCount: z.number().int() }),
    transactionsUrl: z.string(),
  })
  .meta({ id: 'OpenActivity' });
export const openActivitiesQuerySchema = z.strictObject({
  lang,
  limit: z.coerce.number().int().min(1).max(100).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export const openActivityPageSchema = z.object({ activities: z.array(openActivitySchema), total: z.number().int() });

export const openTransactionSchema = z
  .object({
    ref: z.string(),
    /** IATI TransactionType: 1 incoming funds (negative for a refund or correction), 3 disbursement. */
    transactionType: z.enum(['1', '3']),
    transactionDate: z.string(),
    value: z.object({ amount: z.string(), currency: z.literal('CNY'), valueDate: z.string() }),
    description: z.string(),
    providerOrg: z.object({ narrative: z.string() }).nullable(),
    receiverOrg: z.object({ narrative: z.string() }).nullable(),
    channel: z.string().nullable(),
    /** The entry in the public ledger that proves it. */
    ledgerIndex: z.number().int(),
  })
  .meta({ id: 'OpenTransaction' });
export const openTransactionsQuerySchema = z.strictObject({
  lang,
  /** Keyset paging: the last ledger index of the previous page. */
  after: z.coerce.number().int().min(-1).default(-1),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export const openTransactionPageSchema = z.object({
  transactions: z.array(openTransactionSchema),
  next: z.number().int().nullable(),
});

// ------------------------------------------------------------------------------------------------ public project pages

export const publicPageQuerySchema = z.strictObject({
  lang,
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});
export const projectGiftPageSchema = z.object({ items: z.array(disclosureReceiptSchema), total: z.number().int() });
export const projectPayoutPageSchema = z.object({ items: z.array(disclosurePayoutSchema), total: z.number().int() });

/** The fund flow of a project as a Sankey graph: channels → project fund → payout purposes / other funds / unspent. */
export const projectFlowSchema = z
  .object({
    nodes: z.array(
      z.object({
        name: z.string(),
        kind: z.enum(['channel', 'fund', 'purpose', 'allocation', 'unspent']),
        /** The channel code (local, wechat, …) of a channel node, so clients can label it in their language. */
        code: z.string().nullable(),
      }),
    ),
    links: z.array(z.object({ source: z.string(), target: z.string(), valueFen: z.number().int() })),
  })
  .meta({ id: 'ProjectFlow' });
export type ProjectFlow = z.infer<typeof projectFlowSchema>;

export const paymentChannelsSchema = z
  .object({ channels: z.array(z.enum(onlineChannelValues)), consentVersion: z.string() })
  .meta({ id: 'PaymentChannels' });
