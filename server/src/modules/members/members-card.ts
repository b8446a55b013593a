// The member card (会员证: PDF with a QR code to the public verification page, and the same card on the member's
// phone), its reissue (the `member-card` hall item; the old card's code stops verifying), the public verification,
// the member's own page, and the dues receipt PDF (会费收据: not a donation receipt).
import crypto from 'node:crypto';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { getPublicPhone } from '../../platform/auth/auth.service';
import { findMissingCharacters, pngDataUrl, renderPdf } from '../../platform/documents/pdf';
import { qrPng, qrSvg } from '../../platform/documents/qr';
import { AppError } from '../../platform/errors';
import type { Ctx } from '../../platform/http/context';
import { maskName } from '../../platform/identity/masking';
import * as orgs from '../orgs/orgs.service';
import * as services from '../services/services.service';
import * as repo from './members.repo';
import type {
  CardVerification,
  MemberCategory,
  MemberDetail,
  MemberKind,
  MemberStatus,
  MemberTier,
  MyMembership,
} from './members.schemas';
import { followInHall, loadMember, type MemberRow, memberOfAccount, recordEvent, viewMember } from './members.service';
import { duesPerYearFen, paymentViews } from './members-dues';

/** The card's verification address: the site's public page for the card's current code. */
export function verifyUrl(publicUrl: string | undefined, token: string): string {
  return `${(publicUrl ?? '').replace(/\/$/, '')}/members/verify/${token}`;
}

const categoryLabel: Record<string, string> = { ordinary: '普通会员', youth: '青少年会员', group: '团体会员' };
const tierLabel: Record<string, string> = { ordinary: '', special: '特别会员', life: '终身会员' };

/** Replaces characters the shipped font cannot draw with 〇 so a card always renders. */
function printable(text: string): string {
  const missing = new Set(findMissingCharacters(text));
  return missing.size === 0 ? text : [...text].map((c) => (missing.has(c) ? '〇' : c)).join('');
}

const red = '#c8102e';

/** The member card as a PDF (a credit-card-sized page): name, number, unit, kind, validity and the QR code. */
export async function renderCardPdf(m: MemberRow, orgName: string, url: string): Promise<Buffer> {
  const qr = await qrPng(url, { width: 360, margin: 1, errorCorrectionLevel: 'Q' });
  const kindText = [categoryLabel[m.category], tierLabel[m.tier]].filter(Boolean).join(' · ');
  return renderPdf({
    pageSize: { width: 243, height: 153 },
    pageMargins: [12, 10, 12, 8],
    info: { title: `会员证 ${m.memberNo}` },
    background: () => ({
      canvas: [{ type: 'rect', x: 0, y: 0, w: 243, h: 30, color: red }],
    }),
    content: [
      { text: '中国红十字会会员证', color: '#ffffff', bold: true, fontSize: 12, margin: [0, 0, 0, 10] },
      {
        columns: [
          {
            width: '*',
            stack: [
              { text: printable(m.name), fontSize: 13, bold: true, margin: [0, 0, 0, 3] },
              { text: `会员证号 ${m.memberNo}`, fontSize: 7.5 },
              { text: `类别 ${kindText}`, fontSize: 7.5 },
              { text: `所属单位 ${printable(orgName)}`, fontSize: 7.5 },
              { text: `入会日期 ${m.joinedOn ?? ''}`, fontSize: 7.5 },
              {
                text: `会费缴至 ${m.paidThroughYear ? `${m.paidThroughYear} 年` : '未缴'}`,
                fontSize: 7.5,
              },
              { text: `第 ${m.cardVersion} 版 · 扫码核验`, fontSize: 6.5, color: '#666666', margin: [0, 3, 0, 0] },
            ],
          },
          { width: 72, image: pngDataUrl(qr), fit: [72, 72] },
        ],
      },
    ],
  });
}

/** The card PDF of a member for staff (members:view); MEMBER_NOT_ADMITTED before admission. */
export async function cardPdfForStaff(db: Db, ctx: Ctx, id: string, publicUrl: string | undefined) {
  const { row, org } = await loadMember(db, ctx, id, 'members:view');
  if (!row.cardToken || !row.memberNo) {
    throw new AppError('MEMBER_NOT_ADMITTED', { status: row.status });
  }
  return { pdf: await renderCardPdf(row, org.name, verifyUrl(publicUrl, row.cardToken)), memberNo: row.memberNo };
}

async function ownMember(db: Db, ctx: Ctx): Promise<MemberRow | undefined> {
  if (ctx.actor.kind !== 'public') {
    throw new AppError('FORBIDDEN');
  }
  return memberOfAccount(db, ctx.actor.accountId);
}

