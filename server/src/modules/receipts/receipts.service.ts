// Fiscal donation receipts (公益事业捐赠票据, Red Cross Law Art. 20): a donor asks with the gift's access token (or
// staff ask on the donor's behalf), finance issues through the FiscalReceiptIssuer adapter or refuses, a reversal
// (冲红) is a new document that cancels an original, and a donor who waives or stays anonymous is recorded as such.
// Every decision is one transaction with its audit row; issued documents are never changed.
import crypto from 'node:crypto';
import { eq, gte, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { toChinaDate } from '../../platform/dates';
import { findMissingCharacters } from '../../platform/documents/pdf';
import { AppError } from '../../platform/errors';
import { findStoredFile, storeFile } from '../../platform/files/files.service';
import type { Ctx } from '../../platform/http/context';
import { validateIdByType } from '../../platform/identity/id-number';
import { maskIdNumber, maskName } from '../../platform/identity/masking';
import { validateUscc } from '../../platform/identity/uscc';
import { pii } from '../../platform/pii';
import { actorId, assertCanAt } from '../../platform/rbac/actor';
import type { Permission } from '../../platform/rbac/permissions';
import { renderFiscalReceipt } from '../donations/documents/receipt-pdf';
import * as donations from '../donations/donations.service';
import * as orgs from '../orgs/orgs.service';
import type { FiscalReceiptIssuer, IssuedReceiptNumbers } from './receipt-issuer';
import * as repo from './receipts.repo';
import type {
  DonorReceiptStatus,
  FiscalReceiptView,
  GiftReceiptState,
  IssueReceipt,
  PayerIdType,
  ReceiptListQuery,
  ReceiptRequest,
  ReceiptRequestView,
  ReceiptVerification,
  RefuseRequest,
  RequestListQuery,
  VerifyQuery,
  VoidReceipt,
} from './receipts.schemas';

/** What the receipt flow needs from the deployment: who numbers the receipts. */
export type ReceiptsRuntime = { issuer: FiscalReceiptIssuer };

type ReceiptStatus = donations.ReceiptStatus;

// ------------------------------------------------------------------------------------------------ input rules

/**
 * Normalises and checks a payer's ID: a unified social credit code by its GB 32100 check character
 * (INVALID_CREDIT_CODE), a resident ID by GB 11643 and other documents by their format (INVALID_ID_NUMBER).
 */
export function checkPayerId(type: PayerIdType, raw: string): string {
  if (type === 'uscc') {
    const v = validateUscc(raw);
    if (!v.ok) {
      throw new AppError('INVALID_CREDIT_CODE', { field: 'payerId', reason: v.reason });
    }
    return v.value;
  }
  const v = validateIdByType(type, raw);
  if (!v.ok) {
    throw new AppError('INVALID_ID_NUMBER', { field: 'payerId', reason: v.reason });
  }
  return v.value;
}

/** A credit code identifies an organisation and is public: printed and shown in full. Personal IDs are masked. */
function maskPayerId(type: string, value: string): string {
  return type === 'uscc' ? value : maskIdNumber(value);
}

/** Text that goes on the receipt must be printable with the shipped font: refused up front, not at issue time. */
function assertPrintable(fields: Record<string, string | undefined>): void {
  const issues = Object.entries(fields)
    .map(([field, value]) => ({ field, missing: value ? findMissingCharacters(value) : [] }))
    .filter((f) => f.missing.length > 0)
    .map((f) => ({ field: f.field, message: `cannot be printed: ${f.missing.join(' ')}` }));
  if (issues.length > 0) {
    throw new AppError('VALIDATION_FAILED', { issues });
  }
}

// ------------------------------------------------------------------------------------------------ requests

async function getGift(db: Db, id: string): Promise<donations.DonationRecord> {
  const gift = await donations.findDonationById(db, id);
  if (!gift) {
    throw new AppError('NOT_FOUND', { entity: 'donation', id });
  }
  return gift;
}

async function assertGiftInScope(db: Db, ctx: Ctx, orgId: number, permission: Permission): Promise<void> {
  assertCanAt(ctx.actor, permission, (await orgs.getOrg(db, orgId)).path);
}

/**
 * Records a request in the caller's transaction, after locking the gift. A gift that waived its receipt may still
 * ask (the change of mind is kept as the request's previous status); an anonymous gift asks only through staff, who
 * take the donor's name. Throws RECEIPT_GIFT_REFUNDED, RECEIPT_ALREADY_ISSUED, RECEIPT_ALREADY_REQUESTED and, for a
 * donor's own request on an anonymous gift, RECEIPT_ANONYMOUS_GIFT.
 */
async function recordRequest(
  tx: Db,
  ctx: Ctx,
  donationId: string,
  input: ReceiptRequest & { payerId: string },
  requesterKind: 'donor' | 'staff',
): Promise<repo.RequestRow> {
  const gift = await donations.lockDonationForReceipt(tx, donationId);
  if (await donations.isDonationRefunded(tx, gift.id)) {
    throw new AppError('RECEIPT_GIFT_REFUNDED', { donationNo: gift.donationNo });
  }
  const previous = gift.receiptStatus as ReceiptStatus;
  if (previous === 'issued') {
    throw new AppError('RECEIPT_ALREADY_ISSUED', { donationNo: gift.donationNo });
  }
  if (previous === 'requested') {
    throw new AppError('RECEIPT_ALREADY_REQUESTED', { donationNo: gift.donationNo });
  }
  if (previous === 'anonymous' && requesterKind === 'donor') {
    throw new AppError('RECEIPT_ANONYMOUS_GIFT', { donationNo: gift.donationNo });
  }
  const request = await repo.insertRequest(tx, {
    regionId: gift.regionId,
    id: crypto.randomUUID(),
    donationId: gift.id,
    donationNo: gift.donationNo,
    amountFen: gift.amountFen,
    orgId: gift.orgId,
    requesterKind,
    requestedBy: requesterKind === 'staff' ? actorId(ctx.actor) : null,
    requestedAt: new Date(),
    previousStatus: previous,
    payerName: input.payerName,
    payerIdType: input.payerIdType,
    payerIdEnc: pii().encrypt(input.payerId),
    payerIdHash: pii().blindIndex('id', `${input.payerIdType}:${input.payerId}`),
    payerIdMasked: maskPayerId(input.payerIdType, input.payerId),
    status: 'requested',
  });
  await donations.setDonationReceiptStatus(tx, gift, 'requested');
  await recordAudit(tx, ctx, {
    action: 'receipt.requested',
    entityType: 'donation',
    entityId: gift.id,
    orgId: gift.orgId,
    regionId: gift.regionId,
    before: { receiptStatus: previous },
    after: {
      receiptStatus: 'requested',
      requestId: request.id,
      requesterKind,
      payerName: maskName(input.payerName),
      payerIdType: input.payerIdType,
      payerIdMasked: request.payerIdMasked,
    },
  });
  return request;
}

function validRequestInput(input: ReceiptRequest): ReceiptRequest & { payerId: string } {
  const payerId = checkPayerId(input.payerIdType, input.payerId);
  assertPrintable({ payerName: input.payerName });
  return { ...input, payerId };
}

/**
 * The donor asks for the fiscal receipt of their gift with its access token (ACCESS_TOKEN_INVALID otherwise). The
 * payer's ID is checked by its check character before anything is written.
 */
export async function requestReceiptAsDonor(
  db: Db,
  ctx: Ctx,
  donationNo: string,
  token: string,
  input: ReceiptRequest,
): Promise<DonorReceiptStatus> {
  const gift = await donations.getDonationWithToken(db, donationNo, token);
  const valid = validRequestInput(input);
  await db.transaction((tx) => recordRequest(tx, ctx, gift.id, valid, 'donor'));
  return viewDonorReceipt(db, donationNo, token);
}

/** Staff enter a request on the donor's behalf (also for an anonymous gift, once the donor has given their name). */
export async function requestReceiptForDonor(
  db: Db,
  ctx: Ctx,
  donationId: string,
  input: ReceiptRequest,
): Promise<ReceiptRequestView> {
  const gift = await getGift(db, donationId);
  await assertGiftInScope(db, ctx, gift.orgId, 'receipts:issue');
  const valid = validRequestInput(input);
  const request = await db.transaction((tx) => recordRequest(tx, ctx, gift.id, valid, 'staff'));
  return (await toRequestViews(db, [request]))[0];
}

/**
 * Records that the donor waived the receipt (Red Cross Law Art. 20). Recording it twice changes nothing. Throws
 * RECEIPT_ALREADY_REQUESTED / RECEIPT_ALREADY_ISSUED while a receipt is under way or valid, and
 * RECEIPT_ANONYMOUS_GIFT for an anonymous gift (already recorded as such).
 */
export async function recordReceiptWaiver(
  db: Db,
  ctx: Ctx,
  donationId: string,
  input: { note?: string },
): Promise<GiftReceiptState> {
  const pre = await getGift(db, donationId);
  await assertGiftInScope(db, ctx, pre.orgId, 'receipts:issue');
  const gift = await db.transaction(async (tx) => {
    const d = await donations.lockDonationForReceipt(tx, donationId);
    const status = d.receiptStatus as ReceiptStatus;
    if (status === 'waived') {
      return d;
    }
    if (status === 'requested') {
      throw new AppError('RECEIPT_ALREADY_REQUESTED', { donationNo: d.donationNo });
    }
    if (status === 'issued') {
      throw new AppError('RECEIPT_ALREADY_ISSUED', { donationNo: d.donationNo });
    }
    if (status === 'anonymous') {
      throw new AppError('RECEIPT_ANONYMOUS_GIFT', { donationNo: d.donationNo });
    }
    const after = await donations.setDonationReceiptStatus(tx, d, 'waived');
    await recordAudit(tx, ctx, {
      action: 'receipt.waived',
      entityType: 'donation',
      entityId: d.id,
      orgId: d.orgId,
      regionId: d.regionId,
      before: { receiptStatus: status },
      after: { receiptStatus: 'waived' },
      reason: input.note ?? null,
    });
    return after;
  });
  return { donationId: gift.id, donationNo: gift.donationNo, receiptStatus: gift.receiptStatus as ReceiptStatus };
}

/** Pending (or decided) requests in the units where the caller may issue receipts, oldest first. */
export async function listRequests(db: Db, ctx: Ctx, q: RequestListQuery) {
  const where: SQL[] = [orgs.orgScopeCondition(repo.columns.request.orgId, ctx, 'receipts:issue')];
  if (q.orgId) {
    where.push(orgs.orgUnderCondition(repo.columns.request.orgId, (await orgs.getOrg(db, q.orgId)).path));
  }
  if (q.status) {
    where.push(eq(repo.columns.request.status, q.status));
  }
  if (q.donationId) {
    where.push(eq(repo.columns.request.donationId, q.donationId));
  }
  if (q.from) {
    where.push(gte(repo.columns.request.requestedAt, new Date(`${q.from}T00:00:00+08:00`)));
  }
  if (q.to) {
    where.push(
      lt(repo.columns.request.requestedAt, new Date(new Date(`${q.to}T00:00:00+08:00`).getTime() + 86_400_000)),
    );
  }
  const { rows, total } = await repo.listRequests(db, { where, limit: q.limit, offset: q.offset });
  return { items: await toRequestViews(db, rows), total };
}

async function getRequestInScope(db: Db, ctx: Ctx, id: string): Promise<repo.RequestRow> {
  const request = await repo.findRequestById(db, id);
  if (!request) {
    throw new AppError('NOT_FOUND', { entity: 'receipt_request', id });
  }
  await assertGiftInScope(db, ctx, request.orgId, 'receipts:issue');
  return request;
}

/** Refuses a pending request with a reason the donor sees; the gift may ask again. Throws NOT_PENDING once decided. */
export async function refuseRequest(db: Db, ctx: Ctx, id: string, input: RefuseRequest): Promise<ReceiptRequestView> {
  await getRequestInScope(db, ctx, id);
  const refused = await db.transaction(async (tx) => {
    const request = (await repo.lockRequest(tx, id))!;
    if (request.status !== 'requested') {
      throw new AppError('NOT_PENDING', { id, status: request.status });
    }
    const gift = await donations.lockDonationForReceipt(tx, request.donationId);
    const status: ReceiptStatus = request.previousStatus === 'anonymous' ? 'anonymous' : 'none';
    const row = await repo.updateRequest(tx, request, {
      status: 'refused',
      refusalReason: input.reason,
      decidedBy: actorId(ctx.actor),
      decidedAt: new Date(),
    });
    if (gift.receiptStatus === 'requested') {
      await donations.setDonationReceiptStatus(tx, gift, status);
    }
    await recordAudit(tx, ctx, {
      action: 'receipt-request.refused',
      entityType: 'receipt_request',
      entityId: request.id,
      orgId: request.orgId,
      regionId: request.regionId,
      before: { status: 'requested', receiptStatus: gift.receiptStatus },
      after: { status: 'refused', receiptStatus: status },
      reason: input.reason,
    });
    return row;
  });
  return (await toRequestViews(db, [refused]))[0];
}

// ------------------------------------------------------------------------------------------------ issuing

/** The branch (province, city or county Red Cross) that receipts for a unit: the unit itself or its nearest one. */
async function payeeOf(db: Db, orgId: number): Promise<orgs.OrgRow> {
  const org = await orgs.getOrg(db, orgId);
  const chain = await orgs.findOrgsByIds(db, org.path.split('.').filter(Boolean).map(Number));
  const byId = new Map(chain.map((o) => [o.id, o]));
  const ids = org.path.split('.').filter(Boolean).map(Number).reverse();
  for (const id of ids) {
    const unit = byId.get(id);
    if (unit && ['province', 'city', 'county'].includes(unit.type)) {
      return unit;
    }
  }
  return org;
}

/** The GB/T 2260 code of a gift's region (city-level branch, or the province), which opens the receipt code. */
async function regionCodeOf(db: Db, regionId: number): Promise<string> {
  const region = await orgs.getOrg(db, regionId);
  if (!region.code || !/^[1-9]\d{5}$/.test(region.code)) {
    throw new Error(`region ${region.id} (${region.name}) has no GB/T 2260 code to number receipts with`);
  }
  return region.code;
}

function actorName(ctx: Ctx): string {
  return ctx.actor.kind === 'staff' ? ctx.actor.displayName : '系统';
}

async function renderAndStore(
  tx: Db,
  ctx: Ctx,
  r: {
    orgId: number;
    numbers: IssuedReceiptNumbers;
    payerName: string;
    payerIdType: string;
    payerId: string;
    payeeName: string;
    lines: repo.ReceiptLine[];
    notes: string;
    reviewer: string;
    cashier: string;
    reversalOf?: { receiptCode: string; receiptNumber: string; reason: string };
  },
): Promise<string> {
  const pdf = await renderFiscalReceipt({
    receiptCode: r.numbers.receiptCode,
    receiptNumber: r.numbers.receiptNumber,
    checkCode: r.numbers.checkCode,
    issuedAt: r.numbers.issuedAt,
    payerName: r.payerName,
    payerIdMasked: maskPayerId(r.payerIdType, r.payerId),
    payeeName: r.payeeName,
    lines: r.lines,
    notes: r.notes,
    reviewer: r.reviewer,
    cashier: r.cashier,
    qrText: r.numbers.qrText,
    reversalOf: r.reversalOf ?? null,
  });
  const file = await storeFile(tx, ctx, {
    purpose: 'fiscal-receipt',
    name: `公益事业捐赠票据${r.reversalOf ? '(冲红)' : ''}-${r.numbers.receiptCode}-${r.numbers.receiptNumber}.pdf`,
    bytes: pdf,
    contentType: 'application/pdf',
    orgId: r.orgId,
  });
  return file.id;
}

/**
 * Issues the receipt a pending request asks for: the issuer numbers it in this transaction, the PDF is rendered and
 * stored, the request and the gift are marked issued. Throws NOT_PENDING once decided, RECEIPT_GIFT_REFUNDED for a
 * refunded gift, RECEIPT_ALREADY_ISSUED when the gift already has a valid receipt.
 */
export async function issueReceipt(
  db: Db,
  ctx: Ctx,
  rt: ReceiptsRuntime,
  requestId: string,
  input: IssueReceipt,
): Promise<FiscalReceiptView> {
  const pre = await getRequestInScope(db, ctx, requestId);
  assertPrintable({ reviewer: input.reviewer, cashier: input.cashier, notes: input.notes });
  const gift = await getGift(db, pre.donationId);
  const project = await donations.getProjectById(db, gift.projectId);
  const [payee, regionCode] = await Promise.all([payeeOf(db, gift.orgId), regionCodeOf(db, gift.regionId)]);
  const receipt = await db.transaction(async (tx) => {
    const request = (await repo.lockRequest(tx, requestId))!;
    if (request.status !== 'requested') {
      throw new AppError('NOT_PENDING', { id: requestId, status: request.status });
    }
    const locked = await donations.lockDonationForReceipt(tx, request.donationId);
    if (await donations.isDonationRefunded(tx, locked.id)) {
      throw new AppError('RECEIPT_GIFT_REFUNDED', { donationNo: locked.donationNo });
    }
    if (locked.receiptStatus === 'issued') {
      throw new AppError('RECEIPT_ALREADY_ISSUED', { donationNo: locked.donationNo });
    }
    const payerId = pii().decrypt(request.payerIdEnc);
    const lines: repo.ReceiptLine[] = [
      { code: project.code, name: project.name, unit: '笔', quantity: 1, amountFen: locked.amountFen },
    ];
    const intent = locked.intent === 'restricted' ? '定向' : '非定向';
    const notes = [`捐赠编号 ${locked.donationNo}，${intent}捐赠。`, input.notes ?? ''].join('');
    const numbers = await rt.issuer.issue(tx, {
      regionCode,
      payerName: request.payerName,
      payerId,
      totalFen: locked.amountFen,
      issuedAt: new Date(),
    });
    const pdfFileId = await renderAndStore(tx, ctx, {
      orgId: locked.orgId,
      numbers,
      payerName: request.payerName,
      payerIdType: request.payerIdType,
      payerId,
      payeeName: payee.name,
      lines,
      notes,
      reviewer: input.reviewer,
      cashier: input.cashier,
    });
    const row = await repo.insertReceipt(tx, {
      regionId: locked.regionId,
      id: crypto.randomUUID(),
      donationId: locked.id,
      donationNo: locked.donationNo,
      orgId: locked.orgId,
      kind: 'original',
      requestId: request.id,
      issuer: rt.issuer.name,
      payerName: request.payerName,
      payerIdType: request.payerIdType,
      payerIdEnc: request.payerIdEnc,
      payerIdHash: request.payerIdHash,
      payerIdMasked: request.payerIdMasked,
      payeeName: payee.name,
      lines,
      totalFen: locked.amountFen,
      receiptCode: numbers.receiptCode,
      receiptNumber: numbers.receiptNumber,
      checkCode: numbers.checkCode,
      qrText: numbers.qrText,
      issuedAt: numbers.issuedAt,
      issuedBy: actorId(ctx.actor) ?? ctx.actor.kind,
      reviewer: input.reviewer,
      cashier: input.cashier,
      notes,
      pdfFileId,
    });
    await repo.updateRequest(tx, request, {
      status: 'issued',
      decidedBy: actorId(ctx.actor),
      decidedAt: numbers.issuedAt,
      receiptId: row.id,
    });
    await donations.setDonationReceiptStatus(tx, locked, 'issued');
    await recordAudit(tx, ctx, {
      action: 'fiscal-receipt.issued',
      entityType: 'fiscal_receipt',
      entityId: row.id,
      orgId: row.orgId,
      regionId: row.regionId,
      after: {
        receipt: `${row.receiptCode}-${row.receiptNumber}`,
        donationNo: row.donationNo,
        requestId: request.id,
        totalFen: row.totalFen,
        payerName: maskName(row.payerName),
        payerIdMasked: row.payerIdMasked,
        issuer: row.issuer,
        pdfFileId,
      },
    });
    return row;
  });
  return (await toReceiptViews(db, [receipt]))[0];
}

/**
 * Reverses (冲红) an original receipt: a NEW document with its own number, the same payer and the amounts negated,
 * naming the original; the original row is never touched and reads as voided from then on. The gift may then ask
 * for a corrected receipt. Throws RECEIPT_NOT_VOIDABLE for a reversal or an original already reversed.
 */
export async function voidReceipt(
  db: Db,
  ctx: Ctx,
  rt: ReceiptsRuntime,
  receiptId: string,
  input: VoidReceipt,
): Promise<FiscalReceiptView> {
  const original = await repo.findReceiptById(db, receiptId);
  if (!original) {
    throw new AppError('NOT_FOUND', { entity: 'fiscal_receipt', id: receiptId });
  }
  await assertGiftInScope(db, ctx, original.orgId, 'receipts:issue');
  const reviewer = input.reviewer ?? actorName(ctx);
  const cashier = input.cashier ?? actorName(ctx);
  assertPrintable({ reason: input.reason, reviewer, cashier });
  if (original.kind !== 'original') {
    throw new AppError('RECEIPT_NOT_VOIDABLE', { id: receiptId, reason: 'is_reversal' });
  }
  const regionCode = await regionCodeOf(db, original.regionId);
  const reversal = await db.transaction(async (tx) => {
    // The gift's lock serialises everything about its receipts, so two reversals of one original cannot race.
    const gift = await donations.lockDonationForReceipt(tx, original.donationId);
    if (await repo.findReversalOf(tx, original)) {
      throw new AppError('RECEIPT_NOT_VOIDABLE', { id: receiptId, reason: 'already_reversed' });
    }
    const payerId = pii().decrypt(original.payerIdEnc);
    const numbers = await rt.issuer.void(
      tx,
      {
        regionCode,
        payerName: original.payerName,
        payerId,
        totalFen: original.totalFen,
        issuedAt: original.issuedAt,
        receiptCode: original.receiptCode,
        receiptNumber: original.receiptNumber,
        checkCode: original.checkCode,
      },
      input.reason,
    );
    const lines = original.lines.map((l) => ({ ...l, amountFen: -l.amountFen }));
    const notes = `捐赠编号 ${original.donationNo}。`;
    const pdfFileId = await renderAndStore(tx, ctx, {
      orgId: original.orgId,
      numbers,
      payerName: original.payerName,
      payerIdType: original.payerIdType,
      payerId,
      payeeName: original.payeeName,
      lines,
      notes,
      reviewer,
      cashier,
      reversalOf: { receiptCode: original.receiptCode, receiptNumber: original.receiptNumber, reason: input.reason },
    });
    const row = await repo.insertReceipt(tx, {
      regionId: original.regionId,
      id: crypto.randomUUID(),
      donationId: original.donationId,
      donationNo: original.donationNo,
      orgId: original.orgId,
      kind: 'void',
      voidsReceiptId: original.id,
      issuer: rt.issuer.name,
      payerName: original.payerName,
      payerIdType: original.payerIdType,
      payerIdEnc: original.payerIdEnc,
      payerIdHash: original.payerIdHash,
      payerIdMasked: original.payerIdMasked,
      payeeName: original.payeeName,
      lines,
      totalFen: -original.totalFen,
      receiptCode: numbers.receiptCode,
      receiptNumber: numbers.receiptNumber,
      checkCode: numbers.checkCode,
      qrText: numbers.qrText,
      issuedAt: numbers.issuedAt,
      issuedBy: actorId(ctx.actor) ?? ctx.actor.kind,
      reviewer,
      cashier,
      notes,
      voidReason: input.reason,
      pdfFileId,
    });
    if (gift.receiptStatus === 'issued') {
      await donations.setDonationReceiptStatus(tx, gift, 'none');
    }
    await recordAudit(tx, ctx, {
      action: 'fiscal-receipt.voided',
      entityType: 'fiscal_receipt',
      entityId: original.id,
      orgId: original.orgId,
      regionId: original.regionId,
      before: { receipt: `${original.receiptCode}-${original.receiptNumber}`, receiptStatus: gift.receiptStatus },
      after: {
        reversalId: row.id,
        reversal: `${row.receiptCode}-${row.receiptNumber}`,
        totalFen: row.totalFen,
        receiptStatus: gift.receiptStatus === 'issued' ? 'none' : gift.receiptStatus,
        pdfFileId,
      },
      reason: input.reason,
    });
    return row;
  });
  return (await toReceiptViews(db, [reversal]))[0];
}

// ------------------------------------------------------------------------------------------------ staff views

export async function viewReceipt(db: Db, ctx: Ctx, id: string): Promise<FiscalReceiptView> {
  const row = await repo.findReceiptById(db, id);
  if (!row) {
    throw new AppError('NOT_FOUND', { entity: 'fiscal_receipt', id });
  }
  await assertGiftInScope(db, ctx, row.orgId, 'donations:view');
  return (await toReceiptViews(db, [row]))[0];
}

export async function listReceipts(db: Db, ctx: Ctx, q: ReceiptListQuery) {
  const where: SQL[] = [orgs.orgScopeCondition(repo.columns.receipt.orgId, ctx, 'donations:view')];
  if (q.orgId) {
    where.push(orgs.orgUnderCondition(repo.columns.receipt.orgId, (await orgs.getOrg(db, q.orgId)).path));
  }
  if (q.donationId) {
    where.push(eq(repo.columns.receipt.donationId, q.donationId));
  }
  if (q.kind) {
    where.push(eq(repo.columns.receipt.kind, q.kind));
  }
  if (q.q) {
    where.push(repo.receiptSearchCondition(q.q));
  }
  const { rows, total } = await repo.listReceipts(db, { where, limit: q.limit, offset: q.offset });
  return { items: await toReceiptViews(db, rows), total };
}

export type ReceiptPdf = { name: string; bytes: Buffer };

async function readPdf(db: Db, row: repo.ReceiptRow): Promise<ReceiptPdf> {
  const file = await findStoredFile(db, row.pdfFileId);
  if (!file) {
    throw new AppError('NOT_FOUND', { entity: 'file', id: row.pdfFileId });
  }
  return { name: file.name, bytes: Buffer.from(file.data) };
}

export async function getReceiptPdf(db: Db, ctx: Ctx, id: string): Promise<ReceiptPdf> {
  const row = await repo.findReceiptById(db, id);
  if (!row) {
    throw new AppError('NOT_FOUND', { entity: 'fiscal_receipt', id });
  }
  await assertGiftInScope(db, ctx, row.orgId, 'donations:view');
  return readPdf(db, row);
}

async function toRequestViews(db: Db, rows: repo.RequestRow[]): Promise<ReceiptRequestView[]> {
  const orgName = new Map(
    (await orgs.findOrgsByIds(db, [...new Set(rows.map((r) => r.orgId))])).map((o) => [o.id, o.name]),
  );
  return rows.map((r) => ({
    id: r.id,
    donationId: r.donationId,
    donationNo: r.donationNo,
    orgId: r.orgId,
    orgName: orgName.get(r.orgId) ?? '',
    amountFen: r.amountFen,
    requesterKind: r.requesterKind as ReceiptRequestView['requesterKind'],
    requestedAt: r.requestedAt.toISOString(),
    previousStatus: r.previousStatus as ReceiptRequestView['previousStatus'],
    payerName: r.payerName,
    payerIdType: r.payerIdType as ReceiptRequestView['payerIdType'],
    payerIdMasked: r.payerIdMasked,
    status: r.status as ReceiptRequestView['status'],
    refusalReason: r.refusalReason,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    receiptId: r.receiptId,
  }));
}

const ref = (r: repo.ReceiptRow) => ({ id: r.id, receiptCode: r.receiptCode, receiptNumber: r.receiptNumber });

async function toReceiptViews(db: Db, rows: repo.ReceiptRow[]): Promise<FiscalReceiptView[]> {
  const reversals = await repo.reversalsOf(
    db,
    rows.filter((r) => r.kind === 'original').map((r) => r.id),
  );
  const originals = new Map(
    (
      await repo.findReceiptsByIds(
        db,
        rows.map((r) => r.voidsReceiptId).filter((x): x is string => !!x),
      )
    ).map((r) => [r.id, r]),
  );
  return rows.map((r) => {
    const reversal = reversals.get(r.id);
    const original = r.voidsReceiptId ? originals.get(r.voidsReceiptId) : undefined;
    return {
      id: r.id,
      donationId: r.donationId,
      donationNo: r.donationNo,
      orgId: r.orgId,
      kind: r.kind as FiscalReceiptView['kind'],
      state: reversal ? 'voided' : 'valid',
      voids: original ? ref(original) : null,
      voidedBy: reversal ? ref(reversal) : null,
      issuer: r.issuer as FiscalReceiptView['issuer'],
      receiptCode: r.receiptCode,
      receiptNumber: r.receiptNumber,
      checkCode: r.checkCode,
      issuedAt: r.issuedAt.toISOString(),
      payerName: r.payerName,
      payerIdType: r.payerIdType as FiscalReceiptView['payerIdType'],
      payerIdMasked: r.payerIdMasked,
      payeeName: r.payeeName,
      lines: r.lines,
      totalFen: r.totalFen,
      reviewer: r.reviewer,
      cashier: r.cashier,
      notes: r.notes,
      voidReason: r.voidReason,
      pdfFileId: r.pdfFileId,
      verifyUrl: r.qrText,
    };
  });
}

// ------------------------------------------------------------------------------------------------ the donor's view

/** The donor's view of their gift's receipt (with the access token): status, masked payer, documents and links. */
export async function viewDonorReceipt(db: Db, donationNo: string, token: string): Promise<DonorReceiptStatus> {
  const gift = await donations.getDonationWithToken(db, donationNo, token);
  const [request, rows] = await Promise.all([
    repo.latestRequestForDonation(db, gift.regionId, gift.id),
    repo.receiptsForDonation(db, gift.regionId, gift.id),
  ]);
  const reversed = new Set(rows.filter((r) => r.kind === 'void').map((r) => r.voidsReceiptId));
  const base = `/api/public/donations/${encodeURIComponent(gift.donationNo)}/receipt.pdf?token=${encodeURIComponent(token)}`;
  return {
    donationNo: gift.donationNo,
    receiptStatus: gift.receiptStatus as ReceiptStatus,
    request: request
      ? {
          status: request.status as 'requested' | 'issued' | 'refused',
          requestedAt: request.requestedAt.toISOString(),
          payerNameMasked: maskName(request.payerName),
          payerIdType: request.payerIdType as PayerIdType,
          payerIdMasked: request.payerIdMasked,
          refusalReason: request.refusalReason,
          decidedAt: request.decidedAt?.toISOString() ?? null,
        }
      : null,
    documents: rows.map((r) => ({
      id: r.id,
      kind: r.kind as 'original' | 'void',
      state: reversed.has(r.id) ? ('voided' as const) : ('valid' as const),
      receiptCode: r.receiptCode,
      receiptNumber: r.receiptNumber,
      checkCode: r.checkCode,
      issuedAt: r.issuedAt.toISOString(),
      totalFen: r.totalFen,
      payerNameMasked: maskName(r.payerName),
      payerIdMasked: r.payerIdMasked,
      pdfUrl: `${base}&receiptId=${r.id}`,
      verifyUrl: r.qrText,
    })),
  };
}

/**
 * A receipt PDF of the donor's gift (with the access token): the document asked for, or the gift's current valid
 * receipt. NOT_FOUND when the gift has none.
 */
export async function getDonorReceiptPdf(
  db: Db,
  donationNo: string,
  token: string,
  receiptId?: string,
): Promise<ReceiptPdf> {
  const gift = await donations.getDonationWithToken(db, donationNo, token);
  const rows = await repo.receiptsForDonation(db, gift.regionId, gift.id);
  const reversed = new Set(rows.filter((r) => r.kind === 'void').map((r) => r.voidsReceiptId));
  const row = receiptId
    ? rows.find((r) => r.id === receiptId)
    : rows.filter((r) => r.kind === 'original' && !reversed.has(r.id)).at(-1);
  if (!row) {
    throw new AppError('NOT_FOUND', { entity: 'fiscal_receipt', donationNo });
  }
  return readPdf(db, row);
}

// ------------------------------------------------------------------------------------------------ public verification

const unknownReceipt: ReceiptVerification = {
  status: 'unknown',
  receiptCode: null,
  receiptNumber: null,
  kind: null,
  issuedOn: null,
  totalFen: null,
  payeeName: null,
  voidedBy: null,
};

/**
 * Checks a printed receipt: code, number and check code must all match one we issued (otherwise 'unknown', the same
 * answer as for a number never issued). Answers valid or voided with the payee, amount and date, never the payer.
 */
export async function verifyReceipt(db: Db, q: VerifyQuery): Promise<ReceiptVerification> {
  if (!/^\d{8}$/.test(q.code) || !/^\d{10}$/.test(q.number)) {
    return unknownReceipt;
  }
  const row = await repo.findReceiptByNumber(db, q.code, q.number);
  const given = Buffer.from(q.check.toLowerCase());
  const stored = Buffer.from(row?.checkCode.toLowerCase() ?? '');
  if (!row || given.length !== stored.length || !crypto.timingSafeEqual(given, stored)) {
    return unknownReceipt;
  }
  const reversal = row.kind === 'original' ? await repo.findReversalOf(db, row) : undefined;
  return {
    status: reversal ? 'voided' : 'valid',
    receiptCode: row.receiptCode,
    receiptNumber: row.receiptNumber,
    kind: row.kind as 'original' | 'void',
    issuedOn: toChinaDate(row.issuedAt),
    totalFen: row.totalFen,
    payeeName: row.payeeName,
    voidedBy: reversal ? `${reversal.receiptCode}-${reversal.receiptNumber}` : null,
  };
}
