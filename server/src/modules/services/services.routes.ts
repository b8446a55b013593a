// HTTP routes of the service hall: the public catalogue, calendar and units; the citizen's uploads, requests and
// ratings; the staff work queue, search, steps and statistics; the administration of the catalogue and calendar.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { errorResponses } from '../../platform/errors';
import { sendWorkbook } from '../../platform/excel';
import * as catalogue from './catalogue';
import { listUnitOptions, readRequestFile } from './request-files';
import { exportStats, viewStats } from './service-stats';
import {
  calendarDaySchema,
  calendarQuerySchema,
  calendarViewSchema,
  catalogueQuerySchema,
  catalogueSchema,
  categoryViewSchema,
  createCategorySchema,
  createItemSchema,
  fileOnBehalfSchema,
  itemViewSchema,
  manageCatalogueQuerySchema,
  myRequestsQuerySchema,
  putCalendarDaySchema,
  queueCountsQuerySchema,
  queueCountsSchema,
  queuePageSchema,
  queueQuerySchema,
  ratingSchema,
  requestDetailSchema,
  requestPageSchema,
  resubmitRequestSchema,
  searchQuerySchema,
  statsQuerySchema,
  statsViewSchema,
  submitOwnRequestSchema,
  transitionSchema,
  unitOptionsSchema,
  unitsQuerySchema,
  updateCategorySchema,
  updateItemSchema,
  withdrawRequestSchema,
} from './services.schemas';
import * as services from './services.service';
import * as queue from './work-queue';

const errors = errorResponses(400, 401, 403, 404, 409, 422);
const tags = ['services'];
const publicTags = ['services (public)'];
const idParams = z.strictObject({ id: z.uuid() });
const fileParams = z.strictObject({ id: z.uuid(), fileId: z.uuid() });
const codeParams = z.strictObject({ code: z.string().min(1).max(40) });
const dateParams = z.strictObject({ date: z.iso.date() });
const publicRead = { max: 120, timeWindow: '1 minute' };
const publicWrite = { max: 20, timeWindow: '1 minute' };
const lang = z.strictObject({ lang: z.string().max(20).optional() });

