// HTTP routes of first-aid training: practical exams (培考分离), certificates (issue, PDF, public verification, revocation, reminders, import), statistics.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { errorResponses } from '../../platform/errors';
import { sendWorkbook } from '../../platform/excel';
import { readUpload } from '../../platform/files/upload';
import * as certificates from './training-certificates';
import {
  amendmentIdParamsSchema,
  amendmentViewSchema,
  certificateIdParamsSchema,
  certificateImportQuerySchema,
  certificateImportViewSchema,
  certificateListQuerySchema,
  certificatePageSchema,
  certificateVerificationSchema,
  certificateViewSchema,
  classIdParamsSchema,
  decideAmendmentSchema,
  enrolmentIdParamsSchema,
  examinerClassDetailSchema,
  examinerClassViewSchema,
  importIdParamsSchema,
  myCertificateSchema,
  practicalScoresSchema,
  practicalSheetSchema,
  requestAmendmentSchema,
  revokeCertificateSchema,
  scoreStatusValues,
  statsQuerySchema,
  trainingStatsSchema,
  verifyCertificateQuerySchema,
} from './training-certificates.schemas';
import * as practical from './training-practical';
import * as stats from './training-stats';

const errors = errorResponses(400, 401, 403, 404, 409, 422);
const tags = ['training'];
const publicTags = ['training (public)'];
const examine = { access: { permission: 'training:examine' as const } };
const view = { access: { permission: 'training:view' as const } };
const certify = { access: { permission: 'training:certify' as const } };
/** Verification is public: enough for a dispatcher re-checking a few numbers, too little to walk the number space. */
const verifyLimit = { max: 30, timeWindow: '1 minute' };
const publicRead = { max: 60, timeWindow: '1 minute' };
const pdf = (reply: import('fastify').FastifyReply, certNo: string, bytes: Buffer) =>
  reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `inline; filename="certificate-${certNo}.pdf"`)
    .send(bytes);

