// HTTP routes of the kpi module for the cockpit: map outlines of a unit's child areas and the live feed (today's gifts
// and payouts, the ledger ticker, overdue work). kpi:view reads both; the live feed is checked against its scope.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/client';
import { errorResponses } from '../../platform/errors';
import { getChildOutlines } from './kpi-geo';
import { geoCodeParamsSchema, geoMapSchema, liveFeedSchema, liveQuerySchema } from './kpi-geo.schemas';
import { liveFeed } from './kpi-live';

const errors = errorResponses(400, 401, 403, 404);
const tags = ['kpi'];
const view = { access: { permission: 'kpi:view' as const } };

export const kpiGeoRoutes =
  ({ db }: { db: Db }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/kpi/geo/:code',
      {
        config: view,
        schema: {
          tags,
          summary:
            'Map outlines (GeoJSON) of the areas under a province or city code, keyed by current GB/T 2260 codes',
          params: geoCodeParamsSchema,
          response: { 200: geoMapSchema, ...errors },
        },
      },
      async (req, reply) => {
        const map = await getChildOutlines(req.params.code);
        // Outlines change only with a new release: let the browser keep them for a day.
        reply.header('cache-control', 'private, max-age=86400');
        return map;
      },
    );
    app.get(
      '/kpi/live',
      {
        config: view,
        schema: {
          tags,
          summary: "A unit's live feed: today's gifts and payouts, the latest public ledger events, overdue work",
          querystring: liveQuerySchema,
          response: { 200: liveFeedSchema, ...errors },
        },
      },
      (req) => liveFeed(db, req.ctx, req.query.orgId),
    );
  };
