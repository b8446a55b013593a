// Stored files: evidence uploads and generated documents, kept with their SHA-256 so any copy can be checked.
import crypto from 'node:crypto';
import type { Db } from '../../db/client';
import { AppError } from '../errors';
import type { Ctx } from '../http/context';
import { actorId, canAt, hasPermission } from '../rbac/actor';
import type { Permission } from '../rbac/permissions';
import * as repo from './files.repo';

import type { FileMeta } from './files.schemas';

export type StoredFileMeta = FileMeta;

/** Evidence may be a photo, a scan or a PDF: anything else is refused. */
const evidenceTypes = new Set(['application/pdf', 'image/png', 'image/jpeg', 'image/webp']);

function sniffType(bytes: Uint8Array): string | undefined {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.subarray(0, 5).toString('latin1') === '%PDF-') {
    return 'application/pdf';
  }
  if (b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return 'image/png';
  }
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) {
    return 'image/jpeg';
  }
  if (b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP') {
    return 'image/webp';
  }
  return undefined;
}

/**
 * Stores a file in the caller's transaction. Evidence files are checked by their bytes (PDF, PNG, JPEG, WebP);
 * generated documents pass their type. Returns the stored file's id and digest.
 */
export async function storeFile(
  db: Db,
  ctx: Ctx,
  file: { purpose: string; name: string; bytes: Uint8Array; contentType?: string; orgId?: number | null },
): Promise<StoredFileMeta> {
  if (file.bytes.byteLength === 0) {
    throw new AppError('FILE_INVALID', { field: 'file', reason: 'empty' });
  }
  const contentType = file.contentType ?? sniffType(file.bytes);
  if (!contentType || (file.contentType === undefined && !evidenceTypes.has(contentType))) {
    throw new AppError('FILE_INVALID', { field: 'file', reason: 'type', allowed: [...evidenceTypes] });
  }
  const id = crypto.randomUUID();
  const sha256 = crypto.createHash('sha256').update(file.bytes).digest('hex');
  const name = file.name.replace(/[\\/\0]/g, '_').slice(0, 200) || 'file';
  await repo.insertFile(db, {
    id,
    purpose: file.purpose,
    name,
    contentType,
    sizeBytes: file.bytes.byteLength,
    sha256,
    data: file.bytes,
    orgId: file.orgId ?? null,
    createdBy: actorId(ctx.actor) ?? ctx.actor.kind,
  });
  return { id, name, contentType, sizeBytes: file.bytes.byteLength, sha256 };
}

export const findStoredFile = repo.findFile;
export const findStoredFileMeta = repo.findFileMeta;

/** A staff upload of evidence; the file is tied to no unit until a record refers to it. */
export function storeEvidence(db: Db, ctx: Ctx, name: string, bytes: Buffer): Promise<StoredFileMeta> {
  return db.transaction((tx) => storeFile(tx, ctx, { purpose: 'evidence', name, bytes }));
}

/** Upload limits for the public (applicants' materials): smaller than staff evidence. */
export const publicUploadMaxBytes = 10 * 1024 * 1024;

/** An upload by a signed-in member of the public (their own materials); readable by them until a record claims it. */
export function storePublicUpload(db: Db, ctx: Ctx, name: string, bytes: Buffer): Promise<StoredFileMeta> {
  if (bytes.byteLength > publicUploadMaxBytes) {
    throw new AppError('PAYLOAD_TOO_LARGE', { field: 'file', maxBytes: publicUploadMaxBytes });
  }
  return db.transaction((tx) => storeFile(tx, ctx, { purpose: 'upload', name, bytes }));
}

/**
 * Claims uploaded files for a record in the caller's transaction: from now on staff holding `readPermission` at the
 * record's unit (or above) may read them, besides the uploader. A file can be claimed by the person who uploaded it
 * (or the system), once; claiming it again for the same unit and permission changes nothing. Throws NOT_FOUND for an
 * unknown file (or someone else's), CONFLICT for a file another record already claimed.
 */
