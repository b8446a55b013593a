// HTTP routes for fiscal donation receipts: the donor's request and status (with the gift's access token), finance's
// queue, issue, refusal, reversal and waivers, staff views and PDFs, and the public verification the QR code opens.
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { errorResponses } from '../../platform/errors';
import { createLocalIssuer } from './local-issuer';
import type { FiscalReceiptIssuer } from './receipt-issuer';
import {
  donorReceiptStatusSchema,
  fiscalReceiptPageSchema,
  fiscalReceiptViewSchema,
  giftReceiptStateSchema,
  issueReceiptSchema,
  receiptListQuerySchema,
  receiptPdfQuerySchema,
  receiptRequestPageSchema,
  receiptRequestSchema,
  receiptRequestViewSchema,
  receiptVerificationSchema,
  receiptWaiverSchema,
  refuseRequestSchema,
  requestListQuerySchema,
  verifyQuerySchema,
  voidReceiptSchema,
} from './receipts.schemas';
import * as receipts from './receipts.service';

const errors = errorResponses(400, 401, 403, 404, 409, 422);
const tags = ['receipts'];
const publicTags = ['receipts (public)'];
const lang = z.string().max(20).optional();
const uuidParams = z.strictObject({ id: z.uuid() });
const donationNoParams = z.strictObject({ donationNo: z.string().min(1).max(40) });
const tokenQuery = z.strictObject({ token: z.string().min(16).max(100), lang });
const publicRead = { max: 120, timeWindow: '1 minute' };

