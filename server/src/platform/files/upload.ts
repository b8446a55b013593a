// Reading the one uploaded file of a multipart request.
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors';

/** Reads the single uploaded file of a multipart request (20 MB at most). */
export async function readUpload(req: FastifyRequest): Promise<{ fileName: string; buffer: Buffer }> {
  if (!req.isMultipart()) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE');
  }
  const file = await req.file({ limits: { fileSize: 20 * 1024 * 1024, files: 1 } });
  if (!file) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ field: 'file', message: 'no file uploaded' }] });
  }
  const buffer = await file.toBuffer();
  return { fileName: file.filename.slice(0, 200), buffer };
}
