// HTTP routes of first-aid kits (急救物品认领制): staff register, assign, refill, check and retire kits and work
// their tasks; members claim, place and check the kits they hold; anyone reads a kit's sticker page and reports use.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { errorResponses } from '../../platform/errors';
import {
  assignKitSchema,
  checkKitSchema,
  claimKitSchema,
  closeTaskSchema,
  createKitsSchema,
  kitCodeParamsSchema,
  kitIdParamsSchema,
  kitPageSchema,
  kitSummarySchema,
  kitsQuerySchema,
  kitTaskParamsSchema,
  kitTasksQuerySchema,
  kitTaskViewSchema,
  kitViewSchema,
  placeKitSchema,
  publicKitViewSchema,
  refillKitSchema,
  reportUsageSchema,
  retireKitSchema,
  usageReceiptSchema,
} from './members-kits.schemas';
import * as kits from './members-kits.service';

const errors = errorResponses(400, 401, 403, 404, 409, 422);
const tags = ['member first-aid kits'];
const publicTags = ['member first-aid kits (public)'];
const view = { access: { permission: 'members:view' as const } };
const manage = { access: { permission: 'members:manage' as const } };
const publicWrite = { max: 20, timeWindow: '1 minute' };
/** Someone who just used a kit reports once, maybe twice: more from one address in ten minutes is abuse. */
const usageLimit = { max: 5, timeWindow: '10 minutes' };

