// The adapter between our receipt flow and whoever assigns fiscal receipt codes and numbers: the local issuer now
// (local-issuer.ts), the provincial finance platform (财政电子票据平台) later, behind the same two calls.
import type { Db } from '../../db/client';

/** What a receipt says, as the issuer needs it to assign a number and a check code. */
export type ReceiptIssueRequest = {
  /** The GB/T 2260 code of the issuing unit's region (city-level branch or province), e.g. 330600. */
  regionCode: string;
  /** 交款人 */
  payerName: string;
  /** The payer's normalised ID number or unified social credit code. */
  payerId: string;
  /** Sum of the item lines, in fen (positive on an original). */
  totalFen: number;
  /** When the receipt is issued; its Asia/Shanghai year goes into the receipt code. */
  issuedAt: Date;
};

/** What the issuer answers: the document's identity as printed. */
export type IssuedReceiptNumbers = {
  /** 票据代码: 8 digits (region 2 + category 2 + type 2 + year 2). */
  receiptCode: string;
  /** 票据号码: 10 digits. */
  receiptNumber: string;
  /** 校验码 */
  checkCode: string;
  issuedAt: Date;
  /** What the receipt's QR code holds (a verification URL). */
  qrText: string;
};

/** An issued original, as the issuer needs it to reverse it. */
export type IssuedReceiptRef = ReceiptIssueRequest & { receiptCode: string; receiptNumber: string; checkCode: string };

/**
 * Assigns fiscal receipt numbers. Both calls run inside the caller's database transaction: a local issuer takes its
 * number there (so a rolled-back issue leaves no gap); a remote one may record its call there.
 */
export type FiscalReceiptIssuer = {
  /** Stored with each receipt: which issuer numbered it. */
  readonly name: 'local' | 'province';
  /** Numbers a new original receipt. */
  issue(tx: Db, request: ReceiptIssueRequest): Promise<IssuedReceiptNumbers>;
  /** Numbers the reversal (冲红) of `original`: a new document with its own number, total negated. */
  void(tx: Db, original: IssuedReceiptRef, reason: string): Promise<IssuedReceiptNumbers>;
};
