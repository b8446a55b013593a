// Money as people read it: integer fen in, '¥1,234.50' and 人民币大写 (壹仟贰佰叁拾肆元伍角) out, and strict
// parsing of a yuan amount typed by a person into integer fen. Never a float on the way.
import { AppError } from './errors';

type Fen = number | bigint;

function toBigFen(fen: Fen): bigint {
  if (typeof fen === 'bigint') {
    return fen;
  }
  if (!Number.isSafeInteger(fen)) {
    throw new RangeError(`Money must be a safe integer number of fen, got ${fen}`);
  }
  return BigInt(fen);
}

function splitFen(fen: Fen): { sign: '' | '-'; yuan: bigint; cents: bigint } {
  const value = toBigFen(fen);
  const abs = value < 0n ? -value : value;
  return { sign: value < 0n ? '-' : '', yuan: abs / 100n, cents: abs % 100n };
}

/** Fen as a plain decimal yuan string: 123450 → '1234.50', -5 → '-0.05'. */
export function fenToYuanString(fen: Fen): string {
  const { sign, yuan, cents } = splitFen(fen);
  return `${sign}${yuan}.${cents.toString().padStart(2, '0')}`;
}

/** Fen as money on a page: 123450 → '¥1,234.50', -5 → '-¥0.05'. */
export function formatYuan(fen: Fen): string {
  const { sign, yuan, cents } = splitFen(fen);
  const grouped = yuan.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}¥${grouped}.${cents.toString().padStart(2, '0')}`;
}

const yuanPattern = /^(0|[1-9]\d*)(?:\.(\d{1,2}))?$/;

/**
 * Parses a yuan amount typed by a person ('50', '50.5', '50.50', surrounding spaces ignored) into integer fen.
 * Refuses anything else — fractions of a fen, signs, exponents, separators, leading zeros, the empty string —
 * and amounts above Number.MAX_SAFE_INTEGER fen, with VALIDATION_FAILED on the field 'amount'.
 */
export function parseYuanToFen(text: string): number {
  const match = yuanPattern.exec(text.trim());
  if (!match) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ field: 'amount', message: '金额须为元，最多两位小数，例如 50 或 50.50' }],
    });
  }
  const fen = BigInt(match[1]) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
  if (fen > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ field: 'amount', message: '金额过大' }] });
  }
  return Number(fen);
}

const digits = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const places = ['', '拾', '佰', '仟'];

/** 1..9999 read out: zeros inside collapse to one 零, trailing zeros are silent (1001 → 壹仟零壹, 1010 → 壹仟零壹拾). */
function groupWords(n: number): string {
  let out = '';
  let pendingZero = false;
  for (let place = 3; place >= 0; place--) {
    const digit = Math.floor(n / 10 ** place) % 10;
    if (digit === 0) {
      pendingZero = out !== '';
      continue;
    }
    if (pendingZero) {
      out += '零';
      pendingZero = false;
    }
    out += digits[digit] + places[place];
  }
  return out;
}

/** A positive whole number of yuan read out with 万 and 亿; a lower part that starts with a zero gets one 零. */
function integerWords(n: bigint): string {
  if (n >= 100_000_000n) {
    const low = n % 100_000_000n;
    const high = integerWords(n / 100_000_000n);
    if (low === 0n) {
      return `${high}亿`;
    }
    return `${high}亿${low < 10_000_000n ? '零' : ''}${integerWords(low)}`;
  }
  if (n >= 10_000n) {
    const low = Number(n % 10_000n);
    const high = groupWords(Number(n / 10_000n));
    if (low === 0) {
      return `${high}万`;
    }
    return `${high}万${low < 1000 ? '零' : ''}${groupWords(low)}`;
  }
  return groupWords(Number(n));
}

/**
 * The amount in Chinese capital numerals as written on receipts and cheques (人民币大写), without the 人民币
 * prefix: 123450 → 壹仟贰佰叁拾肆元伍角, 10000 → 壹佰元整, 100507 → 壹仟零伍元零柒分, 7 → 柒分, 0 → 零元整.
 * 整 closes an amount with no 角 and no 分; a zero 角 between 元 and a non-zero 分 is written 零.
 * A negative amount (a red reversal) is prefixed with 负.
 */
export function amountInWords(fen: Fen): string {
  const { sign, yuan, cents } = splitFen(fen);
  const jiao = Number(cents / 10n);
  const fenDigit = Number(cents % 10n);
  const prefix = sign ? '负' : '';
  if (yuan === 0n && cents === 0n) {
    return '零元整';
  }
  let out = yuan > 0n ? `${integerWords(yuan)}元` : '';
  if (cents === 0n) {
    return `${prefix}${out}整`;
  }
  if (jiao > 0) {
    out += `${digits[jiao]}角`;
  } else if (yuan > 0n) {
    out += '零';
  }
  if (fenDigit > 0) {
    out += `${digits[fenDigit]}分`;
  }
  return prefix + out;
}
