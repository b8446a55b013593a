// HTTP routes of member points (积分制); registers the routes of service orders (点餐制) and first-aid kits
// (急救物品认领制), and the hooks by which other modules' events award points in their own transactions.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { errorResponses } from '../../platform/errors';
import * as donations from '../donations/donations.service';
import * as training from '../training/training.service';
import { onHoursApproved } from '../volunteers/volunteers-events';
import { memberKitsRoutes } from './members-kits.routes';
import { memberOrdersRoutes } from './members-orders.routes';
import {
  awardViewSchema,
  createAwardSchema,
  createRuleSchema,
  decideRedemptionSchema,
  entryParamsSchema,
  entryViewSchema,
  ledgerQuerySchema,
  memberIdParamsSchema,
  memberPointsSchema,
  myPointsSchema,
  rankingPageSchema,
  rankingQuerySchema,
  redeemSchema,
  redemptionPageSchema,
  redemptionParamsSchema,
  redemptionsQuerySchema,
  redemptionViewSchema,
  reverseEntrySchema,
  ruleIdParamsSchema,
  rulesQuerySchema,
  ruleViewSchema,
  staffAwardSchema,
  updateAwardSchema,
  updateRuleSchema,
} from './members-points.schemas';
import * as points from './members-points.service';

const errors = errorResponses(400, 401, 403, 404, 409, 422);
const tags = ['member points'];
const publicTags = ['member points (public)'];
const view = { access: { permission: 'members:view' as const } };
const manage = { access: { permission: 'members:manage' as const } };
const publicWrite = { max: 20, timeWindow: '1 minute' };

/** Wires the events of other modules to points; keyed by name, so calling it again changes nothing. */
export function registerPointHooks(): void {
  onHoursApproved('member-points', points.awardForHours);
  training.onCertificateIssued('member-points', points.awardForCertificate);
  donations.onDonationRecorded('member-points', points.awardForDonation);
  donations.onDonationReversed('member-points', points.takeBackForDonation);
}

