// HTTP routes of the kpi engine: the indicator catalogue, the cockpit, a unit's figures, trends, rankings, freshness
// and recomputation. kpi:view reads (scoped to the caller's subtree); kpi:manage at the province runs the catalogue.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { errorResponses } from '../../platform/errors';
import {
  cockpitQuerySchema,
  cockpitSchema,
  createIndicatorSchema,
  freshnessSchema,
  indicatorAdminViewSchema,
  indicatorCodeSchema,
  rankingQuerySchema,
  rankingSchema,
  refreshBodySchema,
  refreshResultSchema,
  trendQuerySchema,
  unitFiguresParamsSchema,
  unitFiguresViewSchema,
  unitTrendSchema,
  updateIndicatorSchema,
  yearMonthQuerySchema,
} from './kpi.schemas';
import * as kpi from './kpi.service';

const errors = errorResponses(400, 401, 403, 404, 409, 422);
const tags = ['kpi'];
const view = { access: { permission: 'kpi:view' as const } };
const manage = { access: { permission: 'kpi:manage' as const } };

export const kpiRoutes =
  ({ db }: { db: Db }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/kpi/indicators',
      {
        config: view,
        schema: {
          tags,
          summary: 'The indicator catalogue (active indicators; all with includeInactive=true)',
          querystring: z.object({ includeInactive: z.enum(['true', 'false']).optional() }),
          response: { 200: z.array(indicatorAdminViewSchema), ...errors },
        },
      },
      (req) => kpi.listCatalogue(db, req.query.includeInactive === 'true'),
    );

    app.post(
      '/kpi/indicators',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Create a manual indicator (figures entered monthly with evidence), province only',
          body: createIndicatorSchema,
          response: { 201: indicatorAdminViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await kpi.createManualIndicator(db, req.ctx, req.body)),
    );

    app.patch(
      '/kpi/indicators/:code',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Switch an indicator on or off, or rename a manual one, province only',
          params: z.object({ code: indicatorCodeSchema }),
          body: updateIndicatorSchema,
          response: { 200: indicatorAdminViewSchema, ...errors },
        },
      },
      (req) => kpi.updateIndicator(db, req.ctx, req.params.code, req.body),
    );

    app.get(
      '/kpi/cockpit',
      {
        config: view,
        schema: {
          tags,
          summary: 'The cockpit of a unit: its figures, its children’s, its trends (default: the top of your scope)',
          querystring: cockpitQuerySchema,
          response: { 200: cockpitSchema, ...errors },
        },
      },
      (req) => kpi.cockpit(db, req.ctx, req.query),
    );

    app.get(
      '/kpi/units/:orgId/figures',
      {
        config: view,
        schema: {
          tags,
          summary: 'One unit’s figures (its whole subtree) for a year as of a month',
          params: unitFiguresParamsSchema,
          querystring: yearMonthQuerySchema,
          response: { 200: unitFiguresViewSchema, ...errors },
        },
      },
      (req) => kpi.viewUnitFigures(db, req.ctx, req.params.orgId, req.query),
    );

    app.get(
      '/kpi/trend',
      {
        config: view,
        schema: {
          tags,
          summary: 'A unit’s month-by-month series of one indicator (comparable=true adds merged predecessors)',
          querystring: trendQuerySchema,
          response: { 200: unitTrendSchema, ...errors },
        },
      },
      (req) => kpi.unitTrend(db, req.ctx, { ...req.query, comparable: req.query.comparable === 'true' }),
    );

    app.get(
      '/kpi/ranking',
      {
        config: view,
        schema: {
          tags,
          summary: 'Units below a unit ranked by completion of one indicator (children, or a unit type)',
          querystring: rankingQuerySchema,
          response: { 200: rankingSchema, ...errors },
        },
      },
      (req) => kpi.rankUnits(db, req.ctx, req.query),
    );

    app.get(
      '/kpi/freshness',
      {
        config: view,
        schema: {
          tags,
          summary: 'When each indicator was last recomputed from the records',
          response: { 200: freshnessSchema, ...errors },
        },
      },
      () => kpi.freshness(db),
    );

    app.post(
      '/kpi/refresh',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Recompute a whole year from the records (after backdated records), province only',
          body: refreshBodySchema,
          response: { 200: refreshResultSchema, ...errors },
        },
      },
      (req) => kpi.recompute(db, req.ctx, req.body.year),
    );
  };
