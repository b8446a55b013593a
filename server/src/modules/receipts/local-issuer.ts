// The local fiscal receipt issuer: the statutory code and numbering of 公益事业捐赠票据 assigned by us, with a keyed
// check code and a QR code that links to our public verification page. Stands in for the provincial platform.
//
// 票据代码 (8 digits) = region (2: the first two digits of the issuing region's GB/T 2260 code, i.e. the province)
//   + category (2) + type (2) + year (2: the Asia/Shanghai year of issue). The category and type default to 05 / 01,
//   the values seen on a Jiangsu 公益事业捐赠统一票据(电子) (票据代码 32050124); they are placeholders until the
//   provincial platform's catalogue is connected, and configurable.
// 票据号码 (10 digits) = the counter of that receipt code, taken in the issuing transaction: 0000000001, 0000000002, …
// 校验码 (6 hex) = the first 6 hex characters of HMAC-SHA256(checkKey, code|number|payerName|payerId|totalFen|date),
//   date = the Asia/Shanghai issue date YYYY-MM-DD, totalFen signed (negative on a reversal).
import crypto from 'node:crypto';
import type { Db } from '../../db/client';
import { toChinaDate } from '../../platform/dates';
import { pii } from '../../platform/pii';
import type { FiscalReceiptIssuer, IssuedReceiptNumbers, ReceiptIssueRequest } from './receipt-issuer';
import * as repo from './receipts.repo';

/** 票据分类 placeholder for 公益事业捐赠票据 (see the file header). */
export const defaultCategoryCode = '05';
/** 票据种类 placeholder for 公益事业捐赠票据 (see the file header). */
export const defaultTypeCode = '01';
export const maxReceiptNumber = 9_999_999_999;

/** The 8-digit receipt code for a region's receipts of one year. Throws on a region code that is not GB/T 2260. */
export function receiptCodeFor(
  regionCode: string,
  issuedAt: Date,
  codes: { category: string; type: string } = { category: defaultCategoryCode, type: defaultTypeCode },
): string {
  if (!/^[1-9]\d{5}$/.test(regionCode)) {
    throw new Error(`A receipt code needs the region's 6-digit GB/T 2260 code, got ${JSON.stringify(regionCode)}`);
  }
  if (!/^\d{2}$/.test(codes.category) || !/^\d{2}$/.test(codes.type)) {
    throw new Error('Receipt category and type codes have 2 digits each');
  }
  return `${regionCode.slice(0, 2)}${codes.category}${codes.type}${toChinaDate(issuedAt).slice(2, 4)}`;
}

/** A receipt number as printed: 10 digits, zero-padded. */
export function formatReceiptNumber(n: number): string {
  if (!Number.isSafeInteger(n) || n < 1 || n > maxReceiptNumber) {
    throw new RangeError(`Receipt numbers run from 1 to ${maxReceiptNumber}, got ${n}`);
  }
  return String(n).padStart(10, '0');
}

export type CheckCodeFields = {
  receiptCode: string;
  receiptNumber: string;
  payerName: string;
  payerId: string;
  totalFen: number;
  issuedAt: Date;
};

/** 校验码: the first 6 hex characters of HMAC-SHA256 over code|number|payerName|payerId|totalFen|YYYY-MM-DD. */
export function computeCheckCode(key: Buffer, f: CheckCodeFields): string {
  const message = [f.receiptCode, f.receiptNumber, f.payerName, f.payerId, String(f.totalFen), toChinaDate(f.issuedAt)];
  return crypto.createHmac('sha256', key).update(message.join('|')).digest('hex').slice(0, 6);
}

/**
 * The check-code key, derived from the master key through the PII keys: HMAC-SHA256(tokenKey,
 * 'boai/fiscal-receipts/check-code/v1'), where tokenKey = HKDF-SHA256(master, 'boai/tokens/v1'). Every instance
 * agrees on it and nothing extra is stored.
 */
export function deriveCheckKey(): Buffer {
  return Buffer.from(pii().hashToken('boai/fiscal-receipts/check-code/v1'), 'base64url');
}

/** The verification page a receipt's QR code opens (the web page calls GET /api/public/receipts/verify). */
export function verifyUrl(publicUrl: string, n: { receiptCode: string; receiptNumber: string; checkCode: string }) {
  const query = new URLSearchParams({ code: n.receiptCode, number: n.receiptNumber, check: n.checkCode });
  return `${publicUrl.replace(/\/+$/, '')}/receipts/verify?${query}`;
}

export type LocalIssuerOptions = {
  /** Our public origin: the QR code's verification URL is built on it. */
  publicUrl: string;
  checkKey?: Buffer;
  categoryCode?: string;
  typeCode?: string;
};

export function createLocalIssuer(opts: LocalIssuerOptions): FiscalReceiptIssuer {
  const codes = { category: opts.categoryCode ?? defaultCategoryCode, type: opts.typeCode ?? defaultTypeCode };
  let key = opts.checkKey;

  async function number(tx: Db, request: ReceiptIssueRequest): Promise<IssuedReceiptNumbers> {
    key ??= deriveCheckKey();
    const receiptCode = receiptCodeFor(request.regionCode, request.issuedAt, codes);
    const receiptNumber = formatReceiptNumber(await repo.takeNextNumber(tx, receiptCode));
    const checkCode = computeCheckCode(key, { ...request, receiptCode, receiptNumber });
    return {
      receiptCode,
      receiptNumber,
      checkCode,
      issuedAt: request.issuedAt,
      qrText: verifyUrl(opts.publicUrl, { receiptCode, receiptNumber, checkCode }),
    };
  }

  return {
    name: 'local',
    issue: number,
    // A reversal is numbered like any receipt, under the code of the year it is issued in, for the negated total.
    void: (tx, original) => number(tx, { ...original, totalFen: -original.totalFen, issuedAt: new Date() }),
  };
}
