// HTTP routes of the members module: applications (online and by staff), admission, cards, dues, transfers.
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { errorResponses } from '../../platform/errors';
import { sendWorkbook } from '../../platform/excel';
import { readUpload } from '../../platform/files/upload';
import { importViewSchema } from '../../platform/imports/imports.schemas';
import {
  admitSchema,
  cardVerificationSchema,
  duesSettingsSchema,
  enrolMemberSchema,
  hallRequestCreatedSchema,
  joinOnlineSchema,
  memberDetailSchema,
  memberListQuerySchema,
  memberPageSchema,
  memberStatsSchema,
  myMembershipSchema,
  recordDuesSchema,
  reissueCardSchema,
  rejectSchema,
  requestHallSchema,
  statsQuerySchema,
  transferSchema,
} from './members.schemas';
import * as members from './members.service';
import * as card from './members-card';
import * as dues from './members-dues';
import * as excel from './members-excel';
import { memberStats } from './members-stats';

const errors = errorResponses(400, 401, 403, 404, 409, 422);
const tags = ['members'];
const publicTags = ['members (public)'];
const view = { access: { permission: 'members:view' as const } };
const manage = { access: { permission: 'members:manage' as const } };
const idParams = z.object({ id: z.uuid() });
/** Verification is public: enough for someone checking a few cards, too little to walk the code space. */
const verifyLimit = { max: 30, timeWindow: '1 minute' };

const pdf = (reply: FastifyReply, name: string, bytes: Buffer) =>
  reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `inline; filename="${name}.pdf"`)
    .send(bytes);