/** The signed-in citizen's own card PDF. NOT_FOUND without a membership, MEMBER_NOT_ADMITTED before admission. */
export async function ownCardPdf(db: Db, ctx: Ctx, publicUrl: string | undefined) {
  const m = await ownMember(db, ctx);
  if (!m) {
    throw new AppError('NOT_FOUND', { entity: 'member' });
  }
  if (!m.cardToken || !m.memberNo) {
    throw new AppError('MEMBER_NOT_ADMITTED', { status: m.status });
  }
  const org = await orgs.getOrg(db, m.orgId);
  return { pdf: await renderCardPdf(m, org.name, verifyUrl(publicUrl, m.cardToken)), memberNo: m.memberNo };
}

/** What anyone scanning a card sees: masked name, unit, kind, status, paid-up year. MEMBER_CARD_INVALID otherwise. */
export async function verifyCard(db: Db, token: string): Promise<CardVerification> {
  const m = await repo.findMemberByCardToken(db, token);
  if (!m?.memberNo) {
    throw new AppError('MEMBER_CARD_INVALID');
  }
  const org = await orgs.getOrg(db, m.orgId);
  return {
    isValid: m.status === 'active',
    memberNo: m.memberNo,
    maskedName: m.kind === 'group' ? m.name : maskName(m.name),
    orgName: org.name,
    kind: m.kind as MemberKind,
    category: m.category as MemberCategory,
    tier: m.tier as MemberTier,
    status: m.status as MemberStatus,
    joinedOn: m.joinedOn,
    paidThroughYear: m.paidThroughYear,
    cardVersion: m.cardVersion,
  };
}

/** The citizen's membership page: status, card with its QR code, dues history. */
export async function myMembership(db: Db, ctx: Ctx, publicUrl: string | undefined): Promise<MyMembership> {
  let m = await ownMember(db, ctx);
  if (!m && ctx.actor.kind === 'public') {
    // A rejected application is still shown, so the citizen sees why.
    m = await repo.findLastMemberOfAccount(db, ctx.actor.accountId);
  }
  if (!m) {
    return { member: null };
  }
  const org = await orgs.getOrg(db, m.orgId);
  const url = m.cardToken && m.memberNo ? verifyUrl(publicUrl, m.cardToken) : null;
  return {
    member: {
      id: m.id,
      memberNo: m.memberNo,
      name: m.name,
      kind: m.kind as MemberKind,
      category: m.category as MemberCategory,
      tier: m.tier as MemberTier,
      status: m.status as MemberStatus,
      orgName: org.name,
      appliedAt: m.appliedAt.toISOString(),
      joinedOn: m.joinedOn,
      paidThroughYear: m.paidThroughYear,
      decisionNote: m.decisionNote,
      cardVersion: m.cardVersion,
      verifyUrl: url,
      qrSvg: url ? await qrSvg(url, { margin: 1 }) : null,
      duesPerYearFen: await duesPerYearFen(db, m),
      payments: await paymentViews(db, m),
    },
  };
}

/**
 * The citizen asks, from the phone, for a card reissue (`member-card`) or to pay dues (`member-dues`): a hall
 * request about their membership that staff fulfil here (reissue, record dues). MEMBER_NOT_ADMITTED before admission.
 */
export async function requestFromPhone(
  db: Db,
  ctx: Ctx,
  itemCode: 'member-card' | 'member-dues',
  input: { years?: number; reason?: string },
): Promise<{ requestId: string; requestNo: string }> {
  const m = await ownMember(db, ctx);
  if (!m) {
    throw new AppError('NOT_FOUND', { entity: 'member' });
  }
  if (!m.memberNo || (m.status !== 'active' && m.status !== 'lapsed')) {
    throw new AppError('MEMBER_NOT_ADMITTED', { status: m.status });
  }
  return db.transaction(async (tx) => {
    const phone = await getPublicPhone(tx, ctx);
    const form: Record<string, string | number> =
      itemCode === 'member-card'
        ? { memberNo: m.memberNo!, changeKind: 'reissue', detail: input.reason || '会员证遗失或损坏,申请补办' }
        : { memberNo: m.memberNo!, years: input.years ?? 1 };
    const request = await services.openServiceRequest(
      tx,
      ctx,
      {
        itemCode,
        orgId: m.orgId,
        applicant: { name: m.name, phone, personId: m.personId ?? undefined },
        form,
        fileIds: {},
        subject: { kind: 'member', id: m.id },
      },
      { channel: 'module', accountId: ctx.actor.kind === 'public' ? ctx.actor.accountId : undefined },
    );
    await recordEvent(tx, ctx, m, itemCode === 'member-card' ? 'card_requested' : 'dues_requested', {
      data: { requestNo: request.requestNo },
    });
    return { requestId: request.id, requestNo: request.requestNo };
  });
}

