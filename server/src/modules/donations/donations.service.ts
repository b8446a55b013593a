// Donations: fundraising projects and their funds, receiving a gift (one transaction: the gift, its fund entry, its
// FIFO lot, its public ledger entry, its audit row and its certificate job), staff views, the public views and the
// daily disclosure. Online giving lives in giving.ts, payouts in payouts.ts; both build on receiveGift here.
import crypto from 'node:crypto';
import { eq, inArray, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { toChinaDate } from '../../platform/dates';
import { findMissingCharacters } from '../../platform/documents/pdf';
import { AppError } from '../../platform/errors';
import { claimEvidence, findStoredFileMeta } from '../../platform/files/files.service';
import type { Ctx } from '../../platform/http/context';
import { maskName, maskPhone } from '../../platform/identity/masking';
import { normalizePhone } from '../../platform/identity/phone';
import * as imports from '../../platform/imports/imports.service';
import { enqueueJob } from '../../platform/jobs/jobs.service';
import { pii } from '../../platform/pii';
import { actorId, assertCanAt, hasPermission } from '../../platform/rbac/actor';
import * as ledger from '../ledger/ledger.service';
import * as orgs from '../orgs/orgs.service';
import { identityCommitment, newCommitmentSalt } from './commitment';
import * as repo from './donations.repo';
import type {
  CreateProject,
  DailyDisclosure,
  DonationListQuery,
  DonationRow,
  DonationView,
  DonorDonation,
  FundView,
  GiftImportView,
  ProjectListQuery,
  ProjectView,
  PublicDonation,
  RecordDonation,
  UpdateProject,
} from './donations.schemas';
import { giftImportColumns, giftRuleMessage, maxGiftImportRows, readGiftRows } from './gift-import';
import { newBusinessNumber } from './numbers';

export type { DonationRow as DonationRecord, FundRow, OrderRow, ProjectRow } from './donations.repo';

/** Limits and rules of giving; the defaults follow DOMAIN.md and are configurable per deployment. */
export type DonationRules = {
  /** The largest online gift (fen). */
  maxOnlineFen: number;
  /** The largest gift staff may record in one entry (fen). */
  maxRecordedFen: number;
  /** Gifts at or above this need a written agreement (¥1,000,000). */
  agreementThresholdFen: number;
  /** Unpaid orders expire after this long. */
  orderTtlMs: number;
};

export const defaultDonationRules: DonationRules = {
  maxOnlineFen: 50_000_000,
  maxRecordedFen: 100_000_000_000,
  agreementThresholdFen: 100_000_000,
  orderTtlMs: 15 * 60_000,
};

export const anonymousDisplayName = '爱心人士';

// ------------------------------------------------------------------------------------------------ projects

function isAcceptingGifts(p: repo.ProjectRow, today = toChinaDate()): boolean {
  return p.status === 'open' && p.startsOn <= today && (p.endsOn === null || p.endsOn >= today);
}

async function toProjectViews(db: Db, rows: repo.ProjectRow[]): Promise<ProjectView[]> {
  const ids = rows.map((r) => r.id);
  const [orgRows, gifts, fundRows] = await Promise.all([
    orgs.findOrgsByIds(db, [...new Set(rows.map((r) => r.orgId))]),
    repo.projectGiftTotals(db, ids),
    Promise.all(rows.map((r) => fundOf(db, r))),
  ]);
  const spent = await repo.spentByFunds(
    db,
    fundRows.map((f) => f.id),
  );
  const orgName = new Map(orgRows.map((o) => [o.id, o.name]));
  return rows.map((p, i) => {
    const g = gifts.get(p.id) ?? { raisedFen: 0, donationCount: 0 };
    const fund = fundRows[i];
    return {
      id: p.id,
      code: p.code,
      orgId: p.orgId,
      orgName: orgName.get(p.orgId) ?? '',
      name: p.name,
      summary: p.summary,
      description: p.description,
      fundKind: p.fundKind as ProjectView['fundKind'],
      purpose: p.purpose,
      targetFen: p.targetFen,
      presetAmountsFen: p.presetAmountsFen,
      startsOn: p.startsOn,
      endsOn: p.endsOn,
      status: p.status as ProjectView['status'],
      isAcceptingGifts: isAcceptingGifts(p),
      managementFeeBp: p.managementFeeBp,
      isEmergency: p.isEmergency,
      fundId: fund.id,
      raisedFen: g.raisedFen,
      donationCount: g.donationCount,
      // A general fund is shared by the unit's unrestricted projects: its spending is shown on the fund, not here.
      spentFen: p.fundKind === 'restricted' ? (spent.get(fund.id) ?? 0) : 0,
      createdAt: p.createdAt.toISOString(),
    };
  });
}

/** The fund a project's gifts go to: its own (restricted) or its unit's general fund (unrestricted). */
async function fundOf(db: Db, p: repo.ProjectRow): Promise<repo.FundRow> {
  const fund =
    p.fundKind === 'restricted' ? await repo.findProjectFund(db, p.id) : await repo.findGeneralFund(db, p.orgId);
  if (!fund) {
    throw new Error(`project ${p.code} has no fund`);
  }
  return fund;
}

async function ensureGeneralFund(db: Db, org: orgs.OrgRow): Promise<repo.FundRow> {
  return (
    (await repo.findGeneralFund(db, org.id)) ??
    repo.insertFund(db, { orgId: org.id, regionId: org.regionId, kind: 'general', name: `${org.name}非定向基金` })
  );
}

export async function createProject(db: Db, ctx: Ctx, input: CreateProject): Promise<ProjectView> {
  const org = await orgs.getOrg(db, input.orgId);
  assertCanAt(ctx.actor, 'donations:manage', org.path);
  if (input.endsOn && input.endsOn < input.startsOn) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ field: 'endsOn', message: 'ends before it starts' }] });
  }
  const code = input.code ?? `XM${input.startsOn.slice(0, 4)}${crypto.randomInt(100000, 999999)}`;
  const row = await db.transaction(async (tx) => {
    if (await repo.findProjectByCode(tx, code)) {
      throw new AppError('PROJECT_CODE_TAKEN', { field: 'code', code });
    }
    const project = await repo.insertProject(tx, {
      code,
      orgId: org.id,
      regionId: org.regionId,
      name: input.name,
      summary: input.summary,
      description: input.description,
      fundKind: input.fundKind,
      purpose: input.purpose,
      targetFen: input.targetFen,
      presetAmountsFen: input.presetAmountsFen,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      status: 'draft',
      managementFeeBp: input.managementFeeBp ?? 0,
      isEmergency: input.isEmergency,
      createdBy: actorId(ctx.actor) ?? ctx.actor.kind,
    });
    if (input.fundKind === 'restricted') {
      await repo.insertFund(tx, {
        orgId: org.id,
        regionId: org.regionId,
        kind: 'project',
        projectId: project.id,
        name: `${input.name}专项基金`,
      });
    } else {
      await ensureGeneralFund(tx, org);
    }
    await recordAudit(tx, ctx, {
      action: 'donation-project.created',
      entityType: 'donation_project',
      entityId: project.id,
      orgId: org.id,
      regionId: org.regionId,
      after: project,
    });
    return project;
  });
  return (await toProjectViews(db, [row]))[0];
}

