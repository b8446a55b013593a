// HTTP routes of blood drives and stem-cell donor registration (造血干细胞捐献者资料库): the registrant's own pages on a
// phone (sign-up, confirm, withdraw, certificate), the public check page, and the staff console (drives, participants,
// registrations with audited detail views, samples and labels, workflow steps, withdrawals, statistics).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { errorResponses } from '../../platform/errors';
import { sendWorkbook } from '../../platform/excel';
import * as blood from './registry-blood';
import {
  createDriveSchema,
  donorViewSchema,
  driveDetailSchema,
  driveQuerySchema,
  driveViewSchema,
  publicDriveSchema,
  recordDonationSchema,
  registerDonorSchema,
  updateDriveSchema,
} from './registry-blood.schemas';
import {
  consentViewSchema,
  myRegistrationSchema,
  publicCheckSchema,
  recordSampleSchema,
  recordStepSchema,
  registrationDetailSchema,
  registrationListSchema,
  registrationQuerySchema,
  selfWithdrawSchema,
  signUpSchema,
  staffRegisterSchema,
  staffWithdrawSchema,
  statsQuerySchema,
  statsViewSchema,
  unmaskedSchema,
  unmaskSchema,
} from './registry-stemcell.schemas';
import * as stemcell from './registry-stemcell.service';
import { renderSampleLabel, renderStemCellCertificate } from './registry-stemcell-pdf';
import { exportStats, getStats } from './registry-stemcell-stats';

const errors = errorResponses(400, 401, 403, 404, 409, 422);
const tags = ['registry'];
const publicTags = ['registry (public)'];
const view = { access: { permission: 'registry:view' as const } };
const manage = { access: { permission: 'registry:manage' as const } };
const publicRead = { max: 60, timeWindow: '1 minute' };
const publicWrite = { max: 10, timeWindow: '1 minute' };
const idParams = z.strictObject({ id: z.uuid() });
const langQuery = z.strictObject({ lang: z.string().max(20).optional() });
const pdf = (reply: import('fastify').FastifyReply, name: string, bytes: Buffer) =>
  reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `inline; filename="${name}.pdf"`)
    .send(bytes);

