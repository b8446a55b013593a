// HTTP routes of the kpi module: the annual evaluation workbook and PDF summary, monthly-report subscriptions and the
// reports sent. kpi:view reads reports; kpi:manage subscribes.
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { errorResponses } from '../../platform/errors';
import { sendWorkbook } from '../../platform/excel';
import { annualWorkbook } from './kpi-reports';
import {
  createSubscriptionSchema,
  recipientCandidateSchema,
  recipientCandidatesQuerySchema,
  reportQuerySchema,
  runListQuerySchema,
  runViewSchema,
  subscriptionListQuerySchema,
  subscriptionViewSchema,
} from './kpi-reports.schemas';
import { summaryPdf } from './kpi-reports-pdf';
import {
  cancelSubscription,
  createSubscription,
  listRecipientCandidates,
  listRuns,
  listSubscriptions,
} from './kpi-reports-schedule';

const errors = errorResponses(400, 401, 403, 404, 422);
const fileSchema = z.custom<Buffer>((value) => Buffer.isBuffer(value));
const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const tags = ['kpi'];
const view = { access: { permission: 'kpi:view' as const } };
const manage = { access: { permission: 'kpi:manage' as const } };

/** Sends a PDF as a download (an ASCII name for clients that cannot read UTF-8 names). */
const sendPdf = (reply: FastifyReply, bytes: Buffer, asciiName: string, fileName: string) =>
  reply
    .header('content-type', 'application/pdf')
    .header(
      'content-disposition',
      `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    )
    .send(bytes);

export const kpiReportsRoutes =
  ({ db }: { db: Db }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/kpi/reports/annual.xlsx',
      {
        config: view,
        schema: {
          tags,
          summary:
            'The annual evaluation workbook of a unit: a cover, the unit’s overview, one sheet per indicator group with a row per unit down to `depth` levels (target, actual, completion, rank among siblings, manual figures marked)',
          querystring: reportQuerySchema,
          response: { 200: fileSchema.describe(xlsxType), ...errors },
        },
      },
      async (req, reply) => {
        const { lang: _lang, ...q } = req.query;
        const file = await annualWorkbook(db, req.ctx, q);
        return sendWorkbook(reply, file.buffer, file.asciiName, file.fileName);
      },
    );

    app.get(
      '/kpi/reports/summary.pdf',
      {
        config: view,
        schema: {
          tags,
          summary:
            'The PDF summary of a unit’s year: completion of every indicator, charts of the children’s completion and of the monthly course, the units behind',
          querystring: reportQuerySchema.omit({ depth: true }),
          response: { 200: fileSchema.describe('application/pdf'), ...errors },
        },
      },
      async (req, reply) => {
        const { lang: _lang, ...q } = req.query;
        const file = await summaryPdf(db, req.ctx, q);
        return sendPdf(reply, file.buffer, file.asciiName, file.fileName);
      },
    );

    app.get(
      '/kpi/report-subscriptions',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Monthly-report subscriptions under a unit (or in the caller’s kpi:manage scope)',
          querystring: subscriptionListQuerySchema,
          response: { 200: z.array(subscriptionViewSchema), ...errors },
        },
      },
      (req) => listSubscriptions(db, req.ctx, req.query),
    );

    app.get(
      '/kpi/report-subscriptions/recipients',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Staff who may receive a unit’s report (kpi:view at the unit or above, within the caller’s scope)',
          querystring: recipientCandidatesQuerySchema,
          response: { 200: z.array(recipientCandidateSchema), ...errors },
        },
      },
      (req) => listRecipientCandidates(db, req.ctx, req.query.orgId),
    );

    app.post(
      '/kpi/report-subscriptions',
      {
        config: manage,
        schema: {
          tags,
          summary:
            'Subscribe staff accounts and e-mail addresses to a unit’s monthly report (sent on the 1st, 08:00 China time, for the month before)',
          body: createSubscriptionSchema,
          response: { 201: subscriptionViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await createSubscription(db, req.ctx, req.body)),
    );

    app.delete(
      '/kpi/report-subscriptions/:id',
      {
        config: manage,
        schema: {
          tags,
          summary: 'End a subscription (the reports already sent stay listed)',
          params: z.strictObject({ id: z.uuid() }),
          response: { 204: z.null(), ...errors },
        },
      },
      async (req, reply) => {
        await cancelSubscription(db, req.ctx, req.params.id);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/kpi/report-runs',
      {
        config: view,
        schema: {
          tags,
          summary:
            'Monthly reports sent for units under a unit (or in the caller’s scope), newest first, with their files',
          querystring: runListQuerySchema,
          response: { 200: z.array(runViewSchema), ...errors },
        },
      },
      (req) => listRuns(db, req.ctx, req.query),
    );
  };
