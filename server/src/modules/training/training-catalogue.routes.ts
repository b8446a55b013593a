// HTTP routes of first-aid training: courses, lessons, training bases, instructors and their qualifications, the question bank.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/client';

export const trainingCatalogueRoutes =
  ({ db }: { db: Db; publicUrl?: string }): FastifyPluginAsyncZod =>
  async (_app) => {
    void db;
  };