export const servicesRoutes =
  ({ db }: { db: Db }): FastifyPluginAsyncZod =>
  async (app) => {
    // -------------------------------------------------------------------------------------------- public
    app.get(
      '/services/catalogue',
      {
        config: { access: 'public', rateLimit: publicRead },
        schema: {
          tags: publicTags,
          summary: 'The service catalogue: categories and their active items',
          querystring: catalogueQuerySchema,
          response: { 200: catalogueSchema, ...errors },
        },
      },
      () => catalogue.viewCatalogue(db),
    );
    app.get(
      '/services/items/:code',
      {
        config: { access: 'public', rateLimit: publicRead },
        schema: {
          tags: publicTags,
          summary: 'One item: what to prepare, what to fill in, how long it takes',
          params: codeParams,
          querystring: lang,
          response: { 200: itemViewSchema, ...errors },
        },
      },
      (req) => catalogue.viewItem(db, req.ctx, req.params.code),
    );
    app.get(
      '/services/units',
      {
        config: { access: 'public', rateLimit: publicRead },
        schema: {
          tags: publicTags,
          summary: 'Units a citizen may apply at, one level at a time (the roots without parentId)',
          querystring: unitsQuerySchema,
          response: { 200: unitOptionsSchema, ...errors },
        },
      },
      (req) => listUnitOptions(db, req.query.parentId),
    );
    app.get(
      '/services/calendar',
      {
        config: { access: 'public', rateLimit: publicRead },
        schema: {
          tags: publicTags,
          summary: 'The working calendar of a year: public holidays and make-up working days, and the years covered',
          querystring: calendarQuerySchema,
          response: { 200: calendarViewSchema, ...errors },
        },
      },
      (req) => catalogue.viewCalendar(db, req.query.year),
    );

    // -------------------------------------------------------------------------------------------- the applicant
    app.post(
      '/services/my/requests',
      {
        config: { access: 'signed-in', rateLimit: publicWrite },
        schema: {
          tags,
          summary: 'A signed-in citizen applies for themselves',
          body: submitOwnRequestSchema,
          response: { 201: requestDetailSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await services.submitOwnRequest(db, req.ctx, req.body)),
    );
    app.get(
      '/services/my/requests',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          summary: 'The requests made with the phone the citizen signed in with (online or at a counter)',
          querystring: myRequestsQuerySchema,
          response: { 200: requestPageSchema, ...errors },
        },
      },
      (req) => services.listMyRequests(db, req.ctx, req.query),
    );
    app.get(
      '/services/my/requests/:id',
      {
        config: { access: 'signed-in' },
        schema: { tags, params: idParams, querystring: lang, response: { 200: requestDetailSchema, ...errors } },
      },
      (req) => services.viewMyRequest(db, req.ctx, req.params.id),
    );
    app.post(
      '/services/my/requests/:id/resubmit',
      {
        config: { access: 'signed-in', rateLimit: publicWrite },
        schema: {
          tags,
          summary: '补正: correct a returned request and send it again',
          params: idParams,
          body: resubmitRequestSchema,
          response: { 200: requestDetailSchema, ...errors },
        },
      },
      (req) => services.resubmitMyRequest(db, req.ctx, req.params.id, req.body),
    );
    app.post(
      '/services/my/requests/:id/withdraw',
      {
        config: { access: 'signed-in', rateLimit: publicWrite },
        schema: {
          tags,
          summary: 'Withdraw a request before it is accepted',
          params: idParams,
          body: withdrawRequestSchema,
          response: { 200: requestDetailSchema, ...errors },
        },
      },
      (req) => services.withdrawMyRequest(db, req.ctx, req.params.id, req.body.note),
    );
    app.post(
      '/services/my/requests/:id/rating',
      {
        config: { access: 'signed-in', rateLimit: publicWrite },
        schema: {
          tags,
          summary: '好差评: rate a concluded request once (1–5 stars)',
          params: idParams,
          body: ratingSchema,
          response: { 200: requestDetailSchema, ...errors },
        },
      },
      (req) => services.rateMyRequest(db, req.ctx, req.params.id, req.body),
    );
    app.get(
      '/services/my/requests/:id/files/:fileId',
      {
        config: { access: 'signed-in' },
        schema: { tags, summary: 'A material of the citizen’s own request', params: fileParams },
      },
      async (req, reply) => {
        const file = await readRequestFile(db, req.ctx, req.params.id, req.params.fileId, 'applicant');
        return reply
          .header('content-type', file.contentType)
          .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.name)}`)
          .send(file.bytes);
      },
    );

    // -------------------------------------------------------------------------------------------- staff
    app.post(
      '/services/requests',
      {
        config: { access: { permission: 'services:handle' } },
        schema: {
          tags,
          summary: 'File a request on a person’s behalf (代办) at a counter',
          body: fileOnBehalfSchema,
          response: { 201: requestDetailSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await services.fileOnBehalf(db, req.ctx, req.body)),
    );
    app.get(
      '/services/requests',
      {
        config: { access: { permission: 'services:handle' } },
        schema: {
          tags,
          summary: 'Search requests handled by or filed at units in scope',
          querystring: searchQuerySchema,
          response: { 200: requestPageSchema, ...errors },
        },
      },
      (req) => queue.searchRequests(db, req.ctx, req.query),
    );
    app.get(
      '/services/requests/:id',
      {
        config: { access: { permission: 'services:handle' } },
        schema: { tags, params: idParams, querystring: lang, response: { 200: requestDetailSchema, ...errors } },
      },
      (req) => services.viewRequest(db, req.ctx, req.params.id),
    );
    app.post(
      '/services/requests/:id/transitions',
      {
        config: { access: { permission: 'services:handle' } },
        schema: {
          tags,
          summary: 'Accept (受理), return for correction (补正), refuse (不予受理), start, conclude (办结) or reject',
          params: idParams,
          body: transitionSchema,
          response: { 200: requestDetailSchema, ...errors },
        },
      },
      (req) => services.transitionRequest(db, req.ctx, req.params.id, req.body),
    );
    app.post(
      '/services/requests/:id/resubmit',
      {
        config: { access: { permission: 'services:handle' } },
        schema: {
          tags,
          summary: 'The counter corrects and resubmits a request it filed on someone’s behalf',
          params: idParams,
          body: resubmitRequestSchema,
          response: { 200: requestDetailSchema, ...errors },
        },
      },
      (req) => services.resubmitForApplicant(db, req.ctx, req.params.id, req.body),
    );
    app.post(
      '/services/requests/:id/withdraw',
      {
        config: { access: { permission: 'services:handle' } },
        schema: {
          tags,
          summary: 'The counter withdraws a request it filed, at the applicant’s wish, before acceptance',
          params: idParams,
          body: withdrawRequestSchema,
          response: { 200: requestDetailSchema, ...errors },
        },
      },
      (req) => services.withdrawForApplicant(db, req.ctx, req.params.id, req.body.note),
    );
    app.get(
      '/services/requests/:id/files/:fileId',
      {
        config: { access: { permission: 'services:handle' } },
        schema: { tags, summary: 'A material of a request in scope', params: fileParams },
      },
      async (req, reply) => {
        const file = await readRequestFile(db, req.ctx, req.params.id, req.params.fileId, 'staff');
        return reply
          .header('content-type', file.contentType)
          .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.name)}`)
          .send(file.bytes);
      },
    );
    app.get(
      '/services/queue',
      {
        config: { access: { permission: 'services:handle' } },
        schema: {
          tags,
          summary: 'My work queue: open requests of my units, overdue first, then by deadline (keyset-paged)',
          querystring: queueQuerySchema,
          response: { 200: queuePageSchema, ...errors },
        },
      },
      (req) => queue.listQueue(db, req.ctx, req.query),
    );
    app.get(
      '/services/queue/counts',
      {
        config: { access: { permission: 'services:handle' } },
        schema: {
          tags,
          summary: 'Open, overdue and due-soon counts of my work queue',
          querystring: queueCountsQuerySchema,
          response: { 200: queueCountsSchema, ...errors },
        },
      },
      (req) => queue.countQueue(db, req.ctx, req.query.orgId),
    );
    app.get(
      '/services/stats',
      {
        config: { access: { permission: 'services:handle' } },
        schema: {
          tags,
          summary: '办结率, 按时办结率, handling days and satisfaction by item, child unit and month',
          querystring: statsQuerySchema,
          response: { 200: statsViewSchema, ...errors },
        },
      },
      (req) => viewStats(db, req.ctx, req.query),
    );
    app.get(
      '/services/stats.xlsx',
      {
        config: { access: { permission: 'services:handle' } },
        schema: { tags, summary: 'The same statistics as an Excel workbook', querystring: statsQuerySchema },
      },
      async (req, reply) => {
        const { buffer, name } = await exportStats(db, req.ctx, req.query);
        return sendWorkbook(reply, buffer, 'service-stats.xlsx', name);
      },
    );

    // -------------------------------------------------------------------------------------------- administration
    app.get(
      '/services/manage/catalogue',
      {
        config: { access: { permission: 'services:manage' } },
        schema: {
          tags,
          summary: 'The catalogue for administrators (inactive categories and items with includeInactive=true)',
          querystring: manageCatalogueQuerySchema,
          response: { 200: catalogueSchema, ...errors },
        },
      },
      (req) => catalogue.viewCatalogue(db, req.query.includeInactive === 'true'),
    );
    app.post(
      '/services/categories',
      {
        config: { access: { permission: 'services:manage' } },
        schema: { tags, body: createCategorySchema, response: { 201: categoryViewSchema, ...errors } },
      },
      async (req, reply) => reply.code(201).send(await catalogue.createCategory(db, req.ctx, req.body)),
    );
    app.patch(
      '/services/categories/:code',
      {
        config: { access: { permission: 'services:manage' } },
        schema: {
          tags,
          params: codeParams,
          body: updateCategorySchema,
          response: { 200: categoryViewSchema, ...errors },
        },
      },
      (req) => catalogue.updateCategory(db, req.ctx, req.params.code, req.body),
    );
    app.post(
      '/services/items',
      {
        config: { access: { permission: 'services:manage' } },
        schema: { tags, body: createItemSchema, response: { 201: itemViewSchema, ...errors } },
      },
      async (req, reply) => reply.code(201).send(await catalogue.createItem(db, req.ctx, req.body)),
    );
    app.patch(
      '/services/items/:code',
      {
        config: { access: { permission: 'services:manage' } },
        schema: { tags, params: codeParams, body: updateItemSchema, response: { 200: itemViewSchema, ...errors } },
      },
      (req) => catalogue.updateItem(db, req.ctx, req.params.code, req.body),
    );
    app.put(
      '/services/calendar/days/:date',
      {
        config: { access: { permission: 'services:manage' } },
        schema: {
          tags,
          summary: 'Set a public holiday or a make-up working day (调休)',
          params: dateParams,
          body: putCalendarDaySchema,
          response: { 200: calendarDaySchema, ...errors },
        },
      },
      (req) => catalogue.putCalendarDay(db, req.ctx, req.params.date, req.body),
    );
    app.delete(
      '/services/calendar/days/:date',
      {
        config: { access: { permission: 'services:manage' } },
        schema: {
          tags,
          summary: 'Remove an exception day',
          params: dateParams,
          response: { 204: z.null(), ...errors },
        },
      },
      async (req, reply) => {
        await catalogue.deleteCalendarDay(db, req.ctx, req.params.date);
        return reply.code(204).send(null);
      },
    );
  };
