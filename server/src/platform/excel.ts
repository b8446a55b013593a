// Excel in and out with exceljs: reading an uploaded workbook defensively, writing styled sheets.
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { AppError } from './errors';

export type SheetColumn = {
  key: string;
  header: string;
  /** Other headers a file may use for this column (e.g. the English one). */
  aliases?: string[];
  width?: number;
  note?: string;
  /** Typed in as text (codes, reference numbers, phones): Excel keeps leading zeros and every digit. */
  isText?: boolean;
};

/** Builds a workbook with one sheet: bold frozen header row, column widths, optional header notes. */
export async function writeSheet(
  name: string,
  columns: SheetColumn[],
  rows: Record<string, unknown>[],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Boai';
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({
    key: c.key,
    header: c.header,
    width: c.width ?? 16,
    ...(c.isText ? { style: { numFmt: '@' } } : {}),
  }));
  ws.getRow(1).font = { bold: true };
  columns.forEach((c, i) => {
    if (c.note) {
      ws.getRow(1).getCell(i + 1).note = c.note;
    }
  });
  for (const row of rows) {
    ws.addRow(row);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Sends a workbook as a download called `fileName` (`asciiName` for clients that cannot read UTF-8 names). */
export function sendWorkbook(reply: FastifyReply, buffer: Buffer, asciiName: string, fileName: string): FastifyReply {
  return reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header(
      'content-disposition',
      `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    )
    .send(buffer);
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) {
    return '';
  }
  if (typeof value === 'object') {
    if (value instanceof Date) {
      // exceljs reads a date cell as the wall-clock time it shows, labelled UTC: keep it as it was typed.
      const iso = value.toISOString();
      return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
    }
    if ('richText' in value) {
      return value.richText.map((r) => r.text).join('');
    }
    if ('text' in value) {
      return String(value.text);
    }
    if ('result' in value) {
      return value.result === undefined || value.result === null ? '' : String(value.result);
    }
    return '';
  }
  return String(value);
}

/** Headers compare after NFKC (full-width brackets and letters typed by an input method match their ASCII forms). */
const sameHeader = (a: string, b: string) => a.normalize('NFKC') === b.normalize('NFKC');

export type SheetRows = {
  rows: { rowNumber: number; values: Record<string, string> }[];
  /** Each column key's header as it stands in the file. */
  headerOf: Map<string, string>;
};

/**
 * Reads the first sheet: checks the header row against the expected headers or their aliases (IMPORT_WRONG_COLUMNS)
 * and returns each non-empty data row keyed by column key, with its 1-based sheet row number.
 * Non-Excel input: IMPORT_INVALID_FILE.
 */
export async function readSheet(buffer: Buffer, columns: SheetColumn[], maxRows: number): Promise<SheetRows> {
  const wb = new ExcelJS.Workbook();
  // A zip starts with PK\x03\x04; anything else is not an .xlsx workbook.
  if (buffer.length < 4 || buffer.readUInt32LE(0) !== 0x04034b50) {
    throw new AppError('IMPORT_INVALID_FILE');
  }
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new AppError('IMPORT_INVALID_FILE');
  }
  const ws = wb.worksheets[0];
  if (!ws) {
    throw new AppError('IMPORT_INVALID_FILE');
  }
  const header = (ws.getRow(1).values as ExcelJS.CellValue[]).slice(1).map((v) => cellText(v).trim());
  while (header.length > 0 && header[header.length - 1] === '') {
    header.pop();
  }
  const matches = (h: string, c: SheetColumn) => [c.header, ...(c.aliases ?? [])].some((name) => sameHeader(h, name));
  if (header.length !== columns.length || header.some((h, i) => !matches(h, columns[i]))) {
    throw new AppError('IMPORT_WRONG_COLUMNS', { expected: columns.map((c) => c.header), actual: header });
  }
  const rows: SheetRows['rows'] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) {
      return;
    }
    const values: Record<string, string> = {};
    let any = false;
    columns.forEach((c, i) => {
      const text = cellText(row.getCell(i + 1).value).trim();
      values[c.key] = text;
      any ||= text !== '';
    });
    if (any) {
      rows.push({ rowNumber, values });
    }
  });
  if (rows.length > maxRows) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ field: 'file', message: `at most ${maxRows} rows per file` }],
    });
  }
  return { rows, headerOf: new Map(columns.map((c, i) => [c.key, header[i]])) };
}