export async function updateProject(db: Db, ctx: Ctx, id: number, patch: UpdateProject): Promise<ProjectView> {
  const row = await db.transaction(async (tx) => {
    const before = await getProjectRow(tx, id);
    const org = await orgs.getOrg(tx, before.orgId);
    assertCanAt(ctx.actor, 'donations:manage', org.path);
    if (before.status === 'closed' && patch.status && patch.status !== 'closed') {
      throw new AppError('CONFLICT', { field: 'status', reason: 'a closed project stays closed' });
    }
    const endsOn = patch.endsOn === undefined ? before.endsOn : patch.endsOn;
    if (endsOn && endsOn < before.startsOn) {
      throw new AppError('VALIDATION_FAILED', { issues: [{ field: 'endsOn', message: 'ends before it starts' }] });
    }
    const after = await repo.updateProject(tx, id, patch);
    await recordAudit(tx, ctx, {
      action:
        patch.status && patch.status !== before.status
          ? `donation-project.${patch.status}`
          : 'donation-project.updated',
      entityType: 'donation_project',
      entityId: id,
      orgId: before.orgId,
      regionId: before.regionId,
      before,
      after,
    });
    return after;
  });
  return (await toProjectViews(db, [row]))[0];
}

async function getProjectRow(db: Db, id: number): Promise<repo.ProjectRow> {
  const row = await repo.findProjectById(db, id);
  if (!row) {
    throw new AppError('NOT_FOUND', { entity: 'donation_project', id });
  }
  return row;
}

export async function getProjectByCode(db: Db, code: string): Promise<repo.ProjectRow> {
  const row = await repo.findProjectByCode(db, code);
  if (!row) {
    throw new AppError('NOT_FOUND', { entity: 'donation_project', code });
  }
  return row;
}

export async function viewProject(db: Db, ctx: Ctx, id: number): Promise<ProjectView> {
  const row = await getProjectRow(db, id);
  assertCanAt(ctx.actor, 'donations:view', (await orgs.getOrg(db, row.orgId)).path);
  return (await toProjectViews(db, [row]))[0];
}

/** A project as the public sees it (drafts are not public). */
export async function viewPublicProject(db: Db, code: string): Promise<ProjectView> {
  const row = await getProjectByCode(db, code);
  if (row.status === 'draft') {
    throw new AppError('NOT_FOUND', { entity: 'donation_project', code });
  }
  return (await toProjectViews(db, [row]))[0];
}

export async function listProjects(db: Db, ctx: Ctx, q: ProjectListQuery) {
  const where: SQL[] = [orgs.orgScopeCondition(repo.columns.project.orgId, ctx, 'donations:view')];
  return listProjectsWhere(db, where, q);
}

export async function listPublicProjects(db: Db, q: ProjectListQuery) {
  const status = q.status && q.status !== 'draft' ? [q.status] : ['open', 'closed'];
  const where: SQL[] = [inArray(repo.columns.project.status, status)];
  return listProjectsWhere(db, where, q);
}

async function listProjectsWhere(db: Db, where: SQL[], q: ProjectListQuery) {
  if (q.orgId) {
    const org = await orgs.getOrg(db, q.orgId);
    where.push(orgs.orgUnderCondition(repo.columns.project.orgId, org.path));
  }
  if (q.status) {
    where.push(eq(repo.columns.project.status, q.status));
  }
  const { rows, total } = await repo.listProjects(db, { where, q: q.q, limit: q.limit, offset: q.offset });
  return { items: await toProjectViews(db, rows), total };
}

// ------------------------------------------------------------------------------------------------ receiving a gift

export type GiftInput = {
  project: repo.ProjectRow;
  channel: string;
  amountFen: number;
  donorKind: 'person' | 'organisation';
  donorName: string | null;
  isAnonymous: boolean;
  phone: string | null;
  message: string | null;
  intent: 'restricted' | 'unrestricted';
  intentNote: string | null;
  receiptStatus: DonationView['receiptStatus'];
  receivedAt: Date;
  evidenceFileId: string | null;
  agreementFileId: string | null;
  providerTxnId: string | null;
  orderId: string | null;
  accessTokenHash: string | null;
  /** Given when the caller records the gift's id and number elsewhere first (the paid order). */
  id?: string;
  donationNo?: string;
};

