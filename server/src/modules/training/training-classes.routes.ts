// HTTP routes of first-aid training: classes, enrolment (staff, Excel, class QR, the service hall, order rosters), waitlist, sessions and check-in, awareness sessions.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { qrPng } from '../../platform/documents/qr';
import { errorResponses } from '../../platform/errors';
import { sendWorkbook } from '../../platform/excel';
import { readUpload } from '../../platform/files/upload';
import * as classes from './training-classes';
import {
  assignStaffSchema,
  awarenessListQuerySchema,
  awarenessPageSchema,
  awarenessViewSchema,
  cancelEnrolmentSchema,
  checkinParamsSchema,
  checkinResultSchema,
  classIdParamsSchema,
  classListQuerySchema,
  classPageSchema,
  classTokenParamsSchema,
  classTransitionSchema,
  classViewSchema,
  createAwarenessSchema,
  createClassSchema,
  createSessionSchema,
  enrolByStaffSchema,
  enrolImportParamsSchema,
  enrolImportViewSchema,
  enrolmentParamsSchema,
  enrolResultSchema,
  enrolUploadQuerySchema,
  markAttendanceSchema,
  myEnrolmentSchema,
  publicClassListSchema,
  publicClassSchema,
  publicEnrolSchema,
  rosterEntrySchema,
  rosterSchema,
  sessionParamsSchema,
  staffParamsSchema,
  updateClassSchema,
} from './training-classes.schemas';

const errors = errorResponses(400, 401, 403, 404, 409, 422);
const tags = ['training'];
const publicTags = ['training (public)'];
const view = { access: { permission: 'training:view' as const } };
const manage = { access: { permission: 'training:manage' as const } };
const publicRead = { max: 120, timeWindow: '1 minute' };
const publicWrite = { max: 10, timeWindow: '1 minute' };
const enrolmentIdParams = z.strictObject({ enrolmentId: z.uuid() });

