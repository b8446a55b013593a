// HTTP routes of service orders (点餐制): the menu (staff), the order queue and its steps, statistics; members
// order, follow, rate and cancel on their phones.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { errorResponses } from '../../platform/errors';
import {
  acceptOrderSchema,
  createMenuItemSchema,
  declineOrderSchema,
  deliverOrderSchema,
  idParamsSchema,
  menuItemViewSchema,
  orderPageSchema,
  orderStatsQuerySchema,
  orderStatsSchema,
  ordersQuerySchema,
  orderViewSchema,
  orgQuerySchema,
  placeOrderSchema,
  rateOrderSchema,
  scheduleOrderSchema,
  updateMenuItemSchema,
} from './members-orders.schemas';
import * as orders from './members-orders.service';

const errors = errorResponses(400, 401, 403, 404, 409, 422);
const tags = ['member service orders'];
const publicTags = ['member service orders (public)'];
const view = { access: { permission: 'members:view' as const } };
const manage = { access: { permission: 'members:manage' as const } };
const publicWrite = { max: 20, timeWindow: '1 minute' };

export const memberOrdersRoutes =
  ({ db }: { db: Db }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/member-services/menu',
      {
        config: view,
        schema: {
          tags,
          summary: "A unit's menu of services, with those offered by units above it",
          querystring: orgQuerySchema,
          response: { 200: z.array(menuItemViewSchema), ...errors },
        },
      },
      (req) => orders.listMenu(db, req.ctx, req.query.orgId),
    );
    app.post(
      '/member-services/menu',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Publish a service on a unit’s menu (name, description, audience limits, lead time)',
          body: createMenuItemSchema,
          response: { 201: menuItemViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await orders.createMenuItem(db, req.ctx, req.body)),
    );
    app.patch(
      '/member-services/menu/:id',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Change or withdraw a service on the menu',
          params: idParamsSchema,
          body: updateMenuItemSchema,
          response: { 200: menuItemViewSchema, ...errors },
        },
      },
      (req) => orders.updateMenuItem(db, req.ctx, req.params.id, req.body),
    );
    app.get(
      '/member-services/orders',
      {
        config: view,
        schema: {
          tags,
          summary: 'Orders placed with units of a subtree (newest first), by status',
          querystring: ordersQuerySchema,
          response: { 200: orderPageSchema, ...errors },
        },
      },
      (req) => orders.listOrders(db, req.ctx, req.query),
    );
    app.get(
      '/member-services/orders/:id',
      {
        config: view,
        schema: {
          tags,
          summary: 'One order with its steps',
          params: idParamsSchema,
          response: { 200: orderViewSchema, ...errors },
        },
      },
      (req) => orders.viewOrder(db, req.ctx, req.params.id),
    );
    app.post(
      '/member-services/orders/:id/accept',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Accept an order (optionally scheduling it at once); the member gets an SMS',
          params: idParamsSchema,
          body: acceptOrderSchema,
          response: { 200: orderViewSchema, ...errors },
        },
      },
      (req) => orders.acceptOrder(db, req.ctx, req.params.id, req.body),
    );
    app.post(
      '/member-services/orders/:id/decline',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Decline an order with a reason; the member gets an SMS',
          params: idParamsSchema,
          body: declineOrderSchema,
          response: { 200: orderViewSchema, ...errors },
        },
      },
      (req) => orders.declineOrder(db, req.ctx, req.params.id, req.body.reason),
    );
    app.post(
      '/member-services/orders/:id/schedule',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Schedule (or reschedule) an accepted order: date, time and staff; the member gets an SMS',
          params: idParamsSchema,
          body: scheduleOrderSchema,
          response: { 200: orderViewSchema, ...errors },
        },
      },
      (req) => orders.scheduleOrder(db, req.ctx, req.params.id, req.body),
    );
    app.post(
      '/member-services/orders/:id/deliver',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Record delivery: attendance, notes, photos; the member is asked to rate it',
          params: idParamsSchema,
          body: deliverOrderSchema,
          response: { 200: orderViewSchema, ...errors },
        },
      },
      (req) => orders.deliverOrder(db, req.ctx, req.params.id, req.body),
    );
    app.get(
      '/member-services/stats',
      {
        config: view,
        schema: {
          tags,
          summary: 'Orders, deliveries, audience and average rating per unit of a subtree, and per service',
          querystring: orderStatsQuerySchema,
          response: { 200: orderStatsSchema, ...errors },
        },
      },
      (req) => orders.orderStats(db, req.ctx, req.query),
    );

    // -------------------------------------------------------------------------------------------- members
    app.get(
      '/public/member-services/menu',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: publicTags,
          summary: 'Services I may order (my unit and the units above it)',
          response: { 200: z.array(menuItemViewSchema), ...errors },
        },
      },
      (req) => orders.myMenu(db, req.ctx),
    );
    app.get(
      '/public/member-services/orders',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: publicTags,
          summary: 'My orders and where each stands',
          response: { 200: z.array(orderViewSchema), ...errors },
        },
      },
      (req) => orders.myOrders(db, req.ctx),
    );
    app.post(
      '/public/member-services/orders',
      {
        config: { access: 'signed-in', rateLimit: publicWrite },
        schema: {
          tags: publicTags,
          summary: 'Order a service: preferred dates (after its lead time), place, expected audience, note',
          body: placeOrderSchema,
          response: { 201: orderViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await orders.placeOrder(db, req.ctx, req.body)),
    );
    app.post(
      '/public/member-services/orders/:id/rate',
      {
        config: { access: 'signed-in', rateLimit: publicWrite },
        schema: {
          tags: publicTags,
          summary: 'Rate a delivered order once (1–5 stars and a comment)',
          params: idParamsSchema,
          body: rateOrderSchema,
          response: { 200: orderViewSchema, ...errors },
        },
      },
      (req) => orders.rateOrder(db, req.ctx, req.params.id, req.body),
    );
    app.post(
      '/public/member-services/orders/:id/cancel',
      {
        config: { access: 'signed-in', rateLimit: publicWrite },
        schema: {
          tags: publicTags,
          summary: 'Withdraw my order before it is scheduled',
          params: idParamsSchema,
          response: { 200: orderViewSchema, ...errors },
        },
      },
      (req) => orders.cancelMyOrder(db, req.ctx, req.params.id),
    );
  };
