// Material uploads for the hall: citizens cannot use the staff evidence upload, so the hall takes photos and scans
// itself, only JPEG, PNG or PDF (recognised by their bytes, not their name) and at most 10 MB.
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../db/client';
import { AppError } from '../../platform/errors';
import { storeFile } from '../../platform/files/files.service';
import type { Ctx } from '../../platform/http/context';
import { maxMaterialBytes, type UploadView } from './services.schemas';

/** The content type the bytes show (magic numbers), or undefined for anything but JPEG, PNG and PDF. */
export function sniffMaterialType(b: Buffer): string | undefined {
  if (b.subarray(0, 5).toString('latin1') === '%PDF-') {
    return 'application/pdf';
  }
  if (b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return 'image/png';
  }
  if (b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) {
    return 'image/jpeg';
  }
  return undefined;
}

/** Reads the one file of a multipart request; PAYLOAD_TOO_LARGE above 10 MB. */
export async function readMaterialUpload(req: FastifyRequest): Promise<{ fileName: string; buffer: Buffer }> {
  if (!req.isMultipart()) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE');
  }
  const file = await req.file({ limits: { fileSize: maxMaterialBytes, files: 1 } });
  if (!file) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ field: 'file', message: 'no file uploaded' }] });
  }
  const buffer = await file.toBuffer();
  if (file.file.truncated || buffer.byteLength > maxMaterialBytes) {
    throw new AppError('PAYLOAD_TOO_LARGE', { maxBytes: maxMaterialBytes });
  }
  return { fileName: file.filename.slice(0, 200), buffer };
}

/**
 * Stores a material file for the signed-in caller (only they can attach it to a request). FILE_INVALID for an empty
 * file or one whose bytes are not JPEG, PNG or PDF, whatever its name says.
 */
export async function storeMaterial(db: Db, ctx: Ctx, fileName: string, bytes: Buffer): Promise<UploadView> {
  const contentType = sniffMaterialType(bytes);
  if (bytes.byteLength === 0 || !contentType) {
    throw new AppError('FILE_INVALID', {
      field: 'file',
      reason: bytes.byteLength === 0 ? 'empty' : 'type',
      allowed: ['image/jpeg', 'image/png', 'application/pdf'],
    });
  }
  return db.transaction((tx) =>
    storeFile(tx, ctx, { purpose: 'service-material', name: fileName, bytes, contentType }),
  );
}
