// HTTP routes of the kpi module: targets handed down the tree (set, split, approve, change requests) and manual
// monthly figures with evidence. Scope is checked in the services against the unit the call acts on.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { errorResponses } from '../../platform/errors';
import { listManualFigures, recordManualFigure, voidManualFigure } from './kpi-manual';
import {
  approveTargets,
  decideChange,
  getTargetsBoard,
  listChanges,
  requestChange,
  setTargets,
  splitTarget,
} from './kpi-targets';
import {
  approveTargetsSchema,
  decideChangeSchema,
  idParamsSchema,
  manualFigureParamsSchema,
  manualFiguresListSchema,
  manualFiguresQuerySchema,
  manualFigureViewSchema,
  recordManualFigureSchema,
  requestChangeSchema,
  setTargetsResultSchema,
  setTargetsSchema,
  splitResultSchema,
  splitTargetSchema,
  targetChangesQuerySchema,
  targetChangeViewSchema,
  targetsBoardSchema,
  targetsQuerySchema,
  targetViewSchema,
  voidManualFigureSchema,
} from './kpi-targets.schemas';

const errors = errorResponses(400, 401, 403, 404, 409, 422);
const tags = ['kpi'];
const access = (permission: 'kpi:view' | 'kpi:target' | 'kpi:approve' | 'kpi:enter') => ({ access: { permission } });

export const kpiTargetsRoutes =
  ({ db }: { db: Db }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/kpi/targets',
      {
        config: access('kpi:view'),
        schema: {
          tags,
          summary: "A unit's targets for a year beside its children's, the sum checks and pending change requests",
          querystring: targetsQuerySchema,
          response: { 200: targetsBoardSchema, ...errors },
        },
      },
      (req) => getTargetsBoard(db, req.ctx, req.query),
    );
    app.put(
      '/kpi/targets',
      {
        config: access('kpi:target'),
        schema: {
          tags,
          summary: "Set a unit's annual (and monthly) targets: kpi:target at its parent",
          body: setTargetsSchema,
          response: { 200: setTargetsResultSchema, ...errors },
        },
      },
      (req) => setTargets(db, req.ctx, req.body),
    );
    app.post(
      '/kpi/targets/split',
      {
        config: access('kpi:target'),
        schema: {
          tags,
          summary: "Split a parent's target among its direct children, checked against the parent's",
          body: splitTargetSchema,
          response: { 200: splitResultSchema, ...errors },
        },
      },
      (req) => splitTarget(db, req.ctx, req.body),
    );
    app.post(
      '/kpi/targets/approve',
      {
        config: access('kpi:approve'),
        schema: {
          tags,
          summary: "Approve and lock a unit's targets: kpi:approve at its parent",
          body: approveTargetsSchema,
          response: { 200: z.array(targetViewSchema), ...errors },
        },
      },
      (req) => approveTargets(db, req.ctx, req.body),
    );
    app.post(
      '/kpi/targets/:id/change-requests',
      {
        config: access('kpi:target'),
        schema: {
          tags,
          summary: 'Ask for a change of a locked target, with a reason',
          params: idParamsSchema,
          body: requestChangeSchema,
          response: { 201: targetChangeViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await requestChange(db, req.ctx, req.params.id, req.body)),
    );
    app.get(
      '/kpi/target-changes',
      {
        config: access('kpi:view'),
        schema: {
          tags,
          summary: "Change requests of a unit's subtree, newest first",
          querystring: targetChangesQuerySchema,
          response: { 200: z.array(targetChangeViewSchema), ...errors },
        },
      },
      (req) => listChanges(db, req.ctx, req.query),
    );
    app.post(
      '/kpi/target-changes/:id/decide',
      {
        config: access('kpi:approve'),
        schema: {
          tags,
          summary: 'Approve (the target takes the new value, version + 1) or reject a change request',
          params: idParamsSchema,
          body: decideChangeSchema,
          response: { 200: targetChangeViewSchema, ...errors },
        },
      },
      (req) => decideChange(db, req.ctx, req.params.id, req.body),
    );
    // ------------------------------------------------------------------------------------------ manual figures
    app.get(
      '/kpi/manual-figures',
      {
        config: access('kpi:view'),
        schema: {
          tags,
          summary: "Staff-entered monthly figures of a unit's subtree, with the manual indicators",
          querystring: manualFiguresQuerySchema,
          response: { 200: manualFiguresListSchema, ...errors },
        },
      },
      (req) => listManualFigures(db, req.ctx, req.query),
    );
    app.post(
      '/kpi/manual-figures',
      {
        config: access('kpi:enter'),
        schema: {
          tags,
          summary: 'Enter a monthly figure of a manual indicator with its evidence (replace with a reason)',
          body: recordManualFigureSchema,
          response: { 201: manualFigureViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await recordManualFigure(db, req.ctx, req.body)),
    );
    app.delete(
      '/kpi/manual-figures/:id',
      {
        config: access('kpi:enter'),
        schema: {
          tags,
          summary: 'Void a manual figure with a reason',
          params: manualFigureParamsSchema,
          body: voidManualFigureSchema,
          response: { 200: manualFigureViewSchema, ...errors },
        },
      },
      (req) => voidManualFigure(db, req.ctx, req.params.id, req.body.reason),
    );
  };