/** What another module learns when a gift is received (in the receiving transaction, before the ledger lock). */
export type ReceivedGift = {
  regionId: number;
  donationId: string;
  donationNo: string;
  orgId: number;
  donorKind: 'person' | 'organisation';
  donorPhoneHash: string | null;
  amountFen: number;
  receivedAt: Date;
};
export type DonationRecordedHook = (tx: Db, ctx: Ctx, gift: ReceivedGift) => Promise<void>;
const recordedHooks = new Map<string, DonationRecordedHook>();

/** Lets another module act on each gift received (e.g. member points); registering again replaces the hook. */
export function onDonationRecorded(name: string, hook: DonationRecordedHook): void {
  recordedHooks.set(name, hook);
}

export function displayNameFor(g: { donorKind: string; donorName: string | null; isAnonymous: boolean }): string {
  if (g.isAnonymous || !g.donorName) {
    return anonymousDisplayName;
  }
  return g.donorKind === 'organisation' ? g.donorName : maskName(g.donorName);
}

/**
 * Receives a gift in the caller's transaction: the gift row, its fund entry and FIFO lot, the public ledger entry
 * (no personal data: a salted commitment of the donor's name), the audit row and the certificate job.
 * The ledger append locks the log's state row until the caller commits, and every gift waits for that lock: the
 * work that needs no ledger index (the gift's row values and their encryption, its certificate job, its audit row)
 * happens before the append, so the lock is held for two statements of the append and one for the gift's rows.
 */
export async function receiveGift(tx: Db, ctx: Ctx, g: GiftInput): Promise<repo.DonationRow> {
  const fund = await fundOf(tx, g.project);
  const org = await orgs.getOrg(tx, g.project.orgId);
  const salt = newCommitmentSalt();
  const commitment = identityCommitment(salt, g.isAnonymous ? '' : (g.donorName ?? ''));
  const donationNo = g.donationNo ?? newBusinessNumber('D', g.receivedAt);
  const phone = g.phone;
  const row = {
    regionId: g.project.regionId,
    id: g.id ?? crypto.randomUUID(),
    donationNo,
    projectId: g.project.id,
    fundId: fund.id,
    orgId: g.project.orgId,
    channel: g.channel,
    amountFen: g.amountFen,
    donorKind: g.donorKind,
    donorName: g.donorName,
    displayName: displayNameFor(g),
    isAnonymous: g.isAnonymous,
    donorPhoneEnc: phone ? pii().encrypt(phone) : null,
    donorPhoneHash: phone ? pii().blindIndex('phone', phone) : null,
    donorPhoneMasked: phone ? maskPhone(phone) : null,
    message: g.message,
    intent: g.intent,
    intentNote: g.intentNote,
    agreementFileId: g.agreementFileId,
    evidenceFileId: g.evidenceFileId,
    saltEnc: pii().encrypt(salt.toString('base64url')),
    commitment,
    providerTxnId: g.providerTxnId,
    orderId: g.orderId,
    receiptStatus: g.receiptStatus,
    receivedAt: g.receivedAt,
    recordedBy: actorId(ctx.actor) ?? ctx.actor.kind,
    accessTokenHash: g.accessTokenHash,
  };
  await enqueueJob(tx, 'donations.certificate', { regionId: row.regionId, donationId: row.id });
  for (const hook of recordedHooks.values()) {
    await hook(tx, ctx, {
      regionId: row.regionId,
      donationId: row.id,
      donationNo,
      orgId: row.orgId,
      donorKind: g.donorKind,
      donorPhoneHash: row.donorPhoneHash,
      amountFen: g.amountFen,
      receivedAt: g.receivedAt,
    });
  }
  // The audit row needs no ledger index (the gift's row carries it), so it is written before the lock is taken.
  await recordAudit(tx, ctx, {
    action: 'donation.received',
    entityType: 'donation',
    entityId: row.id,
    orgId: row.orgId,
    regionId: row.regionId,
    after: { ...row, donorName: row.donorName ? maskName(row.donorName) : null },
  });
  const { index } = await ledger.appendLedgerEntry(tx, {
    kind: 'donation.received',
    facts: {
      v: 1,
      ref: donationNo,
      project: g.project.code,
      fund: fund.id,
      unit: org.code ?? String(org.id),
      amountFen: g.amountFen,
      currency: 'CNY',
      channel: g.channel,
      intent: g.intent,
      donorKind: g.donorKind,
      donor: commitment,
      at: g.receivedAt.toISOString(),
    },
  });
  // From the append to COMMIT the ledger lock is held: one more statement for the rows that carry the index.
  const donation = await repo.insertReceivedGift(tx, {
    donation: { ...row, ledgerIndex: index },
    entry: {
      regionId: row.regionId,
      id: crypto.randomUUID(),
      fundId: fund.id,
      kind: 'donation',
      amountFen: g.amountFen,
      donationId: row.id,
      ledgerIndex: index,
      occurredAt: g.receivedAt,
    },
    lot: {
      regionId: row.regionId,
      fundId: fund.id,
      ledgerIndex: index,
      originIndex: index,
      donationId: row.id,
      amountFen: g.amountFen,
      unspentFen: g.amountFen,
    },
  });
  return donation;
}

/**
 * The rules of a gift staff record, once its project and the path of the project's unit are known: the caller may
 * record at that unit, the project is not a draft, the amount is within the configured maximum, a restricted gift
 * goes to a restricted project, a gift of ¥1,000,000 or more has its agreement, it was not received in the future,
 * the donor's name prints on the certificate and the phone is a mainland mobile. Returns every broken rule (in that
 * order) and the gift as receiveGift takes it. Shared by recordDonation (one gift) and importGifts (a file of them).
 */
