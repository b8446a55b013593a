// Online giving: an order (created → paid | expired | closed), the provider's checkout, and the provider's
// notification, which turns a paid order into a gift exactly once. Every notification is kept as evidence; forged,
// unknown, wrong-amount and late ones are refused and flagged for staff.
import crypto from 'node:crypto';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { AppError } from '../../platform/errors';
import type { Ctx } from '../../platform/http/context';
import { maskPhone } from '../../platform/identity/masking';
import { defineJob } from '../../platform/jobs/jobs.service';
import { pii } from '../../platform/pii';
import { systemActor } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import * as repo from './donations.repo';
import type { CreateOrder, LocalCheckoutView, OrderCreated, OrderStatusView } from './donations.schemas';
import {
  assertPrintableName,
  type DonationRules,
  getProjectByCode,
  normalisePhone,
  receiveGift,
  sameToken,
} from './donations.service';
import { newBusinessNumber } from './numbers';
import { createLocalTxnId, signLocalNotification, verifyLocalCheckout } from './payments/local-provider';
import {
  type NotificationRequest,
  type OrderQueryResult,
  type PaymentChannel,
  PaymentGatewayError,
  type PaymentNotification,
  type PaymentProvider,
  PaymentVerificationError,
} from './payments/payment-provider';

/** What online giving needs from the deployment. */
export type GivingRuntime = {
  providers: ReadonlyMap<PaymentChannel, PaymentProvider>;
  /** The local provider's shared secret (its checkout links and callbacks). */
  localKey: string;
  /** Our public origin, e.g. https://boai.example.org: notify and return URLs are built on it. */
  publicUrl: string;
  rules: DonationRules;
};

const consentVersions = new Set(['2026-01']);
export const currentConsentVersion = '2026-01';

/** The channels this deployment takes (the local demo channel last), for the give page to offer. */
export function listChannels(rt: GivingRuntime) {
  const order: PaymentChannel[] = ['wechat', 'alipay', 'local'];
  return { channels: order.filter((c) => rt.providers.has(c)), consentVersion: currentConsentVersion };
}

