// Helpers for tests of uploads and Excel imports: a hand-built multipart body, a one-sheet workbook, and polling an
// import until it finishes.
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import type { ImportView } from '../platform/imports/imports.schemas';
import type { Caller, TestApp } from './test-app';

export const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type Cell = string | number | Date | null;

/** A one-sheet workbook with the given header row and data rows. */
export async function workbook(headers: string[], rows: Cell[][], sheetName = 'Sheet1'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName);
  ws.addRow(headers);
  for (const row of rows) {
    ws.addRow(row);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Downloads an import template, checks it comes as an Excel attachment, and opens its workbook. */
export async function downloadTemplate(t: TestApp, caller: Caller, url: string) {
  const res = await t.inject(caller, { method: 'GET', url });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe(xlsxType);
  expect(String(res.headers['content-disposition'])).toContain('attachment');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  return { wb, ws, headers: (ws.getRow(1).values as ExcelJS.CellValue[]).slice(1) };
}

/** A multipart/form-data body with one file part named "file", built by hand. */
export function multipart(file: Buffer, fileName = 'upload.xlsx', contentType = xlsxType) {
  const boundary = `----boai-test-${crypto.randomUUID()}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
      `Content-Type: ${contentType}\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, file, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** A zip archive with stored (uncompressed) entries: a valid zip that is not an Excel workbook. */
export function zipOf(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text);
    const nameBytes = Buffer.from(name);
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** Polls an import's progress (GET `url`) until it is done or failed. */
export async function waitForImport(t: TestApp, caller: Caller, url: string, timeoutMs = 10_000): Promise<ImportView> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const res = await t.inject(caller, { method: 'GET', url });
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json() as ImportView;
    if (view.status === 'done' || view.status === 'failed') {
      return view;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`the import at ${url} did not finish in ${timeoutMs} ms`);
}