export function checkRecordedGift(
  ctx: Ctx,
  rules: DonationRules,
  project: repo.ProjectRow,
  orgPath: string,
  input: RecordDonation,
): { errors: AppError[]; gift: GiftInput } {
  const errors: AppError[] = [];
  const check = <T>(rule: () => T): T | undefined => {
    try {
      return rule();
    } catch (error) {
      if (!(error instanceof AppError)) {
        throw error;
      }
      errors.push(error);
      return undefined;
    }
  };
  check(() => assertCanAt(ctx.actor, 'donations:record', orgPath));
  if (project.status === 'draft') {
    errors.push(new AppError('PROJECT_NOT_OPEN', { projectId: project.id, status: project.status }));
  }
  if (input.amountFen > rules.maxRecordedFen) {
    errors.push(new AppError('AMOUNT_TOO_LARGE', { field: 'amountFen', maxFen: rules.maxRecordedFen }));
  }
  if (input.intent === 'restricted' && project.fundKind !== 'restricted') {
    errors.push(
      new AppError('VALIDATION_FAILED', {
        issues: [{ field: 'intent', message: 'this project takes unrestricted gifts; choose a restricted project' }],
      }),
    );
  }
  if (input.amountFen >= rules.agreementThresholdFen && !input.agreementFileId) {
    errors.push(
      new AppError('AGREEMENT_REQUIRED', { field: 'agreementFileId', thresholdFen: rules.agreementThresholdFen }),
    );
  }
  const receivedAt = new Date(input.receivedAt);
  if (receivedAt.getTime() > Date.now() + 60_000) {
    errors.push(new AppError('VALIDATION_FAILED', { issues: [{ field: 'receivedAt', message: 'in the future' }] }));
  }
  check(() => assertPrintableName('donorName', input.donorName));
  const phone = input.phone ? (check(() => normalisePhone(input.phone!)) ?? null) : null;
  const gift: GiftInput = {
    project,
    channel: input.channel,
    amountFen: input.amountFen,
    donorKind: input.donorKind,
    donorName: input.donorName,
    isAnonymous: input.isAnonymous,
    phone,
    message: input.message ?? null,
    intent: input.intent,
    intentNote: input.intentNote ?? null,
    receiptStatus: input.isAnonymous ? 'anonymous' : input.waivesReceipt ? 'waived' : 'none',
    receivedAt,
    evidenceFileId: input.evidenceFileId,
    agreementFileId: input.agreementFileId ?? null,
    providerTxnId: input.reference ? `${input.channel}:${input.reference}` : null,
    orderId: null,
    accessTokenHash: null,
  };
  return { errors, gift };
}

/** Staff record a gift received by bank transfer, cash or cheque, with its evidence. */
export async function recordDonation(
  db: Db,
  ctx: Ctx,
  rules: DonationRules,
  input: RecordDonation,
): Promise<DonationView> {
  const project = await getProjectRow(db, input.projectId);
  const org = await orgs.getOrg(db, project.orgId);
  const { errors, gift } = checkRecordedGift(ctx, rules, project, org.path, input);
  if (errors.length > 0) {
    throw errors[0];
  }
  const donation = await db.transaction(async (tx) => {
    await claimEvidence(
      tx,
      ctx,
      [
        { field: 'evidenceFileId', id: input.evidenceFileId },
        { field: 'agreementFileId', id: input.agreementFileId },
      ],
      { orgId: project.orgId, readPermission: 'donations:view', purpose: 'donation-evidence' },
    );
    const ref = gift.providerTxnId;
    if (ref && (await repo.findDonationByProviderTxn(tx, project.regionId, input.channel, ref))) {
      throw new AppError('CONFLICT', { field: 'reference', reason: 'a gift with this reference is already recorded' });
    }
    return receiveGift(tx, ctx, gift);
  });
  return viewDonationRow(db, donation, true);
}

/**
 * Staff record the offline gifts of one Excel file (columns in gift-import.ts) with one evidence file for the batch
 * (e.g. the bank statement), all or nothing. Every row is checked as recordDonation checks one gift
 * (checkRecordedGift), so gifts of ¥1,000,000 or more are refused: they are recorded one by one with their
 * agreement. A bank or cheque reference may not repeat in the file or match a recorded gift. Any bad row refuses the
 * file with every bad row listed (IMPORT_ROWS_INVALID); a valid file is received in the background in ONE
 * transaction, a receiveGift per row in file order, so its ledger entries are consecutive: poll getGiftImport.
 * Throws NOT_FOUND for an unknown evidence file, IMPORT_INVALID_FILE and IMPORT_WRONG_COLUMNS for a wrong file.
 */