export async function createOrder(db: Db, ctx: Ctx, rt: GivingRuntime, input: CreateOrder): Promise<OrderCreated> {
  const provider = rt.providers.get(input.channel);
  if (!provider) {
    throw new AppError('PAYMENT_CHANNEL_UNAVAILABLE', { field: 'channel', channel: input.channel });
  }
  if (!consentVersions.has(input.consentVersion)) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ field: 'consentVersion', message: `accept the current consent text (${currentConsentVersion})` }],
    });
  }
  const project = await getProjectByCode(db, input.projectCode);
  const today = new Date();
  const todayChina = today.toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });
  if (
    project.status !== 'open' ||
    project.startsOn > todayChina ||
    (project.endsOn !== null && project.endsOn < todayChina)
  ) {
    throw new AppError('PROJECT_NOT_OPEN', { projectCode: project.code, status: project.status });
  }
  if (input.amountFen > rt.rules.maxOnlineFen) {
    throw new AppError('AMOUNT_TOO_LARGE', { field: 'amountFen', maxFen: rt.rules.maxOnlineFen });
  }
  if (!input.isAnonymous && !input.donorName) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ field: 'donorName', message: 'give a name, or give anonymously' }],
    });
  }
  assertPrintableName('donorName', input.isAnonymous ? null : input.donorName);
  const phone = input.phone ? normalisePhone(input.phone) : null;
  const accessToken = crypto.randomBytes(24).toString('base64url');
  const orderNo = newBusinessNumber('O');
  const expiresAt = new Date(Date.now() + rt.rules.orderTtlMs);
  const order = await db.transaction(async (tx) => {
    const row = await repo.insertOrder(tx, {
      regionId: project.regionId,
      id: crypto.randomUUID(),
      orderNo,
      projectId: project.id,
      orgId: project.orgId,
      channel: input.channel,
      amountFen: input.amountFen,
      status: 'created',
      donorName: input.isAnonymous ? null : (input.donorName ?? null),
      donorPhoneEnc: phone ? pii().encrypt(phone) : null,
      donorPhoneHash: phone ? pii().blindIndex('phone', phone) : null,
      donorPhoneMasked: phone ? maskPhone(phone) : null,
      isAnonymous: input.isAnonymous,
      message: input.message ?? null,
      consentVersion: input.consentVersion,
      wantsReceipt: input.wantsReceipt,
      accessTokenHash: pii().hashToken(accessToken),
      expiresAt,
    });
    await recordAudit(tx, ctx, {
      action: 'donation-order.created',
      entityType: 'donation_order',
      entityId: row.id,
      orgId: row.orgId,
      regionId: row.regionId,
      after: { orderNo, projectId: project.id, amountFen: input.amountFen, channel: input.channel },
    });
    return row;
  });
  const base = rt.publicUrl.replace(/\/+$/, '');
  let checkout: Awaited<ReturnType<PaymentProvider['createCheckout']>>;
  try {
    checkout = await provider.createCheckout({
      orderNo,
      amountFen: order.amountFen,
      description: `捐赠-${project.name}`.slice(0, 120),
      expiresAt,
      notifyUrl: `${base}/api/payments/${input.channel}/notify`,
      returnUrl: `${base}/give/result/${orderNo}?token=${accessToken}`,
      payerIp: ctx.ip ?? undefined,
      device: input.device,
    });
  } catch (error) {
    if (!(error instanceof PaymentGatewayError || error instanceof PaymentVerificationError)) {
      throw error;
    }
    // The provider could not take it: the order can never be paid, so it is closed now (not left to expire).
    await db.transaction(async (tx) => {
      await repo.updateOrder(tx, order, { status: 'closed' });
      await recordAudit(tx, ctx, {
        action: 'donation-order.closed',
        entityType: 'donation_order',
        entityId: order.id,
        orgId: order.orgId,
        regionId: order.regionId,
        before: { status: 'created' },
        after: { status: 'closed', reason: error.message },
      });
    });
    throw new AppError('PAYMENT_PROVIDER_FAILED', { channel: input.channel });
  }
  return { orderNo, accessToken, amountFen: order.amountFen, expiresAt: expiresAt.toISOString(), checkout };
}

async function getOrderWithToken(db: Db, orderNo: string, token: string): Promise<repo.OrderRow> {
  const order = await repo.findOrderByNo(db, orderNo);
  if (!order || !sameToken(order.accessTokenHash, token)) {
    throw new AppError('ACCESS_TOKEN_INVALID', { orderNo });
  }
  return order;
}

/** The donor's view of their order (the result page polls it). */
export async function viewOrderStatus(db: Db, orderNo: string, token: string): Promise<OrderStatusView> {
  const order = await getOrderWithToken(db, orderNo, token);
  const project = (await repo.findProjectById(db, order.projectId))!;
  const donation = order.donationId ? await repo.findDonationById(db, order.donationId) : undefined;
  return {
    orderNo: order.orderNo,
    status: order.status as OrderStatusView['status'],
    amountFen: order.amountFen,
    projectCode: project.code,
    projectName: project.name,
    channel: order.channel as OrderStatusView['channel'],
    expiresAt: order.expiresAt.toISOString(),
    paidAt: order.paidAt?.toISOString() ?? null,
    donationNo: donation?.donationNo ?? null,
  };
}

// ------------------------------------------------------------------------------------------------ notifications

type Verdict = 'accepted' | 'duplicate' | 'forged' | 'malformed' | 'unknown_order' | 'amount_mismatch' | 'late';
export type NotificationOutcome = { verdict: Verdict; ack: { status: number; contentType: string; body: string } };

const flagged = new Set<Verdict>(['forged', 'malformed', 'unknown_order', 'amount_mismatch', 'late']);

function evidenceHeaders(headers: NotificationRequest['headers']): Record<string, string> {
  const keep: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v !== undefined && k !== 'cookie' && k !== 'authorization') {
      keep[k] = String(v).slice(0, 2000);
    }
  }
  return keep;
}

