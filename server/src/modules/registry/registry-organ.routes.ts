// HTTP routes of organ and body (遗体/组织) donation registration and the memorial (网上纪念馆): the registrant's own
// pages (phone sign-in), the console (registry:view|manage, memorial:moderate), the public check page and memorial wall.

import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { toChinaDate } from '../../platform/dates';
import { errorResponses } from '../../platform/errors';
import { sendWorkbook } from '../../platform/excel';
import {
  createMemorialSchema,
  decideMessageSchema,
  flowerResultSchema,
  leaveMessageSchema,
  memorialAdminListQuerySchema,
  memorialAdminPageSchema,
  memorialAdminViewSchema,
  memorialPageSchema,
  memorialWallQuerySchema,
  memorialWallSchema,
  messageViewSchema,
  moderationPageSchema,
  moderationQuerySchema,
  updateMemorialSchema,
} from './registry-memorial.schemas';
import * as memorial from './registry-memorial.service';
import {
  afterDeathStepSchema,
  changeRegistrationSchema,
  registerAtCounterSchema,
  registerOnlineSchema,
  registrationCheckSchema,
  registrationDetailSchema,
  registrationListQuerySchema,
  registrationPageSchema,
  registrationViewSchema,
  registryStatsQuerySchema,
  registryStatsSchema,
  unmaskedRegistrationSchema,
  unmaskRegistrationSchema,
  withdrawByStaffSchema,
  withdrawOwnSchema,
} from './registry-organ.schemas';
import * as organ from './registry-organ.service';
import { renderRegistrationCard } from './registry-organ-card-pdf';

const errors = errorResponses(400, 401, 403, 404, 409, 422, 429);
const tags = ['registry (organ, body)'];
const publicTags = ['registry (organ, body, public)'];
const memorialTags = ['memorial'];
const view = { access: { permission: 'registry:view' as const } };
const manage = { access: { permission: 'registry:manage' as const } };
const idParams = z.strictObject({ id: z.uuid() });
const visitorCookie = 'boai_visitor';

const itemNames: Record<string, string> = {
  heart: '心脏',
  lung: '肺脏',
  liver: '肝脏',
  kidney: '肾脏',
  pancreas: '胰腺',
  intestine: '小肠',
  cornea: '角膜',
  skin: '皮肤',
  bone: '骨骼',
};

/** The visitor key of a memorial request; a browser without the visitor cookie gets one for next time. */
function visitorOf(req: FastifyRequest, reply: FastifyReply): string {
  const cookie = req.cookies[visitorCookie];
  if (!cookie) {
    reply.setCookie(visitorCookie, crypto.randomUUID(), {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      maxAge: 365 * 24 * 3600,
    });
  }
  return memorial.visitorHash(cookie, req.ip);
}

