// The service catalogue (categories and items) and the working calendar: public reading, administration by
// services:manage users, and the idempotent seed every install gets at start.
import type { Db } from '../../db/client';
import { recordAudit } from '../../platform/audit/audit.service';
import { toChinaDate } from '../../platform/dates';
import { AppError } from '../../platform/errors';
import type { Ctx } from '../../platform/http/context';
import { actorLabel, hasPermission, scopePaths } from '../../platform/rbac/actor';
import { seedCategories, seedItems } from './catalogue-seed';
import * as repo from './services.repo';
import type {
  CalendarDay,
  CalendarDayKind,
  CalendarView,
  Catalogue,
  CategoryView,
  CreateCategory,
  CreateItem,
  FormField,
  FulfilledBy,
  HandlingLevel,
  ItemView,
  Material,
  PutCalendarDay,
  UpdateCategory,
  UpdateItem,
} from './services.schemas';
import {
  addWorkingDays,
  buildCalendar,
  officialArrangements,
  officialCalendarDays,
  type WorkingCalendar,
} from './working-days';

/**
 * The catalogue and the calendar are the same for the whole network: only services:manage held on a top-level unit
 * (the province) changes them, not a city or county administrator (FORBIDDEN).
 */
function assertManagesNetwork(ctx: Ctx): void {
  const paths = scopePaths(ctx.actor, 'services:manage');
  if (paths !== null && !paths.some((p) => p.split('.').filter(Boolean).length === 1)) {
    throw new AppError('FORBIDDEN', { permission: 'services:manage', reason: 'province-level only' });
  }
}

// ------------------------------------------------------------------------------------------------ calendar

// The catalogue and the calendar are small and read on every request view: each process keeps them for 30 s, and
// forgets them at once when it changes them itself (another instance's change shows within 30 s).
const cacheTtlMs = 30_000;
let generation = 0;
const cache = new WeakMap<Db, { generation: number; at: number; items?: repo.ItemRow[]; calendar?: WorkingCalendar }>();

function cached(db: Db) {
  let entry = cache.get(db);
  if (!entry || entry.generation !== generation || Date.now() - entry.at > cacheTtlMs) {
    entry = { generation, at: Date.now() };
    cache.set(db, entry);
  }
  return entry;
}

/** Forgets the cached catalogue and calendar (after a change, inside and after its transaction). */
function forgetReference(): void {
  generation++;
}

/** The working calendar (a small table, read whole; cached briefly). */
export async function loadCalendar(db: Db): Promise<WorkingCalendar> {
  const entry = cached(db);
  if (!entry.calendar) {
    const rows = await repo.listCalendarDays(db);
    entry.calendar = buildCalendar(rows.map((r) => ({ date: r.day, kind: r.kind as CalendarDayKind })));
  }
  return entry.calendar;
}

/** Every item, active or not (cached briefly). */
export async function listAllItems(db: Db): Promise<repo.ItemRow[]> {
  const entry = cached(db);
  if (!entry.items) {
    entry.items = await repo.listItems(db);
  }
  return entry.items;
}

function toCalendarDay(r: repo.CalendarRow): CalendarDay {
  return { date: r.day, kind: r.kind as CalendarDayKind, name: r.name };
}

/** Years that should be maintained now: the current one, and the next from November (when the notice comes out). */
function wantedYears(today: string): number[] {
  const year = Number(today.slice(0, 4));
  return Number(today.slice(5, 7)) >= 11 ? [year, year + 1] : [year];
}

export async function viewCalendar(db: Db, year?: number): Promise<CalendarView> {
  const today = toChinaDate();
  const shown = year ?? Number(today.slice(0, 4));
  const [days, covered] = await Promise.all([repo.listCalendarDays(db, shown), repo.listCoveredYears(db)]);
  return {
    year: shown,
    days: days.map(toCalendarDay),
    coveredYears: covered,
    isYearCovered: covered.includes(shown),
    missingYears: wantedYears(today).filter((y) => !covered.includes(y)),
  };
}

function checkDate(date: string): void {
  const ok = /^\d{4}-\d{2}-\d{2}$/.test(date) && new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) === date;
  if (!ok) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ field: 'params.date', message: 'not a calendar date' }] });
  }
}

/**
 * Records a public holiday or a make-up working day. A make-up working day must fall on a weekend and a holiday is
 * meaningful on any day (a weekend day inside a break is listed too). Deadlines already set are not moved.
 */