export async function importGifts(
  db: Db,
  ctx: Ctx,
  rules: DonationRules,
  file: { fileName: string; buffer: Buffer },
  evidenceFileId: string,
): Promise<GiftImportView> {
  if (!(await findStoredFileMeta(db, evidenceFileId))) {
    throw new AppError('NOT_FOUND', { entity: 'file', field: 'evidenceFileId', id: evidenceFileId });
  }
  const sheet = await imports.readImportFile(ctx, file.buffer, giftImportColumns, maxGiftImportRows);
  const { errors } = sheet;
  const rows = readGiftRows(sheet.rows, errors);
  const projects = await repo.findProjectsByCodes(db, [...new Set(rows.map((r) => r.projectCode))]);
  const projectByCode = new Map(projects.map((p) => [p.code, p]));
  const orgPath = new Map(
    (await orgs.findOrgsByIds(db, [...new Set(projects.map((p) => p.orgId))])).map((o) => [o.id, o.path]),
  );
  const gifts: (GiftInput & { rowNumber: number })[] = [];
  const rowOfReference = new Map<string, number>();
  for (const row of rows) {
    const project = projectByCode.get(row.projectCode);
    if (!project) {
      errors.add(
        row.rowNumber,
        'projectCode',
        'NOT_FOUND',
        `找不到编号为 ${row.projectCode} 的募捐项目`,
        `no project has code ${row.projectCode}`,
      );
      continue;
    }
    const input = { ...row.gift, projectId: project.id, evidenceFileId };
    const { errors: broken, gift } = checkRecordedGift(ctx, rules, project, orgPath.get(project.orgId) ?? '', input);
    for (const error of broken) {
      const m = giftRuleMessage(error, rules);
      errors.add(row.rowNumber, m.field, error.code, m.zh, m.en);
    }
    const ref = gift.providerTxnId;
    const first = ref ? rowOfReference.get(ref) : undefined;
    if (first) {
      errors.add(row.rowNumber, 'reference', 'DUPLICATE_IN_FILE', `与第 ${first} 行重复`, `repeats row ${first}`);
    } else if (ref) {
      rowOfReference.set(ref, row.rowNumber);
    }
    if (broken.length === 0 && !first) {
      gifts.push({ ...gift, rowNumber: row.rowNumber });
    }
  }
  const recorded = await repo.findRecordedProviderTxns(
    db,
    gifts.flatMap((g) =>
      g.providerTxnId ? [{ regionId: g.project.regionId, channel: g.channel, providerTxnId: g.providerTxnId }] : [],
    ),
  );
  for (const g of gifts) {
    if (g.providerTxnId && recorded.has(`${g.project.regionId}/${g.providerTxnId}`)) {
      errors.add(
        g.rowNumber,
        'reference',
        'CONFLICT',
        '这笔流水号/支票号的捐赠已经登记',
        'a gift with this reference is already recorded',
      );
    }
  }
  imports.refuseBadRows(errors);
  // The batch's evidence (a bank statement) belongs to the nearest unit above every project of the file.
  const paths = gifts.map((g) => (orgPath.get(g.project.orgId) ?? '').split('.').filter((id) => id !== ''));
  const common = paths.reduce((acc, p) => {
    const differs = acc.findIndex((id, i) => p[i] !== id);
    return differs === -1 ? acc : acc.slice(0, differs);
  });
  const evidenceOrgId = Number(common[common.length - 1]);
  return imports.startImport(db, ctx, repo.giftImportRecords, {
    fileName: file.fileName,
    totalRows: gifts.length,
    run: async (tx, { importId, report }) => {
      if (Number.isInteger(evidenceOrgId)) {
        await claimEvidence(tx, ctx, [{ field: 'evidenceFileId', id: evidenceFileId }], {
          orgId: evidenceOrgId,
          readPermission: 'donations:view',
          purpose: 'donation-evidence',
        });
      }
      for (const [i, { rowNumber: _row, ...gift }] of gifts.entries()) {
        await receiveGift(tx, ctx, gift);
        report(i + 1);
      }
      await recordAudit(tx, ctx, {
        action: 'donation.imported',
        entityType: 'gift_import',
        entityId: importId,
        after: {
          fileName: file.fileName,
          count: gifts.length,
          totalFen: gifts.reduce((sum, g) => sum + g.amountFen, 0),
          evidenceFileId,
        },
      });
      return gifts.length;
    },
  });
}

/** A gift import's progress and its bad rows, for the account that started it. */
export function getGiftImport(db: Db, ctx: Ctx, id: string): Promise<GiftImportView> {
  return imports.getImport(db, ctx, repo.giftImportRecords, id);
}

/**
 * Refuses a name the certificate font cannot print (e.g. CJK Extension B characters): it would vanish from the
 * certificate. The donor is asked to write it differently (or to give anonymously).
 */
export function assertPrintableName(field: string, name: string | null | undefined): void {
  const missing = name ? findMissingCharacters(name) : [];
  if (missing.length > 0) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [
        {
          field,
          message: `these characters cannot be printed on the certificate: ${missing.join(' ')}`,
          characters: missing,
        },
      ],
    });
  }
}

export function normalisePhone(input: string): string {
  const phone = normalizePhone(input);
  if (!phone.ok) {
    throw new AppError('INVALID_PHONE', { field: 'phone' });
  }
  return phone.value;
}

// ------------------------------------------------------------------------------------------------ views