export const trainingCertificateRoutes =
  ({ db, publicUrl }: { db: Db; publicUrl?: string }): FastifyPluginAsyncZod =>
  async (app) => {
    certificates.configureCertificateLinks(publicUrl);

    // -------------------------------------------------------------------------------------------- practical exams
    app.get(
      '/training/practical/classes',
      {
        config: examine,
        schema: {
          tags,
          summary: 'Classes where I am an examiner (培考分离: marked when I am also a trainer and may not examine)',
          response: { 200: z.array(examinerClassViewSchema), ...errors },
        },
      },
      (req) => practical.listExaminerClasses(db, req.ctx),
    );
    app.get(
      '/training/practical/classes/:classId',
      {
        config: examine,
        schema: {
          tags,
          summary: "A class's learners with their practical state, for its examiner",
          params: classIdParamsSchema,
          response: { 200: examinerClassDetailSchema, ...errors },
        },
      },
      (req) => practical.viewExaminerClass(db, req.ctx, req.params.classId),
    );
    app.get(
      '/training/practical/enrolments/:enrolmentId',
      {
        config: examine,
        schema: {
          tags,
          summary: "A learner's score sheet: checklist, draft or signed result, versions",
          params: enrolmentIdParamsSchema,
          response: { 200: practicalSheetSchema, ...errors },
        },
      },
      (req) => practical.viewSheet(db, req.ctx, req.params.enrolmentId),
    );
    app.put(
      '/training/practical/enrolments/:enrolmentId/draft',
      {
        config: examine,
        schema: {
          tags,
          summary: 'Save the draft scores (not final; refused once signed)',
          params: enrolmentIdParamsSchema,
          body: practicalScoresSchema,
          response: { 200: practicalSheetSchema, ...errors },
        },
      },
      (req) => practical.saveDraft(db, req.ctx, req.params.enrolmentId, req.body.items),
    );
    app.post(
      '/training/practical/enrolments/:enrolmentId/signature',
      {
        config: examine,
        schema: {
          tags,
          summary: 'Sign the final scores (every checklist item); a pass may issue the certificate',
          params: enrolmentIdParamsSchema,
          body: practicalScoresSchema,
          response: { 200: practicalSheetSchema, ...errors },
        },
      },
      (req) => practical.signScores(db, req.ctx, req.params.enrolmentId, req.body.items),
    );
    app.post(
      '/training/practical/enrolments/:enrolmentId/amendments',
      {
        config: examine,
        schema: {
          tags,
          summary: 'Ask to correct a signed result (with a reason); a second authorised user decides',
          params: enrolmentIdParamsSchema,
          body: requestAmendmentSchema,
          response: { 201: practicalSheetSchema, ...errors },
        },
      },
      async (req, reply) =>
        reply.code(201).send(await practical.requestAmendment(db, req.ctx, req.params.enrolmentId, req.body)),
    );
    app.get(
      '/training/practical/amendments',
      {
        config: certify,
        schema: {
          tags,
          summary: 'Corrections of signed practical results waiting for review in my units',
          response: { 200: z.array(amendmentViewSchema), ...errors },
        },
      },
      (req) => practical.listPendingAmendments(db, req.ctx),
    );
    app.post(
      '/training/practical/amendments/:id/decision',
      {
        config: certify,
        schema: {
          tags,
          summary: 'Approve or reject a correction (not by the user who asked for it)',
          params: amendmentIdParamsSchema,
          body: decideAmendmentSchema,
          response: { 200: z.object({ id: z.uuid(), status: z.enum(scoreStatusValues) }), ...errors },
        },
      },
      (req) => practical.decideAmendment(db, req.ctx, req.params.id, req.body),
    );

    // -------------------------------------------------------------------------------------------- certificates (staff)
    app.get(
      '/training/certificates',
      {
        config: view,
        schema: {
          tags,
          summary: 'Certificates issued in my units: by number, name, ID number, unit, status, expiring within N days',
          querystring: certificateListQuerySchema,
          response: { 200: certificatePageSchema, ...errors },
        },
      },
      (req) => certificates.listCertificates(db, req.ctx, req.query),
    );
    app.get(
      '/training/certificates/export.xlsx',
      {
        config: view,
        schema: {
          tags,
          summary: 'The certificate list as Excel (same filters)',
          querystring: certificateListQuerySchema,
        },
      },
      async (req, reply) =>
        sendWorkbook(
          reply,
          await certificates.exportCertificates(db, req.ctx, req.query),
          'certificates.xlsx',
          '救护员证.xlsx',
        ),
    );
    app.get(
      '/training/certificates/import/template.xlsx',
      {
        config: certify,
        schema: { tags, summary: 'The Excel template of historical certificates' },
      },
      async (_req, reply) =>
        sendWorkbook(
          reply,
          await certificates.buildCertificateTemplate(),
          'certificate-import-template.xlsx',
          '历史证书导入模板.xlsx',
        ),
    );
    app.post(
      '/training/certificates/imports',
      {
        config: certify,
        schema: {
          tags,
          summary:
            'Upload historical certificates of a unit (multipart field "file"): bad rows are listed and nothing is imported',
          consumes: ['multipart/form-data'],
          querystring: certificateImportQuerySchema,
          response: { 202: certificateImportViewSchema, ...errors, ...errorResponses(413, 415) },
        },
      },
      async (req, reply) => {
        const file = await readUpload(req);
        return reply.code(202).send(await certificates.uploadCertificates(db, req.ctx, req.query, file));
      },
    );
    app.get(
      '/training/certificates/imports/:importId',
      {
        config: certify,
        schema: {
          tags,
          summary: 'Progress of a certificate import',
          params: importIdParamsSchema,
          response: { 200: certificateImportViewSchema, ...errors },
        },
      },
      (req) => certificates.getCertificateImport(db, req.ctx, req.params.importId),
    );
    app.get(
      '/training/certificates/verify',
      {
        config: { access: 'public', rateLimit: verifyLimit },
        schema: {
          tags: publicTags,
          summary:
            'Verify a certificate: status and dates for a number; with the QR code also the masked name, course and unit',
          querystring: verifyCertificateQuerySchema,
          response: { 200: certificateVerificationSchema, ...errors, ...errorResponses(429) },
        },
      },
      (req) => certificates.verifyCertificate(db, req.query),
    );
    app.get(
      '/training/certificates/:id',
      {
        config: view,
        schema: {
          tags,
          summary: 'A certificate',
          params: certificateIdParamsSchema,
          response: { 200: certificateViewSchema, ...errors },
        },
      },
      (req) => certificates.viewCertificate(db, req.ctx, req.params.id),
    );
    app.get(
      '/training/certificates/:id/pdf',
      {
        config: view,
        schema: { tags, summary: 'The certificate PDF', params: certificateIdParamsSchema },
      },
      async (req, reply) => {
        const doc = await certificates.certificatePdfForStaff(db, req.ctx, req.params.id);
        return pdf(reply, doc.certNo, doc.pdf);
      },
    );
    app.post(
      '/training/certificates/:id/revocation',
      {
        config: certify,
        schema: {
          tags,
          summary: 'Revoke a certificate with a reason (the holder is told; the public page shows the category)',
          params: certificateIdParamsSchema,
          body: revokeCertificateSchema,
          response: { 200: certificateViewSchema, ...errors },
        },
      },
      (req) => certificates.revokeCertificate(db, req.ctx, req.params.id, req.body),
    );

    // -------------------------------------------------------------------------------------------- the holder
    app.get(
      '/me/training-certificates',
      {
        config: { access: 'signed-in', rateLimit: publicRead },
        schema: {
          tags: publicTags,
          summary: 'My certificates (issued to my phone)',
          response: { 200: z.array(myCertificateSchema), ...errors },
        },
      },
      (req) => certificates.listMyCertificates(db, req.ctx),
    );
    app.get(
      '/me/training-certificates/:id',
      {
        config: { access: 'signed-in', rateLimit: publicRead },
        schema: {
          tags: publicTags,
          summary: 'One of my certificates',
          params: certificateIdParamsSchema,
          response: { 200: myCertificateSchema, ...errors },
        },
      },
      (req) => certificates.viewMyCertificate(db, req.ctx, req.params.id),
    );
    app.get(
      '/me/training-certificates/:id/pdf',
      {
        config: { access: 'signed-in', rateLimit: publicRead },
        schema: { tags: publicTags, summary: 'My certificate as PDF', params: certificateIdParamsSchema },
      },
      async (req, reply) => {
        const doc = await certificates.myCertificatePdf(db, req.ctx, req.params.id);
        return pdf(reply, doc.certNo, doc.pdf);
      },
    );

    // -------------------------------------------------------------------------------------------- statistics
    app.get(
      '/training/stats',
      {
        config: view,
        schema: {
          tags,
          summary:
            'Trainees, certificates, valid holders and awareness attendees per child unit (rolled up), shares of the population, pass rates',
          querystring: statsQuerySchema,
          response: { 200: trainingStatsSchema, ...errors },
        },
      },
      (req) => stats.trainingStats(db, req.ctx, req.query),
    );
    app.get(
      '/training/stats/export.xlsx',
      {
        config: view,
        schema: { tags, summary: 'The statistics as Excel', querystring: statsQuerySchema },
      },
      async (req, reply) =>
        sendWorkbook(
          reply,
          await stats.exportTrainingStats(db, req.ctx, req.query),
          'training-stats.xlsx',
          '培训统计.xlsx',
        ),
    );
  };