/**
 * Handles a provider's notification: verify, then (one transaction, the order row locked) turn a paid order into a
 * gift, or record why not. Idempotent: a replay of an accepted notification changes nothing and is acknowledged.
 * Refused notifications are stored and flagged, then answered with PAYMENT_NOTIFICATION_REJECTED (4xx).
 */
export async function handleNotification(
  db: Db,
  rt: GivingRuntime,
  channel: PaymentChannel,
  request: NotificationRequest,
): Promise<NotificationOutcome> {
  const provider = rt.providers.get(channel);
  if (!provider) {
    throw new AppError('PAYMENT_CHANNEL_UNAVAILABLE', { channel });
  }
  const base = {
    id: crypto.randomUUID(),
    channel,
    headers: evidenceHeaders(request.headers),
    body: request.rawBody.slice(0, 64_000),
  };
  let notification: ReturnType<PaymentProvider['verifyNotification']>;
  try {
    notification = provider.verifyNotification(request);
  } catch (error) {
    if (!(error instanceof PaymentVerificationError)) {
      throw error;
    }
    const verdict: Verdict = error.reason === 'malformed' ? 'malformed' : 'forged';
    await repo.insertNotification(db, { ...base, verdict, detail: `${error.reason}: ${error.message}` });
    throw new AppError('PAYMENT_NOTIFICATION_REJECTED', { verdict, reason: error.reason });
  }
  const verdict = await applyPaymentResult(db, channel, base, notification);
  if (flagged.has(verdict.verdict)) {
    throw new AppError('PAYMENT_NOTIFICATION_REJECTED', { verdict: verdict.verdict, detail: verdict.detail });
  }
  return { verdict: verdict.verdict, ack: provider.acknowledge(true) };
}

type Evidence = { id: string; channel: PaymentChannel; headers: Record<string, string>; body: string };

/**
 * One transaction, the order row locked: a verified payment result (a notification, or the provider's answer to an
 * order query) is stored as evidence with its verdict, and a paid order becomes a gift. Idempotent.
 */
async function applyPaymentResult(
  db: Db,
  channel: PaymentChannel,
  base: Evidence,
  notification: PaymentNotification,
): Promise<{ verdict: Verdict; detail?: string }> {
  const ctx: Ctx = { actor: systemActor(`payments:${channel}`), requestId: null, ip: null, locale: 'zh' };
  return db.transaction(async (tx): Promise<{ verdict: Verdict; detail?: string }> => {
    const record = (v: Verdict, detail?: string) =>
      repo
        .insertNotification(tx, {
          ...base,
          orderNo: notification.orderNo,
          providerTxnId: notification.providerTxnId,
          amountFen: notification.amountFen,
          verdict: v,
          detail: detail ?? null,
        })
        .then(() => ({ verdict: v, detail }));
    const order = await repo.lockOrderByNo(tx, notification.orderNo);
    if (!order || order.channel !== channel) {
      return record('unknown_order');
    }
    if (notification.amountFen !== order.amountFen) {
      return record('amount_mismatch', `order ${order.amountFen} fen, notified ${notification.amountFen} fen`);
    }
    if (notification.status === 'closed') {
      if (order.status === 'created') {
        await repo.updateOrder(tx, order, { status: 'closed' });
        await recordAudit(tx, ctx, {
          action: 'donation-order.closed',
          entityType: 'donation_order',
          entityId: order.id,
          orgId: order.orgId,
          regionId: order.regionId,
          before: { status: order.status },
          after: { status: 'closed' },
        });
        return record('accepted');
      }
      return record('duplicate', `order is ${order.status}`);
    }
    if (order.status === 'paid' || order.status === 'refunded') {
      if (order.providerTxnId === notification.providerTxnId) {
        return record('duplicate');
      }
      // A second, different payment for one order: money arrived twice; staff must refund one.
      return record('amount_mismatch', `order already paid by ${order.providerTxnId}`);
    }
    // The provider enforces the expiry it was given (time_expire): a payment made in time counts even when its
    // callback, delayed or retried, arrives after the expiry job marked the order expired.
    const payable = order.status === 'created' || order.status === 'expired';
    if (!payable || notification.paidAt.getTime() > order.expiresAt.getTime()) {
      return record('late', `order ${order.status}, expired at ${order.expiresAt.toISOString()}`);
    }
    // The order, its audit row and the evidence are written first: the ledger lock (taken in receiveGift) is then
    // held over the fewest statements.
    const donationId = crypto.randomUUID();
    const donationNo = newBusinessNumber('D', notification.paidAt);
    await repo.updateOrder(tx, order, {
      status: 'paid',
      paidAt: notification.paidAt,
      providerTxnId: notification.providerTxnId,
      donationId,
    });
    await recordAudit(tx, ctx, {
      action: 'donation-order.paid',
      entityType: 'donation_order',
      entityId: order.id,
      orgId: order.orgId,
      regionId: order.regionId,
      before: { status: order.status },
      after: { status: 'paid', providerTxnId: notification.providerTxnId, donationNo },
    });
    const accepted = await record('accepted');
    const project = (await repo.findProjectById(tx, order.projectId))!;
    await receiveGift(tx, ctx, {
      id: donationId,
      donationNo,
      project,
      channel,
      amountFen: order.amountFen,
      donorKind: 'person',
      donorName: order.donorName,
      isAnonymous: order.isAnonymous,
      phone: order.donorPhoneEnc ? pii().decrypt(order.donorPhoneEnc) : null,
      message: order.message,
      intent: project.fundKind as 'restricted' | 'unrestricted',
      intentNote: null,
      receiptStatus: order.isAnonymous ? 'anonymous' : order.wantsReceipt ? 'none' : 'waived',
      receivedAt: notification.paidAt,
      evidenceFileId: null,
      agreementFileId: null,
      providerTxnId: notification.providerTxnId,
      orderId: order.id,
      accessTokenHash: order.accessTokenHash,
    });
    return accepted;
  });
}

