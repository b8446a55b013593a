// HTTP routes of humanitarian relief: kinds and rules, staff case work (file, verify, review, approve, return,
// reject, payout, follow-up, close), objections, batches from Excel; for the public: the kinds, the unit picker, an
// application on the phone and "my cases", open public notices and objections to them.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { errorResponses } from '../../platform/errors';
import { sendWorkbook } from '../../platform/excel';
import { readUpload } from '../../platform/files/upload';
import type { Access, Ctx } from '../../platform/http/context';
import type { Permission } from '../../platform/rbac/permissions';
import {
  applyForReliefSchema,
  approveReliefCaseSchema,
  batchIdParamsSchema,
  batchImportViewSchema,
  batchListQuerySchema,
  batchPayoutsResultSchema,
  batchUploadQuerySchema,
  caseIdParamsSchema,
  caseNoParamsSchema,
  closeReliefCaseSchema,
  decideBatchSchema,
  fileObjectionSchema,
  fileReliefCaseSchema,
  followUpReliefCaseSchema,
  importIdParamsSchema,
  myReliefCaseSchema,
  objectionFiledSchema,
  objectionIdParamsSchema,
  objectionListQuerySchema,
  objectionPageSchema,
  objectionViewSchema,
  publicNoticePageSchema,
  publicNoticeQuerySchema,
  publicReliefKindSchema,
  publicUnitQuerySchema,
  publicUnitSchema,
  type ReliefCaseView,
  rejectReliefCaseSchema,
  reliefBatchPageSchema,
  reliefBatchViewSchema,
  reliefCaseListQuerySchema,
  reliefCasePageSchema,
  reliefCaseViewSchema,
  reliefKindParamsSchema,
  reliefKindViewSchema,
  requestBatchPayoutsSchema,
  requestReliefPayoutSchema,
  resolveObjectionSchema,
  resubmitReliefCaseSchema,
  returnReliefCaseSchema,
  reviewReliefCaseSchema,
  updateReliefKindSchema,
  verifyReliefCaseSchema,
} from './relief.schemas';
import * as relief from './relief.service';
import * as batches from './relief-batches';
import * as payouts from './relief-payouts';

const errors = errorResponses(400, 401, 403, 404, 409, 422);
const tags = ['relief'];
const publicTags = ['relief (public)'];
const publicRead = { max: 120, timeWindow: '1 minute' };
const publicWrite = { max: 10, timeWindow: '1 minute' };
const lang = z.strictObject({ lang: z.string().max(20).optional() });
const staff = { access: 'staff' as const };

