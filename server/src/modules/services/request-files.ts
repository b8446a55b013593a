// Reading a request's material files (the applicant's own, or staff in scope), and the units a citizen may pick.
import type { Db } from '../../db/client';
import { AppError } from '../../platform/errors';
import { findStoredFile } from '../../platform/files/files.service';
import type { Ctx } from '../../platform/http/context';
import { systemActor } from '../../platform/rbac/actor';
import * as orgs from '../orgs/orgs.service';
import { handlingLevelValues } from './services.schemas';
import { getOwnRequest, getRequestForStaff, type RequestFile } from './services.service';

/** A file attached to the request (NOT_FOUND for a file of another request), for its applicant or staff in scope. */
export async function readRequestFile(
  db: Db,
  ctx: Ctx,
  requestId: string,
  fileId: string,
  viewer: 'applicant' | 'staff',
): Promise<{ name: string; contentType: string; bytes: Buffer }> {
  const row =
    viewer === 'applicant' ? await getOwnRequest(db, ctx, requestId) : await getRequestForStaff(db, ctx, requestId);
  const attached = (row.files as RequestFile[]).some((f) => f.fileId === fileId);
  const file = attached ? await findStoredFile(db, fileId) : undefined;
  if (!file) {
    throw new AppError('NOT_FOUND', { entity: 'file', id: fileId });
  }
  return { name: file.name, contentType: file.contentType, bytes: Buffer.from(file.data) };
}

const unitsCtx: Ctx = { actor: systemActor('services.units'), requestId: null, ip: null, locale: 'zh' };
const applyAt = new Set<string>(handlingLevelValues);

/** Active administrative units under `parentId` (the provinces without it), for the citizen's 申请地 picker. */
export async function listUnitOptions(db: Db, parentId: number | undefined) {
  if (parentId !== undefined) {
    const parent = await orgs.findOrgById(db, parentId);
    if (!parent?.isActive) {
      throw new AppError('NOT_FOUND', { entity: 'org', id: parentId });
    }
  }
  const units = await orgs.listOrgChildren(db, unitsCtx, parentId, false);
  return units
    .filter((u) => applyAt.has(u.type))
    .map((u) => ({ id: u.id, name: u.name, type: u.type, hasChildren: u.childCount > 0 }));
}
