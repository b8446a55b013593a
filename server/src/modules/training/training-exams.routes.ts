// HTTP routes of first-aid training: online study progress, theory exam attempts (draw, autosave, timer, grading, flags
// and review), the question bank (CRUD, counts, Excel export / template / import).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { errorResponses } from '../../platform/errors';
import { sendWorkbook } from '../../platform/excel';
import { readUpload } from '../../platform/files/upload';
import * as exams from './training-exams';
import {
  answerParamsSchema,
  attemptParamsSchema,
  attemptSummarySchema,
  attemptViewSchema,
  enrolmentIdParamsSchema,
  examStateSchema,
  lessonBeatResultSchema,
  lessonParamsSchema,
  lessonViewSchema,
  questionIdParamsSchema,
  questionImportResultSchema,
  questionInputSchema,
  questionListQuerySchema,
  questionPageSchema,
  questionViewSchema,
  reviewDecisionSchema,
  reviewListQuerySchema,
  reviewPageSchema,
  saveAnswerSchema,
  savedAnswerSchema,
  startAttemptSchema,
  studyViewSchema,
} from './training-exams.schemas';
import * as learning from './training-learning';
import * as bank from './training-question-bank';

const errors = errorResponses(400, 401, 403, 404, 409, 422);
const tags = ['training'];
const publicTags = ['training (public)'];
const learner = { access: 'signed-in' as const };
const manage = { access: { permission: 'training:manage' as const } };
const lang = z.strictObject({ lang: z.string().max(20).optional() });

