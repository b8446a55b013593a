// HTTP routes for evidence files: upload (staff), and download by staff who may see the unit's records.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { errorResponses } from '../errors';
import { fileMetaSchema } from './files.schemas';
import { readFileForStaff, storeEvidence } from './files.service';
import { readUpload } from './upload';

const errors = errorResponses(400, 401, 403, 404, 413, 415);
const tags = ['files'];

export const filesRoutes =
  ({ db }: { db: Db }): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/files',
      {
        config: { access: 'staff' },
        schema: {
          tags,
          summary: 'Upload an evidence file (multipart field "file"; PDF, PNG, JPEG or WebP, 20 MB at most)',
          consumes: ['multipart/form-data'],
          response: { 201: fileMetaSchema, ...errors },
        },
      },
      async (req, reply) => {
        const file = await readUpload(req);
        return reply.code(201).send(await storeEvidence(db, req.ctx, file.fileName, file.buffer));
      },
    );

    app.get(
      '/files/:id',
      {
        config: { access: 'staff' },
        schema: { tags, summary: 'Download a stored file', params: z.strictObject({ id: z.uuid() }) },
      },
      async (req, reply) => {
        const file = await readFileForStaff(db, req.ctx, req.params.id);
        return reply
          .header('content-type', file.contentType)
          .header('x-content-sha256', file.sha256)
          .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.name)}`)
          .send(Buffer.from(file.data));
      },
    );
  };