/**
 * Reissues the card (members:manage): a new verification code and version, so the old card's QR code no longer
 * verifies; closes the member-card hall request when given. MEMBER_NOT_ADMITTED before admission.
 */
export async function reissueCard(
  db: Db,
  ctx: Ctx,
  id: string,
  input: { reason: string; serviceRequestId?: string },
): Promise<MemberDetail> {
  await db.transaction(async (tx) => {
    const { row: m } = await loadMember(tx, ctx, id, 'members:manage', true);
    if (!m.memberNo || (m.status !== 'active' && m.status !== 'lapsed')) {
      throw new AppError('MEMBER_NOT_ADMITTED', { status: m.status });
    }
    const version = m.cardVersion + 1;
    await repo.updateMember(tx, m.regionId, m.id, {
      cardToken: crypto.randomBytes(16).toString('base64url'),
      cardVersion: version,
      cardIssuedAt: new Date(),
    });
    await recordEvent(tx, ctx, m, 'card_reissued', { note: input.reason, data: { cardVersion: version } });
    await recordAudit(tx, ctx, {
      action: 'member.card-reissued',
      entityType: 'member',
      entityId: m.id,
      orgId: m.orgId,
      regionId: m.regionId,
      before: { cardVersion: m.cardVersion },
      after: { cardVersion: version },
      reason: input.reason,
    });
    if (input.serviceRequestId) {
      const request = await services.getServiceRequestRow(tx, input.serviceRequestId);
      if (request.subjectKind !== 'member' || request.subjectId !== m.id) {
        throw new AppError('VALIDATION_FAILED', {
          issues: [{ field: 'body.serviceRequestId', message: 'not a request of this member' }],
        });
      }
      await followInHall(tx, ctx, request.id, 'done', `已补办会员证(第 ${version} 版)`);
    }
  });
  return viewMember(db, ctx, id);
}

/** The dues receipt (会费收据) of a payment as a PDF: its own numbering, explicitly not a donation receipt. */
export async function duesReceiptPdf(db: Db, ctx: Ctx, paymentId: string): Promise<{ pdf: Buffer; receiptNo: string }> {
  const payment = await repo.findPayment(db, paymentId);
  if (!payment) {
    throw new AppError('NOT_FOUND', { entity: 'dues_payment', id: paymentId });
  }
  const m = (await repo.findMember(db, payment.regionId, payment.memberId))!;
  if (ctx.actor.kind === 'public') {
    const own = await memberOfAccount(db, ctx.actor.accountId);
    if (own?.id !== m.id) {
      throw new AppError('NOT_FOUND', { entity: 'dues_payment', id: paymentId });
    }
  } else {
    await loadMember(db, ctx, m.id, 'members:view');
  }
  const org = await orgs.getOrg(db, payment.orgId);
  const yuan = (payment.amountFen / 100).toFixed(2);
  const years =
    payment.fromYear === payment.toYear ? `${payment.fromYear} 年` : `${payment.fromYear}–${payment.toYear} 年`;
  const method = { cash: '现金', bank: '银行转账', online: '线上支付' }[payment.method] ?? payment.method;
  const pdf = await renderPdf({
    pageSize: 'A5',
    pageOrientation: 'landscape',
    pageMargins: [40, 36, 40, 36],
    info: { title: `会费收据 ${payment.receiptNo}` },
    content: [
      { text: '红十字会会费收据', fontSize: 20, bold: true, alignment: 'center', color: red },
      { text: `收据号 ${payment.receiptNo}`, alignment: 'center', fontSize: 10, margin: [0, 4, 0, 16] },
      {
        table: {
          widths: [90, '*'],
          body: [
            ['缴费人', printable(payment.payerName)],
            ['会员证号', m.memberNo ?? ''],
            ['所属单位', printable(org.name)],
            ['缴费所属年度', years],
            ['金额', `人民币 ${yuan} 元`],
            ['缴费方式', `${method}${payment.reference ? `(${printable(payment.reference)})` : ''}`],
            ['缴费日期', payment.paidOn],
          ],
        },
        layout: 'lightHorizontalLines',
      },
      {
        text: '本收据为会员会费收据,会费不属于捐赠,不作为公益事业捐赠票据,不可用于税前扣除。',
        fontSize: 9,
        color: '#555555',
        margin: [0, 16, 0, 0],
      },
      { text: printable(org.name), alignment: 'right', margin: [0, 20, 0, 0] },
    ],
  });
  return { pdf, receiptNo: payment.receiptNo };
}
