// HTTP routes for people: search, register, view, edit, and audited unmasking.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { errorResponses } from '../../platform/errors';
import {
  createPersonSchema,
  peoplePageSchema,
  peopleQuerySchema,
  personViewSchema,
  unmaskedPersonSchema,
  unmaskSchema,
  updatePersonSchema,
} from './people.schemas';
import * as people from './people.service';

const idParams = z.strictObject({ id: z.uuid() });
const errors = errorResponses(400, 401, 403, 404, 409);
const tags = ['people'];

export const peopleRoutes =
  ({ db }: { db: Db }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/people',
      {
        config: { access: { permission: 'people:view' } },
        schema: {
          tags,
          summary: 'Search people by name, pinyin, full ID number, phone or masked ID',
          querystring: peopleQuerySchema,
          response: { 200: peoplePageSchema, ...errors },
        },
      },
      (req) => people.searchPeople(db, req.ctx, req.query),
    );

    app.post(
      '/people',
      {
        config: { access: { permission: 'people:manage' } },
        schema: { tags, body: createPersonSchema, response: { 201: personViewSchema, ...errors } },
      },
      async (req, reply) => reply.code(201).send(await people.registerPerson(db, req.ctx, req.body)),
    );

    app.get(
      '/people/:id',
      {
        config: { access: { permission: 'people:view' } },
        schema: { tags, params: idParams, response: { 200: personViewSchema, ...errors } },
      },
      (req) => people.viewPerson(db, req.ctx, req.params.id),
    );

    app.patch(
      '/people/:id',
      {
        config: { access: { permission: 'people:manage' } },
        schema: { tags, params: idParams, body: updatePersonSchema, response: { 200: personViewSchema, ...errors } },
      },
      (req) => people.updatePerson(db, req.ctx, req.params.id, req.body),
    );

    app.post(
      '/people/:id/unmask',
      {
        config: { access: { permission: 'pii:view' } },
        schema: {
          tags,
          summary: 'Show the full ID number and phone (audited, with a reason)',
          params: idParams,
          body: unmaskSchema,
          response: { 200: unmaskedPersonSchema, ...errors },
        },
      },
      (req) => people.unmaskPerson(db, req.ctx, req.params.id, req.body.reason),
    );
  };
