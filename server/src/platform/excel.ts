// Excel in and out with exceljs: reading an uploaded workbook defensively, writing styled sheets.
import ExcelJS from 'exceljs';
import { AppError } from './errors';

export type SheetColumn = { key: string; header: string; width?: number; note?: string };

/** Builds a workbook with one sheet: bold frozen header row, column widths, optional header notes. */
export async function writeSheet(
  name: string,
  columns: SheetColumn[],
  rows: Record<string, unknown>[],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Boai';
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ key: c.key, header: c.header, width: c.width ?? 16 }));
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

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) {
    return '';
  }
  if (typeof value === 'object') {
    if (value instanceof Date) {
      return value.toISOString().slice(0, 10);
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

/**
 * Reads the first sheet: checks the header row against the expected headers (IMPORT_WRONG_COLUMNS) and returns
 * each non-empty data row keyed by column key, with its 1-based sheet row number. Non-Excel input: IMPORT_INVALID_FILE.
 */
export async function readSheet(
  buffer: Buffer,
  columns: SheetColumn[],
  maxRows: number,
): Promise<{ rowNumber: number; values: Record<string, string> }[]> {
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
  const expected = columns.map((c) => c.header);
  if (header.length !== expected.length || header.some((h, i) => h !== expected[i])) {
    throw new AppError('IMPORT_WRONG_COLUMNS', { expected, actual: header });
  }
  const rows: { rowNumber: number; values: Record<string, string> }[] = [];
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
  return rows;
}
