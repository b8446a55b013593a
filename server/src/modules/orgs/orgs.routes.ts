// HTTP routes of the org tree: schemas in and out, the permission each needs, one service call each.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { errorBodySchema, errorResponses } from '../../platform/errors';
import { sendWorkbook } from '../../platform/excel';
import { readUpload } from '../../platform/files/upload';
import * as importer from './orgs.import';
import {
  createOrgSchema,
  mergeOrgSchema,
  mergeResultSchema,
  moveOrgSchema,
  orgAncestorsSchema,
  orgChildrenQuerySchema,
  orgHistorySchema,
  orgIdSchema,
  orgImportViewSchema,
  orgListQuerySchema,
  orgPageSchema,
  orgViewSchema,
  populationQuerySchema,
  populationViewSchema,
  setPopulationSchema,
  updateOrgSchema,
} from './orgs.schemas';
import * as orgs from './orgs.service';
import * as populations from './populations';

const idParams = z.strictObject({ id: orgIdSchema });
const errors = errorResponses(400, 401, 403, 404, 409, 422);
const tags = ['orgs'];

export const orgsRoutes =
  ({ db }: { db: Db }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/orgs',
      {
        config: { access: { permission: 'orgs:view' } },
        schema: {
          tags,
          summary: 'Search units in your scope',
          querystring: orgListQuerySchema,
          response: { 200: orgPageSchema, ...errors },
        },
      },
      (req) => orgs.listOrgs(db, req.ctx, req.query),
    );

    app.get(
      '/orgs/children',
      {
        config: { access: { permission: 'orgs:view' } },
        schema: {
          tags,
          summary: 'Children of a unit (lazy tree); without parentId, the roots of your scope',
          querystring: orgChildrenQuerySchema,
          response: { 200: z.array(orgViewSchema), ...errors },
        },
      },
      (req) => orgs.listOrgChildren(db, req.ctx, req.query.parentId, req.query.includeInactive === 'true'),
    );

    app.get(
      '/orgs/:id',
      {
        config: { access: { permission: 'orgs:view' } },
        schema: { tags, params: idParams, response: { 200: orgViewSchema, ...errors } },
      },
      (req) => orgs.viewOrg(db, req.ctx, req.params.id),
    );

    app.get(
      '/orgs/:id/ancestors',
      {
        config: { access: { permission: 'orgs:view' } },
        schema: { tags, params: idParams, response: { 200: orgAncestorsSchema, ...errors } },
      },
      (req) => orgs.listAncestors(db, req.ctx, req.params.id),
    );

    app.post(
      '/orgs',
      {
        config: { access: { permission: 'orgs:manage' } },
        schema: { tags, summary: 'Create a unit', body: createOrgSchema, response: { 201: orgViewSchema, ...errors } },
      },
      async (req, reply) => reply.code(201).send(await orgs.createOrg(db, req.ctx, req.body)),
    );

    app.patch(
      '/orgs/:id',
      {
        config: { access: { permission: 'orgs:manage' } },
        schema: {
          tags,
          summary: 'Rename a unit, change its code or contact details',
          params: idParams,
          body: updateOrgSchema,
          response: { 200: orgViewSchema, ...errors },
        },
      },
      (req) => orgs.updateOrg(db, req.ctx, req.params.id, req.body),
    );

    app.post(
      '/orgs/:id/move',
      {
        config: { access: { permission: 'orgs:manage' } },
        schema: {
          tags,
          summary: 'Move a unit and its subtree under another parent',
          params: idParams,
          body: moveOrgSchema,
          response: { 200: orgViewSchema, ...errors },
        },
      },
      (req) => orgs.moveOrg(db, req.ctx, req.params.id, req.body.parentId),
    );

    app.post(
      '/orgs/:id/merge',
      {
        config: { access: { permission: 'orgs:manage' } },
        schema: {
          tags,
          summary: 'Merge a unit into another of the same type (it is deactivated; its active children move over)',
          params: idParams,
          body: mergeOrgSchema,
          response: { 200: mergeResultSchema, ...errors },
        },
      },
      (req) => orgs.mergeOrg(db, req.ctx, req.params.id, req.body),
    );

    app.get(
      '/orgs/:id/history',
      {
        config: { access: { permission: 'orgs:view' } },
        schema: {
          tags,
          summary: 'Codes a unit has held, units merged into it, and the unit it merged into',
          params: idParams,
          response: { 200: orgHistorySchema, ...errors },
        },
      },
      (req) => orgs.viewOrgHistory(db, req.ctx, req.params.id),
    );

    app.post(
      '/orgs/:id/deactivate',
      {
        config: { access: { permission: 'orgs:manage' } },
        schema: { tags, params: idParams, response: { 200: orgViewSchema, ...errors } },
      },
      (req) => orgs.setOrgActive(db, req.ctx, req.params.id, false),
    );

    app.post(
      '/orgs/:id/activate',
      {
        config: { access: { permission: 'orgs:manage' } },
        schema: { tags, params: idParams, response: { 200: orgViewSchema, ...errors } },
      },
      (req) => orgs.setOrgActive(db, req.ctx, req.params.id, true),
    );

    app.get(
      '/orgs/export.xlsx',
      {
        config: { access: { permission: 'orgs:view' } },
        schema: {
          tags,
          summary: 'Export the units in your scope as an Excel workbook',
          querystring: z.strictObject({
            includeInactive: z.enum(['true', 'false']).optional(),
            lang: z.string().max(20).optional(),
          }),
        },
      },
      async (req, reply) => {
        const buffer = await importer.exportOrgs(db, req.ctx, req.query.includeInactive === 'true');
        return sendWorkbook(reply, buffer, 'orgs.xlsx', '组织机构.xlsx');
      },
    );

    app.get(
      '/orgs/import/template.xlsx',
      {
        config: { access: { permission: 'orgs:manage' } },
        schema: { tags, summary: 'The Excel template for importing units' },
      },
      async (_req, reply) =>
        sendWorkbook(reply, await importer.buildTemplate(), 'orgs-template.xlsx', '组织机构导入模板.xlsx'),
    );

    app.post(
      '/orgs/import',
      {
        config: { access: { permission: 'orgs:manage' } },
        schema: {
          tags,
          summary:
            'Upload an Excel file of units (multipart field "file"); all rows are checked, then imported in one transaction',
          consumes: ['multipart/form-data'],
          response: { 202: orgImportViewSchema, ...errors, 413: errorBodySchema, 415: errorBodySchema },
        },
      },
      async (req, reply) => {
        const file = await readUpload(req);
        return reply.code(202).send(await importer.startImport(db, req.ctx, file.fileName, file.buffer));
      },
    );

    app.get(
      '/orgs/import/:importId',
      {
        config: { access: { permission: 'orgs:manage' } },
        schema: {
          tags,
          summary: 'Progress and result of an import',
          params: z.strictObject({ importId: z.uuid() }),
          response: { 200: orgImportViewSchema, ...errors },
        },
      },
      (req) => importer.getImport(db, req.ctx, req.params.importId),
    );

    app.get(
      '/orgs/:id/populations',
      {
        config: { access: { permission: 'orgs:view' } },
        schema: {
          tags,
          summary: 'Registered population of a unit and its children for a year (the base of training targets)',
          params: idParams,
          querystring: populationQuerySchema,
          response: { 200: z.array(populationViewSchema), ...errors },
        },
      },
      (req) => populations.listPopulations(db, req.ctx, req.params.id, req.query.year),
    );
    app.put(
      '/orgs/:id/populations/:year',
      {
        config: { access: { permission: 'orgs:manage' } },
        schema: {
          tags,
          summary: "Record a unit's registered population for a year",
          params: z.strictObject({ id: orgIdSchema, year: z.coerce.number().int().min(1990).max(2100) }),
          body: setPopulationSchema,
          response: { 200: populationViewSchema, ...errors },
        },
      },
      (req) => populations.setPopulation(db, req.ctx, req.params.id, req.params.year, req.body),
    );
  };