/**
 * 补单: asks the provider about each order of a real provider that expired at least `settleMs` ago (within the last
 * day) without a notification turning it into a gift, once per order. A payment the provider confirms (in time) is
 * recorded exactly as its notification would have been, so a lost callback does not lose a gift; the answer is kept
 * as evidence. An unreachable provider is asked again on the next run. Returns how many were asked and found paid.
 */
export async function queryExpiredOrders(
  db: Db,
  rt: GivingRuntime,
  opts: { now?: Date; settleMs?: number; limit?: number } = {},
): Promise<{ asked: number; paid: number }> {
  const now = opts.now ?? new Date();
  const to = new Date(now.getTime() - (opts.settleMs ?? 2 * 60_000));
  const due = await repo.listOrdersToQuery(db, new Date(to.getTime() - 86_400_000), to, opts.limit ?? 50);
  let asked = 0;
  let paid = 0;
  for (const order of due) {
    const channel = order.channel as PaymentChannel;
    const provider = rt.providers.get(channel);
    if (!provider) {
      continue;
    }
    let result: OrderQueryResult;
    try {
      result = await provider.queryOrder(order.orderNo);
    } catch (error) {
      if (error instanceof PaymentGatewayError) {
        continue; // unreachable or refused: asked again on the next run
      }
      if (!(error instanceof PaymentVerificationError)) {
        throw error;
      }
      // An answer that does not verify is kept and flagged like a forged notification; the order is not asked again.
      await repo.insertNotification(db, {
        id: crypto.randomUUID(),
        channel,
        headers: {},
        body: JSON.stringify({ query: order.orderNo }),
        orderNo: order.orderNo,
        verdict: error.reason === 'malformed' ? 'malformed' : 'forged',
        detail: `order query: ${error.reason}: ${error.message}`,
      });
      await repo.updateOrder(db, order, { providerCheckedAt: now });
      continue;
    }
    asked++;
    if (result.status === 'paid' || result.status === 'closed') {
      const evidence = {
        id: crypto.randomUUID(),
        channel,
        headers: {},
        body: JSON.stringify({ query: result.payload }),
      };
      const { verdict } = await applyPaymentResult(db, channel, evidence, result);
      paid += result.status === 'paid' && verdict === 'accepted' ? 1 : 0;
    }
    await repo.updateOrder(db, order, { providerCheckedAt: now });
  }
  return { asked, paid };
}

