// HTTP routes for personal-data requests (PIPL Art. 44–47): staff record, export and erase; a signed-in person
// downloads their own copy and asks for erasure.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { errorResponses } from '../../platform/errors';
import * as privacy from './people-privacy';
import {
  createPrivacyRequestSchema,
  eraseBodySchema,
  erasurePlanSchema,
  personalDataExportSchema,
  privacyRequestListSchema,
  privacyRequestQuerySchema,
  privacyRequestViewSchema,
  selfEraseRequestSchema,
} from './people-privacy.schemas';

const idParams = z.strictObject({ id: z.uuid() });
const personParams = z.strictObject({ personId: z.uuid() });
const errors = errorResponses(400, 401, 403, 404, 409);
const tags = ['privacy'];

function attachment(name: string) {
  return `attachment; filename="${name}.json"`;
}

export const peoplePrivacyRoutes =
  ({ db }: { db: Db }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/privacy/people/:personId/export',
      {
        config: { access: { permission: 'privacy:manage' } },
        schema: {
          tags,
          summary: "A person's data across every module, decrypted (a JSON download; audited as PII access)",
          params: personParams,
          response: { 200: personalDataExportSchema, ...errors },
        },
      },
      async (req, reply) => {
        const copy = await privacy.exportPerson(db, req.ctx, req.params.personId);
        reply.header('content-disposition', attachment(`personal-data-${req.params.personId}`));
        reply.header('cache-control', 'no-store');
        return copy;
      },
    );

    app.post(
      '/privacy/requests',
      {
        config: { access: { permission: 'privacy:manage' } },
        schema: {
          tags,
          summary: 'Record a copy or erasure request (due in 15 working days)',
          body: createPrivacyRequestSchema,
          response: { 201: privacyRequestViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await privacy.createRequest(db, req.ctx, req.body)),
    );

    app.get(
      '/privacy/requests',
      {
        config: { access: { permission: 'privacy:manage' } },
        schema: {
          tags,
          querystring: privacyRequestQuerySchema,
          response: { 200: privacyRequestListSchema, ...errors },
        },
      },
      (req) => privacy.listRequests(db, req.ctx, req.query),
    );

    app.get(
      '/privacy/requests/:id',
      {
        config: { access: { permission: 'privacy:manage' } },
        schema: { tags, params: idParams, response: { 200: privacyRequestViewSchema, ...errors } },
      },
      (req) => privacy.viewRequest(db, req.ctx, req.params.id),
    );

    app.post(
      '/privacy/requests/:id/export',
      {
        config: { access: { permission: 'privacy:manage' } },
        schema: {
          tags,
          summary: 'The copy for an export request (closes it; audited as PII access)',
          params: idParams,
          response: { 200: personalDataExportSchema, ...errors },
        },
      },
      async (req, reply) => {
        const copy = await privacy.exportForRequest(db, req.ctx, req.params.id);
        reply.header('content-disposition', attachment(`personal-data-${req.params.id}`));
        reply.header('cache-control', 'no-store');
        return copy;
      },
    );

    app.post(
      '/privacy/requests/:id/erase',
      {
        config: { access: { permission: 'privacy:manage' } },
        schema: {
          tags,
          summary: 'Preview (dryRun, the default) or run an erasure request in one transaction',
          params: idParams,
          body: eraseBodySchema,
          response: { 200: erasurePlanSchema, ...errors },
        },
      },
      (req) => privacy.eraseForRequest(db, req.ctx, req.params.id, req.body.dryRun),
    );

    app.get(
      '/me/data',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          summary: 'My own data (a signed-in public account), as a JSON download',
          response: { 200: personalDataExportSchema, ...errors },
        },
      },
      async (req, reply) => {
        const copy = await privacy.exportOwnData(db, req.ctx);
        reply.header('content-disposition', attachment('my-personal-data'));
        reply.header('cache-control', 'no-store');
        return copy;
      },
    );

    app.post(
      '/me/data/erase-request',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          summary: 'Ask for my data to be erased (staff handle it within 15 working days)',
          body: selfEraseRequestSchema,
          response: { 201: privacyRequestViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await privacy.requestOwnErasure(db, req.ctx, req.body.note)),
    );
  };