export async function attachFiles(
  tx: Db,
  ctx: Ctx,
  ids: readonly string[],
  scope: { orgId: number; readPermission: Permission; purpose: string },
): Promise<void> {
  const unique = [...new Set(ids)];
  const rows = await repo.findFilesByIds(tx, unique);
  const me = actorId(ctx.actor) ?? ctx.actor.kind;
  for (const id of unique) {
    const row = rows.find((r) => r.id === id);
    if (!row || (row.createdBy !== me && ctx.actor.kind !== 'system' && row.orgId === null)) {
      throw new AppError('NOT_FOUND', { entity: 'file', id });
    }
    if (row.orgId !== null && (row.orgId !== scope.orgId || row.readPermission !== scope.readPermission)) {
      throw new AppError('CONFLICT', { entity: 'file', id, reason: 'already attached to another record' });
    }
  }
  await repo.setFileScope(tx, unique, scope.orgId, scope.readPermission, scope.purpose);
}

/**
 * The evidence files a staff record points at (a bank slip, an agreement, a signed receipt), in the caller's
 * transaction: each must exist (NOT_FOUND names the field otherwise) and not be a member of the public's upload that
 * someone else made. Files no record claimed yet are claimed for the record's unit with `readPermission`, so only
 * staff who may see the record there (or above) read them; a file another record claimed first (a relief approval
 * reused as a payout's evidence) keeps that record's scope.
 */
export async function claimEvidence(
  tx: Db,
  ctx: Ctx,
  files: readonly { field: string; id: string | null | undefined }[],
  scope: { orgId: number; readPermission: Permission; purpose: string },
): Promise<void> {
  const wanted = files.filter((f): f is { field: string; id: string } => typeof f.id === 'string');
  if (wanted.length === 0) {
    return;
  }
  const rows = await repo.findFilesByIds(tx, [...new Set(wanted.map((f) => f.id))]);
  const me = actorId(ctx.actor) ?? ctx.actor.kind;
  for (const f of wanted) {
    const row = rows.find((r) => r.id === f.id);
    if (!row || (row.purpose === 'upload' && row.orgId === null && row.createdBy !== me)) {
      throw new AppError('NOT_FOUND', { entity: 'file', field: f.field, id: f.id });
    }
  }
  const unclaimed = rows.filter((r) => r.orgId === null && r.readPermission === null).map((r) => r.id);
  if (unclaimed.length > 0) {
    await repo.setFileScope(tx, unclaimed, scope.orgId, scope.readPermission, scope.purpose);
  }
}

/**
 * A file for a signed-in caller: its uploader; staff holding the file's read permission at its unit (or above) once
 * a record claimed it (attachFiles); for older evidence without one, staff who may view gifts or goods. Throws
 * NOT_FOUND, FORBIDDEN or OUT_OF_SCOPE.
 */
export async function readFileForStaff(db: Db, ctx: Ctx, id: string): Promise<repo.StoredFileRow> {
  const file = await repo.findFile(db, id);
  if (!file) {
    throw new AppError('NOT_FOUND', { entity: 'file', id });
  }
  if (file.createdBy === actorId(ctx.actor)) {
    return file;
  }
  if (ctx.actor.kind !== 'staff' && ctx.actor.kind !== 'system') {
    throw new AppError('NOT_FOUND', { entity: 'file', id });
  }
  if (file.readPermission) {
    const permission = file.readPermission as Permission;
    const path = file.orgId === null ? undefined : await repo.orgPathOf(db, file.orgId);
    if (!hasPermission(ctx.actor, permission)) {
      throw new AppError('FORBIDDEN', { permission });
    }
    if (!path || !canAt(ctx.actor, permission, path)) {
      throw new AppError('OUT_OF_SCOPE', { permission });
    }
    return file;
  }
  // A member of the public's upload stays theirs until a record claims it.
  const seesEvidence =
    file.purpose !== 'upload' && (hasPermission(ctx.actor, 'donations:view') || hasPermission(ctx.actor, 'goods:view'));
  if (!seesEvidence) {
    throw new AppError('FORBIDDEN', { permission: 'donations:view' });
  }
  return file;
}