export async function putCalendarDay(db: Db, ctx: Ctx, date: string, input: PutCalendarDay): Promise<CalendarDay> {
  assertManagesNetwork(ctx);
  checkDate(date);
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  if (input.kind === 'workday' && weekday !== 0 && weekday !== 6) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ field: 'body.kind', message: 'a make-up working day falls on a Saturday or Sunday' }],
    });
  }
  const result = await db.transaction(async (tx) => {
    forgetReference();
    const before = await repo.findCalendarDay(tx, date);
    const row = await repo.upsertCalendarDay(tx, {
      day: date,
      kind: input.kind,
      name: input.name,
      updatedBy: actorLabel(ctx.actor),
    });
    await recordAudit(tx, ctx, {
      action: 'service_calendar.day-set',
      entityType: 'working_calendar_day',
      entityId: date,
      before: before ? toCalendarDay(before) : null,
      after: toCalendarDay(row),
    });
    return toCalendarDay(row);
  });
  forgetReference();
  return result;
}

/** Removes an exception day (the day falls back to the weekday rule). NOT_FOUND when there is none. */
export async function deleteCalendarDay(db: Db, ctx: Ctx, date: string): Promise<void> {
  assertManagesNetwork(ctx);
  checkDate(date);
  await db.transaction(async (tx) => {
    forgetReference();
    const before = await repo.findCalendarDay(tx, date);
    if (!before) {
      throw new AppError('NOT_FOUND', { entity: 'working_calendar_day', date });
    }
    await repo.deleteCalendarDay(tx, date);
    await recordAudit(tx, ctx, {
      action: 'service_calendar.day-removed',
      entityType: 'working_calendar_day',
      entityId: date,
      before: toCalendarDay(before),
    });
  });
  forgetReference();
}

// ------------------------------------------------------------------------------------------------ catalogue

export function toItemView(row: repo.ItemRow, calendar: WorkingCalendar, today: string): ItemView {
  return {
    code: row.code,
    categoryCode: row.categoryCode,
    nameZh: row.nameZh,
    nameEn: row.nameEn,
    descriptionZh: row.descriptionZh,
    descriptionEn: row.descriptionEn,
    materials: row.materials as Material[],
    formFields: row.formFields as FormField[],
    handlingLevel: row.handlingLevel as HandlingLevel,
    timeLimitDays: row.timeLimitDays,
    needsPublicNotice: row.needsPublicNotice,
    fulfilledBy: row.fulfilledBy as FulfilledBy,
    isActive: row.isActive,
    sortOrder: row.sortOrder,
    expectedDoneOn: addWorkingDays(today, 1 + row.timeLimitDays, calendar),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function toCategoryView(row: repo.CategoryRow, items: ItemView[]): CategoryView {
  return {
    code: row.code,
    nameZh: row.nameZh,
    nameEn: row.nameEn,
    sortOrder: row.sortOrder,
    isActive: row.isActive,
    items: items.filter((i) => i.categoryCode === row.code),
  };
}

/** The catalogue in sort order; inactive categories and items only with `includeInactive`. */
export async function viewCatalogue(db: Db, includeInactive = false): Promise<Catalogue> {
  const [categories, items, calendar] = await Promise.all([
    repo.listCategories(db),
    repo.listItems(db),
    loadCalendar(db),
  ]);
  const today = toChinaDate();
  const itemViews = items.filter((i) => includeInactive || i.isActive).map((i) => toItemView(i, calendar, today));
  return {
    categories: categories.filter((c) => includeInactive || c.isActive).map((c) => toCategoryView(c, itemViews)),
  };
}

/** An item by code (the public sees active items of active categories only); NOT_FOUND otherwise. */
export async function viewItem(db: Db, ctx: Ctx, code: string): Promise<ItemView> {
  const row = await repo.findItemByCode(db, code);
  const category = row ? await repo.findCategory(db, row.categoryCode) : undefined;
  const manager = hasPermission(ctx.actor, 'services:manage');
  if (!row || !category || (!manager && (!row.isActive || !category.isActive))) {
    throw new AppError('NOT_FOUND', { entity: 'service_item', code });
  }
  return toItemView(row, await loadCalendar(db), toChinaDate());
}

async function getCategory(db: Db, code: string, field: string): Promise<repo.CategoryRow> {
  const row = await repo.findCategory(db, code);
  if (!row) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ field, message: 'no such category' }] });
  }
  return row;
}

/** Duplicate keys and select fields without options make a form nobody can fill in. */
function checkItemShape(materials: readonly Material[] | undefined, fields: readonly FormField[] | undefined): void {
  const issues: { field: string; message: string }[] = [];
  const dup = (keys: string[]) => keys.find((k, i) => keys.indexOf(k) !== i);
  const m = materials ? dup(materials.map((x) => x.key)) : undefined;
  if (m) {
    issues.push({ field: 'body.materials', message: `duplicate key ${m}` });
  }
  const f = fields ? dup(fields.map((x) => x.key)) : undefined;
  if (f) {
    issues.push({ field: 'body.formFields', message: `duplicate key ${f}` });
  }
  for (const [i, field] of (fields ?? []).entries()) {
    if (field.type === 'select' && !field.options?.length) {
      issues.push({ field: `body.formFields.${i}.options`, message: 'a select field needs options' });
    }
    if (field.min !== undefined && field.max !== undefined && field.min > field.max) {
      issues.push({ field: `body.formFields.${i}.min`, message: 'min is above max' });
    }
  }
  if (issues.length > 0) {
    throw new AppError('VALIDATION_FAILED', { issues });
  }
}

