// Reading the one uploaded file of a multipart request.
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors';

/** Reads the single uploaded file of a multipart request (20 MB at most). */
export async function readUpload(req: FastifyRequest): Promise<{ fileName: string; buffer: Buffer }> {
  if (!req.isMultipart()) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE');
  }
  try {
    const file = await req.file({ limits: { fileSize: 20 * 1024 * 1024, files: 1 } });
    if (!file) {
      throw new AppError('VALIDATION_FAILED', { issues: [{ field: 'file', message: 'no file uploaded' }] });
    }
    const buffer = await file.toBuffer();
    return { fileName: file.filename.slice(0, 200), buffer };
  } catch (error) {
    throw malformedMultipart(error) ?? error;
  }
}

/**
 * The multipart parser's own errors (no boundary, a truncated body, a malformed part header) are bad input, not a
 * server fault. Fastify's coded errors (file too large, too many parts) keep their own mapping in the error handler.
 */
function malformedMultipart(error: unknown): AppError | undefined {
  if (error instanceof AppError || !(error instanceof Error) || (error as { code?: unknown }).code !== undefined) {
    return undefined;
  }
  if (/multipart|boundary|part header/i.test(error.message)) {
    return new AppError('VALIDATION_FAILED', { field: 'file', reason: 'malformed multipart body' });
  }
  return undefined;
}
