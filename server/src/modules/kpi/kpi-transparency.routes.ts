// HTTP routes of the kpi module: transparency index (红透指数) — a unit's score, measures and gaps, its children ranked,
// the Excel export; and the annual report / audit result publication records the index counts.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { errorResponses } from '../../platform/errors';
import { sendWorkbook } from '../../platform/excel';
import * as transparency from './kpi-transparency';
import {
  annualDisclosureListQuerySchema,
  annualDisclosureViewSchema,
  recordAnnualDisclosureSchema,
  transparencyGapPageSchema,
  transparencyGapsParamsSchema,
  transparencyGapsQuerySchema,
  transparencyQuerySchema,
  transparencyViewSchema,
} from './kpi-transparency.schemas';

const errors = errorResponses(400, 401, 403, 404, 409, 422);
const tags = ['kpi'];
const view = { access: { permission: 'kpi:view' as const } };
const manage = { access: { permission: 'kpi:manage' as const } };

export const kpiTransparencyRoutes =
  ({ db }: { db: Db }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/kpi/transparency',
      {
        config: view,
        schema: {
          tags,
          summary: "A unit's transparency index for a year: score, measures, gaps, and its children ranked",
          querystring: transparencyQuerySchema,
          response: { 200: transparencyViewSchema, ...errors },
        },
      },
      (req) => transparency.viewTransparency(db, req.ctx, req.query),
    );
    app.get(
      '/kpi/transparency/units/:orgId/gaps',
      {
        config: view,
        schema: {
          tags,
          summary: "A unit's transparency gaps (the records to fix), one measure or all, paged",
          params: transparencyGapsParamsSchema,
          querystring: transparencyGapsQuerySchema,
          response: { 200: transparencyGapPageSchema, ...errors },
        },
      },
      (req) => transparency.listTransparencyGaps(db, req.ctx, req.params.orgId, req.query),
    );
    app.get(
      '/kpi/transparency/export.xlsx',
      {
        config: view,
        schema: {
          tags,
          summary: "A unit's transparency index in Excel: scores with its children, measures, every gap",
          querystring: transparencyQuerySchema,
        },
      },
      async (req, reply) => {
        const buffer = await transparency.exportTransparency(db, req.ctx, req.query);
        return sendWorkbook(reply, buffer, 'transparency-index.xlsx', '红透指数.xlsx');
      },
    );
    app.get(
      '/kpi/transparency/annual-disclosures',
      {
        config: view,
        schema: {
          tags,
          summary: "A branch's annual report and audit result publication records",
          querystring: annualDisclosureListQuerySchema,
          response: { 200: z.array(annualDisclosureViewSchema), ...errors },
        },
      },
      (req) => transparency.listAnnualDisclosures(db, req.ctx, req.query),
    );
    app.post(
      '/kpi/transparency/annual-disclosures',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Record that a branch published its annual report or audit result (or a correction notice)',
          body: recordAnnualDisclosureSchema,
          response: { 201: annualDisclosureViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await transparency.recordAnnualDisclosure(db, req.ctx, req.body)),
    );
  };