export const membersRoutes =
  ({ db, publicUrl }: { db: Db; publicUrl?: string }): FastifyPluginAsyncZod =>
  async (app) => {
    // -------------------------------------------------------------------------------------------- public
    app.get(
      '/public/members/verify/:token',
      {
        config: { access: 'public', rateLimit: verifyLimit },
        schema: {
          tags: publicTags,
          summary: 'Verify a member card by the code in its QR: masked name, unit, kind, status, paid-up year',
          params: z.object({ token: z.string().min(10).max(64) }),
          response: { 200: cardVerificationSchema, ...errors },
        },
      },
      (req) => card.verifyCard(db, req.params.token),
    );
    app.post(
      '/my/membership',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: publicTags,
          summary: 'Apply for membership on the phone (opens the member-join hall request); the phone is the account’s',
          body: joinOnlineSchema,
          response: { 201: memberDetailSchema.pick({ id: true, status: true }), ...errors },
        },
      },
      async (req, reply) => {
        const m = await members.joinOnline(db, req.ctx, req.body);
        return reply.code(201).send({ id: m.id, status: m.status });
      },
    );
    app.get(
      '/my/membership',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: publicTags,
          summary: 'My membership: status, card with its QR code, dues history (null when none)',
          response: { 200: myMembershipSchema, ...errors },
        },
      },
      (req) => card.myMembership(db, req.ctx, publicUrl),
    );
    app.get(
      '/my/membership/card.pdf',
      {
        config: { access: 'signed-in' },
        schema: { tags: publicTags, summary: 'My member card as a PDF' },
      },
      async (req, reply) => {
        const c = await card.ownCardPdf(db, req.ctx, publicUrl);
        return pdf(reply, `member-card-${c.memberNo}`, c.pdf);
      },
    );
    app.get(
      '/my/membership/receipts/:id/pdf',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: publicTags,
          summary: 'The dues receipt of one of my payments',
          params: idParams,
        },
      },
      async (req, reply) => {
        const r = await card.duesReceiptPdf(db, req.ctx, req.params.id);
        return pdf(reply, `dues-receipt-${r.receiptNo}`, r.pdf);
      },
    );
    app.post(
      '/my/membership/card-reissue',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: publicTags,
          summary: 'Ask for a new member card (opens the member-card hall request)',
          body: requestHallSchema,
          response: { 201: hallRequestCreatedSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await card.requestFromPhone(db, req.ctx, 'member-card', req.body)),
    );
    app.post(
      '/my/membership/dues-request',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: publicTags,
          summary: 'Ask to pay dues for 1–5 years (opens the member-dues hall request; staff record the payment)',
          body: requestHallSchema,
          response: { 201: hallRequestCreatedSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await card.requestFromPhone(db, req.ctx, 'member-dues', req.body)),
    );

    // -------------------------------------------------------------------------------------------- staff
    app.get(
      '/members',
      {
        config: view,
        schema: {
          tags,
          summary: 'Members in my scope: search by name, pinyin, member number or phone; filters by unit, kind, status',
          querystring: memberListQuerySchema,
          response: { 200: memberPageSchema, ...errors },
        },
      },
      (req) => members.listMembers(db, req.ctx, req.query),
    );
    app.get(
      '/members/export.xlsx',
      {
        config: view,
        schema: {
          tags,
          summary: 'The member list in Excel (masked ID numbers and phones)',
          querystring: memberListQuerySchema.omit({ limit: true, offset: true }),
        },
      },
      async (req, reply) =>
        sendWorkbook(reply, await excel.exportMembers(db, req.ctx, req.query), 'members.xlsx', '会员名册.xlsx'),
    );
    app.get(
      '/members/template.xlsx',
      { config: manage, schema: { tags, summary: 'The Excel template of the member import' } },
      async (_req, reply) =>
        sendWorkbook(reply, await excel.buildImportTemplate(), 'members-template.xlsx', '会员导入模板.xlsx'),
    );
    app.post(
      '/members/imports',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Import individual members into a unit (multipart "file"): any bad row refuses the whole file',
          querystring: z.object({ orgId: z.coerce.number().int().positive() }),
          consumes: ['multipart/form-data'],
          response: { 202: importViewSchema, ...errors, ...errorResponses(413, 415) },
        },
      },
      async (req, reply) => {
        const file = await readUpload(req);
        return reply.code(202).send(await excel.uploadMembers(db, req.ctx, req.query.orgId, file));
      },
    );
    app.get(
      '/members/imports/:id',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Progress and result of my member import',
          params: idParams,
          response: { 200: importViewSchema, ...errors },
        },
      },
      (req) => excel.getMemberImport(db, req.ctx, req.params.id),
    );
    app.get(
      '/members/stats',
      {
        config: view,
        schema: {
          tags,
          summary: 'Member statistics of a unit and period, per child unit rolled up the tree',
          querystring: statsQuerySchema,
          response: { 200: memberStatsSchema, ...errors },
        },
      },
      (req) => memberStats(db, req.ctx, req.query),
    );
    app.get(
      '/members/dues-settings',
      {
        config: view,
        schema: {
          tags,
          summary: 'The dues settings of the province a unit is in',
          querystring: z.object({ orgId: z.coerce.number().int().positive() }),
          response: { 200: duesSettingsSchema, ...errors },
        },
      },
      (req) => dues.getDuesSettings(db, req.ctx, req.query.orgId),
    );
    app.put(
      '/members/dues-settings',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Set the province’s dues amounts (within the caps), shares up the tree and lapse rule',
          querystring: z.object({ orgId: z.coerce.number().int().positive() }),
          body: duesSettingsSchema,
          response: { 200: duesSettingsSchema, ...errors },
        },
      },
      (req) => dues.setDuesSettings(db, req.ctx, req.query.orgId, req.body),
    );
    app.post(
      '/members',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Enrol a member at a unit (individual or group); admitted at once with admit',
          body: enrolMemberSchema,
          response: { 201: memberDetailSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await members.enrolMember(db, req.ctx, req.body)),
    );
    app.get(
      '/members/:id',
      {
        config: view,
        schema: {
          tags,
          summary: 'A member with history and dues',
          params: idParams,
          response: { 200: memberDetailSchema, ...errors },
        },
      },
      (req) => members.viewMember(db, req.ctx, req.params.id),
    );
    app.post(
      '/members/:id/admit',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Admit an application: member number, card, SMS',
          params: idParams,
          body: admitSchema,
          response: { 200: memberDetailSchema, ...errors },
        },
      },
      (req) => members.admitMember(db, req.ctx, req.params.id, req.body.note),
    );
    app.post(
      '/members/:id/reject',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Reject an application with a reason (SMS to the applicant)',
          params: idParams,
          body: rejectSchema,
          response: { 200: memberDetailSchema, ...errors },
        },
      },
      (req) => members.rejectMember(db, req.ctx, req.params.id, req.body.reason),
    );
    app.post(
      '/members/:id/dues',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Record dues for 1–5 years (cash, bank, online with a reference); reinstates a lapsed member',
          params: idParams,
          body: recordDuesSchema,
          response: { 200: memberDetailSchema, ...errors },
        },
      },
      (req) => dues.recordDues(db, req.ctx, req.params.id, req.body),
    );
    app.post(
      '/members/:id/transfer',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Transfer a member to another unit (转会), with a reason',
          params: idParams,
          body: transferSchema,
          response: { 200: memberDetailSchema, ...errors },
        },
      },
      (req) => members.transferMember(db, req.ctx, req.params.id, req.body),
    );
    app.post(
      '/members/:id/card-reissue',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Reissue the member card: the old card’s QR code stops verifying',
          params: idParams,
          body: reissueCardSchema,
          response: { 200: memberDetailSchema, ...errors },
        },
      },
      (req) => card.reissueCard(db, req.ctx, req.params.id, req.body),
    );
    app.get(
      '/members/:id/card.pdf',
      {
        config: view,
        schema: { tags, summary: 'The member card as a PDF', params: idParams },
      },
      async (req, reply) => {
        const c = await card.cardPdfForStaff(db, req.ctx, req.params.id, publicUrl);
        return pdf(reply, `member-card-${c.memberNo}`, c.pdf);
      },
    );
    app.get(
      '/members/receipts/:id/pdf',
      {
        config: view,
        schema: {
          tags,
          summary: 'A dues receipt (会费收据, not a donation receipt)',
          params: idParams,
        },
      },
      async (req, reply) => {
        const r = await card.duesReceiptPdf(db, req.ctx, req.params.id);
        return pdf(reply, `dues-receipt-${r.receiptNo}`, r.pdf);
      },
    );
  };
