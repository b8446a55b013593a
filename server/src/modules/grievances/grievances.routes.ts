// HTTP routes of the grievances module: public filing and lookup of complaints, staff handling, call-back samples
// and results, suspected-duplicate tasks, and a relief case's oversight flags.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { errorResponses } from '../../platform/errors';
import * as callbacks from './callbacks';
import * as duplicates from './duplicates';
import {
  acceptGrievanceSchema,
  callbackSummaryQuerySchema,
  callbackSummarySchema,
  callbackTaskListQuerySchema,
  callbackTaskViewSchema,
  caseFlagsSchema,
  concludeGrievanceSchema,
  drawSampleSchema,
  duplicateListQuerySchema,
  duplicatePageSchema,
  duplicateViewSchema,
  fileGrievanceSchema,
  grievanceDetailSchema,
  grievanceFiledSchema,
  grievanceIdParams,
  grievanceListQuerySchema,
  grievanceNoteSchema,
  grievancePageSchema,
  publicGrievanceSchema,
  publicLookupParams,
  publicLookupQuery,
  recordCallbackSchema,
  resolveDuplicateSchema,
  sampleListQuerySchema,
  sampleViewSchema,
  unmaskedPhoneSchema,
  unmaskReasonSchema,
} from './grievances.schemas';
import * as grievances from './grievances.service';

const errors = errorResponses(400, 401, 403, 404, 409);
const tags = ['grievances'];
const publicTags = ['public'];
const handle = { access: { permission: 'grievances:handle' as const } };
const unmask = { access: { permission: 'pii:view' as const } };
const publicRead = { max: 120, timeWindow: '1 minute' };
const publicWrite = { max: 10, timeWindow: '1 minute' };