async function toDonationRows(db: Db, rows: repo.DonationRow[], showNames: boolean): Promise<DonationRow[]> {
  const [projects, orgRows] = await Promise.all([
    repo.findProjectsByIds(db, [...new Set(rows.map((r) => r.projectId))]),
    orgs.findOrgsByIds(db, [...new Set(rows.map((r) => r.orgId))]),
  ]);
  const project = new Map(projects.map((p) => [p.id, p]));
  const orgName = new Map(orgRows.map((o) => [o.id, o.name]));
  const refunded = await repo.refundedDonationIds(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((d) => ({
    id: d.id,
    donationNo: d.donationNo,
    projectId: d.projectId,
    projectCode: project.get(d.projectId)?.code ?? '',
    projectName: project.get(d.projectId)?.name ?? '',
    orgId: d.orgId,
    orgName: orgName.get(d.orgId) ?? '',
    fundId: d.fundId,
    channel: d.channel as DonationRow['channel'],
    amountFen: d.amountFen,
    donorKind: d.donorKind as DonationRow['donorKind'],
    donorName: showNames ? d.donorName : null,
    displayName: d.displayName,
    isAnonymous: d.isAnonymous,
    phoneMasked: d.donorPhoneMasked,
    message: d.message,
    intent: d.intent as DonationRow['intent'],
    intentNote: d.intentNote,
    receiptStatus: d.receiptStatus as DonationRow['receiptStatus'],
    receivedAt: d.receivedAt.toISOString(),
    ledgerIndex: d.ledgerIndex,
    evidenceFileId: d.evidenceFileId,
    agreementFileId: d.agreementFileId,
    isRefunded: refunded.has(d.id),
  }));
}

async function viewDonationRow(db: Db, d: repo.DonationRow, showNames: boolean): Promise<DonationView> {
  return (await viewDonationRows(db, [d], showNames))[0];
}

/** The trails of several gifts (spends, moves, consents, reversal, what is left) in a fixed number of queries. */
async function viewDonationRows(db: Db, ds: repo.DonationRow[], showNames: boolean): Promise<DonationView[]> {
  const ids = ds.map((d) => d.id);
  const [rows, lots, spends, moves, consents, reversals] = await Promise.all([
    toDonationRows(db, ds, showNames),
    repo.lotsForDonations(db, ids),
    repo.spendsForDonations(db, ids),
    repo.movesForDonations(db, ids),
    repo.consentsForDonations(db, ids),
    repo.openReversalsFor(db, ids),
  ]);
  const fundIds = [...new Set([...moves.map((m) => m.toFundId), ...consents.map((c) => c.toFundId)])];
  const fundName = new Map((await repo.findFundsByIds(db, fundIds)).map((f) => [f.id, f.name]));
  return ds.map((d, i) =>
    trailOf(
      rows[i],
      fundName,
      lots.filter((l) => l.donationId === d.id),
      spends.filter((s) => s.donationId === d.id),
      moves.filter((m) => m.donationId === d.id),
      consents.filter((c) => c.donationId === d.id),
      reversals.find((r) => r.donationId === d.id),
    ),
  );
}

function trailOf(
  row: Awaited<ReturnType<typeof toDonationRows>>[number],
  fundName: Map<number, string>,
  lots: repo.LotRow[],
  spends: Awaited<ReturnType<typeof repo.spendsForDonations>>,
  moves: Awaited<ReturnType<typeof repo.movesForDonations>>,
  consents: repo.ConsentRow[],
  reversal: repo.ReversalRow | undefined,
): DonationView {
  return {
    ...row,
    unspentFen: lots.reduce((s, l) => s + l.unspentFen, 0),
    spends: spends.map(({ donationId: _d, ...s }) => ({ ...s, paidAt: s.paidAt?.toISOString() ?? null })),
    moves: moves.map((m) => ({
      allocationNo: m.allocationNo,
      toFundName: fundName.get(m.toFundId) ?? '',
      amountFen: m.amountFen,
      purpose: m.purpose,
      at: m.at?.toISOString() ?? null,
      ledgerIndex: m.ledgerIndex,
    })),
    consents: consents.map((c) => ({
      toFundId: c.toFundId,
      toFundName: fundName.get(c.toFundId) ?? '',
      purpose: c.purpose,
      form: c.form as 'written' | 'recorded',
      recordedAt: c.recordedAt.toISOString(),
      ledgerIndex: c.ledgerIndex,
    })),
    hasPendingReversal: reversal?.status === 'pending',
  };
}

export async function viewDonation(db: Db, ctx: Ctx, id: string): Promise<DonationView> {
  const d = await repo.findDonationById(db, id);
  if (!d) {
    throw new AppError('NOT_FOUND', { entity: 'donation', id });
  }
  assertCanAt(ctx.actor, 'donations:view', (await orgs.getOrg(db, d.orgId)).path);
  return viewDonationRow(db, d, true);
}

function chinaDayRange(date: string): { from: Date; to: Date } {
  const from = new Date(`${date}T00:00:00+08:00`);
  return { from, to: new Date(from.getTime() + 86_400_000) };
}

export async function listDonations(db: Db, ctx: Ctx, q: DonationListQuery) {
  const where: SQL[] = [orgs.orgScopeCondition(repo.columns.donation.orgId, ctx, 'donations:view')];
  if (q.orgId) {
    where.push(orgs.orgUnderCondition(repo.columns.donation.orgId, (await orgs.getOrg(db, q.orgId)).path));
  }
  if (q.projectId) {
    where.push(eq(repo.columns.donation.projectId, q.projectId));
  }
  if (q.channel) {
    where.push(eq(repo.columns.donation.channel, q.channel));
  }
  const { rows, total, totalFen } = await repo.listDonations(db, {
    where,
    from: q.from ? chinaDayRange(q.from).from : undefined,
    to: q.to ? chinaDayRange(q.to).to : undefined,
    q: q.q,
    limit: q.limit,
    offset: q.offset,
  });
  return { items: await toDonationRows(db, rows, hasPermission(ctx.actor, 'donations:view')), total, totalFen };
}

/** Any gift by its number, as the public sees it: masked name, amount and where the money went. */
export async function viewPublicDonation(db: Db, donationNo: string): Promise<PublicDonation> {
  const d = await repo.findDonationByNo(db, donationNo);
  if (!d) {
    throw new AppError('NOT_FOUND', { entity: 'donation', donationNo });
  }
  return toPublicDonation(await viewDonationRow(db, d, false));
}

/** The public trails of several gifts (a donor's list, their annual statement) in a fixed number of queries. */
export async function viewPublicDonations(db: Db, ds: repo.DonationRow[]): Promise<PublicDonation[]> {
  return (await viewDonationRows(db, ds, false)).map(toPublicDonation);
}

function toPublicDonation(v: DonationView): PublicDonation {
  return {
    donationNo: v.donationNo,
    projectCode: v.projectCode,
    projectName: v.projectName,
    orgName: v.orgName,
    channel: v.channel,
    amountFen: v.amountFen,
    displayName: v.displayName,
    message: v.message,
    intent: v.intent,
    receivedAt: v.receivedAt,
    ledgerIndex: v.ledgerIndex,
    isRefunded: v.isRefunded,
    unspentFen: v.unspentFen,
    spends: v.spends,
    moves: v.moves,
  };
}

/** The donor's own view, with the salt that proves the ledger entry is theirs: needs the gift's access token. */
export async function viewDonorDonation(db: Db, donationNo: string, token: string): Promise<DonorDonation> {
  const d = await getDonationWithToken(db, donationNo, token);
  const pub = await viewPublicDonation(db, donationNo);
  return {
    ...pub,
    donorName: d.donorName,
    salt: d.saltEnc ? pii().decrypt(d.saltEnc) : null,
    commitment: d.commitment,
    certificateUrl: `/api/public/donations/${d.donationNo}/certificate.pdf?token=${encodeURIComponent(token)}`,
  };
}

export async function getDonationWithToken(db: Db, donationNo: string, token: string): Promise<repo.DonationRow> {
  const d = await repo.findDonationByNo(db, donationNo);
  if (!d?.accessTokenHash || !sameToken(d.accessTokenHash, token)) {
    throw new AppError('ACCESS_TOKEN_INVALID', { donationNo });
  }
  return d;
}

/** Compares a presented token with the stored hash in constant time. */
export function sameToken(storedHash: string, token: string): boolean {
  const a = Buffer.from(storedHash);
  const b = Buffer.from(pii().hashToken(token));
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

export const findDonationById = repo.findDonationById;
export const findDonationByNo = repo.findDonationByNo;
export const setDonationCertificate = repo.setDonationCertificate;
export const findProjectById = repo.findProjectById;

/** A paid payout by its public number (as the daily disclosure shows it), for a complaint about it; or undefined. */
export async function findPaidPayoutByNo(
  db: Db,
  payoutNo: string,
): Promise<{ id: string; payoutNo: string; orgId: number } | undefined> {
  const p = await repo.findPaidPayoutByNo(db, payoutNo);
  return p ? { id: p.id, payoutNo: p.payoutNo, orgId: p.orgId } : undefined;
}

// ------------------------------------------------------------------------------------------------ funds

export async function listFunds(db: Db, ctx: Ctx, q: { orgId?: number }): Promise<FundView[]> {
  const where: SQL[] = [orgs.orgScopeCondition(repo.columns.fund.orgId, ctx, 'donations:view')];
  if (q.orgId) {
    where.push(orgs.orgUnderCondition(repo.columns.fund.orgId, (await orgs.getOrg(db, q.orgId)).path));
  }
  const rows = await repo.listFunds(db, where);
  const [totals, orgRows] = await Promise.all([
    repo.fundTotals(
      db,
      rows.map((r) => r.id),
    ),
    orgs.findOrgsByIds(db, [...new Set(rows.map((r) => r.orgId))]),
  ]);
  const orgName = new Map(orgRows.map((o) => [o.id, o.name]));
  return rows.map((f) => {
    const t = totals.get(f.id) ?? {
      receivedFen: 0,
      spentFen: 0,
      refundedFen: 0,
      allocatedInFen: 0,
      allocatedOutFen: 0,
    };
    return {
      id: f.id,
      orgId: f.orgId,
      orgName: orgName.get(f.orgId) ?? '',
      kind: f.kind as FundView['kind'],
      projectId: f.projectId,
      name: f.name,
      ...t,
      balanceFen: t.receivedFen + t.allocatedInFen - t.allocatedOutFen - t.spentFen - t.refundedFen,
    };
  });
}

// ------------------------------------------------------------------------------------------------ disclosure

const disclosureLimit = 1000;
const disclosurePage = 50;

/**
 * 一天一公示: every gift received and every payout made on one Asia/Shanghai day, for the whole network or one
 * unit's subtree (a gift belongs to exactly one unit, so a city's page and the province's page count it once each
 * and the city's totals add up into the province's).
 */
export async function dailyDisclosure(
  db: Db,
  q: { date: string; orgId?: number; projectCode?: string; limit?: number; offset?: number; payoutOffset?: number },
): Promise<DailyDisclosure> {
  const limit = Math.min(q.limit ?? disclosurePage, disclosureLimit);
  const offset = q.offset ?? 0;
  const payoutOffset = q.payoutOffset ?? offset;
  const { from, to } = chinaDayRange(q.date);
  const giftWhere: SQL[] = [];
  const payoutWhere: SQL[] = [];
  let org: orgs.OrgRow | undefined;
  if (q.orgId) {
    org = await orgs.getOrg(db, q.orgId);
    giftWhere.push(orgs.orgUnderCondition(repo.columns.donation.orgId, org.path));
    payoutWhere.push(orgs.orgUnderCondition(repo.columns.payout.orgId, org.path));
  }
  if (q.projectCode) {
    const project = await getProjectByCode(db, q.projectCode);
    giftWhere.push(eq(repo.columns.donation.projectId, project.id));
    payoutWhere.push(eq(repo.columns.payout.projectId, project.id));
  }
  const [gifts, giftSum, paid, paidSum, checkpoint, reversed] = await Promise.all([
    repo.listDonationsBetween(db, giftWhere, from, to, limit, offset),
    repo.sumDonationsBetween(db, giftWhere, from, to),
    repo.listPaidPayoutsBetween(db, payoutWhere, from, to, limit, payoutOffset),
    repo.sumPaidPayoutsBetween(db, payoutWhere, from, to),
    ledger.latestCheckpointSize(db),
    repo.listDoneReversalsBetween(db, giftWhere, from, to, disclosureLimit),
  ]);
  const receipts = await toDonationRows(db, gifts, false);
  const projects = new Map(
    (await repo.findProjectsByIds(db, [...new Set(paid.map((p) => p.projectId).filter((x) => x !== null))])).map(
      (p) => [p.id, p],
    ),
  );
  const orgName = new Map(
    (await orgs.findOrgsByIds(db, [...new Set(paid.map((p) => p.orgId))])).map((o) => [o.id, o.name]),
  );
  return {
    date: q.date,
    orgId: org?.id ?? null,
    orgName: org?.name ?? null,
    receipts: receipts.map((r) => ({
      donationNo: r.donationNo,
      receivedAt: r.receivedAt,
      displayName: r.displayName,
      isAnonymous: r.isAnonymous,
      amountFen: r.amountFen,
      channel: r.channel,
      projectCode: r.projectCode,
      projectName: r.projectName,
      orgName: r.orgName,
      ledgerIndex: r.ledgerIndex,
      isRefunded: r.isRefunded,
    })),
    payouts: paid.map((p) => ({
      payoutNo: p.payoutNo,
      paidAt: p.decidedAt!.toISOString(),
      payeeDisplay: p.payeeDisplay,
      amountFen: p.amountFen,
      purpose: p.purpose,
      projectCode: p.projectId ? (projects.get(p.projectId)?.code ?? null) : null,
      projectName: p.projectId ? (projects.get(p.projectId)?.name ?? null) : null,
      orgName: orgName.get(p.orgId) ?? '',
      supplier: p.supplier,
      unitPriceFen: p.unitPriceFen,
      quantity: p.quantity,
      isRelatedParty: p.isRelatedParty,
      ledgerIndex: p.ledgerIndex,
    })),
    reversals: reversed.map(({ reversal: r, donationNo }) => ({
      donationNo,
      kind: r.kind as 'refund' | 'correction',
      reasonCode: r.reason.split('\n')[0] as DailyDisclosure['reversals'][number]['reasonCode'],
      amountFen: r.amountFen,
      decidedAt: r.decidedAt!.toISOString(),
      ledgerIndex: r.ledgerIndex,
    })),
    reversedFen: reversed.reduce((sum, { reversal: r }) => sum + r.amountFen, 0),
    receivedFen: giftSum.totalFen,
    receiptCount: giftSum.count,
    paidOutFen: paidSum.totalFen,
    payoutCount: paidSum.count,
    checkpointSize: checkpoint,
  };
}

/** Ledger search of gifts by number, or by day (and amount). */
export async function searchGifts(
  db: Db,
  q: { donationNo?: string; date?: string; amountFen?: number; limit: number },
) {
  if (q.donationNo) {
    const d = await repo.findDonationByNo(db, q.donationNo);
    const rows = d ? await toDonationRows(db, [d], false) : [];
    return { items: rows.map(toDisclosureReceipt) };
  }
  const { from, to } = chinaDayRange(q.date!);
  const where: SQL[] = q.amountFen ? [eq(repo.columns.donation.amountFen, q.amountFen)] : [];
  const rows = await toDonationRows(db, await repo.listDonationsBetween(db, where, from, to, q.limit), false);
  return { items: rows.map(toDisclosureReceipt) };
}

function toDisclosureReceipt(r: DonationRow) {
  return {
    donationNo: r.donationNo,
    receivedAt: r.receivedAt,
    displayName: r.displayName,
    isAnonymous: r.isAnonymous,
    amountFen: r.amountFen,
    channel: r.channel,
    projectCode: r.projectCode,
    projectName: r.projectName,
    orgName: r.orgName,
    ledgerIndex: r.ledgerIndex,
    isRefunded: r.isRefunded,
  };
}

// ------------------------------------------------------------------------------------------------ for other modules

/** A project by id, for modules that receive for a project (goods lots); NOT_FOUND when there is none. */
export const getProjectById = getProjectRow;

/** The identity commitment of the public ledger (docs/ledger.md), for modules that publish a donor or a recipient. */
export { identityCommitment, newCommitmentSalt } from './commitment';
export {
  type DecidedPayout,
  decidePayout,
  fundBalanceOf,
  fundNamesOf,
  onPayoutDecided,
  type PayoutDecidedHook,
  requestPayoutIn,
} from './payouts';
export { type DonationReversedHook, onDonationReversed, type ReversedGift } from './reversals';

// ------------------------------------------------------------------------------------------------ fiscal receipt status

export type ReceiptStatus = DonationView['receiptStatus'];

/** A gift locked for the caller's transaction (the receipts module's requests and issues); NOT_FOUND when none. */
export async function lockDonationForReceipt(tx: Db, id: string): Promise<repo.DonationRow> {
  const d = await repo.lockDonationById(tx, id);
  if (!d) {
    throw new AppError('NOT_FOUND', { entity: 'donation', id });
  }
  return d;
}

/** Sets a gift's fiscal receipt status in the caller's transaction; the caller writes the audit row. */
export function setDonationReceiptStatus(
  tx: Db,
  d: repo.DonationRow,
  status: ReceiptStatus,
): Promise<repo.DonationRow> {
  return repo.setDonationReceiptStatus(tx, d, status);
}

/** True when the gift has been refunded (a refunded gift gets no fiscal receipt). */
export async function isDonationRefunded(db: Db, id: string): Promise<boolean> {
  return (await repo.refundedDonationIds(db, [id])).has(id);
}