function sendPdf(reply: FastifyReply, pdf: receipts.ReceiptPdf) {
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(pdf.name)}`)
    .header('cache-control', 'private, no-store')
    .send(pdf.bytes);
}

/**
 * The receipt routes. The local issuer numbers receipts and builds their QR links on `publicUrl`; pass `issuer` to
 * use another (the provincial finance platform's adapter, when there is one).
 */
export const receiptsRoutes =
  ({ db, publicUrl, issuer }: { db: Db; publicUrl: string; issuer?: FiscalReceiptIssuer }): FastifyPluginAsyncZod =>
  async (app) => {
    const rt: receipts.ReceiptsRuntime = { issuer: issuer ?? createLocalIssuer({ publicUrl }) };

    // -------------------------------------------------------------------------------------------- finance
    app.get(
      '/receipt-requests',
      {
        config: { access: { permission: 'receipts:issue' } },
        schema: {
          tags,
          summary: 'Receipt requests in your units (status=requested: the queue to issue or refuse), oldest first',
          querystring: requestListQuerySchema,
          response: { 200: receiptRequestPageSchema, ...errors },
        },
      },
      (req) => receipts.listRequests(db, req.ctx, req.query),
    );
    app.post(
      '/receipt-requests/:id/issue',
      {
        config: { access: { permission: 'receipts:issue' } },
        schema: {
          tags,
          summary: 'Issue the fiscal receipt a request asks for (numbered by the issuer, PDF stored)',
          params: uuidParams,
          body: issueReceiptSchema,
          response: { 201: fiscalReceiptViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await receipts.issueReceipt(db, req.ctx, rt, req.params.id, req.body)),
    );
    app.post(
      '/receipt-requests/:id/refuse',
      {
        config: { access: { permission: 'receipts:issue' } },
        schema: {
          tags,
          summary: 'Refuse a request with a reason the donor sees (the donor may ask again)',
          params: uuidParams,
          body: refuseRequestSchema,
          response: { 200: receiptRequestViewSchema, ...errors },
        },
      },
      (req) => receipts.refuseRequest(db, req.ctx, req.params.id, req.body),
    );
    app.post(
      '/donations/:id/receipt-request',
      {
        config: { access: { permission: 'receipts:issue' } },
        schema: {
          tags,
          summary: "Request a gift's receipt on the donor's behalf (also for an anonymous gift, with the donor's name)",
          params: uuidParams,
          body: receiptRequestSchema,
          response: { 201: receiptRequestViewSchema, ...errors },
        },
      },
      async (req, reply) =>
        reply.code(201).send(await receipts.requestReceiptForDonor(db, req.ctx, req.params.id, req.body)),
    );
    app.post(
      '/donations/:id/receipt-waiver',
      {
        config: { access: { permission: 'receipts:issue' } },
        schema: {
          tags,
          summary: 'Record that the donor waived the fiscal receipt (Red Cross Law Art. 20)',
          params: uuidParams,
          body: receiptWaiverSchema,
          response: { 200: giftReceiptStateSchema, ...errors },
        },
      },
      (req) => receipts.recordReceiptWaiver(db, req.ctx, req.params.id, req.body),
    );
    app.post(
      '/fiscal-receipts/:id/void',
      {
        config: { access: { permission: 'receipts:issue' } },
        schema: {
          tags,
          summary: 'Reverse (冲红) a receipt: a new document with its own number cancels it; the original is kept',
          params: uuidParams,
          body: voidReceiptSchema,
          response: { 201: fiscalReceiptViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await receipts.voidReceipt(db, req.ctx, rt, req.params.id, req.body)),
    );
    app.get(
      '/fiscal-receipts',
      {
        config: { access: { permission: 'donations:view' } },
        schema: {
          tags,
          summary: 'Issued receipts and reversals in your units, newest first',
          querystring: receiptListQuerySchema,
          response: { 200: fiscalReceiptPageSchema, ...errors },
        },
      },
      (req) => receipts.listReceipts(db, req.ctx, req.query),
    );
    app.get(
      '/fiscal-receipts/:id',
      {
        config: { access: { permission: 'donations:view' } },
        schema: { tags, params: uuidParams, response: { 200: fiscalReceiptViewSchema, ...errors } },
      },
      (req) => receipts.viewReceipt(db, req.ctx, req.params.id),
    );
    app.get(
      '/fiscal-receipts/:id/pdf',
      {
        config: { access: { permission: 'donations:view' } },
        schema: { tags, summary: 'The receipt as issued (PDF)', params: uuidParams },
      },
      async (req, reply) => sendPdf(reply, await receipts.getReceiptPdf(db, req.ctx, req.params.id)),
    );

    // -------------------------------------------------------------------------------------------- donor and public
    app.post(
      '/public/donations/:donationNo/receipt-request',
      {
        config: { access: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
        schema: {
          tags: publicTags,
          summary: 'Ask for the fiscal receipt of your gift (with its access token): payer name and ID or credit code',
          params: donationNoParams,
          querystring: tokenQuery,
          body: receiptRequestSchema,
          response: { 201: donorReceiptStatusSchema, ...errors },
        },
      },
      async (req, reply) =>
        reply
          .code(201)
          .send(await receipts.requestReceiptAsDonor(db, req.ctx, req.params.donationNo, req.query.token, req.body)),
    );
    app.get(
      '/public/donations/:donationNo/receipt',
      {
        config: { access: 'public', rateLimit: publicRead },
        schema: {
          tags: publicTags,
          summary: "Your gift's receipt status and documents (with its access token)",
          params: donationNoParams,
          querystring: tokenQuery,
          response: { 200: donorReceiptStatusSchema, ...errors },
        },
      },
      (req) => receipts.viewDonorReceipt(db, req.params.donationNo, req.query.token),
    );
    app.get(
      '/public/donations/:donationNo/receipt.pdf',
      {
        config: { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: {
          tags: publicTags,
          summary: "Your gift's receipt (PDF; a given receiptId, or the current valid one)",
          params: donationNoParams,
          querystring: receiptPdfQuerySchema,
        },
      },
      async (req, reply) =>
        sendPdf(
          reply,
          await receipts.getDonorReceiptPdf(db, req.params.donationNo, req.query.token, req.query.receiptId),
        ),
    );
    app.get(
      '/public/receipts/verify',
      {
        config: { access: 'public', rateLimit: publicRead },
        schema: {
          tags: publicTags,
          summary: 'Verify a printed receipt by code, number and check code: valid, voided or unknown (no payer data)',
          querystring: verifyQuerySchema,
          response: { 200: receiptVerificationSchema, ...errors },
        },
      },
      (req) => receipts.verifyReceipt(db, req.query),
    );
  };