export const grievancesRoutes =
  ({ db }: { db: Db }): FastifyPluginAsyncZod =>
  async (app) => {
    // ------------------------------------------------------------------ public
    app.post(
      '/public/grievances',
      {
        config: { access: 'public', rateLimit: publicWrite },
        schema: {
          tags: publicTags,
          summary: 'File a complaint or objection (anonymously if wished); returns its number and a secret lookup code',
          body: fileGrievanceSchema,
          response: { 201: grievanceFiledSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await grievances.fileGrievance(db, req.ctx, req.body)),
    );
    app.get(
      '/public/grievances/:no',
      {
        config: { access: 'public', rateLimit: publicRead },
        schema: {
          tags: publicTags,
          summary: 'Follow a complaint with its lookup code: status, timeline, outcome (a wrong code is 404)',
          params: publicLookupParams,
          querystring: publicLookupQuery,
          response: { 200: publicGrievanceSchema, ...errors },
        },
      },
      (req) => grievances.viewPublicGrievance(db, req.params.no, req.query.code),
    );

    // ------------------------------------------------------------------ complaints (staff)
    app.get(
      '/grievances',
      {
        config: handle,
        schema: {
          tags,
          summary: 'The complaints queue of your units: overdue first',
          querystring: grievanceListQuerySchema,
          response: { 200: grievancePageSchema, ...errors },
        },
      },
      (req) => grievances.listGrievances(db, req.ctx, req.query),
    );
    app.get(
      '/grievances/:id',
      {
        config: handle,
        schema: { tags, params: grievanceIdParams, response: { 200: grievanceDetailSchema, ...errors } },
      },
      (req) => grievances.viewGrievance(db, req.ctx, req.params.id),
    );
    app.post(
      '/grievances/:id/accept',
      {
        config: handle,
        schema: {
          tags,
          params: grievanceIdParams,
          body: acceptGrievanceSchema,
          response: { 200: grievanceDetailSchema, ...errors },
        },
      },
      (req) => grievances.acceptGrievance(db, req.ctx, req.params.id, req.body.note),
    );
    app.post(
      '/grievances/:id/notes',
      {
        config: handle,
        schema: {
          tags,
          summary: 'An internal investigation note',
          params: grievanceIdParams,
          body: grievanceNoteSchema,
          response: { 200: grievanceDetailSchema, ...errors },
        },
      },
      (req) => grievances.addInvestigationNote(db, req.ctx, req.params.id, req.body.note),
    );
    app.post(
      '/grievances/:id/conclude',
      {
        config: handle,
        schema: {
          tags,
          params: grievanceIdParams,
          body: concludeGrievanceSchema,
          response: { 200: grievanceDetailSchema, ...errors },
        },
      },
      (req) => grievances.concludeGrievance(db, req.ctx, req.params.id, req.body),
    );
    app.post(
      '/grievances/:id/unmask',
      {
        config: unmask,
        schema: {
          tags,
          summary: "The complainant's full phone (audited, with a reason)",
          params: grievanceIdParams,
          body: unmaskReasonSchema,
          response: { 200: unmaskedPhoneSchema, ...errors },
        },
      },
      (req) => grievances.unmaskComplainantPhone(db, req.ctx, req.params.id, req.body.reason),
    );
    app.get(
      '/grievances/cases/:caseNo/flags',
      {
        config: handle,
        schema: {
          tags,
          summary: "A relief case's oversight flags: upheld complaints, duplicate suspects, call-back results",
          params: z.strictObject({ caseNo: z.string().trim().min(1).max(40) }),
          response: { 200: caseFlagsSchema, ...errors },
        },
      },
      (req) => grievances.viewCaseFlags(db, req.ctx, req.params.caseNo),
    );

    // ------------------------------------------------------------------ call-backs
    app.post(
      '/callback-samples',
      {
        config: handle,
        schema: {
          tags,
          summary: 'Draw a reproducible random sample of paid relief recipients and create their call tasks',
          body: drawSampleSchema,
          response: { 201: sampleViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await callbacks.drawCallbackSample(db, req.ctx, req.body)),
    );
    app.get(
      '/callback-samples',
      {
        config: handle,
        schema: { tags, querystring: sampleListQuerySchema, response: { 200: z.array(sampleViewSchema), ...errors } },
      },
      (req) => callbacks.listCallbackSamples(db, req.ctx, req.query),
    );
    app.get(
      '/callback-tasks',
      {
        config: handle,
        schema: {
          tags,
          querystring: callbackTaskListQuerySchema,
          response: { 200: z.array(callbackTaskViewSchema), ...errors },
        },
      },
      (req) => callbacks.listCallbackTasks(db, req.ctx, req.query),
    );
    app.post(
      '/callback-tasks/:id/result',
      {
        config: handle,
        schema: {
          tags,
          summary: 'Record a call: a denial or a different amount opens an investigation',
          params: grievanceIdParams,
          body: recordCallbackSchema,
          response: { 200: callbackTaskViewSchema, ...errors },
        },
      },
      (req) => callbacks.recordCallbackResult(db, req.ctx, req.params.id, req.body),
    );
    app.post(
      '/callback-tasks/:id/unmask',
      {
        config: unmask,
        schema: {
          tags,
          summary: "The recipient's full phone (audited by the person record, with a reason)",
          params: grievanceIdParams,
          body: unmaskReasonSchema,
          response: { 200: unmaskedPhoneSchema, ...errors },
        },
      },
      (req) => callbacks.unmaskRecipientPhone(db, req.ctx, req.params.id, req.body.reason),
    );
    app.get(
      '/callback-summary',
      {
        config: handle,
        schema: {
          tags,
          summary: 'Call-back results and confirmation rate per unit',
          querystring: callbackSummaryQuerySchema,
          response: { 200: callbackSummarySchema, ...errors },
        },
      },
      (req) => callbacks.summariseCallbacks(db, req.ctx, req.query),
    );

    // ------------------------------------------------------------------ duplicates
    app.get(
      '/duplicate-suspects',
      {
        config: handle,
        schema: { tags, querystring: duplicateListQuerySchema, response: { 200: duplicatePageSchema, ...errors } },
      },
      (req) => duplicates.listDuplicateSuspects(db, req.ctx, req.query),
    );
    app.post(
      '/duplicate-suspects/:id/resolve',
      {
        config: handle,
        schema: {
          tags,
          params: grievanceIdParams,
          body: resolveDuplicateSchema,
          response: { 200: duplicateViewSchema, ...errors },
        },
      },
      (req) => duplicates.resolveDuplicateSuspect(db, req.ctx, req.params.id, req.body),
    );
  };
