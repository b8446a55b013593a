// HTTP routes of first-aid training: classes, enrolment (staff, Excel, class QR, the service hall, order rosters), waitlist, sessions and check-in, awareness sessions.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/client';

export const trainingClassRoutes =
  ({ db }: { db: Db; publicUrl?: string }): FastifyPluginAsyncZod =>
  async (_app) => {
    void db;
  };