export const memberPointsRoutes =
  ({ db, publicUrl }: { db: Db; publicUrl?: string }): FastifyPluginAsyncZod =>
  async (app) => {
    registerPointHooks();
    await app.register(memberOrdersRoutes({ db }));
    await app.register(memberKitsRoutes({ db, publicUrl }));

    // -------------------------------------------------------------------------------------------- rules
    app.get(
      '/member-points/rules',
      {
        config: view,
        schema: {
          tags,
          summary: 'The point rules in force at a unit (its own and inherited from units above; nearest wins by code)',
          querystring: rulesQuerySchema,
          response: { 200: z.array(ruleViewSchema), ...errors },
        },
      },
      (req) => points.listRules(db, req.ctx, req.query.orgId),
    );
    app.post(
      '/member-points/rules',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Define a rule at a unit (same code as a rule above overrides it in the subtree)',
          body: createRuleSchema,
          response: { 201: ruleViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await points.createRule(db, req.ctx, req.body)),
    );
    app.patch(
      '/member-points/rules/:id',
      {
        config: manage,
        schema: {
          tags,
          summary: "Change a unit's own rule (name, points, yearly cap, active)",
          params: ruleIdParamsSchema,
          body: updateRuleSchema,
          response: { 200: ruleViewSchema, ...errors },
        },
      },
      (req) => points.updateRule(db, req.ctx, req.params.id, req.body),
    );

    // -------------------------------------------------------------------------------------------- ledger
    app.get(
      '/member-points/members/:memberId',
      {
        config: view,
        schema: {
          tags,
          summary: "A member's balance, yearly totals and points ledger",
          params: memberIdParamsSchema,
          querystring: ledgerQuerySchema,
          response: { 200: memberPointsSchema, ...errors },
        },
      },
      (req) => points.memberPoints(db, req.ctx, req.params.memberId, req.query),
    );
    app.post(
      '/member-points/members/:memberId/entries',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Award or deduct points by a rule in force at the member’s unit, with a reason (both required)',
          params: memberIdParamsSchema,
          body: staffAwardSchema,
          response: { 201: entryViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await points.awardByStaff(db, req.ctx, req.params.memberId, req.body)),
    );
    app.post(
      '/member-points/members/:memberId/entries/:entryId/reverse',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Correct an entry by a reversing entry (never an edit), with a reason',
          params: entryParamsSchema,
          body: reverseEntrySchema,
          response: { 201: entryViewSchema, ...errors },
        },
      },
      async (req, reply) =>
        reply
          .code(201)
          .send(await points.reverseEntry(db, req.ctx, req.params.memberId, req.params.entryId, req.body.reason)),
    );
    app.get(
      '/member-points/ranking',
      {
        config: view,
        schema: {
          tags,
          summary: "Members of a unit's subtree by points for a year or all time, with ranks (1, 2, 2, 4 …) and paging",
          querystring: rankingQuerySchema,
          response: { 200: rankingPageSchema, ...errors },
        },
      },
      (req) => points.ranking(db, req.ctx, req.query),
    );

    // -------------------------------------------------------------------------------------------- awards
    app.get(
      '/member-points/awards',
      {
        config: view,
        schema: {
          tags,
          summary: 'Awards offered to members of a unit (its own and from units above)',
          querystring: rulesQuerySchema,
          response: { 200: z.array(awardViewSchema), ...errors },
        },
      },
      (req) => points.listAwards(db, req.ctx, req.query.orgId),
    );
    app.post(
      '/member-points/awards',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Offer an award for points (优秀会员证书, 急救包 …), optionally with a stock',
          body: createAwardSchema,
          response: { 201: awardViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await points.createAward(db, req.ctx, req.body)),
    );
    app.patch(
      '/member-points/awards/:id',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Change an award (cost, stock, withdraw)',
          params: ruleIdParamsSchema,
          body: updateAwardSchema,
          response: { 200: awardViewSchema, ...errors },
        },
      },
      (req) => points.updateAward(db, req.ctx, req.params.id, req.body),
    );
    app.get(
      '/member-points/redemptions',
      {
        config: view,
        schema: {
          tags,
          summary: "Redemptions by members of a unit's subtree",
          querystring: redemptionsQuerySchema,
          response: { 200: redemptionPageSchema, ...errors },
        },
      },
      (req) => points.listRedemptions(db, req.ctx, req.query),
    );
    app.post(
      '/member-points/members/:memberId/redemptions/:redemptionId/hand-over',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Confirm an award was handed over',
          params: redemptionParamsSchema,
          body: decideRedemptionSchema,
          response: { 200: redemptionViewSchema, ...errors },
        },
      },
      (req) => points.handOverRedemption(db, req.ctx, req.params.memberId, req.params.redemptionId, req.body.note),
    );
    app.post(
      '/member-points/members/:memberId/redemptions/:redemptionId/cancel',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Cancel a redemption not yet handed over (the points come back by a reversing entry)',
          params: redemptionParamsSchema,
          body: decideRedemptionSchema,
          response: { 200: redemptionViewSchema, ...errors },
        },
      },
      (req) => points.cancelRedemption(db, req.ctx, req.params.memberId, req.params.redemptionId, req.body.note),
    );

    // -------------------------------------------------------------------------------------------- the member's own
    app.get(
      '/public/member-points/me',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: publicTags,
          summary: 'My points: balance, this year and my rank in my unit, ledger and redemptions',
          response: { 200: myPointsSchema, ...errors },
        },
      },
      (req) => points.myPoints(db, req.ctx),
    );
    app.get(
      '/public/member-points/awards',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: publicTags,
          summary: 'Awards I may redeem for points',
          response: { 200: z.array(awardViewSchema), ...errors },
        },
      },
      (req) => points.myAwards(db, req.ctx),
    );
    app.post(
      '/public/member-points/redemptions',
      {
        config: { access: 'signed-in', rateLimit: publicWrite },
        schema: {
          tags: publicTags,
          summary: 'Redeem an award (refused without enough points)',
          body: redeemSchema,
          response: { 201: redemptionViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await points.redeem(db, req.ctx, req.body.awardId)),
    );
  };