export async function createCategory(db: Db, ctx: Ctx, input: CreateCategory): Promise<CategoryView> {
  assertManagesNetwork(ctx);
  const result = await db.transaction(async (tx) => {
    forgetReference();
    if (await repo.findCategory(tx, input.code)) {
      throw new AppError('CONFLICT', { entity: 'service_category', code: input.code });
    }
    const row = await repo.insertCategory(tx, input);
    await recordAudit(tx, ctx, {
      action: 'service_category.created',
      entityType: 'service_category',
      entityId: row.code,
      after: row,
    });
    return toCategoryView(row, []);
  });
  forgetReference();
  return result;
}

export async function updateCategory(db: Db, ctx: Ctx, code: string, patch: UpdateCategory): Promise<CategoryView> {
  assertManagesNetwork(ctx);
  const result = await db.transaction(async (tx) => {
    forgetReference();
    const before = await repo.findCategory(tx, code);
    if (!before) {
      throw new AppError('NOT_FOUND', { entity: 'service_category', code });
    }
    const row = await repo.updateCategory(tx, code, patch);
    await recordAudit(tx, ctx, {
      action: 'service_category.updated',
      entityType: 'service_category',
      entityId: code,
      before,
      after: row,
    });
    const calendar = await loadCalendar(tx);
    const items = (await repo.listItems(tx)).map((i) => toItemView(i, calendar, toChinaDate()));
    return toCategoryView(row, items);
  });
  forgetReference();
  return result;
}

export async function createItem(db: Db, ctx: Ctx, input: CreateItem): Promise<ItemView> {
  assertManagesNetwork(ctx);
  checkItemShape(input.materials, input.formFields);
  const result = await db.transaction(async (tx) => {
    forgetReference();
    await getCategory(tx, input.categoryCode, 'body.categoryCode');
    if (await repo.findItemByCode(tx, input.code)) {
      throw new AppError('CONFLICT', { entity: 'service_item', code: input.code });
    }
    const row = await repo.insertItem(tx, input);
    await recordAudit(tx, ctx, {
      action: 'service_item.created',
      entityType: 'service_item',
      entityId: row.code,
      after: row,
    });
    return toItemView(row, await loadCalendar(tx), toChinaDate());
  });
  forgetReference();
  return result;
}

/** Changes an item. Requests already made keep their deadlines; new limits apply from the next acceptance. */
export async function updateItem(db: Db, ctx: Ctx, code: string, patch: UpdateItem): Promise<ItemView> {
  assertManagesNetwork(ctx);
  checkItemShape(patch.materials, patch.formFields);
  const result = await db.transaction(async (tx) => {
    forgetReference();
    const before = await repo.findItemByCode(tx, code);
    if (!before) {
      throw new AppError('NOT_FOUND', { entity: 'service_item', code });
    }
    if (patch.categoryCode) {
      await getCategory(tx, patch.categoryCode, 'body.categoryCode');
    }
    const row = await repo.updateItem(tx, code, patch);
    await recordAudit(tx, ctx, {
      action: 'service_item.updated',
      entityType: 'service_item',
      entityId: code,
      before,
      after: row,
    });
    return toItemView(row, await loadCalendar(tx), toChinaDate());
  });
  forgetReference();
  return result;
}

// ------------------------------------------------------------------------------------------------ seed

/**
 * Reference data every install needs, safe on every start: the seeded categories and items that are missing (an item
 * an administrator changed is left alone), and the official holiday arrangements of each year that has no calendar
 * entries yet (a year an administrator maintains is never overwritten).
 */
export async function ensureServiceReference(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    forgetReference();
    await repo.insertMissingCatalogue(tx, seedCategories, seedItems);
    const covered = new Set(await repo.listCoveredYears(tx));
    const missing = new Set(officialArrangements.map((a) => a.year).filter((y) => !covered.has(y)));
    const rows = officialCalendarDays()
      .filter((d) => missing.has(Number(d.date.slice(0, 4))))
      .map((d) => ({ day: d.date, kind: d.kind, name: d.name, updatedBy: 'system:seed' }));
    await repo.insertCalendarDays(tx, rows);
  });
  forgetReference();
}
