// 对账: import a provider's daily statement, match every line against our paid orders and refunds, and keep the
// result (what matched, what is missing on either side, amounts or transactions that differ) for staff to resolve.
import crypto from 'node:crypto';
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { AppError } from '../../platform/errors';
import { storeFile } from '../../platform/files/files.service';
import type { Ctx } from '../../platform/http/context';
import { actorId, actorLabel } from '../../platform/rbac/actor';
import * as repo from './donations.repo';
import type { StatementView } from './donations.schemas';
import { parseAlipayStatement } from './payments/alipay';
import { formatLocalStatement, parseLocalStatement } from './payments/local-provider';
import type { PaymentChannel, StatementLine } from './payments/payment-provider';
import { PaymentVerificationError } from './payments/payment-provider';
import { type OurPaymentRecord, reconcileStatement } from './payments/reconcile';
import { parseWechatTradeBill } from './payments/wechat-pay-v3';

const parsers: Record<PaymentChannel, (text: string) => StatementLine[]> = {
  local: parseLocalStatement,
  wechat: parseWechatTradeBill,
  alipay: parseAlipayStatement,
};

const day = 86_400_000;
/** The Asia/Shanghai day containing `at`, as [start, end). */
function chinaDayOf(at: Date): { from: Date; to: Date } {
  const from = new Date(Math.floor((at.getTime() + 8 * 3_600_000) / day) * day - 8 * 3_600_000);
  return { from, to: new Date(from.getTime() + day) };
}

function toView(row: repo.StatementRow): StatementView {
  return {
    id: row.id,
    channel: row.channel as StatementView['channel'],
    fileId: row.fileId,
    periodFrom: row.periodFrom?.toISOString() ?? null,
    periodTo: row.periodTo?.toISOString() ?? null,
    lineCount: row.lineCount,
    summary: row.summary as StatementView['summary'],
    issues: row.issues as StatementView['issues'],
    importedBy: row.importedBy,
    importedAt: row.importedAt.toISOString(),
  };
}

/**
 * Imports a statement file (CSV text; Alipay's GBK files decoded by the caller's browser or tool) and reconciles it
 * against the orders paid, and refunds made, on the days it covers (Asia/Shanghai), plus any order it names.
 */
export async function importStatement(
  db: Db,
  ctx: Ctx,
  channel: PaymentChannel,
  file: { fileName: string; buffer: Buffer },
): Promise<StatementView> {
  const text = file.buffer.toString('utf8').replace(/^\uFEFF/, '');
  let lines: StatementLine[];
  try {
    lines = parsers[channel](text);
  } catch (error) {
    if (error instanceof PaymentVerificationError) {
      throw new AppError('VALIDATION_FAILED', { issues: [{ field: 'file', message: error.message }] });
    }
    throw error;
  }
  const times = lines.map((l) => l.at.getTime());
  const period =
    lines.length > 0
      ? { from: chinaDayOf(new Date(Math.min(...times))).from, to: chinaDayOf(new Date(Math.max(...times))).to }
      : undefined;
  type Ours = OurPaymentRecord & { at: Date | null };
  const ours: Ours[] = [];
  if (period) {
    const orders = await repo.paidOrdersFor(db, channel, period.from, period.to, [
      ...new Set(lines.map((l) => l.orderNo)),
    ]);
    for (const o of orders) {
      ours.push({
        orderNo: o.orderNo,
        kind: 'payment',
        amountFen: o.amountFen,
        providerTxnId: o.providerTxnId ?? undefined,
        at: o.paidAt,
      });
    }
    for (const r of await repo.refundsFor(db, channel, period.from, period.to)) {
      ours.push({ orderNo: r.orderNo, kind: 'refund', amountFen: r.amountFen, at: null });
    }
  }
  const result = reconcileStatement(ours, lines);
  const issues: StatementView['issues'] = [
    ...result.missingInOurs.map((l) => ({
      kind: 'missingInOurs' as const,
      orderNo: l.orderNo,
      paymentKind: l.kind,
      ourAmountFen: null,
      statementAmountFen: l.amountFen,
      ourTxnId: null,
      statementTxnId: l.providerTxnId,
      at: l.at.toISOString(),
    })),
    ...result.missingInStatement.map((o) => ({
      kind: 'missingInStatement' as const,
      orderNo: o.orderNo,
      paymentKind: o.kind,
      ourAmountFen: o.amountFen,
      statementAmountFen: null,
      ourTxnId: o.providerTxnId ?? null,
      statementTxnId: null,
      at: o.at?.toISOString() ?? null,
    })),
    ...(['amountMismatch', 'txnIdMismatch'] as const).flatMap((kind) =>
      result[kind].map(({ ours: o, line }) => ({
        kind,
        orderNo: o.orderNo,
        paymentKind: o.kind,
        ourAmountFen: o.amountFen,
        statementAmountFen: line.amountFen,
        ourTxnId: o.providerTxnId ?? null,
        statementTxnId: line.providerTxnId,
        at: line.at.toISOString(),
      })),
    ),
  ];
  const summary = {
    matched: result.matched.length,
    missingInOurs: result.missingInOurs.length,
    missingInStatement: result.missingInStatement.length,
    amountMismatch: result.amountMismatch.length,
    txnIdMismatch: result.txnIdMismatch.length,
  };
  const row = await db.transaction(async (tx) => {
    const stored = await storeFile(tx, ctx, {
      purpose: 'statement',
      name: file.fileName,
      bytes: file.buffer,
      contentType: 'text/csv',
    });
    const created = await repo.insertStatement(tx, {
      id: crypto.randomUUID(),
      channel,
      fileId: stored.id,
      periodFrom: period?.from ?? null,
      periodTo: period?.to ?? null,
      lineCount: lines.length,
      summary,
      issues,
      importedBy: actorId(ctx.actor) ?? actorLabel(ctx.actor),
    });
    await recordAudit(tx, ctx, {
      action: 'payment-statement.imported',
      entityType: 'payment_statement',
      entityId: created.id,
      after: { channel, lineCount: lines.length, summary },
    });
    return created;
  });
  return toView(row);
}

export async function listStatements(db: Db, q: { limit: number; offset: number }) {
  const { rows, total } = await repo.listStatements(db, q.limit, q.offset);
  return { items: rows.map(toView), total };
}

/** The local (demo) provider's statement of one day, as a real provider would let finance download it. */
export async function localStatementOf(db: Db, date: string): Promise<string> {
  const from = new Date(`${date}T00:00:00+08:00`);
  const to = new Date(from.getTime() + day);
  const orders = await repo.paidOrdersFor(db, 'local', from, to, []);
  const lines: StatementLine[] = orders.map((o) => ({
    orderNo: o.orderNo,
    providerTxnId: o.providerTxnId ?? '',
    kind: 'payment',
    amountFen: o.amountFen,
    feeFen: 0,
    at: o.paidAt!,
  }));
  for (const r of await repo.refundsFor(db, 'local', from, to)) {
    const order = orders.find((o) => o.orderNo === r.orderNo);
    lines.push({
      orderNo: r.orderNo,
      providerTxnId: order?.providerTxnId ?? '',
      kind: 'refund',
      amountFen: r.amountFen,
      feeFen: 0,
      at: to,
      refundNo: r.id,
    });
  }
  return formatLocalStatement(lines);
}
