// HTTP routes of first-aid training (救护培训), one plugin per part of the module.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/client';
import { trainingCatalogueRoutes } from './training-catalogue.routes';
import { trainingCertificateRoutes } from './training-certificates.routes';
import { trainingClassRoutes } from './training-classes.routes';
import { trainingExamRoutes } from './training-exams.routes';

export const trainingRoutes =
  (deps: { db: Db; publicUrl?: string }): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(trainingCatalogueRoutes(deps));
    await app.register(trainingClassRoutes(deps));
    await app.register(trainingExamRoutes(deps));
    await app.register(trainingCertificateRoutes(deps));
  };
