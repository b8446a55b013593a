// HTTP routes of first-aid training: practical exams (培考分离), certificates (issue, PDF, public verification, revocation, reminders, import), statistics.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/client';

export const trainingCertificateRoutes =
  ({ db }: { db: Db; publicUrl?: string }): FastifyPluginAsyncZod =>
  async (_app) => {
    void db;
  };
