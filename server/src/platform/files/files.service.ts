// Stored files: evidence uploads and generated documents, kept with their SHA-256 so any copy can be checked.
import crypto from 'node:crypto';
import type { Db } from '../../db/client';
import { AppError } from '../errors';
import type { Ctx } from '../http/context';
import { actorId, hasPermission } from '../rbac/actor';
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

/**
 * A file for a staff member: its uploader, or anyone who may view gifts or goods (evidence is shown to those who
 * see the records; the records themselves are scope-checked). File ids are random UUIDs only found through records.
 */
export async function readFileForStaff(db: Db, ctx: Ctx, id: string): Promise<repo.StoredFileRow> {
  const file = await repo.findFile(db, id);
  if (!file) {
    throw new AppError('NOT_FOUND', { entity: 'file', id });
  }
  const seesEvidence = hasPermission(ctx.actor, 'donations:view') || hasPermission(ctx.actor, 'goods:view');
  if (file.createdBy !== actorId(ctx.actor) && !seesEvidence) {
    throw new AppError('FORBIDDEN', { permission: 'donations:view' });
  }
  return file;
}
