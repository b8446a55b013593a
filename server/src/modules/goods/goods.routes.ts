// HTTP routes for goods: warehouses, intake and countersignature, transfers, distributions, write-offs, stock and
// expiry (staff), and the public trace of a lot.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { errorResponses } from '../../platform/errors';
import * as expiry from './expiry';
import {
  countersignLotSchema,
  createWarehouseSchema,
  decideWriteOffSchema,
  distributeSchema,
  expiringListSchema,
  expiringQuerySchema,
  goodsRulesViewSchema,
  lotListQuerySchema,
  lotPageSchema,
  lotViewSchema,
  movementListQuerySchema,
  movementPageSchema,
  movementViewSchema,
  publicLotListQuerySchema,
  publicLotPageSchema,
  publicLotSchema,
  recordLotSchema,
  requestWriteOffSchema,
  stockPageSchema,
  stockQuerySchema,
  transferSchema,
  updateWarehouseSchema,
  warehouseListQuerySchema,
  warehouseViewSchema,
  writeOffListQuerySchema,
  writeOffPageSchema,
  writeOffViewSchema,
} from './goods.schemas';
import * as goods from './goods.service';
import { defaultGoodsRules, type GoodsRules } from './goods-rules';
import * as movements from './movements';

const errors = errorResponses(400, 401, 403, 404, 409, 422);
const tags = ['goods'];
const publicTags = ['goods (public)'];
const idParams = z.strictObject({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const uuidParams = z.strictObject({ id: z.uuid() });
const lotNoParams = z.strictObject({ lotNo: z.string().min(1).max(40) });
const publicRead = { max: 120, timeWindow: '1 minute' };

export const goodsRoutes =
  ({ db, rules = defaultGoodsRules }: { db: Db; rules?: GoodsRules }): FastifyPluginAsyncZod =>
  async (app) => {
    // -------------------------------------------------------------------------------------------- rules
    app.get(
      '/goods/rules',
      {
        config: { access: { permission: 'goods:view' } },
        schema: {
          tags,
          summary: 'The minimum shelf life at intake and the expiry alert window',
          response: { 200: goodsRulesViewSchema, ...errors },
        },
      },
      () => rules,
    );

    // -------------------------------------------------------------------------------------------- warehouses
    app.get(
      '/goods/warehouses',
      {
        config: { access: { permission: 'goods:view' } },
        schema: {
          tags,
          querystring: warehouseListQuerySchema,
          response: { 200: z.array(warehouseViewSchema), ...errors },
        },
      },
      (req) => goods.listWarehouses(db, req.ctx, req.query),
    );
    app.post(
      '/goods/warehouses',
      {
        config: { access: { permission: 'goods:manage' } },
        schema: { tags, body: createWarehouseSchema, response: { 201: warehouseViewSchema, ...errors } },
      },
      async (req, reply) => reply.code(201).send(await goods.createWarehouse(db, req.ctx, req.body)),
    );
    app.patch(
      '/goods/warehouses/:id',
      {
        config: { access: { permission: 'goods:manage' } },
        schema: {
          tags,
          summary: 'Rename, re-address, close or reopen a warehouse',
          params: idParams,
          body: updateWarehouseSchema,
          response: { 200: warehouseViewSchema, ...errors },
        },
      },
      (req) => goods.updateWarehouse(db, req.ctx, req.params.id, req.body),
    );

    // -------------------------------------------------------------------------------------------- lots
    app.get(
      '/goods/lots',
      {
        config: { access: { permission: 'goods:view' } },
        schema: { tags, querystring: lotListQuerySchema, response: { 200: lotPageSchema, ...errors } },
      },
      (req) => goods.listLots(db, req.ctx, req.query),
    );
    app.post(
      '/goods/lots',
      {
        config: { access: { permission: 'goods:manage' } },
        schema: {
          tags,
          summary: 'Record an in-kind gift as counted in (pending until a second person countersigns)',
          body: recordLotSchema,
          response: { 201: lotViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await goods.recordLot(db, req.ctx, rules, req.body)),
    );
    app.get(
      '/goods/lots/:id',
      {
        config: { access: { permission: 'goods:view' } },
        schema: { tags, params: uuidParams, response: { 200: lotViewSchema, ...errors } },
      },
      (req) => goods.viewLot(db, req.ctx, req.params.id),
    );
    app.post(
      '/goods/lots/:id/countersign',
      {
        config: { access: { permission: 'goods:approve' } },
        schema: {
          tags,
          summary: 'A second person counts again and confirms (the lot enters stock and the ledger) or rejects',
          params: uuidParams,
          body: countersignLotSchema,
          response: { 200: lotViewSchema, ...errors },
        },
      },
      (req) => goods.countersignLot(db, req.ctx, req.params.id, req.body),
    );

    // -------------------------------------------------------------------------------------------- movements
    app.get(
      '/goods/movements',
      {
        config: { access: { permission: 'goods:view' } },
        schema: { tags, querystring: movementListQuerySchema, response: { 200: movementPageSchema, ...errors } },
      },
      (req) => goods.listMovements(db, req.ctx, req.query),
    );
    app.post(
      '/goods/transfers',
      {
        config: { access: { permission: 'goods:manage' } },
        schema: {
          tags,
          summary: 'Move units of a lot between two warehouses',
          body: transferSchema,
          response: { 201: movementViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await movements.transferGoods(db, req.ctx, req.body)),
    );
    app.post(
      '/goods/distributions',
      {
        config: { access: { permission: 'goods:manage' } },
        schema: {
          tags,
          summary: 'Hand units of a lot to a unit, an organisation or a person, with the signed receipt',
          body: distributeSchema,
          response: { 201: movementViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await movements.distributeGoods(db, req.ctx, req.body)),
    );
    app.get(
      '/goods/write-offs',
      {
        config: { access: { permission: 'goods:view' } },
        schema: { tags, querystring: writeOffListQuerySchema, response: { 200: writeOffPageSchema, ...errors } },
      },
      (req) => movements.listWriteOffs(db, req.ctx, req.query),
    );
    app.post(
      '/goods/write-offs',
      {
        config: { access: { permission: 'goods:manage' } },
        schema: {
          tags,
          summary: 'Ask to write units off (expired, damaged …); a second person decides',
          body: requestWriteOffSchema,
          response: { 201: writeOffViewSchema, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await movements.requestWriteOff(db, req.ctx, req.body)),
    );
    app.post(
      '/goods/write-offs/:id/decision',
      {
        config: { access: { permission: 'goods:approve' } },
        schema: {
          tags,
          summary: 'Approve (the units leave stock) or reject a pending write-off',
          params: uuidParams,
          body: decideWriteOffSchema,
          response: { 200: writeOffViewSchema, ...errors },
        },
      },
      (req) => movements.decideWriteOff(db, req.ctx, req.params.id, req.body),
    );

    // -------------------------------------------------------------------------------------------- stock and expiry
    app.get(
      '/goods/stock',
      {
        config: { access: { permission: 'goods:view' } },
        schema: {
          tags,
          summary: 'Stock by warehouse: one line per lot and warehouse',
          querystring: stockQuerySchema,
          response: { 200: stockPageSchema, ...errors },
        },
      },
      (req) => goods.listStock(db, req.ctx, req.query),
    );
    app.get(
      '/goods/expiring',
      {
        config: { access: { permission: 'goods:view' } },
        schema: {
          tags,
          summary: 'Stock expiring within `days` (or already expired), soonest first',
          querystring: expiringQuerySchema,
          response: { 200: expiringListSchema, ...errors },
        },
      },
      (req) => expiry.listExpiring(db, req.ctx, req.query),
    );

    // -------------------------------------------------------------------------------------------- public
    app.get(
      '/public/goods/lots',
      {
        config: { access: 'public', rateLimit: publicRead },
        schema: {
          tags: publicTags,
          summary: 'Received lots of in-kind gifts, newest first',
          querystring: publicLotListQuerySchema,
          response: { 200: publicLotPageSchema, ...errors },
        },
      },
      (req) => goods.listPublicLots(db, req.query),
    );
    app.get(
      '/public/goods/lots/:lotNo',
      {
        config: { access: 'public', rateLimit: publicRead },
        schema: {
          tags: publicTags,
          summary: 'A lot from donor to final recipients: the exact product and quantity at every step',
          params: lotNoParams,
          response: { 200: publicLotSchema, ...errors },
        },
      },
      (req) => goods.viewPublicLot(db, req.params.lotNo),
    );
  };
