// Public AED routes: map config, nearest available devices, place search, a device's public page and photo, problem
// reports; for staff: the printable QR sticker, the reports list, key places and the coverage-gap analysis.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { errorResponses } from '../../platform/errors';
import * as coverage from './aed-coverage';
import * as aedPublic from './aed-public';
import {
  aedCodeParamsSchema,
  aedIdParamsSchema,
  coverageQuerySchema,
  coverageResultSchema,
  keyPlaceInputSchema,
  keyPlaceListQuerySchema,
  keyPlacePatchSchema,
  keyPlaceViewSchema,
  type MapConfig,
  mapConfigSchema,
  nearbyQuerySchema,
  nearbyResultSchema,
  placeHitSchema,
  placeSearchQuerySchema,
  publicAedViewSchema,
  reportListQuerySchema,
  reportProblemSchema,
  reportReceiptSchema,
  reportViewSchema,
} from './aed-public.schemas';

const errors = errorResponses(400, 401, 403, 404, 409, 413, 422);
const publicTags = ['aed (public)'];
const tags = ['aed'];
const view = { access: { permission: 'aed:view' as const } };
const manage = { access: { permission: 'aed:manage' as const } };
/** Someone looking for an AED refreshes as they walk: generous, but not enough to crawl the registry. */
const nearbyLimit = { max: 60, timeWindow: '1 minute' };
const publicRead = { max: 60, timeWindow: '1 minute' };
/** A bystander reports one problem, maybe two: more from one address in ten minutes is abuse. */
const reportLimit = { max: 5, timeWindow: '10 minutes' };

export const noTiles: MapConfig = { tileUrl: null, tileDatum: 'wgs84', attribution: '' };

export const aedPublicRoutes =
  ({ db, publicUrl, map }: { db: Db; publicUrl?: string; map?: MapConfig }): FastifyPluginAsyncZod =>
  async (app) => {
    const mapConfig = map ?? noTiles;
    const origin = publicUrl ?? 'http://localhost:3000';

    app.get(
      '/aed/map-config',
      {
        config: { access: 'public' },
        schema: {
          tags: publicTags,
          summary: 'The map tiles to draw under AED maps (none configured: a blank map with markers)',
          response: { 200: mapConfigSchema },
        },
      },
      async () => mapConfig,
    );

    app.get(
      '/aed/nearby',
      {
        config: { access: 'public', rateLimit: nearbyLimit },
        schema: {
          tags: publicTags,
          summary:
            'The nearest AEDs that are ready and open now (China time), nearest first, with straight-line metres and rough walking seconds (WGS-84 in, WGS-84 and GCJ-02 out)',
          querystring: nearbyQuerySchema,
          response: { 200: nearbyResultSchema, ...errors },
        },
      },
      (req) => aedPublic.findNearbyForPublic(db, { lat: req.query.lat, lng: req.query.lng }, req.query.limit),
    );

    app.get(
      '/aed/places',
      {
        config: { access: 'public', rateLimit: publicRead },
        schema: {
          tags: publicTags,
          summary: 'Search registered AEDs (address, building, code) and units with coordinates by name',
          querystring: placeSearchQuerySchema,
          response: { 200: z.array(placeHitSchema), ...errors },
        },
      },
      (req) => aedPublic.searchPlaces(db, req.query.q),
    );

    app.get(
      '/aed/public/:code',
      {
        config: { access: 'public', rateLimit: publicRead },
        schema: {
          tags: publicTags,
          summary: "A device's public page: where, when, status (available only when ready and open now)",
          params: aedCodeParamsSchema,
          response: { 200: publicAedViewSchema, ...errors },
        },
      },
      (req) => aedPublic.viewPublicAed(db, req.params.code),
    );

    app.get(
      '/aed/public/:code/photo',
      {
        config: { access: 'public', rateLimit: publicRead },
        schema: { tags: publicTags, summary: "The device's photo (where to find it)", params: aedCodeParamsSchema },
      },
      async (req, reply) => {
        const photo = await aedPublic.readPublicAedPhoto(db, req.params.code);
        return reply
          .header('content-type', photo.contentType)
          .header('cache-control', 'public, max-age=3600')
          .send(photo.bytes);
      },
    );

    app.post(
      '/aed/public/:code/reports',
      {
        config: { access: 'public', rateLimit: reportLimit },
        schema: {
          tags: publicTags,
          summary:
            'Report a problem with a device (missing, damaged, locked/inaccessible, expired, other), with an optional note, photo and phone; raises an upkeep task',
          params: aedCodeParamsSchema,
          body: reportProblemSchema,
          response: { 201: reportReceiptSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await aedPublic.reportProblem(db, req.ctx, req.params.code, req.body)),
    );

    // -------------------------------------------------------------------------------------------- staff

    app.get(
      '/aed/:id/sticker.pdf',
      {
        config: view,
        schema: {
          tags,
          summary: "The device's printable QR sticker (A6 PDF) linking to its public page",
          params: aedIdParamsSchema,
        },
      },
      async (req, reply) => {
        const { code, pdf } = await aedPublic.renderSticker(db, req.ctx, req.params.id, origin);
        return reply
          .header('content-type', 'application/pdf')
          .header('content-disposition', `inline; filename="aed-sticker-${code}.pdf"`)
          .send(pdf);
      },
    );

    app.get(
      '/aed/reports',
      {
        config: view,
        schema: {
          tags,
          summary: 'Problems the public reported on the devices of a unit and its subtree, newest first',
          querystring: reportListQuerySchema,
          response: { 200: z.array(reportViewSchema), ...errors },
        },
      },
      (req) => aedPublic.listProblemReports(db, req.ctx, req.query.orgId),
    );

    app.get(
      '/aed/coverage',
      {
        config: view,
        schema: {
          tags,
          summary:
            'Coverage-gap analysis of a unit at a weekday and hour: grid cells and places within a short walk (3 min) of an AED ready and open then; uncovered key places by footfall',
          querystring: coverageQuerySchema,
          response: { 200: coverageResultSchema, ...errors },
        },
      },
      (req) => coverage.analyseUnitCoverage(db, req.ctx, req.query),
    );

    app.get(
      '/aed/key-places',
      {
        config: view,
        schema: {
          tags,
          summary: 'Key places (schools, stations, malls …) of a unit and its subtree, busiest first',
          querystring: keyPlaceListQuerySchema,
          response: { 200: z.array(keyPlaceViewSchema), ...errors },
        },
      },
      (req) => coverage.listUnitKeyPlaces(db, req.ctx, req.query.orgId),
    );

    app.post(
      '/aed/key-places',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Add a key place to a unit (WGS-84, or GCJ-02 from a Chinese map picker)',
          body: keyPlaceInputSchema,
          response: { 201: keyPlaceViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await coverage.addKeyPlace(db, req.ctx, req.body)),
    );

    app.patch(
      '/aed/key-places/:id',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Change a key place',
          params: aedIdParamsSchema,
          body: keyPlacePatchSchema,
          response: { 200: keyPlaceViewSchema, ...errors },
        },
      },
      (req) => coverage.updateKeyPlace(db, req.ctx, req.params.id, req.body),
    );

    app.delete(
      '/aed/key-places/:id',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Remove a key place',
          params: aedIdParamsSchema,
          response: { 204: z.null(), ...errors },
        },
      },
      async (req, reply) => {
        await coverage.removeKeyPlace(db, req.ctx, req.params.id);
        return reply.code(204).send(null);
      },
    );
  };