export const trainingExamRoutes =
  ({ db }: { db: Db; publicUrl?: string }): FastifyPluginAsyncZod =>
  async (app) => {
    // -------------------------------------------------------------------------------------------- study
    app.get(
      '/training/my/enrolments/:enrolmentId/lessons',
      {
        config: learner,
        schema: {
          tags: publicTags,
          summary: "The learner's online lessons with progress",
          params: enrolmentIdParamsSchema,
          querystring: lang,
          response: { 200: studyViewSchema, ...errors },
        },
      },
      (req) => learning.studyView(db, req.ctx, req.params.enrolmentId),
    );
    app.get(
      '/training/my/enrolments/:enrolmentId/lessons/:lessonId',
      {
        config: learner,
        schema: {
          tags: publicTags,
          summary: 'One online lesson (sanitised HTML, images, video URL) with progress',
          params: lessonParamsSchema,
          querystring: lang,
          response: { 200: lessonViewSchema, ...errors },
        },
      },
      (req) => learning.lessonView(db, req.ctx, req.params.enrolmentId, req.params.lessonId),
    );
    app.get(
      '/training/my/enrolments/:enrolmentId/lessons/:lessonId/images/:fileId',
      {
        config: learner,
        schema: {
          tags: publicTags,
          summary: 'An image of a lesson, for its learner',
          params: lessonParamsSchema.extend({ fileId: z.uuid() }),
        },
      },
      async (req, reply) => {
        const file = await learning.lessonImage(
          db,
          req.ctx,
          req.params.enrolmentId,
          req.params.lessonId,
          req.params.fileId,
        );
        return reply
          .header('content-type', file.contentType)
          .header('cache-control', 'private, max-age=3600')
          .send(Buffer.from(file.data));
      },
    );
    app.post(
      '/training/my/enrolments/:enrolmentId/lessons/:lessonId/progress',
      {
        config: learner,
        schema: {
          tags: publicTags,
          summary: 'Study heartbeat (every ~15 s): counts real elapsed time, at most 30 s per beat',
          params: lessonParamsSchema,
          response: { 200: lessonBeatResultSchema, ...errors },
        },
      },
      (req) => learning.studyBeat(db, req.ctx, req.params.enrolmentId, req.params.lessonId),
    );

    // -------------------------------------------------------------------------------------------- exam (learner)
    app.get(
      '/training/my/enrolments/:enrolmentId/exam',
      {
        config: learner,
        schema: {
          tags: publicTags,
          summary: 'The theory exam for this enrolment: rules, attempts, whether one can start now',
          params: enrolmentIdParamsSchema,
          querystring: lang,
          response: { 200: examStateSchema, ...errors },
        },
      },
      (req) => exams.examState(db, req.ctx, req.params.enrolmentId),
    );
    app.post(
      '/training/my/enrolments/:enrolmentId/exam/attempts',
      {
        config: { ...learner, rateLimit: { max: 20, timeWindow: '1 minute' } },
        schema: {
          tags: publicTags,
          summary: 'Start an attempt: draws a paper from the blueprint (ATTEMPT_IN_PROGRESS names the open one)',
          params: enrolmentIdParamsSchema,
          body: startAttemptSchema,
          response: { 201: attemptViewSchema, ...errors },
        },
      },
      async (req, reply) =>
        reply.code(201).send(await exams.startAttempt(db, req.ctx, req.params.enrolmentId, req.body)),
    );
    app.get(
      '/training/my/attempts/:attemptId',
      {
        config: learner,
        schema: {
          tags: publicTags,
          summary: 'An attempt: paper in the learner’s order, saved answers, server deadline and clock',
          params: attemptParamsSchema,
          querystring: lang,
          response: { 200: attemptViewSchema, ...errors },
        },
      },
      (req) => exams.getAttempt(db, req.ctx, req.params.attemptId),
    );
    app.put(
      '/training/my/attempts/:attemptId/answers/:questionId',
      {
        config: learner,
        schema: {
          tags: publicTags,
          summary: 'Save one answer (autosave; an older clientSeq than stored is ignored)',
          params: answerParamsSchema,
          body: saveAnswerSchema,
          response: { 200: savedAnswerSchema, ...errors },
        },
      },
      (req) => exams.saveAnswer(db, req.ctx, req.params.attemptId, req.params.questionId, req.body),
    );
    app.post(
      '/training/my/attempts/:attemptId/submit',
      {
        config: learner,
        schema: {
          tags: publicTags,
          summary: 'Submit and grade: the result with each question’s answer and explanation',
          params: attemptParamsSchema,
          response: { 200: attemptViewSchema, ...errors },
        },
      },
      (req) => exams.submitAttempt(db, req.ctx, req.params.attemptId),
    );

    // -------------------------------------------------------------------------------------------- review (staff)
    app.get(
      '/training/exam-reviews',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Flagged exam attempts in my units (shared device, too fast)',
          querystring: reviewListQuerySchema,
          response: { 200: reviewPageSchema, ...errors },
        },
      },
      (req) => exams.listReview(db, req.ctx, req.query),
    );
    app.post(
      '/training/exam-reviews/:attemptId',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Clear a flagged attempt or void it (voided: does not count as passed)',
          params: attemptParamsSchema,
          body: reviewDecisionSchema,
          response: { 200: attemptSummarySchema, ...errors },
        },
      },
      (req) => exams.decideReview(db, req.ctx, req.params.attemptId, req.body),
    );
    app.get(
      '/training/exam-attempts/:attemptId',
      {
        config: { access: { permission: 'training:view' } },
        schema: {
          tags,
          summary: 'An attempt as staff see it (with flags)',
          params: attemptParamsSchema,
          querystring: lang,
          response: { 200: attemptViewSchema, ...errors },
        },
      },
      (req) => exams.getAttempt(db, req.ctx, req.params.attemptId),
    );

    // -------------------------------------------------------------------------------------------- question bank
    app.get(
      '/training/questions',
      {
        config: manage,
        schema: {
          tags,
          summary: 'The question bank with filters, and counts per unit × kind',
          querystring: questionListQuerySchema,
          response: { 200: questionPageSchema, ...errors },
        },
      },
      (req) => bank.listQuestions(db, req.ctx, req.query),
    );
    app.post(
      '/training/questions',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Add a question (duplicates by content refused)',
          body: questionInputSchema,
          response: { 201: questionViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await bank.createQuestion(db, req.ctx, req.body)),
    );
    app.put(
      '/training/questions/:questionId',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Change a question',
          params: questionIdParamsSchema,
          body: questionInputSchema,
          response: { 200: questionViewSchema, ...errors },
        },
      },
      (req) => bank.updateQuestion(db, req.ctx, req.params.questionId, req.body),
    );
    app.delete(
      '/training/questions/:questionId',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Retire a question (new papers stop drawing it)',
          params: questionIdParamsSchema,
          response: { 200: questionViewSchema, ...errors },
        },
      },
      (req) => bank.retireQuestion(db, req.ctx, req.params.questionId),
    );
    app.get(
      '/training/questions/export.xlsx',
      {
        config: manage,
        schema: { tags, summary: 'The active question bank as Excel (the import template’s columns)' },
      },
      async (req, reply) =>
        sendWorkbook(reply, await bank.exportQuestions(db, req.ctx), 'question-bank.xlsx', '题库.xlsx'),
    );
    app.get(
      '/training/questions/template.xlsx',
      { config: manage, schema: { tags, summary: 'The Excel template of a question import' } },
      async (_req, reply) =>
        sendWorkbook(reply, await bank.questionTemplate(), 'question-template.xlsx', '题库导入模板.xlsx'),
    );
    app.post(
      '/training/questions/import',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Import questions from Excel: every bad row listed and nothing imported, or all in one transaction',
          consumes: ['multipart/form-data'],
          response: { 200: questionImportResultSchema, ...errors, ...errorResponses(413, 415) },
        },
      },
      async (req) => {
        const file = await readUpload(req);
        return bank.importQuestions(db, req.ctx, file.fileName, file.buffer);
      },
    );
  };