export const trainingClassRoutes =
  ({ db, publicUrl }: { db: Db; publicUrl?: string }): FastifyPluginAsyncZod =>
  async (app) => {
    const origin = (req: { protocol: string; host: string }) => publicUrl ?? `${req.protocol}://${req.host}`;

    // -------------------------------------------------------------------------------------------- classes
    app.get(
      '/training/classes',
      {
        config: view,
        schema: {
          tags,
          summary: 'Classes in my scope (status, kind, course, unit, search)',
          querystring: classListQuerySchema,
          response: { 200: classPageSchema, ...errors },
        },
      },
      (req) => classes.listClasses(db, req.ctx, req.query),
    );
    app.post(
      '/training/classes',
      {
        config: manage,
        schema: {
          tags,
          summary:
            'Schedule a class (open, or order-based for an organisation) at a base or on site; starts as a draft',
          body: createClassSchema,
          response: { 201: classViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await classes.createClass(db, req.ctx, req.body)),
    );
    app.get(
      '/training/classes/:id',
      {
        config: view,
        schema: {
          tags,
          summary: 'A class with its trainers, examiners and sessions',
          params: classIdParamsSchema,
          response: { 200: classViewSchema, ...errors },
        },
      },
      (req) => classes.viewClass(db, req.ctx, req.params.id),
    );
    app.patch(
      '/training/classes/:id',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Change a class (more places move the waitlist up)',
          params: classIdParamsSchema,
          body: updateClassSchema,
          response: { 200: classViewSchema, ...errors },
        },
      },
      (req) => classes.updateClass(db, req.ctx, req.params.id, req.body),
    );
    app.post(
      '/training/classes/:id/transitions',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Open, close enrolment, finish or cancel a class (cancelling tells every learner by SMS)',
          params: classIdParamsSchema,
          body: classTransitionSchema,
          response: { 200: classViewSchema, ...errors },
        },
      },
      (req) => classes.transitionClass(db, req.ctx, req.params.id, req.body),
    );
    app.get(
      '/training/classes/:id/poster.png',
      {
        config: view,
        schema: {
          tags,
          summary: 'The class QR code (PNG) for its poster: opens the public class page',
          params: classIdParamsSchema,
        },
      },
      async (req, reply) => {
        const { path } = await classes.classPosterPath(db, req.ctx, req.params.id);
        const png = await qrPng(`${origin(req)}${path}`, { width: 640 });
        return reply.type('image/png').header('cache-control', 'private, no-store').send(png);
      },
    );

    // -------------------------------------------------------------------------------------------- staff and sessions
    app.post(
      '/training/classes/:id/staff',
      {
        config: manage,
        schema: {
          tags,
          summary:
            'Assign a trainer or examiner (培考分离: a trainer of the class cannot examine it; a valid qualification is required)',
          params: classIdParamsSchema,
          body: assignStaffSchema,
          response: { 200: classViewSchema, ...errors },
        },
      },
      (req) => classes.assignStaff(db, req.ctx, req.params.id, req.body),
    );
    app.delete(
      '/training/classes/:id/staff/:instructorId/:role',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Remove a trainer or examiner from the class',
          params: staffParamsSchema,
          response: { 200: classViewSchema, ...errors },
        },
      },
      (req) => classes.removeStaff(db, req.ctx, req.params.id, req.params.instructorId, req.params.role),
    );
    app.post(
      '/training/classes/:id/sessions',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Add a session (课次) with its own check-in QR code',
          params: classIdParamsSchema,
          body: createSessionSchema,
          response: { 200: classViewSchema, ...errors },
        },
      },
      (req) => classes.addSession(db, req.ctx, req.params.id, req.body),
    );
    app.delete(
      '/training/classes/:id/sessions/:sessionId',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Remove a session',
          params: sessionParamsSchema,
          response: { 200: classViewSchema, ...errors },
        },
      },
      (req) => classes.removeSession(db, req.ctx, req.params.id, req.params.sessionId),
    );
    app.get(
      '/training/classes/:id/sessions/:sessionId/qr.png',
      {
        config: view,
        schema: { tags, summary: "A session's check-in QR code (PNG)", params: sessionParamsSchema },
      },
      async (req, reply) => {
        const path = await classes.sessionCheckinPath(db, req.ctx, req.params.id, req.params.sessionId);
        const png = await qrPng(`${origin(req)}${path}`, { width: 640 });
        return reply.type('image/png').header('cache-control', 'private, no-store').send(png);
      },
    );

    // -------------------------------------------------------------------------------------------- roster
    app.get(
      '/training/classes/:id/enrolments',
      {
        config: view,
        schema: {
          tags,
          summary:
            'The roster: every learner with status, waitlist place, attendance, study, theory, practical, certificate',
          params: classIdParamsSchema,
          response: { 200: rosterSchema, ...errors },
        },
      },
      (req) => classes.roster(db, req.ctx, req.params.id),
    );
    app.post(
      '/training/classes/:id/enrolments',
      {
        config: manage,
        schema: {
          tags,
          summary:
            'Enrol a learner (name, ID number, phone, workplace), or a service-hall sign-up; a full class waitlists',
          params: classIdParamsSchema,
          body: enrolByStaffSchema,
          response: { 201: enrolResultSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await classes.enrolByStaff(db, req.ctx, req.params.id, req.body)),
    );
    app.get(
      '/training/enrolments/template.xlsx',
      { config: manage, schema: { tags, summary: 'The Excel template of an enrolment list or an order roster' } },
      async (_req, reply) =>
        sendWorkbook(
          reply,
          await classes.buildEnrolTemplate(),
          'training-enrolment-template.xlsx',
          '培训报名名单模板.xlsx',
        ),
    );
    app.post(
      '/training/classes/:id/enrolments/imports',
      {
        config: manage,
        schema: {
          tags,
          summary:
            'Upload an enrolment list or order roster (multipart field "file"): bad rows are listed and nothing is imported',
          consumes: ['multipart/form-data'],
          params: classIdParamsSchema,
          querystring: enrolUploadQuerySchema,
          response: { 202: enrolImportViewSchema, ...errors, ...errorResponses(413, 415) },
        },
      },
      async (req, reply) => {
        const file = await readUpload(req);
        return reply.code(202).send(await classes.uploadEnrolments(db, req.ctx, req.params.id, req.query, file));
      },
    );
    app.get(
      '/training/classes/:id/enrolments/imports/:importId',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Progress of an enrolment list upload',
          params: enrolImportParamsSchema,
          response: { 200: enrolImportViewSchema, ...errors },
        },
      },
      (req) => classes.getEnrolImport(db, req.ctx, req.params.id, req.params.importId),
    );
    app.post(
      '/training/classes/:id/enrolments/:enrolmentId/cancel',
      {
        config: manage,
        schema: {
          tags,
          summary: "Cancel a learner's enrolment (the first on the waitlist takes the place)",
          params: enrolmentParamsSchema,
          body: cancelEnrolmentSchema,
          response: { 200: enrolResultSchema, ...errors },
        },
      },
      (req) => classes.cancelEnrolment(db, req.ctx, req.params.enrolmentId, req.body.reason),
    );
    app.post(
      '/training/classes/:id/enrolments/:enrolmentId/promote',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Move a waitlisted learner into a free place',
          params: enrolmentParamsSchema,
          response: { 200: enrolResultSchema, ...errors },
        },
      },
      (req) => classes.promoteEnrolment(db, req.ctx, req.params.id, req.params.enrolmentId),
    );
    app.post(
      '/training/classes/:id/attendance',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Mark a learner present or absent at a session',
          params: classIdParamsSchema,
          body: markAttendanceSchema,
          response: { 200: rosterEntrySchema, ...errors },
        },
      },
      (req) => classes.markAttendance(db, req.ctx, req.params.id, req.body),
    );

    // -------------------------------------------------------------------------------------------- awareness
    app.get(
      '/training/awareness',
      {
        config: view,
        schema: {
          tags,
          summary: 'Awareness sessions (普及培训) in my scope with attendee totals',
          querystring: awarenessListQuerySchema,
          response: { 200: awarenessPageSchema, ...errors },
        },
      },
      (req) => classes.listAwareness(db, req.ctx, req.query),
    );
    app.post(
      '/training/awareness',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Record an awareness session (unit, date, venue, topic, attendees, hours, trainer, evidence photos)',
          body: createAwarenessSchema,
          response: { 201: awarenessViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await classes.recordAwareness(db, req.ctx, req.body)),
    );

    // -------------------------------------------------------------------------------------------- public
    app.get(
      '/public/training/classes',
      {
        config: { access: 'public', rateLimit: publicRead },
        schema: {
          tags: publicTags,
          summary: 'Open classes taking enrolments',
          response: { 200: publicClassListSchema, ...errors },
        },
      },
      (req) => classes.listPublicClasses(db, req.ctx),
    );
    app.get(
      '/public/training/classes/:token',
      {
        config: { access: 'public', rateLimit: publicRead },
        schema: {
          tags: publicTags,
          summary: 'The class page its QR code opens',
          params: classTokenParamsSchema,
          response: { 200: publicClassSchema, ...errors },
        },
      },
      (req) => classes.viewPublicClass(db, req.ctx, req.params.token),
    );
    app.post(
      '/public/training/classes/:token/enrol',
      {
        config: { access: 'signed-in', rateLimit: publicWrite },
        schema: {
          tags: publicTags,
          summary: "Enrol myself (name, ID number; the account's phone); a full class waitlists",
          params: classTokenParamsSchema,
          body: publicEnrolSchema,
          response: { 201: enrolResultSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await classes.enrolByPublic(db, req.ctx, req.params.token, req.body)),
    );
    app.post(
      '/public/training/checkin/:token',
      {
        config: { access: 'signed-in', rateLimit: publicWrite },
        schema: {
          tags: publicTags,
          summary: "Check in to a session by its QR code (within the session's time ± 30 minutes)",
          params: checkinParamsSchema,
          response: { 200: checkinResultSchema, ...errors },
        },
      },
      (req) => classes.checkIn(db, req.ctx, req.params.token),
    );
    app.get(
      '/training/my/enrolments',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: publicTags,
          summary: 'My enrolments across classes with results and the next step',
          response: { 200: z.array(myEnrolmentSchema), ...errors },
        },
      },
      (req) => classes.listMyEnrolments(db, req.ctx),
    );
    app.post(
      '/training/my/enrolments/:enrolmentId/cancel',
      {
        config: { access: 'signed-in', rateLimit: publicWrite },
        schema: {
          tags: publicTags,
          summary: 'Cancel my enrolment',
          params: enrolmentIdParams,
          response: { 200: enrolResultSchema, ...errors },
        },
      },
      (req) => classes.cancelMyEnrolment(db, req.ctx, req.params.enrolmentId),
    );
  };