export const memberKitsRoutes =
  ({ db, publicUrl }: { db: Db; publicUrl?: string }): FastifyPluginAsyncZod =>
  async (app) => {
    const origin = publicUrl ?? 'http://localhost:3000';

    app.get(
      '/member-kits',
      {
        config: view,
        schema: {
          tags,
          summary: "Kits of a unit's subtree with holder, place, next expiry and open tasks",
          querystring: kitsQuerySchema,
          response: { 200: kitPageSchema, ...errors },
        },
      },
      (req) => kits.listKits(db, req.ctx, req.query),
    );
    app.post(
      '/member-kits',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Register kits at a unit with their contents and expiry dates (each gets a KIT-… code)',
          body: createKitsSchema,
          response: { 201: z.array(kitSummarySchema), ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await kits.createKits(db, req.ctx, req.body)),
    );
    app.get(
      '/member-kits/tasks',
      {
        config: view,
        schema: {
          tags,
          summary: "Upkeep tasks of a subtree's kits (expiring items, refills after use), soonest first",
          querystring: kitTasksQuerySchema,
          response: { 200: z.array(kitTaskViewSchema), ...errors },
        },
      },
      (req) => kits.listTasks(db, req.ctx, req.query),
    );
    app.get(
      '/member-kits/:id',
      {
        config: view,
        schema: {
          tags,
          summary: 'One kit: contents, tasks, checks, usage reports',
          params: kitIdParamsSchema,
          response: { 200: kitViewSchema, ...errors },
        },
      },
      (req) => kits.viewKit(db, req.ctx, req.params.id),
    );
    app.get(
      '/member-kits/:id/sticker.pdf',
      {
        config: view,
        schema: {
          tags,
          summary: "The kit's printable QR sticker (A7 PDF) linking to its public page",
          params: kitIdParamsSchema,
        },
      },
      async (req, reply) => {
        const { code, pdf } = await kits.stickerPdf(db, req.ctx, req.params.id, origin);
        return reply
          .header('content-type', 'application/pdf')
          .header('content-disposition', `inline; filename="kit-sticker-${code}.pdf"`)
          .send(pdf);
      },
    );
    app.post(
      '/member-kits/:id/assign',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Hand an in-stock kit to an active member of the unit’s subtree',
          params: kitIdParamsSchema,
          body: assignKitSchema,
          response: { 200: kitViewSchema, ...errors },
        },
      },
      (req) => kits.assignKit(db, req.ctx, req.params.id, req.body.memberId),
    );
    app.post(
      '/member-kits/:id/refill',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Record a refill: the new contents and expiry dates; closes the kit’s open tasks',
          params: kitIdParamsSchema,
          body: refillKitSchema,
          response: { 200: kitViewSchema, ...errors },
        },
      },
      (req) => kits.refillKit(db, req.ctx, req.params.id, req.body),
    );
    app.post(
      '/member-kits/:id/checks',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Record a staff check (a failed one raises a refill task)',
          params: kitIdParamsSchema,
          body: checkKitSchema,
          response: { 200: kitViewSchema, ...errors },
        },
      },
      (req) => kits.staffCheck(db, req.ctx, req.params.id, req.body),
    );
    app.post(
      '/member-kits/:id/tasks/:taskId/close',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Close a task with a note',
          params: kitTaskParamsSchema,
          body: closeTaskSchema,
          response: { 200: kitViewSchema, ...errors },
        },
      },
      (req) => kits.closeTask(db, req.ctx, req.params.id, req.params.taskId, req.body.note),
    );
    app.post(
      '/member-kits/:id/retire',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Take a kit out of service',
          params: kitIdParamsSchema,
          body: retireKitSchema,
          response: { 200: kitViewSchema, ...errors },
        },
      },
      (req) => kits.retireKit(db, req.ctx, req.params.id, req.body.reason),
    );

    // -------------------------------------------------------------------------------------------- holders
    app.get(
      '/public/member-kits/mine',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: publicTags,
          summary: 'The kits I hold, with contents, tasks and checks',
          response: { 200: z.array(kitViewSchema), ...errors },
        },
      },
      (req) => kits.myKits(db, req.ctx),
    );
    app.post(
      '/public/member-kits/claim',
      {
        config: { access: 'signed-in', rateLimit: publicWrite },
        schema: {
          tags: publicTags,
          summary: 'Claim an in-stock kit by the code on its sticker',
          body: claimKitSchema,
          response: { 200: kitViewSchema, ...errors },
        },
      },
      (req) => kits.claimKit(db, req.ctx, req.body.code),
    );
    app.post(
      '/public/member-kits/:id/place',
      {
        config: { access: 'signed-in', rateLimit: publicWrite },
        schema: {
          tags: publicTags,
          summary: 'Place my kit at a public spot (WGS-84 or GCJ-02 point and a place name)',
          params: kitIdParamsSchema,
          body: placeKitSchema,
          response: { 200: kitViewSchema, ...errors },
        },
      },
      (req) => kits.placeKit(db, req.ctx, req.params.id, req.body),
    );
    app.post(
      '/public/member-kits/:id/checks',
      {
        config: { access: 'signed-in', rateLimit: publicWrite },
        schema: {
          tags: publicTags,
          summary: 'Record a check of my kit (a failed one raises a refill task)',
          params: kitIdParamsSchema,
          body: checkKitSchema,
          response: { 200: kitViewSchema, ...errors },
        },
      },
      (req) => kits.holderCheck(db, req.ctx, req.params.id, req.body),
    );

    // -------------------------------------------------------------------------------------------- anyone
    app.get(
      '/public/kits/:code',
      {
        config: { access: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
        schema: {
          tags: publicTags,
          summary: "A kit's sticker page: contents with expiry dates, place and unit (no holder identity)",
          params: kitCodeParamsSchema,
          response: { 200: publicKitViewSchema, ...errors },
        },
      },
      (req) => kits.publicKit(db, req.params.code),
    );
    app.post(
      '/public/kits/:code/usage',
      {
        config: { access: 'public', rateLimit: usageLimit },
        schema: {
          tags: publicTags,
          summary: 'Report that a kit was used and what was taken (raises a refill task for its holder)',
          params: kitCodeParamsSchema,
          body: reportUsageSchema,
          response: { 201: usageReceiptSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await kits.reportUsage(db, req.ctx, req.params.code, req.body)),
    );
  };
