// HTTP routes for stored files: upload (staff evidence; the public's own materials for their applications), and
// download by the uploader or by staff who may see the record the file belongs to.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { errorResponses } from '../errors';
import { fileMetaSchema } from './files.schemas';
import { readFileForStaff, storeEvidence, storePublicUpload } from './files.service';
import { readUpload } from './upload';

const errors = errorResponses(400, 401, 403, 404, 413, 415);
const tags = ['files'];
/** Types a browser may show in place: raster images only (an SVG or HTML could run script). */
const inlineTypes = new Set(['image/png', 'image/jpeg', 'image/webp']);

export const filesRoutes =
  ({ db }: { db: Db }): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/files',
      {
        config: { access: 'signed-in', rateLimit: { max: 60, timeWindow: '1 minute' } },
        schema: {
          tags,
          summary:
            'Upload a file (multipart field "file"; PDF, PNG, JPEG or WebP by their bytes): staff evidence up to 20 MB, a signed-in member of the public’s own materials up to 10 MB',
          consumes: ['multipart/form-data'],
          response: { 201: fileMetaSchema, ...errors },
        },
      },
      async (req, reply) => {
        const file = await readUpload(req);
        const stored =
          req.ctx.actor.kind === 'staff'
            ? await storeEvidence(db, req.ctx, file.fileName, file.buffer)
            : await storePublicUpload(db, req.ctx, file.fileName, file.buffer);
        return reply.code(201).send(stored);
      },
    );

    app.get(
      '/files/:id',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          summary: 'Download a stored file (its uploader, or staff who may see the record it belongs to)',
          params: z.strictObject({ id: z.uuid() }),
        },
      },
      async (req, reply) => {
        const file = await readFileForStaff(db, req.ctx, req.params.id);
        // Served with the type its bytes were checked as (never the name's), never sniffed by the browser; only images
        // show inline, everything else downloads, and the answer itself runs nothing (sandbox).
        const inline = inlineTypes.has(file.contentType);
        return reply
          .header('content-type', file.contentType)
          .header('x-content-sha256', file.sha256)
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "default-src 'none'; img-src 'self'; sandbox")
          .header(
            'content-disposition',
            `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.name)}`,
          )
          .send(Buffer.from(file.data));
      },
    );
  };