export const reliefRoutes =
  ({ db }: { db: Db }): FastifyPluginAsyncZod =>
  async (app) => {
    payouts.registerReliefFunds();

    // -------------------------------------------------------------------------------------------- kinds
    app.get(
      '/relief/kinds',
      {
        config: staff,
        schema: {
          tags,
          summary: 'Relief kinds and their rules',
          response: { 200: z.array(reliefKindViewSchema), ...errors },
        },
      },
      () => relief.listKinds(db),
    );
    app.put(
      '/relief/kinds/:code',
      {
        config: { access: { permission: 'relief:manage' } },
        schema: {
          tags,
          summary: "Change a kind's rules: bands and approving levels, materials, exclusions, caps, deadlines, notice",
          params: reliefKindParamsSchema,
          body: updateReliefKindSchema,
          response: { 200: reliefKindViewSchema, ...errors },
        },
      },
      (req) => relief.updateKind(db, req.ctx, req.params.code, req.body),
    );

    // -------------------------------------------------------------------------------------------- cases (staff)
    app.get(
      '/relief/cases',
      {
        config: staff,
        schema: {
          tags,
          summary: 'Cases in my scope (status, kind, unit, dates, search; overdue first for the work queue)',
          querystring: reliefCaseListQuerySchema,
          response: { 200: reliefCasePageSchema, ...errors },
        },
      },
      (req) => relief.listCases(db, req.ctx, req.query),
    );
    app.post(
      '/relief/cases',
      {
        config: { access: { permission: 'relief:verify' } },
        schema: {
          tags,
          summary: "File a case on the applicant's behalf (the person found by ID number or registered)",
          body: fileReliefCaseSchema,
          response: { 201: reliefCaseViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await relief.fileCase(db, req.ctx, req.body)),
    );
    app.get(
      '/relief/cases/:id',
      {
        config: staff,
        schema: {
          tags,
          summary: "A case with its steps, visits, objections, payouts, the person's relief history and warnings",
          params: caseIdParamsSchema,
          querystring: lang,
          response: { 200: reliefCaseViewSchema, ...errors },
        },
      },
      (req) => relief.viewCase(db, req.ctx, req.params.id),
    );
    app.get(
      '/relief/cases/:id/files/:fileId',
      {
        config: staff,
        schema: {
          tags,
          summary: 'A material, visit photo or approval form of the case',
          params: z.strictObject({ id: z.uuid(), fileId: z.uuid() }),
        },
      },
      async (req, reply) => {
        const file = await relief.readCaseFile(db, req.ctx, req.params.id, req.params.fileId);
        return reply
          .header('content-type', file.contentType)
          .header('x-content-sha256', file.sha256)
          .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.name)}`)
          .send(Buffer.from(file.data));
      },
    );

    const step = <S extends z.ZodType>(
      path: string,
      permission: Permission | null,
      summary: string,
      body: S,
      run: (id: string, body: z.infer<S>, ctx: Ctx) => Promise<ReliefCaseView>,
    ) =>
      app.post(
        `/relief/cases/:id/${path}`,
        {
          config: { access: permission ? ({ permission } as const) : ('staff' as const) } as { access: Access },
          schema: {
            tags,
            summary,
            params: caseIdParamsSchema,
            body,
            response: { 200: reliefCaseViewSchema, ...errors },
          },
        },
        (req) => run(req.params.id, req.body as z.infer<S>, req.ctx),
      );

    step(
      'verification',
      'relief:verify',
      'Village/township verification: the home visit and the exclusions confirmed absent',
      verifyReliefCaseSchema,
      (id, body, ctx) => relief.verifyCase(db, ctx, id, body),
    );
    step(
      'review',
      'relief:review',
      'County review with the recommended amount',
      reviewReliefCaseSchema,
      (id, body, ctx) => relief.reviewCase(db, ctx, id, body),
    );
    step(
      'approval',
      'relief:approve',
      'Approve within my band (never a case I filed, verified or reviewed); the public notice starts',
      approveReliefCaseSchema,
      (id, body, ctx) => relief.approveCase(db, ctx, id, body),
    );
    step(
      'return',
      null,
      'Return for correction (补正) at the current decision step, with the reason',
      returnReliefCaseSchema,
      (id, body, ctx) => relief.returnCase(db, ctx, id, body.reason),
    );
    step(
      'rejection',
      null,
      'Reject at the current decision step, with the reason',
      rejectReliefCaseSchema,
      (id, body, ctx) => relief.rejectCase(db, ctx, id, body.reason),
    );
    step(
      'resubmission',
      'relief:verify',
      "Correct and resubmit a returned case on the applicant's behalf",
      resubmitReliefCaseSchema,
      (id, body, ctx) => relief.resubmitCase(db, ctx, id, body),
    );
    step(
      'payout',
      'funds:payout',
      'Ask a fund to pay the approved amount (after the notice, with no open objection); finance approves it at POST /api/payouts/:payoutRef/decision',
      requestReliefPayoutSchema,
      (id, body, ctx) => payouts.requestCasePayout(db, ctx, id, body),
    );
    step('follow-up', null, 'Record the follow-up visit after payment', followUpReliefCaseSchema, (id, body, ctx) =>
      relief.followUpCase(db, ctx, id, body),
    );
    step('closure', 'relief:review', 'Close a followed-up case', closeReliefCaseSchema, (id, body, ctx) =>
      relief.closeCase(db, ctx, id, body.note),
    );

    // -------------------------------------------------------------------------------------------- objections (staff)
    app.get(
      '/relief/objections',
      {
        config: { access: { permission: 'relief:review' } },
        schema: {
          tags,
          summary: 'Objections to cases on notice in my scope (status=open: the queue)',
          querystring: objectionListQuerySchema,
          response: { 200: objectionPageSchema, ...errors },
        },
      },
      (req) => relief.listObjections(db, req.ctx, req.query),
    );
    app.post(
      '/relief/objections/:id/resolution',
      {
        config: { access: { permission: 'relief:review' } },
        schema: {
          tags,
          summary: 'Resolve an objection: upheld (the case is returned or rejected) or dismissed, with the reason',
          params: objectionIdParamsSchema,
          body: resolveObjectionSchema,
          response: { 200: objectionViewSchema, ...errors },
        },
      },
      (req) => relief.resolveObjection(db, req.ctx, req.params.id, req.body),
    );

    // -------------------------------------------------------------------------------------------- batches
    app.get(
      '/relief/batches/template.xlsx',
      {
        config: { access: { permission: 'relief:review' } },
        schema: { tags, summary: 'The Excel template of a batch household list' },
      },
      async (_req, reply) =>
        sendWorkbook(reply, await batches.buildBatchTemplate(), 'relief-batch-template.xlsx', '批量救助名单模板.xlsx'),
    );
    app.post(
      '/relief/batches',
      {
        config: { access: { permission: 'relief:review' } },
        schema: {
          tags,
          summary:
            'Upload a household list (multipart field "file"): every row is checked, bad rows are listed and nothing is imported; a good file becomes one batch',
          consumes: ['multipart/form-data'],
          querystring: batchUploadQuerySchema,
          response: { 202: batchImportViewSchema, ...errors, ...errorResponses(413, 415) },
        },
      },
      async (req, reply) => {
        const file = await readUpload(req);
        return reply.code(202).send(await batches.uploadBatch(db, req.ctx, req.query, file));
      },
    );
    app.get(
      '/relief/batches/imports/:importId',
      {
        config: { access: { permission: 'relief:review' } },
        schema: {
          tags,
          summary: 'Progress of a batch upload, and its batch once imported',
          params: importIdParamsSchema,
          response: { 200: batchImportViewSchema, ...errors },
        },
      },
      (req) => batches.getBatchImport(db, req.ctx, req.params.importId),
    );
    app.get(
      '/relief/batches',
      {
        config: staff,
        schema: {
          tags,
          summary: 'Batches in my scope, newest first',
          querystring: batchListQuerySchema,
          response: { 200: reliefBatchPageSchema, ...errors },
        },
      },
      (req) => batches.listBatches(db, req.ctx, req.query),
    );
    app.get(
      '/relief/batches/:id',
      {
        config: staff,
        schema: { tags, params: batchIdParamsSchema, response: { 200: reliefBatchViewSchema, ...errors } },
      },
      (req) => batches.viewBatch(db, req.ctx, req.params.id),
    );
    app.post(
      '/relief/batches/:id/decision',
      {
        config: { access: { permission: 'relief:approve' } },
        schema: {
          tags,
          summary: 'One approval for the whole batch (band by the batch total; never by its uploader), or rejection',
          params: batchIdParamsSchema,
          body: decideBatchSchema,
          response: { 200: reliefBatchViewSchema, ...errors },
        },
      },
      (req) => batches.decideBatch(db, req.ctx, req.params.id, req.body),
    );
    app.post(
      '/relief/batches/:id/payouts',
      {
        config: { access: { permission: 'funds:payout' } },
        schema: {
          tags,
          summary: 'One payout request per household whose notice ended (finance approves each)',
          params: batchIdParamsSchema,
          body: requestBatchPayoutsSchema,
          response: { 200: batchPayoutsResultSchema, ...errors },
        },
      },
      (req) => batches.requestBatchPayouts(db, req.ctx, req.params.id, req.body),
    );

    // -------------------------------------------------------------------------------------------- public
    app.get(
      '/public/relief/kinds',
      {
        config: { access: 'public', rateLimit: publicRead },
        schema: {
          tags: publicTags,
          summary: 'What each kind of relief needs and how long it takes',
          querystring: lang,
          response: { 200: z.array(publicReliefKindSchema), ...errors },
        },
      },
      (req) => relief.listPublicKinds(db, req.ctx.locale),
    );
    app.get(
      '/public/relief/units',
      {
        config: { access: 'public', rateLimit: publicRead },
        schema: {
          tags: publicTags,
          summary: "Units for the applicant's picker: the children of a unit (the provinces without parentId)",
          querystring: publicUnitQuerySchema,
          response: { 200: z.array(publicUnitSchema), ...errors },
        },
      },
      (req) => relief.listPublicUnits(db, req.query.parentId),
    );
    app.get(
      '/public/relief/notices',
      {
        config: { access: 'public', rateLimit: publicRead },
        schema: {
          tags: publicTags,
          summary: 'Cases on public notice now (names masked), newest first',
          querystring: publicNoticeQuerySchema,
          response: { 200: publicNoticePageSchema, ...errors },
        },
      },
      (req) => relief.listPublicNotices(db, req.ctx, req.query),
    );
    app.post(
      '/public/relief/notices/:caseNo/objections',
      {
        config: { access: 'public', rateLimit: publicWrite },
        schema: {
          tags: publicTags,
          summary: 'Object to a case on public notice (anonymously if you wish; a phone to hear the outcome)',
          params: caseNoParamsSchema,
          body: fileObjectionSchema,
          response: { 201: objectionFiledSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await relief.fileObjection(db, req.ctx, req.params.caseNo, req.body)),
    );
    app.post(
      '/public/relief/applications',
      {
        config: { access: 'signed-in', rateLimit: publicWrite },
        schema: {
          tags: publicTags,
          summary: 'Apply for relief on the phone (signed in by phone; materials uploaded with POST /api/files)',
          body: applyForReliefSchema,
          response: { 201: myReliefCaseSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await relief.applyForRelief(db, req.ctx, req.body)),
    );
    app.get(
      '/me/relief-cases',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: publicTags,
          summary: 'My relief applications, each with its timeline',
          querystring: lang,
          response: { 200: z.array(myReliefCaseSchema), ...errors },
        },
      },
      (req) => relief.listMyCases(db, req.ctx),
    );
    app.get(
      '/me/relief-cases/:caseNo',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: publicTags,
          params: caseNoParamsSchema,
          querystring: lang,
          response: { 200: myReliefCaseSchema, ...errors },
        },
      },
      (req) => relief.viewMyCase(db, req.ctx, req.params.caseNo),
    );
    app.post(
      '/me/relief-cases/:caseNo/resubmission',
      {
        config: { access: 'signed-in', rateLimit: publicWrite },
        schema: {
          tags: publicTags,
          summary: 'Correct and resubmit my returned application (补正)',
          params: caseNoParamsSchema,
          body: resubmitReliefCaseSchema,
          response: { 200: myReliefCaseSchema, ...errors },
        },
      },
      (req) => relief.resubmitMyCase(db, req.ctx, req.params.caseNo, req.body),
    );
  };
