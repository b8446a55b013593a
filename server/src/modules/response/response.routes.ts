// HTTP routes of 救在身边 realtime response: responders, emergencies, the dispatcher API, follow-ups, statistics.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { errorResponses } from '../../platform/errors';
import type { Realtime } from '../../platform/realtime/realtime';
import {
  alertViewSchema,
  arrivedSchema,
  createDispatchKeySchema,
  createdDispatchKeySchema,
  declineSchema,
  dispatchKeyViewSchema,
  dispatchRaiseSchema,
  emergencyDetailSchema,
  emergencyListQuerySchema,
  emergencyPageSchema,
  enrolSchema,
  followTokenQuerySchema,
  followupAnswersSchema,
  followupSchema,
  idParamsSchema,
  meSchema,
  onCallSchema,
  outcomeSchema,
  positionInputSchema,
  publicEmergencySchema,
  publicRaisedSchema,
  publicRaiseSchema,
  raiseEmergencySchema,
  responderListQuerySchema,
  responderPageSchema,
  responderViewSchema,
  responseStatsSchema,
  statsQuerySchema,
  tokenParamsSchema,
  updateResponderSchema,
} from './response.schemas';
import * as admin from './response-admin';
import { useRealtime } from './response-core';
import * as emergencies from './response-emergencies';
import { registerResponseGateway } from './response-live';
import * as responders from './response-responders';

const errors = errorResponses(400, 401, 403, 404, 409, 422, 429);
const tags = ['response'];
const publicTags = ['response (public)'];
const dispatchTags = ['response (dispatcher API)'];
const signedIn = { access: 'signed-in' as const };
const dispatch = { access: { permission: 'response:dispatch' as const } };
const manage = { access: { permission: 'response:manage' as const } };
/** One phone raising emergencies in a loop is abuse; a real bystander raises one. */
const raiseLimit = { max: 5, timeWindow: '10 minutes' };
const publicRead = { max: 120, timeWindow: '1 minute' };

