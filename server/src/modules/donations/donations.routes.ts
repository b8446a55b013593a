// HTTP routes for donations: projects, online giving and the providers' notifications, the built-in checkout,
// gifts recorded by staff, funds and payouts, and the public views (project pages, trails, daily disclosure).
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { errorResponses } from '../../platform/errors';
import { sendWorkbook } from '../../platform/excel';
import { readUpload } from '../../platform/files/upload';
import * as allocations from './allocations';
import * as disclosureReports from './disclosures';
import {
  allocationListQuerySchema,
  allocationPageSchema,
  allocationViewSchema,
  consentViewSchema,
  correctDisclosureSchema,
  createOrderSchema,
  createProjectSchema,
  dailyDisclosureQuerySchema,
  dailyDisclosureSchema,
  decidePayoutSchema,
  disclosureListQuerySchema,
  disclosurePageSchema,
  disclosureViewSchema,
  donationListQuerySchema,
  donationPageSchema,
  donationViewSchema,
  donorDonationSchema,
  fundListQuerySchema,
  fundViewSchema,
  giftImportQuerySchema,
  giftImportViewSchema,
  ledgerSearchQuerySchema,
  ledgerSearchResultSchema,
  localCheckoutActionSchema,
  localCheckoutQuerySchema,
  localCheckoutViewSchema,
  onlineChannelValues,
  openActivitiesQuerySchema,
  openActivityPageSchema,
  openTransactionPageSchema,
  openTransactionsQuerySchema,
  orderCreatedSchema,
  orderStatusViewSchema,
  paymentChannelsSchema,
  paymentNotificationPageSchema,
  paymentNotificationQuerySchema,
  paymentNotificationViewSchema,
  payoutListQuerySchema,
  payoutPageSchema,
  payoutViewSchema,
  projectFlowSchema,
  projectGiftPageSchema,
  projectListQuerySchema,
  projectPageSchema,
  projectPayoutPageSchema,
  projectViewSchema,
  publicDonationSchema,
  publicPageQuerySchema,
  publishDisclosureSchema,
  recordConsentSchema,
  recordDonationSchema,
  requestAllocationSchema,
  requestPayoutSchema,
  requestReversalSchema,
  reversalListQuerySchema,
  reversalPageSchema,
  reversalViewSchema,
  statementImportQuerySchema,
  statementLocalQuerySchema,
  statementPageSchema,
  statementViewSchema,
  tokenQuerySchema,
  updateProjectSchema,
} from './donations.schemas';
import * as donations from './donations.service';
import * as documents from './donor-documents';
import { buildGiftTemplate } from './gift-import';
import * as giving from './giving';
import * as openData from './open-data';
import * as evidence from './payment-evidence';
import * as payouts from './payouts';
import * as projectPages from './project-pages';
import * as reconciliation from './reconciliation';
import * as reports from './reports';
import { donationReportQuerySchema, donationReportSchema } from './reports.schemas';
import * as reversals from './reversals';

