// HTTP routes of first-aid training: courses, lessons, training bases, instructors and their qualifications, the question bank.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { errorResponses } from '../../platform/errors';
import * as catalogue from './training-catalogue';
import {
  addQualificationSchema,
  baseIdParamsSchema,
  baseViewSchema,
  courseIdParamsSchema,
  courseViewSchema,
  createBaseSchema,
  createInstructorSchema,
  createLessonSchema,
  instructorIdParamsSchema,
  instructorViewSchema,
  lessonIdParamsSchema,
  lessonViewSchema,
  qualificationParamsSchema,
  reorderLessonsSchema,
  scopeQuerySchema,
  updateBaseSchema,
  updateCourseSchema,
  updateInstructorSchema,
  updateLessonSchema,
} from './training-catalogue.schemas';

const errors = errorResponses(400, 401, 403, 404, 409, 422);
const tags = ['training'];
const view = { access: { permission: 'training:view' as const } };
const manage = { access: { permission: 'training:manage' as const } };

export const trainingCatalogueRoutes =
  ({ db }: { db: Db; publicUrl?: string }): FastifyPluginAsyncZod =>
  async (app) => {
    // -------------------------------------------------------------------------------------------- courses
    app.get(
      '/training/courses',
      {
        config: view,
        schema: {
          tags,
          summary: 'Training courses (普及培训, 救护员培训, 复训, 师资培训 …)',
          response: { 200: z.array(courseViewSchema), ...errors },
        },
      },
      () => catalogue.listCourses(db),
    );
    app.get(
      '/training/courses/:id',
      {
        config: view,
        schema: {
          tags,
          summary: 'A course with its settings',
          params: courseIdParamsSchema,
          response: { 200: courseViewSchema, ...errors },
        },
      },
      (req) => catalogue.viewCourse(db, req.params.id),
    );
    app.patch(
      '/training/courses/:id',
      {
        config: manage,
        schema: {
          tags,
          summary:
            "Change a course's hours, syllabus units, theory blueprint, checklist, pass marks, attempts, certificate",
          params: courseIdParamsSchema,
          body: updateCourseSchema,
          response: { 200: courseViewSchema, ...errors },
        },
      },
      (req) => catalogue.updateCourse(db, req.ctx, req.params.id, req.body),
    );
    app.get(
      '/training/courses/:id/lessons',
      {
        config: view,
        schema: {
          tags,
          summary: "A course's lessons in order",
          params: courseIdParamsSchema,
          response: { 200: z.array(lessonViewSchema), ...errors },
        },
      },
      (req) => catalogue.listLessons(db, req.params.id),
    );
    app.post(
      '/training/courses/:id/lessons',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Add a lesson (online: sanitised rich text, images by file id, video by http(s) URL; or offline)',
          params: courseIdParamsSchema,
          body: createLessonSchema,
          response: { 201: lessonViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await catalogue.createLesson(db, req.ctx, req.params.id, req.body)),
    );
    app.put(
      '/training/courses/:id/lessons/order',
      {
        config: manage,
        schema: {
          tags,
          summary: "Reorder a course's lessons (every lesson once)",
          params: courseIdParamsSchema,
          body: reorderLessonsSchema,
          response: { 200: z.array(lessonViewSchema), ...errors },
        },
      },
      (req) => catalogue.reorderLessons(db, req.ctx, req.params.id, req.body.ids),
    );
    app.patch(
      '/training/lessons/:id',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Edit or deactivate a lesson',
          params: lessonIdParamsSchema,
          body: updateLessonSchema,
          response: { 200: lessonViewSchema, ...errors },
        },
      },
      (req) => catalogue.updateLesson(db, req.ctx, req.params.id, req.body),
    );

    // -------------------------------------------------------------------------------------------- bases
    app.get(
      '/training/bases',
      {
        config: view,
        schema: {
          tags,
          summary: 'Training bases in my scope',
          querystring: scopeQuerySchema,
          response: { 200: z.array(baseViewSchema), ...errors },
        },
      },
      (req) => catalogue.listBases(db, req.ctx, req.query),
    );
    app.post(
      '/training/bases',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Add a training base',
          body: createBaseSchema,
          response: { 201: baseViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await catalogue.createBase(db, req.ctx, req.body)),
    );
    app.patch(
      '/training/bases/:id',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Edit or deactivate a training base',
          params: baseIdParamsSchema,
          body: updateBaseSchema,
          response: { 200: baseViewSchema, ...errors },
        },
      },
      (req) => catalogue.updateBase(db, req.ctx, req.params.id, req.body),
    );

    // -------------------------------------------------------------------------------------------- instructors
    app.get(
      '/training/instructors',
      {
        config: view,
        schema: {
          tags,
          summary: 'Trainers and examiners in my scope with their qualifications (expiring within 90 days flagged)',
          querystring: scopeQuerySchema,
          response: { 200: z.array(instructorViewSchema), ...errors },
        },
      },
      (req) => catalogue.listInstructors(db, req.ctx, req.query),
    );
    app.post(
      '/training/instructors',
      {
        config: manage,
        schema: {
          tags,
          summary:
            'Register a trainer or examiner (the person found by ID number or registered; optionally a staff account)',
          body: createInstructorSchema,
          response: { 201: instructorViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await catalogue.createInstructor(db, req.ctx, req.body)),
    );
    app.patch(
      '/training/instructors/:id',
      {
        config: manage,
        schema: {
          tags,
          summary: "Link an instructor's staff account, or deactivate them",
          params: instructorIdParamsSchema,
          body: updateInstructorSchema,
          response: { 200: instructorViewSchema, ...errors },
        },
      },
      (req) => catalogue.updateInstructor(db, req.ctx, req.params.id, req.body),
    );
    app.post(
      '/training/instructors/:id/qualifications',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Add a trainer or examiner qualification with its validity',
          params: instructorIdParamsSchema,
          body: addQualificationSchema,
          response: { 201: instructorViewSchema, ...errors },
        },
      },
      async (req, reply) =>
        reply.code(201).send(await catalogue.addQualification(db, req.ctx, req.params.id, req.body)),
    );
    app.delete(
      '/training/instructors/:id/qualifications/:qualificationId',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Remove a qualification entered by mistake',
          params: qualificationParamsSchema,
          response: { 200: instructorViewSchema, ...errors },
        },
      },
      (req) => catalogue.removeQualification(db, req.ctx, req.params.id, req.params.qualificationId),
    );
  };
