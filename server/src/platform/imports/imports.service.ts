// Excel imports, all or nothing: read and check the uploaded workbook, list every bad row in the uploader's language,
// then import a valid file in one transaction in the background while the uploader polls its progress.
import crypto from 'node:crypto';
import type { Db } from '../../db/client';
import { AppError, type Locale, messageFor } from '../errors';
import { readSheet, type SheetColumn } from '../excel';
import type { Ctx } from '../http/context';
import type { ImportRow, ImportStore } from './imports.repo';
import type { ImportRowError, ImportView } from './imports.schemas';

/** A refused file lists at most this many bad rows (and says how many there are). */
const maxListedErrors = 1000;

// Rows done so far by the imports running in this process: their transaction hides its writes from the poll until it
// commits. (PGlite runs one transaction at a time, so there every request waits for the import to finish.)
const progress = new Map<string, number>();

function uploaderOf(ctx: Ctx): string {
  if (ctx.actor.kind !== 'staff') {
    throw new AppError('FORBIDDEN');
  }
  return ctx.actor.userId;
}

function toImportView(row: ImportRow): ImportView {
  return {
    id: row.id,
    fileName: row.fileName,
    status: row.status as ImportView['status'],
    totalRows: row.totalRows,
    processedRows: Math.max(row.processedRows, progress.get(row.id) ?? 0),
    createdCount: row.createdCount,
    errors: row.errors as ImportRowError[],
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/** An import's progress and result, for the account that started it only (anyone else: NOT_FOUND). */
export async function getImport(db: Db, ctx: Ctx, store: ImportStore, id: string): Promise<ImportView> {
  const row = await store.find(db, id);
  if (!row || (ctx.actor.kind === 'staff' && row.userId !== ctx.actor.userId)) {
    throw new AppError('NOT_FOUND', { entity: 'import', id });
  }
  return toImportView(row);
}

const normalLabel = (text: string) => text.normalize('NFKC').trim().toLowerCase();

/** Reads a cell that names one of a few values by any of its labels (case and full-width forms ignored). */
export function choiceParser<T extends string>(labels: Record<T, readonly string[]>): (text: string) => T | undefined {
  const byLabel = new Map<string, T>();
  for (const [value, names] of Object.entries(labels) as [T, readonly string[]][]) {
    for (const name of [value, ...names]) {
      byLabel.set(normalLabel(name), value);
    }
  }
  return (text) => byLabel.get(normalLabel(text));
}

const yesNo = choiceParser({ yes: ['是', 'y', 'true', '1'], no: ['否', 'n', 'false', '0', ''] });

/** 是 / 否 in a cell (yes / no, true / false, 1 / 0 too); a blank cell is 否; undefined for anything else. */
export function parseYesNo(text: string): boolean | undefined {
  const v = yesNo(text);
  return v === undefined ? undefined : v === 'yes';
}

/** The bad rows of a file: each names its column by the header as it stands in the file, in the uploader's language. */
export function collectRowErrors(locale: Locale, headerOf: Map<string, string>) {
  const list: ImportRowError[] = [];
  return {
    list,
    add(row: number, field: string, code: string, zh: string, en: string): void {
      list.push({ row, field, column: headerOf.get(field), code, message: locale === 'en' ? en : zh });
    },
  };
}
export type RowErrors = ReturnType<typeof collectRowErrors>;

/**
 * Reads an uploaded workbook against the template's columns. Throws FORBIDDEN for a caller who is not staff,
 * IMPORT_INVALID_FILE, IMPORT_WRONG_COLUMNS, and IMPORT_ROWS_INVALID for a file without data rows.
 */
export async function readImportFile(ctx: Ctx, buffer: Buffer, columns: SheetColumn[], maxRows: number) {
  uploaderOf(ctx);
  const sheet = await readSheet(buffer, columns, maxRows);
  const errors = collectRowErrors(ctx.locale, sheet.headerOf);
  if (sheet.rows.length === 0) {
    errors.add(2, columns[0].key, 'EMPTY', '文件中没有数据行', 'the file has no data rows');
    refuseBadRows(errors);
  }
  return { ...sheet, errors };
}

/** Refuses the whole file with IMPORT_ROWS_INVALID when any row is bad, listing the bad rows in row order. */
export function refuseBadRows(errors: RowErrors): void {
  if (errors.list.length > 0) {
    const sorted = [...errors.list].sort((a, b) => a.row - b.row);
    throw new AppError('IMPORT_ROWS_INVALID', {
      errors: sorted.slice(0, maxListedErrors),
      errorCount: sorted.length,
    });
  }
}

/** Imports a checked file in the given transaction, reporting the rows done so far; returns the records created. */
export type ImportRun = (tx: Db, job: { importId: string; report: (doneRows: number) => void }) => Promise<number>;

/**
 * Starts importing a file whose every row passed its checks: records the import, answers at once, and runs `run` in
 * one transaction in the background. When `run` throws, nothing is written and the import is marked failed.
 * Poll getImport for progress.
 */
export async function startImport(
  db: Db,
  ctx: Ctx,
  store: ImportStore,
  job: { fileName: string; totalRows: number; run: ImportRun },
): Promise<ImportView> {
  const id = crypto.randomUUID();
  await store.insert(db, {
    id,
    userId: uploaderOf(ctx),
    fileName: job.fileName,
    status: 'importing',
    totalRows: job.totalRows,
  });
  progress.set(id, 0);
  setImmediate(() => {
    runImport(db, ctx, store, id, job.run).catch(() => {});
  });
  return toImportView((await store.find(db, id))!);
}

async function runImport(db: Db, ctx: Ctx, store: ImportStore, id: string, run: ImportRun): Promise<void> {
  try {
    await db.transaction(async (tx) => {
      const created = await run(tx, {
        importId: id,
        report: (doneRows) => progress.set(id, doneRows),
      });
      await store.update(tx, id, {
        status: 'done',
        processedRows: created,
        createdCount: created,
        finishedAt: new Date(),
      });
    });
  } catch (error) {
    const reason = messageFor(error instanceof AppError ? error.code : 'INTERNAL', ctx.locale);
    await store.update(db, id, {
      status: 'failed',
      finishedAt: new Date(),
      errors: [
        {
          row: 0,
          code: error instanceof AppError ? error.code : 'IMPORT_FAILED',
          message: ctx.locale === 'en' ? `Nothing was imported: ${reason}` : `未导入任何数据:${reason}`,
        },
      ],
    });
  } finally {
    progress.delete(id);
  }
}