const errors = errorResponses(400, 401, 403, 404, 409, 422);
const tags = ['donations'];
const publicTags = ['donations (public)'];
const idParams = z.strictObject({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const uuidParams = z.strictObject({ id: z.uuid() });
const codeParams = z.strictObject({ code: z.string().min(1).max(32) });
const donationNoParams = z.strictObject({ donationNo: z.string().min(1).max(40) });
const orderNoParams = z.strictObject({ orderNo: z.string().min(1).max(40) });
const publicRead = { max: 120, timeWindow: '1 minute' };

export const donationsRoutes =
  ({ db, giving: rt }: { db: Db; giving: giving.GivingRuntime }): FastifyPluginAsyncZod =>
  async (app) => {
    // -------------------------------------------------------------------------------------------- projects (staff)
    app.get(
      '/donation-projects',
      {
        config: { access: { permission: 'donations:view' } },
        schema: { tags, querystring: projectListQuerySchema, response: { 200: projectPageSchema, ...errors } },
      },
      (req) => donations.listProjects(db, req.ctx, req.query),
    );
    app.post(
      '/donation-projects',
      {
        config: { access: { permission: 'donations:manage' } },
        schema: { tags, body: createProjectSchema, response: { 201: projectViewSchema, ...errors } },
      },
      async (req, reply) => reply.code(201).send(await donations.createProject(db, req.ctx, req.body)),
    );
    app.get(
      '/donation-projects/:id',
      {
        config: { access: { permission: 'donations:view' } },
        schema: { tags, params: idParams, response: { 200: projectViewSchema, ...errors } },
      },
      (req) => donations.viewProject(db, req.ctx, req.params.id),
    );
    app.patch(
      '/donation-projects/:id',
      {
        config: { access: { permission: 'donations:manage' } },
        schema: {
          tags,
          summary: 'Edit a project, or open / close it (a closed project stays closed)',
          params: idParams,
          body: updateProjectSchema,
          response: { 200: projectViewSchema, ...errors },
        },
      },
      (req) => donations.updateProject(db, req.ctx, req.params.id, req.body),
    );

    // -------------------------------------------------------------------------------------------- gifts (staff)
    app.get(
      '/donations',
      {
        config: { access: { permission: 'donations:view' } },
        schema: { tags, querystring: donationListQuerySchema, response: { 200: donationPageSchema, ...errors } },
      },
      (req) => donations.listDonations(db, req.ctx, req.query),
    );
    app.post(
      '/donations',
      {
        config: { access: { permission: 'donations:record' } },
        schema: {
          tags,
          summary: 'Record a gift received by bank transfer, cash or cheque (evidence file uploaded first)',
          body: recordDonationSchema,
          response: { 201: donationViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await donations.recordDonation(db, req.ctx, rt.rules, req.body)),
    );
    app.get(
      '/donations/import/template.xlsx',
      {
        config: { access: { permission: 'donations:record' } },
        schema: { tags, summary: 'The Excel template for importing offline gifts' },
      },
      async (_req, reply) =>
        sendWorkbook(reply, await buildGiftTemplate(), 'gifts-template.xlsx', '线下捐赠导入模板.xlsx'),
    );
    app.post(
      '/donations/import',
      {
        config: { access: { permission: 'donations:record' } },
        schema: {
          tags,
          summary:
            'Upload an Excel file of offline gifts (multipart field "file") with the evidence of the batch; every row is checked, then all are received in one transaction',
          consumes: ['multipart/form-data'],
          querystring: giftImportQuerySchema,
          response: { 202: giftImportViewSchema, ...errors, ...errorResponses(413, 415) },
        },
      },
      async (req, reply) => {
        const file = await readUpload(req);
        return reply.code(202).send(await donations.importGifts(db, req.ctx, rt.rules, file, req.query.evidenceFileId));
      },
    );
    app.get(
      '/donations/import/:importId',
      {
        config: { access: { permission: 'donations:record' } },
        schema: {
          tags,
          summary: 'Progress and result of a gift import',
          params: z.strictObject({ importId: z.uuid() }),
          response: { 200: giftImportViewSchema, ...errors },
        },
      },
      (req) => donations.getGiftImport(db, req.ctx, req.params.importId),
    );
    app.get(
      '/donations/:id',
      {
        config: { access: { permission: 'donations:view' } },
        schema: { tags, params: uuidParams, response: { 200: donationViewSchema, ...errors } },
      },
      (req) => donations.viewDonation(db, req.ctx, req.params.id),
    );

    app.post(
      '/donations/:id/reversals',
      {
        config: { access: { permission: 'donations:record' } },
        schema: {
          tags,
          summary: 'Ask to refund or correct an unspent gift (a second user approves)',
          params: uuidParams,
          body: requestReversalSchema,
          response: { 201: reversalViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await reversals.requestReversal(db, req.ctx, req.params.id, req.body)),
    );
    app.get(
      '/donation-reversals',
      {
        config: { access: { permission: 'donations:view' } },
        schema: { tags, querystring: reversalListQuerySchema, response: { 200: reversalPageSchema, ...errors } },
      },
      (req) => reversals.listReversals(db, req.ctx, req.query),
    );
    app.post(
      '/donation-reversals/:id/decision',
      {
        config: { access: { permission: 'funds:approve' } },
        schema: {
          tags,
          summary: 'Approve (reverse the gift: a new ledger entry and a negative fund entry) or reject',
          params: uuidParams,
          body: decidePayoutSchema,
          response: { 200: reversalViewSchema, ...errors },
        },
      },
      (req) => reversals.decideReversal(db, req.ctx, req.params.id, req.body),
    );

    app.post(
      '/donations/:id/consents',
      {
        config: { access: { permission: 'donations:record' } },
        schema: {
          tags,
          summary: "Record the donor's consent to use a restricted gift for another fund (with its evidence)",
          params: uuidParams,
          body: recordConsentSchema,
          response: { 201: consentViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await allocations.recordConsent(db, req.ctx, req.params.id, req.body)),
    );
    app.get(
      '/fund-allocations',
      {
        config: { access: { permission: 'donations:view' } },
        schema: { tags, querystring: allocationListQuerySchema, response: { 200: allocationPageSchema, ...errors } },
      },
      (req) => allocations.listAllocations(db, req.ctx, req.query),
    );
    app.post(
      '/fund-allocations',
      {
        config: { access: { permission: 'funds:payout' } },
        schema: {
          tags,
          summary: "Ask to move money between funds (restricted gifts only with their donors' consent)",
          body: requestAllocationSchema,
          response: { 201: allocationViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await allocations.requestAllocation(db, req.ctx, req.body)),
    );
    app.post(
      '/fund-allocations/:id/decision',
      {
        config: { access: { permission: 'funds:approve' } },
        schema: {
          tags,
          summary: 'Approve (move the oldest eligible gifts first) or reject an allocation',
          params: uuidParams,
          body: decidePayoutSchema,
          response: { 200: allocationViewSchema, ...errors },
        },
      },
      (req) => allocations.decideAllocation(db, req.ctx, req.params.id, req.body),
    );

    // -------------------------------------------------------------------------------------------- funds and payouts
    app.get(
      '/funds',
      {
        config: { access: { permission: 'donations:view' } },
        schema: { tags, querystring: fundListQuerySchema, response: { 200: z.array(fundViewSchema), ...errors } },
      },
      (req) => donations.listFunds(db, req.ctx, req.query),
    );
    app.get(
      '/payouts',
      {
        config: { access: { permission: 'donations:view' } },
        schema: { tags, querystring: payoutListQuerySchema, response: { 200: payoutPageSchema, ...errors } },
      },
      (req) => payouts.listPayouts(db, req.ctx, req.query),
    );
    app.post(
      '/payouts',
      {
        config: { access: { permission: 'funds:payout' } },
        schema: {
          tags,
          summary: 'Request a payout from a fund (a second user approves it)',
          body: requestPayoutSchema,
          response: { 201: payoutViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await payouts.requestPayout(db, req.ctx, req.body)),
    );
    app.get(
      '/payouts/:id',
      {
        config: { access: { permission: 'donations:view' } },
        schema: { tags, params: uuidParams, response: { 200: payoutViewSchema, ...errors } },
      },
      (req) => payouts.viewPayout(db, req.ctx, req.params.id),
    );
    app.post(
      '/payouts/:id/decision',
      {
        config: { access: { permission: 'funds:approve' } },
        schema: {
          tags,
          summary: 'Approve (pay, matched FIFO to the gifts it spends) or reject a pending payout',
          params: uuidParams,
          body: decidePayoutSchema,
          response: { 200: payoutViewSchema, ...errors },
        },
      },
      (req) => payouts.decidePayout(db, req.ctx, req.params.id, req.body),
    );
    app.get(
      '/payment-notifications',
      {
        config: { access: { permission: 'payments:reconcile' } },
        schema: {
          tags,
          summary: 'Payment notifications received; flagged=true lists the refused ones (forged, late, wrong amount…)',
          querystring: paymentNotificationQuerySchema,
          response: { 200: paymentNotificationPageSchema, ...errors },
        },
      },
      (req) => evidence.listNotifications(db, req.query),
    );

    app.post(
      '/payment-notifications/:id/review',
      {
        config: { access: { permission: 'payments:reconcile' } },
        schema: {
          tags,
          summary: 'Mark a flagged notification as dealt with, saying how (audited)',
          params: uuidParams,
          body: z.strictObject({ note: z.string().trim().min(2).max(500) }),
          response: { 200: paymentNotificationViewSchema, ...errors },
        },
      },
      (req) => evidence.reviewNotification(db, req.ctx, req.params.id, req.body.note),
    );

    app.post(
      '/payment-statements',
      {
        config: { access: { permission: 'payments:reconcile' } },
        schema: {
          tags,
          summary: 'Import a provider\'s daily statement (CSV, multipart field "file") and reconcile every line',
          consumes: ['multipart/form-data'],
          querystring: statementImportQuerySchema,
          response: { 201: statementViewSchema, ...errors },
        },
      },
      async (req, reply) => {
        const file = await readUpload(req);
        return reply.code(201).send(await reconciliation.importStatement(db, req.ctx, req.query.channel, file));
      },
    );
    app.get(
      '/payment-statements',
      {
        config: { access: { permission: 'payments:reconcile' } },
        schema: {
          tags,
          querystring: paymentNotificationQuerySchema.omit({ flagged: true }),
          response: { 200: statementPageSchema, ...errors },
        },
      },
      (req) => reconciliation.listStatements(db, req.query),
    );
    app.get(
      '/payment-statements/local.csv',
      {
        config: { access: { permission: 'payments:reconcile' } },
        schema: {
          tags,
          summary: "The local (demo) provider's statement of one day",
          querystring: statementLocalQuerySchema,
        },
      },
      async (req, reply) =>
        reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="local-${req.query.date}.csv"`)
          .send(await reconciliation.localStatementOf(db, req.query.date)),
    );

    // -------------------------------------------------------------------------------------------- public
    app.get(
      '/public/projects',
      {
        config: { access: 'public', rateLimit: publicRead },
        schema: {
          tags: publicTags,
          querystring: projectListQuerySchema,
          response: { 200: projectPageSchema, ...errors },
        },
      },
      (req) => donations.listPublicProjects(db, req.query),
    );
    app.get(
      '/public/projects/:code',
      {
        config: { access: 'public', rateLimit: publicRead },
        schema: { tags: publicTags, params: codeParams, response: { 200: projectViewSchema, ...errors } },
      },
      (req) => donations.viewPublicProject(db, req.params.code),
    );
    app.get(
      '/public/payment-channels',
      {
        config: { access: 'public', rateLimit: publicRead },
        schema: {
          tags: publicTags,
          summary: 'The payment channels this deployment takes, and the consent text version to accept',
          response: { 200: paymentChannelsSchema },
        },
      },
      () => giving.listChannels(rt),
    );
    app.post(
      '/public/orders',
      {
        config: { access: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
        schema: {
          tags: publicTags,
          summary: 'Start an online gift: an order and the provider checkout to send the payer to',
          body: createOrderSchema,
          response: { 201: orderCreatedSchema, ...errors, ...errorResponses(502) },
        },
      },
      async (req, reply) => reply.code(201).send(await giving.createOrder(db, req.ctx, rt, req.body)),
    );
    app.get(
      '/public/orders/:orderNo',
      {
        config: { access: 'public', rateLimit: publicRead },
        schema: {
          tags: publicTags,
          summary: "The donor's order status (with the order's access token)",
          params: orderNoParams,
          querystring: tokenQuerySchema,
          response: { 200: orderStatusViewSchema, ...errors },
        },
      },
      (req) => giving.viewOrderStatus(db, req.params.orderNo, req.query.token),
    );
    app.get(
      '/public/pay/local/:orderNo',
      {
        config: { access: 'public', rateLimit: publicRead },
        schema: {
          tags: publicTags,
          summary: 'The built-in checkout page: the order behind a signed checkout link',
          params: orderNoParams,
          querystring: localCheckoutQuerySchema,
          response: { 200: localCheckoutViewSchema, ...errors },
        },
      },
      (req) => giving.viewLocalCheckout(db, rt, req.params.orderNo, req.query),
    );
    app.post(
      '/public/pay/local/:orderNo',
      {
        config: { access: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
        schema: {
          tags: publicTags,
          summary: 'The built-in checkout page: pay or cancel (the local provider sends its signed notification)',
          params: orderNoParams,
          body: localCheckoutActionSchema,
          response: { 200: z.object({ returnUrl: z.string(), verdict: z.string() }), ...errors },
        },
      },
      (req) => giving.actOnLocalCheckout(db, rt, req.params.orderNo, req.body),
    );
    app.get(
      '/public/donations/:donationNo',
      {
        config: { access: 'public', rateLimit: publicRead },
        schema: {
          tags: publicTags,
          summary: 'A gift by its number: masked donor, amount and where the money went',
          params: donationNoParams,
          response: { 200: publicDonationSchema, ...errors },
        },
      },
      (req) => donations.viewPublicDonation(db, req.params.donationNo),
    );
    app.get(
      '/public/donations/:donationNo/mine',
      {
        config: { access: 'public', rateLimit: publicRead },
        schema: {
          tags: publicTags,
          summary: "The donor's own view with the commitment salt (with the gift's access token)",
          params: donationNoParams,
          querystring: tokenQuerySchema,
          response: { 200: donorDonationSchema, ...errors },
        },
      },
      (req) => donations.viewDonorDonation(db, req.params.donationNo, req.query.token),
    );
    app.get(
      '/public/disclosure/daily',
      {
        config: { access: 'public', rateLimit: publicRead },
        schema: {
          tags: publicTags,
          summary: '一天一公示: the gifts and payouts of one day (Asia/Shanghai), for the network or a unit',
          querystring: dailyDisclosureQuerySchema,
          response: { 200: dailyDisclosureSchema, ...errors },
        },
      },
      (req) => donations.dailyDisclosure(db, req.query),
    );
    app.get(
      '/public/disclosure/search',
      {
        config: { access: 'public', rateLimit: publicRead },
        schema: {
          tags: publicTags,
          summary: 'Search gifts by donation number, or by day and amount',
          querystring: ledgerSearchQuerySchema,
          response: { 200: ledgerSearchResultSchema, ...errors },
        },
      },
      (req) => donations.searchGifts(db, req.query),
    );

    app.get(
      '/disclosures',
      {
        config: { access: { permission: 'donations:view' } },
        schema: {
          tags,
          summary: 'Disclosure obligations and publications (status=overdue lists what is late)',
          querystring: disclosureListQuerySchema,
          response: { 200: disclosurePageSchema, ...errors },
        },
      },
      (req) => disclosureReports.listDisclosures(db, req.ctx, req.query),
    );
    app.post(
      '/disclosures/:id/publish',
      {
        config: { access: { permission: 'donations:manage' } },
        schema: {
          tags,
          summary: 'Publish a due disclosure (its hash goes into the public ledger; it can never be edited)',
          params: uuidParams,
          body: publishDisclosureSchema,
          response: { 200: disclosureViewSchema, ...errors },
        },
      },
      (req) => disclosureReports.publishDisclosure(db, req.ctx, req.params.id, req.body),
    );
    app.post(
      '/disclosures/:id/corrections',
      {
        config: { access: { permission: 'donations:manage' } },
        schema: {
          tags,
          summary: 'Publish a correction notice for a published disclosure (the original stays)',
          params: uuidParams,
          body: correctDisclosureSchema,
          response: { 201: disclosureViewSchema, ...errors },
        },
      },
      async (req, reply) =>
        reply.code(201).send(await disclosureReports.correctDisclosure(db, req.ctx, req.params.id, req.body)),
    );
    app.get(
      '/public/projects/:code/disclosures',
      {
        config: { access: 'public', rateLimit: publicRead },
        schema: {
          tags: publicTags,
          summary: "A project's published disclosures, corrections, and the ones overdue",
          params: codeParams,
          response: { 200: z.array(disclosureViewSchema), ...errors },
        },
      },
      (req) => disclosureReports.listPublicDisclosures(db, req.params.code),
    );

    app.get(
      '/open-data/activities',
      {
        config: { access: 'public', rateLimit: publicRead },
        schema: {
          tags: ['open data'],
          summary: 'Fundraising projects as IATI-style activities (CNY, with totals)',
          querystring: openActivitiesQuerySchema,
          response: { 200: openActivityPageSchema, ...errors },
        },
      },
      (req) => openData.listOpenActivities(db, rt.publicUrl, req.query),
    );
    app.get(
      '/open-data/activities/:code/transactions',
      {
        config: { access: 'public', rateLimit: publicRead },
        schema: {
          tags: ['open data'],
          summary: "A project's IATI-style transactions in ledger order (keyset pages: ?after=<ledgerIndex>)",
          params: codeParams,
          querystring: openTransactionsQuerySchema,
          response: { 200: openTransactionPageSchema, ...errors },
        },
      },
      (req) => openData.listOpenTransactions(db, req.params.code, req.query),
    );

    app.get(
      '/public/projects/:code/gifts',
      {
        config: { access: 'public', rateLimit: publicRead },
        schema: {
          tags: publicTags,
          summary: "A project's gifts, newest first (donors masked)",
          params: codeParams,
          querystring: publicPageQuerySchema,
          response: { 200: projectGiftPageSchema, ...errors },
        },
      },
      (req) => projectPages.listProjectGifts(db, req.params.code, req.query),
    );
    app.get(
      '/public/projects/:code/payouts',
      {
        config: { access: 'public', rateLimit: publicRead },
        schema: {
          tags: publicTags,
          summary: "A project's payouts, newest first (persons masked; purchases with supplier and unit price)",
          params: codeParams,
          querystring: publicPageQuerySchema,
          response: { 200: projectPayoutPageSchema, ...errors },
        },
      },
      (req) => projectPages.listProjectPayouts(db, req.params.code, req.query),
    );
    app.get(
      '/public/projects/:code/flow',
      {
        config: { access: 'public', rateLimit: publicRead },
        schema: {
          tags: publicTags,
          summary: "A project's money flow as a Sankey graph (channels → fund → purposes, allocations, unspent)",
          params: codeParams,
          response: { 200: projectFlowSchema, ...errors },
        },
      },
      (req) => projectPages.projectFlow(db, req.params.code),
    );

    // -------------------------------------------------------------------------------------------- donor documents
    const pdf = (reply: FastifyReply, name: string, bytes: Buffer) =>
      reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(name)}`)
        .header('cache-control', 'private, no-store')
        .send(bytes);
    app.get(
      '/public/donations/:donationNo/certificate.pdf',
      {
        config: { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: {
          tags: publicTags,
          summary: "The donation certificate (PDF), for the holder of the gift's access token",
          params: donationNoParams,
          querystring: tokenQuerySchema,
        },
      },
      async (req, reply) =>
        pdf(
          reply,
          `捐赠证书-${req.params.donationNo}.pdf`,
          await documents.getCertificateWithToken(db, rt.publicUrl, req.params.donationNo, req.query.token),
        ),
    );
    app.get(
      '/public/projects/:code/poster.:format',
      {
        config: { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: {
          tags: publicTags,
          summary: "A project's QR code poster (PNG or PDF) that opens its donate page",
          params: z.strictObject({ code: z.string().min(1).max(32), format: z.enum(['png', 'pdf']) }),
        },
      },
      async (req, reply) => {
        const bytes = await documents.renderPoster(db, rt.publicUrl, req.params.code, req.params.format);
        return reply
          .header('content-type', req.params.format === 'png' ? 'image/png' : 'application/pdf')
          .header('content-disposition', `inline; filename="poster-${req.params.code}.${req.params.format}"`)
          .header('cache-control', 'public, max-age=300')
          .send(bytes);
      },
    );
    app.get(
      '/me/donations',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: publicTags,
          summary: 'My donations (signed in by phone): each gift with its trail and the salt of its ledger entry',
          response: { 200: z.array(donorDonationSchema), ...errors },
        },
      },
      (req) => documents.listOwnDonations(db, req.ctx),
    );
    app.get(
      '/me/donations/:donationNo/certificate.pdf',
      {
        config: { access: 'signed-in' },
        schema: { tags: publicTags, summary: 'The certificate of one of my gifts', params: donationNoParams },
      },
      async (req, reply) =>
        pdf(
          reply,
          `捐赠证书-${req.params.donationNo}.pdf`,
          await documents.getOwnCertificate(db, req.ctx, rt.publicUrl, req.params.donationNo),
        ),
    );
    app.get(
      '/me/donations/statement.pdf',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: publicTags,
          summary: 'My annual giving statement (PDF)',
          querystring: z.strictObject({
            year: z.coerce.number().int().min(2000).max(2100),
            lang: z.string().max(20).optional(),
          }),
        },
      },
      async (req, reply) =>
        pdf(
          reply,
          `捐赠年度清单-${req.query.year}.pdf`,
          await documents.renderOwnStatement(db, req.ctx, rt.publicUrl, req.query.year),
        ),
    );

    // -------------------------------------------------------------------------------------------- provider callbacks
    await app.register(async (plain) => {
      const callbacks = plain.withTypeProvider<ZodTypeProvider>();
      // Signatures cover the exact bytes: keep the body as received.
      callbacks.removeAllContentTypeParsers();
      callbacks.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
      callbacks.post(
        '/payments/:channel/notify',
        {
          config: { access: 'public', rateLimit: { max: 6000, timeWindow: '1 minute' } },
          schema: {
            tags: publicTags,
            summary: "A payment provider's notification (signature-checked; replays change nothing)",
            params: z.strictObject({ channel: z.enum(onlineChannelValues) }),
          },
        },
        async (req, reply) => {
          const outcome = await giving.handleNotification(db, rt, req.params.channel, {
            headers: req.headers as Record<string, string | undefined>,
            rawBody: typeof req.body === 'string' ? req.body : '',
          });
          return reply.code(outcome.ack.status).header('content-type', outcome.ack.contentType).send(outcome.ack.body);
        },
      );
    });

    // -------------------------------------------------------------------------------------------- reports (staff)
    app.get(
      '/donation-reports',
      {
        config: { access: { permission: 'donations:view' } },
        schema: {
          tags,
          summary: 'Gifts received per China day or month, and per project, channel and unit (summed by the database)',
          querystring: donationReportQuerySchema,
          response: { 200: donationReportSchema, ...errors },
        },
      },
      (req) => reports.donationReport(db, req.ctx, req.query),
    );
  };
