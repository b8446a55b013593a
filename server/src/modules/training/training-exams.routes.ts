// HTTP routes of first-aid training: online study progress, theory exam attempts (draw, autosave, timer, grading, flags and review), the question bank.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/client';

export const trainingExamRoutes =
  ({ db }: { db: Db; publicUrl?: string }): FastifyPluginAsyncZod =>
  async (_app) => {
    void db;
  };
