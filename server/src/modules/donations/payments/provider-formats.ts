// The text formats payment providers speak: yuan amounts to integer fen (exactly, never through floats), China times
// ('yyyy-MM-dd HH:mm:ss' and RFC 3339 with +08:00) and the CSV rows of their statement files.
import { PaymentVerificationError } from './payment-provider';

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000; // Asia/Shanghai: UTC+8 all year (no daylight saving since 1991)

/**
 * Converts a decimal yuan text to fen. `maxDecimals` digits are accepted after the point; with more than 2, the value is
 * rounded half away from zero to whole fen. Throws PaymentVerificationError('malformed') for anything else.
 */
function decimalToFen(text: string, opts: { signed: boolean; maxDecimals: number; what: string }): number {
  const match = /^(-?)(0|[1-9]\d*)(?:\.(\d+))?$/.exec(text);
  const decimals = match?.[3] ?? '';
  if (!match || decimals.length > opts.maxDecimals || (match[1] === '-' && !opts.signed)) {
    throw new PaymentVerificationError('malformed', `${opts.what} is not an amount in yuan: ${JSON.stringify(text)}`);
  }
  const sign = match[1] === '-' ? -1 : 1;
  const padded = decimals.padEnd(2, '0');
  const wholeFen = Number(`${match[2]}${padded.slice(0, 2)}`);
  // Rounding digit by digit on the text keeps it exact: '0.05940' → 5 fen + '940' → rounds up to 6.
  const rest = padded.slice(2);
  const fen = rest.length > 0 && rest[0] >= '5' ? wholeFen + 1 : wholeFen;
  if (!Number.isSafeInteger(fen)) {
    throw new PaymentVerificationError('malformed', `${opts.what} is too large: ${JSON.stringify(text)}`);
  }
  return fen === 0 ? 0 : sign * fen;
}

/** '0.01' → 1, '1234.50' → 123450, '12' → 1200. Refuses '1.005', '-1', '1e3', '.5', ' 1'. */
export function parseYuanToFen(text: string, what = 'amount'): number {
  return decimalToFen(text, { signed: false, maxDecimals: 2, what });
}

/** Like parseYuanToFen but a leading minus is allowed (statement columns show refunds as '-0.01'). */
export function parseSignedYuanToFen(text: string, what = 'amount'): number {
  return decimalToFen(text, { signed: true, maxDecimals: 2, what });
}

/** Fees are shown with up to 5 decimals (WeChat '0.05940'); rounded half away from zero to whole fen, sign kept. */
export function parseFeeToFen(text: string, what = 'fee'): number {
  return decimalToFen(text, { signed: true, maxDecimals: 6, what });
}

/** 1 → '0.01', 123450 → '1234.50'. */
export function formatFenAsYuan(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) {
    throw new RangeError(`not a non-negative integer amount of fen: ${fen}`);
  }
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

/** The China wall-clock time of an instant as 'yyyy-MM-dd HH:mm:ss' (Alipay's timestamp, statement times). */
export function formatChinaDateTime(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** RFC 3339 in China time, whole seconds: '2026-01-02T08:00:00+08:00' (WeChat's time_expire). */
export function formatRfc3339China(at: Date): string {
  return `${new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** Parses 'yyyy-MM-dd HH:mm:ss' read as China time; refuses impossible dates such as '2026-02-30 00:00:00'. */
export function parseChinaDateTime(text: string, what = 'time'): Date {
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text)) {
    const at = new Date(`${text.replace(' ', 'T')}+08:00`);
    if (!Number.isNaN(at.getTime()) && formatChinaDateTime(at) === text) {
      return at;
    }
  }
  throw new PaymentVerificationError(
    'malformed',
    `${what} is not a 'yyyy-MM-dd HH:mm:ss' time: ${JSON.stringify(text)}`,
  );
}

/** Parses an RFC 3339 time with an explicit offset or Z ('2018-06-08T10:34:56+08:00'). */
export function parseRfc3339(text: string, what = 'time'): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (match) {
    const at = new Date(text);
    const [, , month, day, hour, minute, second] = match.map(Number);
    const inRange = month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour < 24 && minute < 60 && second < 60;
    if (inRange && !Number.isNaN(at.getTime())) {
      return at;
    }
  }
  throw new PaymentVerificationError('malformed', `${what} is not an RFC 3339 time: ${JSON.stringify(text)}`);
}

/** Splits one CSV line (RFC 4180 quoting: "a,b" and "" inside quotes). Throws on an unclosed quote. */
export function splitCsvRow(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < line.length) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"' && field === '') {
      quoted = true;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
    } else {
      field += ch;
    }
    i += 1;
  }
  if (quoted) {
    throw new PaymentVerificationError('malformed', `unclosed quote in statement line: ${line.slice(0, 80)}`);
  }
  fields.push(field);
  return fields;
}

/** Joins fields into one CSV line, quoting those that need it. */
export function formatCsvRow(fields: readonly string[]): string {
  return fields.map((f) => (/[",\r\n]/.test(f) || f !== f.trim() ? `"${f.replaceAll('"', '""')}"` : f)).join(',');
}

/** Splits a statement file into lines: drops a UTF-8 byte order mark, accepts CRLF and LF. */
export function statementLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r?\n/);
}

/**
 * Maps a header row to column positions by name, so a provider adding or reordering columns does not break parsing.
 * `normalise` removes decorations (WeChat's backticks, Alipay's tabs) and unifies full-width parentheses.
 */
export function columnIndex(header: readonly string[], required: readonly string[], fileKind: string) {
  const names = header.map(normaliseColumnName);
  const index = new Map<string, number>();
  names.forEach((name, i) => {
    if (!index.has(name)) {
      index.set(name, i);
    }
  });
  const missing = required.filter((name) => !index.has(normaliseColumnName(name)));
  if (missing.length > 0) {
    throw new PaymentVerificationError('malformed', `${fileKind}: the header lacks ${missing.join(', ')}`);
  }
  return {
    has: (name: string) => index.has(normaliseColumnName(name)),
    /** The cell of a named column in a row, '' when the column is absent or the row is short. */
    get: (row: readonly string[], name: string) => {
      const at = index.get(normaliseColumnName(name));
      return at === undefined ? '' : (row[at] ?? '');
    },
  };
}

function normaliseColumnName(name: string): string {
  return name.trim().replaceAll('（', '(').replaceAll('）', ')').replaceAll(' ', '');
}
