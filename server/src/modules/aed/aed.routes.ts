// HTTP routes of the AED registry (AED配置), one plugin per part of the module.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/client';
import { aedAdminRoutes } from './aed-admin.routes';
import { aedPublicRoutes } from './aed-public.routes';
import type { MapConfig } from './aed-public.schemas';

export const aedRoutes =
  (deps: { db: Db; publicUrl?: string; map?: MapConfig }): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(aedAdminRoutes(deps));
    await app.register(aedPublicRoutes(deps));
  };