export const responseRoutes =
  (deps: { db: Db; realtime: Realtime; publicUrl?: string }): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    useRealtime(deps.realtime);
    emergencies.configureFollowupLinks(deps.publicUrl);
    const stopPresence = registerResponseGateway(db, deps.realtime);
    app.addHook('onClose', async () => {
      stopPresence();
      await responders.flushPositions();
    });

    // -------------------------------------------------------------------------------------------- the responder
    app.get(
      '/response/me',
      {
        config: signedIn,
        schema: {
          tags,
          summary: 'My eligibility, responder record and the consent text',
          response: { 200: meSchema, ...errors },
        },
      },
      (req) => responders.getMe(db, req.ctx),
    );
    app.post(
      '/response/me/enrol',
      {
        config: signedIn,
        schema: {
          tags,
          summary: 'Opt in as a responder (valid first-aider certificate, current consent)',
          body: enrolSchema,
          response: { 200: responderViewSchema, ...errors },
        },
      },
      (req) => responders.enrol(db, req.ctx, req.body),
    );
    app.patch(
      '/response/me',
      {
        config: signedIn,
        schema: {
          tags,
          summary: 'Change my prefs or quiet hours',
          body: updateResponderSchema,
          response: { 200: responderViewSchema, ...errors },
        },
      },
      (req) => responders.updatePrefs(db, req.ctx, req.body),
    );
    app.post(
      '/response/me/on-call',
      {
        config: signedIn,
        schema: {
          tags,
          summary: 'Go on call (optionally with a first fix)',
          body: onCallSchema,
          response: { 200: responderViewSchema, ...errors },
        },
      },
      (req) => responders.goOnCall(db, req.ctx, req.body),
    );
    app.post(
      '/response/me/off-call',
      {
        config: signedIn,
        schema: {
          tags,
          summary: 'Go off call (the position is deleted)',
          response: { 200: responderViewSchema, ...errors },
        },
      },
      (req) => responders.goOffCall(db, req.ctx),
    );
    app.post(
      '/response/me/position',
      {
        config: { ...signedIn, rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: {
          tags,
          summary: 'A position fix (HTTP fallback of the WebSocket frame)',
          body: positionInputSchema,
          response: { 204: z.null(), ...errors },
        },
      },
      async (req, reply) => {
        await responders.submitPosition(db, req.ctx, req.body);
        return reply.code(204).send(null);
      },
    );
    app.get(
      '/response/me/alerts',
      {
        config: signedIn,
        schema: {
          tags,
          summary: 'My alerts: active emergencies and the last 24 hours',
          response: { 200: z.array(alertViewSchema), ...errors },
        },
      },
      (req) => responders.listMyAlerts(db, req.ctx),
    );
    app.post(
      '/response/alerts/:id/accept',
      {
        config: signedIn,
        schema: {
          tags,
          summary: 'Accept an alert (role assigned)',
          params: idParamsSchema,
          response: { 200: alertViewSchema, ...errors },
        },
      },
      (req) => emergencies.acceptAlert(db, req.ctx, req.params.id),
    );
    app.post(
      '/response/alerts/:id/decline',
      {
        config: signedIn,
        schema: {
          tags,
          summary: 'Decline an alert',
          params: idParamsSchema,
          body: declineSchema,
          response: { 200: alertViewSchema, ...errors },
        },
      },
      (req) => emergencies.declineAlert(db, req.ctx, req.params.id, req.body?.reason),
    );
    app.post(
      '/response/alerts/:id/arrived',
      {
        config: signedIn,
        schema: {
          tags,
          summary: 'On scene',
          params: idParamsSchema,
          body: arrivedSchema,
          response: { 200: alertViewSchema, ...errors },
        },
      },
      (req) => emergencies.arrive(db, req.ctx, req.params.id, req.body?.fetchedAed),
    );

    // -------------------------------------------------------------------------------------------- the public
    app.post(
      '/response/public/emergencies',
      {
        config: { access: 'public', rateLimit: raiseLimit },
        schema: {
          tags: publicTags,
          summary: 'Raise an emergency from the scene (one button)',
          body: publicRaiseSchema,
          response: { 201: publicRaisedSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await emergencies.raiseByPublic(db, req.ctx, req.body)),
    );
    app.get(
      '/response/public/emergencies/:id',
      {
        config: { access: 'public', rateLimit: publicRead },
        schema: {
          tags: publicTags,
          summary: 'The raiser follows the emergency (by follow token)',
          params: idParamsSchema,
          querystring: followTokenQuerySchema,
          response: { 200: publicEmergencySchema, ...errors },
        },
      },
      (req) => emergencies.viewPublicEmergency(db, req.params.id, req.query.token),
    );
    app.get(
      '/response/followups/:token',
      {
        config: { access: 'public', rateLimit: publicRead },
        schema: {
          tags: publicTags,
          summary: 'A follow-up by its link',
          params: tokenParamsSchema,
          response: { 200: followupSchema, ...errors },
        },
      },
      (req) => admin.viewFollowup(db, req.params.token),
    );
    app.post(
      '/response/followups/:token',
      {
        config: { access: 'public', rateLimit: publicRead },
        schema: {
          tags: publicTags,
          summary: 'Answer a follow-up',
          params: tokenParamsSchema,
          body: followupAnswersSchema,
          response: { 200: followupSchema, ...errors },
        },
      },
      (req) => admin.answerFollowup(db, req.ctx, req.params.token, req.body),
    );

    // -------------------------------------------------------------------------------------------- staff
    app.post(
      '/response/emergencies',
      {
        config: dispatch,
        schema: {
          tags,
          summary: 'Raise an emergency (dispatcher console)',
          body: raiseEmergencySchema,
          response: { 201: emergencyDetailSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await emergencies.raiseByStaff(db, req.ctx, req.body)),
    );
    app.get(
      '/response/emergencies',
      {
        config: dispatch,
        schema: {
          tags,
          summary: 'Emergencies in my units',
          querystring: emergencyListQuerySchema,
          response: { 200: emergencyPageSchema, ...errors },
        },
      },
      (req) => emergencies.listEmergencies(db, req.ctx, req.query),
    );
    app.get(
      '/response/emergencies/:id',
      {
        config: dispatch,
        schema: {
          tags,
          summary: 'An emergency: responders, AEDs, timeline, outcome',
          params: idParamsSchema,
          response: { 200: emergencyDetailSchema, ...errors },
        },
      },
      (req) => emergencies.viewEmergency(db, req.ctx, req.params.id),
    );
    app.post(
      '/response/emergencies/:id/end',
      {
        config: dispatch,
        schema: {
          tags,
          summary: 'End with the outcome',
          params: idParamsSchema,
          body: outcomeSchema,
          response: { 200: emergencyDetailSchema, ...errors },
        },
      },
      async (req) =>
        emergencies.endEmergency(db, req.ctx, await emergencies.getEmergencyFor(db, req.ctx, req.params.id), req.body),
    );

    // -------------------------------------------------------------------------------------------- the dispatcher API
    app.post(
      '/response/dispatch/emergencies',
      {
        config: { access: 'public', rateLimit: { max: 120, timeWindow: '1 minute' } },
        schema: {
          tags: dispatchTags,
          summary: 'A 120 centre raises an emergency (Bearer <keyId>.<secret>; the same externalId returns the first)',
          body: dispatchRaiseSchema,
          response: { 200: emergencyDetailSchema, 201: emergencyDetailSchema, ...errors },
        },
      },
      async (req, reply) => {
        const key = await admin.authenticateDispatchKey(db, req.headers.authorization);
        const { detail, created } = await emergencies.raiseByDispatch(
          db,
          admin.dispatchCtx(key, req.ctx),
          key,
          req.body,
        );
        return reply.code(created ? 201 : 200).send(detail);
      },
    );
    app.get(
      '/response/dispatch/emergencies/:id',
      {
        config: { access: 'public', rateLimit: { max: 600, timeWindow: '1 minute' } },
        schema: {
          tags: dispatchTags,
          summary: 'An emergency raised under this key’s unit',
          params: idParamsSchema,
          response: { 200: emergencyDetailSchema, ...errors },
        },
      },
      async (req) => {
        const key = await admin.authenticateDispatchKey(db, req.headers.authorization);
        return emergencies.detailOf(db, await emergencies.getEmergencyForKey(db, key, req.params.id));
      },
    );
    app.post(
      '/response/dispatch/emergencies/:id/end',
      {
        config: { access: 'public', rateLimit: { max: 120, timeWindow: '1 minute' } },
        schema: {
          tags: dispatchTags,
          summary: 'End with the outcome',
          params: idParamsSchema,
          body: outcomeSchema,
          response: { 200: emergencyDetailSchema, ...errors },
        },
      },
      async (req) => {
        const key = await admin.authenticateDispatchKey(db, req.headers.authorization);
        const e = await emergencies.getEmergencyForKey(db, key, req.params.id);
        return emergencies.endEmergency(db, admin.dispatchCtx(key, req.ctx), e, req.body);
      },
    );

    // -------------------------------------------------------------------------------------------- administration
    app.get(
      '/response/responders',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Responders of my units',
          querystring: responderListQuerySchema,
          response: { 200: responderPageSchema, ...errors },
        },
      },
      (req) => admin.listResponders(db, req.ctx, req.query),
    );
    app.get(
      '/response/dispatch-keys',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Dispatch API keys of my units',
          response: { 200: z.array(dispatchKeyViewSchema), ...errors },
        },
      },
      (req) => admin.listDispatchKeys(db, req.ctx),
    );
    app.post(
      '/response/dispatch-keys',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Issue a key (shown once)',
          body: createDispatchKeySchema,
          response: { 201: createdDispatchKeySchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await admin.createDispatchKey(db, req.ctx, req.body)),
    );
    app.post(
      '/response/dispatch-keys/:id/revoke',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Revoke a key',
          params: idParamsSchema,
          response: { 200: dispatchKeyViewSchema, ...errors },
        },
      },
      (req) => admin.revokeDispatchKey(db, req.ctx, req.params.id),
    );
    app.get(
      '/response/stats',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Time to first acceptance / arrival, outcomes, responders by unit',
          querystring: statsQuerySchema,
          response: { 200: responseStatsSchema, ...errors },
        },
      },
      (req) => admin.responseStats(db, req.ctx, req.query),
    );
  };