export const stemCellRoutes =
  ({ db, publicUrl }: { db: Db; publicUrl?: string }): FastifyPluginAsyncZod =>
  async (app) => {
    // -------------------------------------------------------------------------------------------- public
    app.get(
      '/public/registry/stem-cell/consent',
      {
        config: { access: 'public', rateLimit: publicRead },
        schema: {
          tags: publicTags,
          summary: 'The current consent text (versioned), health questions and age limits of stem-cell registration',
          querystring: langQuery,
          response: { 200: consentViewSchema, ...errors },
        },
      },
      () => stemcell.stemCellConsent,
    );
    app.get(
      '/public/registry/stem-cell/check/:code',
      {
        config: { access: 'public', rateLimit: publicRead },
        schema: {
          tags: publicTags,
          summary: 'The public check page behind a certificate’s QR code: masked name and status only',
          params: z.strictObject({ code: z.string().min(3).max(60) }),
          querystring: langQuery,
          response: { 200: publicCheckSchema, ...errors },
        },
      },
      (req) => stemcell.checkPublic(db, req.params.code),
    );
    app.get(
      '/public/registry/blood-drives',
      {
        config: { access: 'public', rateLimit: publicRead },
        schema: {
          tags: publicTags,
          summary: 'Upcoming blood drives (for signing up as a stem-cell donor at one)',
          querystring: langQuery,
          response: { 200: z.array(publicDriveSchema), ...errors },
        },
      },
      () => blood.listUpcomingDrives(db),
    );

    // -------------------------------------------------------------------------------------------- the registrant
    app.get(
      '/registry/stem-cell/me',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: publicTags,
          summary: 'My stem-cell registration (the newest made with my phone), or null',
          querystring: langQuery,
          response: { 200: myRegistrationSchema, ...errors },
        },
      },
      (req) => stemcell.getMyRegistration(db, req.ctx, publicUrl),
    );
    app.post(
      '/registry/stem-cell/me',
      {
        config: { access: 'signed-in', rateLimit: publicWrite },
        schema: {
          tags: publicTags,
          summary: 'Sign up as a stem-cell donor on my phone (starts the 7-day cooling-off)',
          body: signUpSchema,
          response: { 201: registrationDetailSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await stemcell.signUp(db, req.ctx, req.body, publicUrl)),
    );
    app.post(
      '/registry/stem-cell/me/confirm',
      {
        config: { access: 'signed-in', rateLimit: publicWrite },
        schema: {
          tags: publicTags,
          summary: 'Confirm my registration after the cooling-off',
          response: { 200: registrationDetailSchema, ...errors },
        },
      },
      (req) => stemcell.confirmMine(db, req.ctx, publicUrl),
    );
    app.post(
      '/registry/stem-cell/me/withdraw',
      {
        config: { access: 'signed-in', rateLimit: publicWrite },
        schema: {
          tags: publicTags,
          summary: 'Withdraw my registration (after a preliminary match only with confirmLate)',
          body: selfWithdrawSchema,
          response: { 200: registrationDetailSchema, ...errors },
        },
      },
      (req) => stemcell.withdrawMine(db, req.ctx, req.body, publicUrl),
    );
    app.get(
      '/registry/stem-cell/me/certificate.pdf',
      {
        config: { access: 'signed-in', rateLimit: publicRead },
        schema: { tags: publicTags, summary: 'My registration certificate (PDF)', querystring: langQuery },
      },
      async (req, reply) => {
        const { r, orgName } = await stemcell.getCertificateSource(db, req.ctx, null);
        return pdf(reply, `stemcell-${r.registrationNo}`, await certificate(r, orgName));
      },
    );

    const certificate = (r: Awaited<ReturnType<typeof stemcell.getCertificateSource>>['r'], orgName: string) =>
      renderStemCellCertificate({
        name: r.name,
        registrationNo: r.registrationNo,
        orgName,
        registeredAt: r.confirmedAt ?? r.createdAt,
        checkUrl: stemcell.checkUrlOf(r, publicUrl),
      });

    // -------------------------------------------------------------------------------------------- blood drives
    app.get(
      '/registry/blood-drives',
      {
        config: view,
        schema: {
          tags,
          summary: 'Blood drives in scope (optionally of one unit’s subtree), newest first, with their counts',
          querystring: driveQuerySchema,
          response: { 200: z.array(driveViewSchema), ...errors },
        },
      },
      (req) => blood.listDrives(db, req.ctx, req.query.orgId),
    );
    app.post(
      '/registry/blood-drives',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Plan a blood drive with a blood centre',
          body: createDriveSchema,
          response: { 201: driveViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await blood.createDrive(db, req.ctx, req.body)),
    );
    app.get(
      '/registry/blood-drives/:id',
      {
        config: view,
        schema: {
          tags,
          summary: 'A blood drive with its participants (names only with consent, masked without registry:manage)',
          params: idParams,
          querystring: langQuery,
          response: { 200: driveDetailSchema, ...errors },
        },
      },
      (req) => blood.getDrive(db, req.ctx, req.params.id),
    );
    app.post(
      '/registry/blood-drives/:id/status',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Mark a drive planned, held or cancelled',
          params: idParams,
          body: updateDriveSchema,
          response: { 200: driveViewSchema, ...errors },
        },
      },
      (req) => blood.setDriveStatus(db, req.ctx, req.params.id, req.body.status),
    );
    app.post(
      '/registry/blood-drives/:id/donors',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Register a participant (age 18–55, 60 for repeat donors; 6 months since the last whole blood)',
          params: idParams,
          body: registerDonorSchema,
          response: { 201: donorViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await blood.registerDonor(db, req.ctx, req.params.id, req.body)),
    );
    app.post(
      '/registry/blood-drives/:id/donors/:donorId/outcome',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Record a participant as donated (200/300/400 ml) or deferred',
          params: z.strictObject({ id: z.uuid(), donorId: z.uuid() }),
          body: recordDonationSchema,
          response: { 200: donorViewSchema, ...errors },
        },
      },
      (req) => blood.recordDonorOutcome(db, req.ctx, req.params.id, req.params.donorId, req.body),
    );

    // -------------------------------------------------------------------------------------------- registrations
    app.get(
      '/registry/stem-cell/registrations',
      {
        config: view,
        schema: {
          tags,
          summary: 'Stem-cell registrations in scope (names masked without registry:manage)',
          querystring: registrationQuerySchema,
          response: { 200: registrationListSchema, ...errors },
        },
      },
      (req) => stemcell.listRegistrations(db, req.ctx, req.query),
    );
    app.post(
      '/registry/stem-cell/registrations',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Register a donor in person (no cooling-off: consent given face to face)',
          body: staffRegisterSchema,
          response: { 201: registrationDetailSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await stemcell.registerByStaff(db, req.ctx, req.body, publicUrl)),
    );
    app.get(
      '/registry/stem-cell/registrations/:id',
      {
        config: view,
        schema: {
          tags,
          summary: 'A registrant’s detail (every read is audited as registry.viewed)',
          params: idParams,
          querystring: langQuery,
          response: { 200: registrationDetailSchema, ...errors },
        },
      },
      (req) => stemcell.viewRegistration(db, req.ctx, req.params.id, publicUrl),
    );
    app.post(
      '/registry/stem-cell/registrations/:id/unmask',
      {
        config: { access: { permission: 'pii:view' } },
        schema: {
          tags,
          summary: 'Full name, ID number and phones of a registrant and relatives, with a reason (audited)',
          params: idParams,
          body: unmaskSchema,
          response: { 200: unmaskedSchema, ...errors },
        },
      },
      (req) => stemcell.unmaskRegistration(db, req.ctx, req.params.id, req.body.reason),
    );
    app.post(
      '/registry/stem-cell/registrations/:id/samples',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Record the HLA blood sample with its barcode (scanned, or generated for the label)',
          params: idParams,
          body: recordSampleSchema,
          response: { 200: registrationDetailSchema, ...errors },
        },
      },
      (req) => stemcell.recordSample(db, req.ctx, req.params.id, req.body, publicUrl),
    );
    app.post(
      '/registry/stem-cell/registrations/:id/steps',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Record the next workflow step (入库, 初配, 高分辨, 体检, 动员, 采集) with its date',
          params: idParams,
          body: recordStepSchema,
          response: { 200: registrationDetailSchema, ...errors },
        },
      },
      (req) => stemcell.recordStep(db, req.ctx, req.params.id, req.body, publicUrl),
    );
    app.post(
      '/registry/stem-cell/registrations/:id/withdraw',
      {
        config: manage,
        schema: {
          tags,
          summary: 'File a withdrawal on the registrant’s recorded request (who asked, how, evidence)',
          params: idParams,
          body: staffWithdrawSchema,
          response: { 200: registrationDetailSchema, ...errors },
        },
      },
      (req) => stemcell.withdrawByStaff(db, req.ctx, req.params.id, req.body, publicUrl),
    );
    app.get(
      '/registry/stem-cell/registrations/:id/certificate.pdf',
      {
        config: view,
        schema: {
          tags,
          summary: 'A registrant’s certificate (PDF; audited)',
          params: idParams,
          querystring: langQuery,
        },
      },
      async (req, reply) => {
        const { r, orgName } = await stemcell.getCertificateSource(db, req.ctx, req.params.id);
        return pdf(reply, `stemcell-${r.registrationNo}`, await certificate(r, orgName));
      },
    );
    app.get(
      '/registry/stem-cell/samples/:id/label.pdf',
      {
        config: manage,
        schema: { tags, summary: 'The sample tube label (50 × 30 mm PDF)', params: idParams, querystring: langQuery },
      },
      async (req, reply) => {
        const { sample, registrationNo } = await stemcell.getSampleLabel(db, req.ctx, req.params.id);
        const bytes = await renderSampleLabel({
          barcode: sample.barcode,
          registrationNo,
          collectedOn: sample.collectedOn,
          volumeMl: sample.volumeMl,
        });
        return pdf(reply, `label-${sample.barcode}`, bytes);
      },
    );

    // -------------------------------------------------------------------------------------------- statistics
    app.get(
      '/registry/stem-cell/stats',
      {
        config: view,
        schema: {
          tags,
          summary: 'Registrations, samples, matches, collections and blood drives per child unit and month',
          querystring: statsQuerySchema,
          response: { 200: statsViewSchema, ...errors },
        },
      },
      (req) => getStats(db, req.ctx, req.query),
    );
    app.get(
      '/registry/stem-cell/stats.xlsx',
      {
        config: view,
        schema: { tags, summary: 'The same statistics as an Excel workbook', querystring: statsQuerySchema },
      },
      async (req, reply) => {
        const { buffer, name } = await exportStats(db, req.ctx, req.query);
        return sendWorkbook(reply, buffer, 'registry-stats.xlsx', name);
      },
    );
  };