export const organRoutes =
  ({ db, publicUrl }: { db: Db; publicUrl?: string }): FastifyPluginAsyncZod =>
  async (app) => {
    const sendCard = async (req: FastifyRequest, reply: FastifyReply, id: string) => {
      const { row, orgName } = await organ.getCertificateData(db, req.ctx, id);
      const origin = publicUrl ?? `${req.protocol}://${req.host}`;
      const what =
        row.scope === 'all'
          ? '所有可用器官'
          : row.scope === 'whole_body'
            ? '遗体'
            : `${row.scope === 'tissue' ? '组织:' : ''}${row.items.map((i) => itemNames[i] ?? i).join('、')}`;
      const pdf = await renderRegistrationCard({
        kind: row.kind as 'organ' | 'body',
        regNo: row.regNo,
        name: row.name,
        idNumberMasked: row.idNumberMasked,
        what,
        orgName,
        registeredOn: toChinaDate(row.createdAt),
        status: row.status as 'active',
        checkUrl: `${origin}/registry/check/${row.checkCode}`,
      });
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="registration-${row.regNo}.pdf"`)
        .header('cache-control', 'private, no-store')
        .send(pdf);
    };

    // -------------------------------------------------------------------------------------------- the registrant
    app.post(
      '/public/registry/donations',
      {
        config: { access: 'signed-in', rateLimit: { max: 10, timeWindow: '1 minute' } },
        schema: {
          tags: publicTags,
          summary: 'Register one’s own organ or body donation intent online (consent signed by typing one’s name)',
          body: registerOnlineSchema,
          response: { 201: registrationViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await organ.registerOnline(db, req.ctx, req.body)),
    );
    app.get(
      '/public/registry/donations',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: publicTags,
          summary: 'The signed-in citizen’s organ and body donation registrations',
          response: { 200: z.array(registrationViewSchema), ...errors },
        },
      },
      (req) => organ.listMine(db, req.ctx),
    );
    app.get(
      '/public/registry/donations/:id',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: publicTags,
          summary: 'One of one’s own registrations with its versions (the read is audited)',
          params: idParams,
          response: { 200: registrationDetailSchema, ...errors },
        },
      },
      (req) => organ.viewOwnRegistration(db, req.ctx, req.params.id),
    );
    app.patch(
      '/public/registry/donations/:id',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: publicTags,
          summary: 'Change one’s own registration (what to donate, family contact, executor): a new version',
          params: idParams,
          body: changeRegistrationSchema,
          response: { 200: registrationViewSchema, ...errors },
        },
      },
      (req) => organ.changeOwn(db, req.ctx, req.params.id, req.body),
    );
    app.post(
      '/public/registry/donations/:id/withdraw',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: publicTags,
          summary: 'Withdraw one’s own registration, at any time, no reason needed',
          params: idParams,
          body: withdrawOwnSchema,
          response: { 200: registrationViewSchema, ...errors },
        },
      },
      (req) => organ.withdrawOwn(db, req.ctx, req.params.id, req.body.reason),
    );
    app.get(
      '/public/registry/donations/:id/card.pdf',
      {
        config: { access: 'signed-in', rateLimit: { max: 20, timeWindow: '1 minute' } },
        schema: { tags: publicTags, summary: 'One’s own registration card (登记卡) PDF', params: idParams },
      },
      (req, reply) => sendCard(req, reply, req.params.id),
    );
    app.get(
      '/public/registry/check/:code',
      {
        config: { access: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
        schema: {
          tags: publicTags,
          summary: 'The card’s check page: masked name, kind and whether the registration stands',
          params: z.strictObject({ code: z.string().min(8).max(32) }),
          response: { 200: registrationCheckSchema, ...errors },
        },
      },
      (req) => organ.checkRegistration(db, req.params.code),
    );

    // -------------------------------------------------------------------------------------------- the console
    app.get(
      '/registry/donations',
      {
        config: view,
        schema: {
          tags,
          summary: 'Organ and body registrations in scope (masked)',
          querystring: registrationListQuerySchema,
          response: { 200: registrationPageSchema, ...errors },
        },
      },
      (req) => organ.listRegistrations(db, req.ctx, req.query),
    );
    app.post(
      '/registry/donations',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Register an intent at a counter from the signed form (uploaded); staff witness it',
          body: registerAtCounterSchema,
          response: { 201: registrationViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await organ.registerAtCounter(db, req.ctx, req.body)),
    );
    app.get(
      '/registry/donations/stats',
      {
        config: view,
        schema: {
          tags,
          summary: 'Registrations, withdrawals and realised donations per child unit and month, rolled up',
          querystring: registryStatsQuerySchema,
          response: { 200: registryStatsSchema, ...errors },
        },
      },
      (req) => organ.registryStats(db, req.ctx, req.query),
    );
    app.get(
      '/registry/donations/stats.xlsx',
      {
        config: view,
        schema: { tags, summary: 'The same statistics as an Excel workbook', querystring: registryStatsQuerySchema },
      },
      async (req, reply) => {
        const { buffer, name } = await organ.exportRegistryStats(db, req.ctx, req.query);
        return sendWorkbook(reply, buffer, 'organ-stats.xlsx', name);
      },
    );
    app.get(
      '/registry/donations/:id',
      {
        config: view,
        schema: {
          tags,
          summary: 'A registration’s masked detail and versions (every read is audited)',
          params: idParams,
          response: { 200: registrationDetailSchema, ...errors },
        },
      },
      (req) => organ.viewRegistration(db, req.ctx, req.params.id),
    );
    app.post(
      '/registry/donations/:id/unmask',
      {
        config: { access: { permission: 'pii:view' } },
        schema: {
          tags,
          summary: 'Full name, ID number and phones of a registration, with the reason audited',
          params: idParams,
          body: unmaskRegistrationSchema,
          response: { 200: unmaskedRegistrationSchema, ...errors },
        },
      },
      (req) => organ.unmaskRegistration(db, req.ctx, req.params.id, req.body.reason),
    );
    app.patch(
      '/registry/donations/:id',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Record a change the registrant asked for (note required): a new version',
          params: idParams,
          body: changeRegistrationSchema,
          response: { 200: registrationViewSchema, ...errors },
        },
      },
      (req) => organ.changeByStaff(db, req.ctx, req.params.id, req.body),
    );
    app.post(
      '/registry/donations/:id/withdraw',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Withdraw on the registrant’s recorded request (note and signed request required)',
          params: idParams,
          body: withdrawByStaffSchema,
          response: { 200: registrationViewSchema, ...errors },
        },
      },
      (req) => organ.withdrawByStaff(db, req.ctx, req.params.id, req.body),
    );
    app.post(
      '/registry/donations/:id/steps',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Record a step after death with evidence: death reported, then received by the institution',
          params: idParams,
          body: afterDeathStepSchema,
          response: { 200: registrationViewSchema, ...errors },
        },
      },
      (req) => organ.recordAfterDeathStep(db, req.ctx, req.params.id, req.body),
    );
    app.get(
      '/registry/donations/:id/card.pdf',
      {
        config: view,
        schema: { tags, summary: 'A registration’s card (登记卡) PDF (the print is audited)', params: idParams },
      },
      (req, reply) => sendCard(req, reply, req.params.id),
    );

    // -------------------------------------------------------------------------------------------- memorials (console)
    app.get(
      '/registry/memorials',
      {
        config: view,
        schema: {
          tags: memorialTags,
          summary: 'Memorials of units in scope, published or hidden',
          querystring: memorialAdminListQuerySchema,
          response: { 200: memorialAdminPageSchema, ...errors },
        },
      },
      (req) => memorial.listMemorialsForStaff(db, req.ctx, req.query),
    );
    app.post(
      '/registry/memorials',
      {
        config: manage,
        schema: {
          tags: memorialTags,
          summary: 'Create the memorial of a donor who passed, with the family’s signed consent',
          body: createMemorialSchema,
          response: { 201: memorialAdminViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await memorial.createMemorial(db, req.ctx, req.body)),
    );
    app.patch(
      '/registry/memorials/:id',
      {
        config: manage,
        schema: {
          tags: memorialTags,
          summary: 'Publish or hide a memorial, or edit its texts',
          params: idParams,
          body: updateMemorialSchema,
          response: { 200: memorialAdminViewSchema, ...errors },
        },
      },
      (req) => memorial.updateMemorial(db, req.ctx, req.params.id, req.body),
    );
    app.get(
      '/registry/memorial-messages',
      {
        config: { access: { permission: 'memorial:moderate' } },
        schema: {
          tags: memorialTags,
          summary: 'The moderation queue: visitors’ messages waiting (or decided) on memorials in scope',
          querystring: moderationQuerySchema,
          response: { 200: moderationPageSchema, ...errors },
        },
      },
      (req) => memorial.listForModeration(db, req.ctx, req.query),
    );
    app.post(
      '/registry/memorial-messages/:id/decision',
      {
        config: { access: { permission: 'memorial:moderate' } },
        schema: {
          tags: memorialTags,
          summary: 'Approve (show) or reject a visitor’s message',
          params: idParams,
          body: decideMessageSchema,
          response: { 200: messageViewSchema, ...errors },
        },
      },
      (req) => memorial.decideMessage(db, req.ctx, req.params.id, req.body.decision),
    );

    // -------------------------------------------------------------------------------------------- memorials (public)
    app.get(
      '/public/memorials',
      {
        config: { access: 'public', rateLimit: { max: 120, timeWindow: '1 minute' } },
        schema: {
          tags: memorialTags,
          summary: 'The memorial wall: published memorials, newest first, searchable',
          querystring: memorialWallQuerySchema,
          response: { 200: memorialWallSchema, ...errors },
        },
      },
      (req) => memorial.listMemorialWall(db, req.query),
    );
    app.get(
      '/public/memorials/:id',
      {
        config: { access: 'public', rateLimit: { max: 120, timeWindow: '1 minute' } },
        schema: {
          tags: memorialTags,
          summary: 'A memorial page with approved messages; counts the visitor once a day',
          params: idParams,
          response: { 200: memorialPageSchema, ...errors },
        },
      },
      (req, reply) => memorial.visitMemorial(db, req.params.id, visitorOf(req, reply)),
    );
    app.get(
      '/public/memorials/:id/photo',
      {
        config: { access: 'public', rateLimit: { max: 120, timeWindow: '1 minute' } },
        schema: { tags: memorialTags, summary: 'A memorial’s photo', params: idParams },
      },
      async (req, reply) => {
        const photo = await memorial.getMemorialPhoto(db, req.params.id);
        return reply
          .header('content-type', photo.contentType)
          .header('cache-control', 'public, max-age=3600')
          .send(photo.bytes);
      },
    );
    app.post(
      '/public/memorials/:id/flowers',
      {
        config: { access: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
        schema: {
          tags: memorialTags,
          summary: 'Leave a flower (one per visitor and day)',
          params: idParams,
          response: { 200: flowerResultSchema, ...errors },
        },
      },
      (req, reply) => memorial.leaveFlower(db, req.params.id, visitorOf(req, reply)),
    );
    app.post(
      '/public/memorials/:id/messages',
      {
        config: { access: 'public', rateLimit: { max: 5, timeWindow: '1 minute' } },
        schema: {
          tags: memorialTags,
          summary: 'Leave a message; it is shown once a moderator approves it (links and over-long text refused)',
          params: idParams,
          body: leaveMessageSchema,
          response: { 201: messageViewSchema, ...errors },
        },
      },
      async (req, reply) =>
        reply.code(201).send(await memorial.leaveMessage(db, req.ctx, req.params.id, visitorOf(req, reply), req.body)),
    );
  };
