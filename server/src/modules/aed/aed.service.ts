// What other modules may call on the AED registry: usage reports after a rescue (the response module), tasks raised by
// public problem reports (part B's public pages), and read access to a device row.
import type { Db } from '../../db/client';
import { AppError } from '../../platform/errors';
import type { Ctx } from '../../platform/http/context';
import * as repo from './aed.repo';
import type { AedTaskKind, AedView, ReportUsage } from './aed.schemas';
import { getAedRow } from './aed-registry';
import { raiseTask, reportUsage } from './aed-upkeep';

export type { AedRow } from './aed.repo';
export { type NearbyAed, nearestAvailableAeds } from './aed-nearby';
export { getAedRow, isSilent, toIntervals } from './aed-registry';

/**
 * Records that a device was used in a rescue (e.g. from an emergency's outcome): the device goes out of service with
 * a used_in_rescue task until its guardian or staff confirm new pads. With the system actor no scope is checked.
 */
export function reportAedUsage(db: Db, ctx: Ctx, input: ReportUsage & { aedId: string }): Promise<AedView> {
  const { aedId, ...usage } = input;
  return reportUsage(db, ctx, aedId, usage);
}

/**
 * Raises an upkeep task on a device (kind public_report always adds one; other kinds only when none is open) and
 * tells its guardians and unit by SMS; run it in the caller's transaction. Returns the task id, or null when an open
 * task of that kind already existed. NOT_FOUND for a device not in that region.
 */
export async function raiseAedTask(
  db: Db,
  ctx: Ctx,
  input: { regionId: number; aedId: string; kind: AedTaskKind; detail: string; sourceId?: string | null },
): Promise<string | null> {
  const aed = await getAedRow(db, input.aedId);
  if (aed.regionId !== input.regionId) {
    throw new AppError('NOT_FOUND', { entity: 'aed', id: input.aedId });
  }
  const task = await raiseTask(db, ctx, aed, { kind: input.kind, detail: input.detail, sourceId: input.sourceId });
  return task?.id ?? null;
}

/** The device by its sticker code (AED-330681-000123), or undefined. */
export const findAedByCode = repo.findAedByCode;