// ------------------------------------------------------------------------------------------------ local checkout

function checkLocalLink(rt: GivingRuntime, orderNo: string, query: Record<string, string>) {
  try {
    return verifyLocalCheckout(rt.localKey, { orderNo, ...query });
  } catch (error) {
    if (error instanceof PaymentVerificationError) {
      throw new AppError(error.reason === 'stale' ? 'ORDER_NOT_PAYABLE' : 'ACCESS_TOKEN_INVALID', {
        orderNo,
        reason: error.reason,
      });
    }
    throw error;
  }
}

/** The built-in checkout page's view of an order, after checking the signed link. */
export async function viewLocalCheckout(
  db: Db,
  rt: GivingRuntime,
  orderNo: string,
  query: Record<string, string>,
): Promise<LocalCheckoutView> {
  const link = checkLocalLink(rt, orderNo, query);
  const order = await repo.findOrderByNo(db, orderNo);
  if (!order) {
    throw new AppError('NOT_FOUND', { entity: 'donation_order', orderNo });
  }
  const project = (await repo.findProjectById(db, order.projectId))!;
  const org = await orgs.getOrg(db, project.orgId);
  return {
    orderNo,
    amountFen: order.amountFen,
    projectName: project.name,
    orgName: org.name,
    expiresAt: order.expiresAt.toISOString(),
    status: order.status as LocalCheckoutView['status'],
    returnUrl: link.returnUrl,
  };
}

/**
 * The payer pressed 支付 or 取消 on the built-in checkout page: the local provider signs its notification and it
 * goes through the same verification path as any provider's callback.
 */
export async function actOnLocalCheckout(
  db: Db,
  rt: GivingRuntime,
  orderNo: string,
  body: Record<string, string> & { action: 'pay' | 'cancel' },
): Promise<{ returnUrl: string; verdict: string }> {
  const { action, ...query } = body;
  const link = checkLocalLink(rt, orderNo, query);
  const order = await repo.findOrderByNo(db, orderNo);
  if (order?.channel !== 'local') {
    throw new AppError('NOT_FOUND', { entity: 'donation_order', orderNo });
  }
  if (order.status !== 'created') {
    throw new AppError('ORDER_NOT_PAYABLE', { orderNo, status: order.status });
  }
  const signed = signLocalNotification(rt.localKey, {
    orderNo,
    providerTxnId: createLocalTxnId(),
    amountFen: link.amountFen,
    status: action === 'pay' ? 'paid' : 'closed',
    paidAt: new Date(),
  });
  const outcome = await handleNotification(db, rt, 'local', signed);
  return { returnUrl: link.returnUrl, verdict: outcome.verdict };
}

// ------------------------------------------------------------------------------------------------ expiry

/** Expires unpaid orders past their time, each with its audit row; returns how many. */
export async function expireOrders(db: Db, now = new Date(), limit = 500): Promise<number> {
  const ctx: Ctx = { actor: systemActor('donations.expire-orders'), requestId: null, ip: null, locale: 'zh' };
  return db.transaction(async (tx) => {
    const expired = await repo.expireDueOrders(tx, now, limit);
    for (const order of expired) {
      await recordAudit(tx, ctx, {
        action: 'donation-order.expired',
        entityType: 'donation_order',
        entityId: order.id,
        orgId: order.orgId,
        regionId: order.regionId,
        before: { status: 'created' },
        after: { status: 'expired' },
      });
    }
    return expired.length;
  });
}

export function defineGivingJobs(rt?: GivingRuntime): void {
  defineJob(
    'donations.expire-orders',
    async (db) => {
      await expireOrders(db);
    },
    { everyMs: 60_000 },
  );
  if (rt) {
    defineJob(
      'donations.query-orders',
      async (db) => {
        await queryExpiredOrders(db, rt);
      },
      { everyMs: 5 * 60_000 },
    );
  }
}
