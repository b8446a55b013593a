// HTTP routes of the mutualaid module: funds, contribution rules, contributions, grants (two-person), loans and
// repayments for staff holding mutualaid:manage in scope; the public page and QR poster that villagers open.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { errorResponses } from '../../platform/errors';
import {
  contributionViewSchema,
  createRuleSchema,
  decideGrantSchema,
  fundDetailSchema,
  fundListQuerySchema,
  fundViewSchema,
  grantViewSchema,
  issueLoanSchema,
  loanViewSchema,
  openFundSchema,
  publicFundSchema,
  recordContributionSchema,
  recordGrantSchema,
  recordRepaymentSchema,
  ruleViewSchema,
  updateFundSchema,
} from './mutualaid.schemas';
import * as mutualaid from './mutualaid.service';
import { renderFundPoster } from './mutualaid-poster';

const errors = errorResponses(400, 401, 403, 404, 409, 422);
const tags = ['mutualaid'];
const publicTags = ['mutualaid (public)'];
const access = { access: { permission: 'mutualaid:manage' as const } };
const fundParams = z.strictObject({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const uuidParams = z.strictObject({ id: z.uuid() });
const codeParams = z.strictObject({ code: z.string().min(1).max(32) });
const publicRead = { max: 120, timeWindow: '1 minute' };

export const mutualaidRoutes =
  ({ db, publicUrl }: { db: Db; publicUrl?: string }): FastifyPluginAsyncZod =>
  async (app) => {
    // -------------------------------------------------------------------------------------------- funds
    app.get(
      '/mutualaid/funds',
      {
        config: access,
        schema: { tags, querystring: fundListQuerySchema, response: { 200: z.array(fundViewSchema), ...errors } },
      },
      (req) => mutualaid.listFunds(db, req.ctx, req.query),
    );
    app.get(
      '/mutualaid/payout-funds',
      {
        // Relief staff and finance choose a village fund for a relief payout: the service lists only the funds in the
        // subtrees where the caller manages mutual aid, requests payouts, reviews or approves relief.
        config: { access: 'staff' },
        schema: {
          tags,
          summary: 'Active mutual-aid funds a relief payout may draw on, in the caller’s scope, with their balances',
          querystring: fundListQuerySchema,
          response: { 200: z.array(fundViewSchema), ...errors },
        },
      },
      (req) => mutualaid.listFundsForPayout(db, req.ctx, req.query.orgId),
    );
    app.post(
      '/mutualaid/funds',
      {
        config: access,
        schema: {
          tags,
          summary: 'Open the mutual-aid fund of a village, 博爱家园 or community (one active fund per unit)',
          body: openFundSchema,
          response: { 201: fundViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await mutualaid.openFund(db, req.ctx, req.body)),
    );
    app.get(
      '/mutualaid/funds/:id',
      {
        config: access,
        schema: { tags, params: fundParams, response: { 200: fundDetailSchema, ...errors } },
      },
      (req) => mutualaid.viewFund(db, req.ctx, req.params.id),
    );
    app.patch(
      '/mutualaid/funds/:id',
      {
        config: access,
        schema: { tags, params: fundParams, body: updateFundSchema, response: { 200: fundViewSchema, ...errors } },
      },
      (req) => mutualaid.updateFund(db, req.ctx, req.params.id, req.body),
    );
    app.post(
      '/mutualaid/funds/:id/rules',
      {
        config: access,
        schema: {
          tags,
          summary: 'Set up a contribution rule: a share (basis points) of a charity livestream’s declared sales',
          params: fundParams,
          body: createRuleSchema,
          response: { 201: ruleViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await mutualaid.createRule(db, req.ctx, req.params.id, req.body)),
    );
    app.post(
      '/mutualaid/funds/:id/contributions',
      {
        config: access,
        schema: {
          tags,
          summary: 'Record a contribution (Red Cross, villager, company, or a livestream rule’s share of sales)',
          params: fundParams,
          body: recordContributionSchema,
          response: { 201: contributionViewSchema, ...errors },
        },
      },
      async (req, reply) =>
        reply.code(201).send(await mutualaid.recordContribution(db, req.ctx, req.params.id, req.body)),
    );

    // -------------------------------------------------------------------------------------------- grants
    app.post(
      '/mutualaid/funds/:id/grants',
      {
        config: access,
        schema: {
          tags,
          summary: 'Record a small grant with its decision note (paid when a second user approves)',
          params: fundParams,
          body: recordGrantSchema,
          response: { 201: grantViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await mutualaid.recordGrant(db, req.ctx, req.params.id, req.body)),
    );
    app.post(
      '/mutualaid/grants/:id/decision',
      {
        config: access,
        schema: {
          tags,
          summary: 'A second user approves (pays) or rejects a pending grant',
          params: uuidParams,
          body: decideGrantSchema,
          response: { 200: grantViewSchema, ...errors },
        },
      },
      (req) => mutualaid.decideGrant(db, req.ctx, req.params.id, req.body),
    );

    // -------------------------------------------------------------------------------------------- loans
    app.post(
      '/mutualaid/funds/:id/loans',
      {
        config: access,
        schema: {
          tags,
          summary: 'Issue an interest-free loan against its signed agreement, with its repayment schedule',
          params: fundParams,
          body: issueLoanSchema,
          response: { 201: loanViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await mutualaid.issueLoan(db, req.ctx, req.params.id, req.body)),
    );
    app.get(
      '/mutualaid/loans/:id',
      {
        config: access,
        schema: { tags, params: uuidParams, response: { 200: loanViewSchema, ...errors } },
      },
      (req) => mutualaid.viewLoan(db, req.ctx, req.params.id),
    );
    app.post(
      '/mutualaid/loans/:id/repayments',
      {
        config: access,
        schema: {
          tags,
          summary: 'Record a repayment (part payments allowed; the loan closes when fully repaid)',
          params: uuidParams,
          body: recordRepaymentSchema,
          response: { 200: loanViewSchema, ...errors },
        },
      },
      (req) => mutualaid.recordRepayment(db, req.ctx, req.params.id, req.body),
    );

    // -------------------------------------------------------------------------------------------- public
    app.get(
      '/public/mutualaid/:code',
      {
        config: { access: 'public', rateLimit: publicRead },
        schema: {
          tags: publicTags,
          summary: 'A fund’s public page: balance, sources, grants and loans (masked names)',
          params: codeParams,
          response: { 200: publicFundSchema, ...errors },
        },
      },
      (req) => mutualaid.viewPublicFund(db, req.params.code),
    );
    app.get(
      '/public/mutualaid/:code/poster.svg',
      {
        config: { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: {
          tags: publicTags,
          summary: 'The fund’s QR poster (SVG) that opens its public page',
          params: codeParams,
        },
      },
      async (req, reply) => {
        const fund = await mutualaid.getPublicFundHeader(db, req.params.code);
        const origin = publicUrl ?? `${req.protocol}://${req.host}`;
        const svg = renderFundPoster(fund, `${origin}/mutual-aid/${encodeURIComponent(fund.code)}`);
        return reply
          .header('content-type', 'image/svg+xml; charset=utf-8')
          .header('content-disposition', `inline; filename="mutual-aid-${fund.code}.svg"`)
          .header('cache-control', 'public, max-age=300')
          .send(svg);
      },
    );
  };
