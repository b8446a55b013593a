// Builds the Fastify app: platform plugins, the error handler, the access guard, then each module's routes.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { sql } from 'drizzle-orm';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from './db/client';
import { aedRoutes } from './modules/aed/aed.routes';
import type { MapConfig } from './modules/aed/aed-public.schemas';
import { donationsRoutes } from './modules/donations/donations.routes';
import type { GivingRuntime } from './modules/donations/giving';
import { goodsRoutes } from './modules/goods/goods.routes';
import { grievancesRoutes } from './modules/grievances/grievances.routes';
import { kpiRoutes } from './modules/kpi/kpi.routes';
import { kpiGeoRoutes } from './modules/kpi/kpi-geo.routes';
import { kpiReportsRoutes } from './modules/kpi/kpi-reports.routes';
import { kpiTargetsRoutes } from './modules/kpi/kpi-targets.routes';
import { kpiTransparencyRoutes } from './modules/kpi/kpi-transparency.routes';
import { ledgerRoutes } from './modules/ledger/ledger.routes';
import type { LedgerKey } from './modules/ledger/ledger-key';
import { membersRoutes } from './modules/members/members.routes';
import { memberPointsRoutes } from './modules/members/members-points.routes';
import { mutualaidRoutes } from './modules/mutualaid/mutualaid.routes';
import { orgsRoutes } from './modules/orgs/orgs.routes';
import { peopleRoutes } from './modules/people/people.routes';
import { peoplePrivacyRoutes } from './modules/people/people-privacy.routes';
import { receiptsRoutes } from './modules/receipts/receipts.routes';
import { organRoutes } from './modules/registry/registry-organ.routes';
import { stemCellRoutes } from './modules/registry/registry-stemcell.routes';
import { reliefRoutes } from './modules/relief/relief.routes';
import { rescueRoutes } from './modules/rescue/rescue.routes';
import { responseRoutes } from './modules/response/response.routes';
import { servicesRoutes } from './modules/services/services.routes';
import { trainingRoutes } from './modules/training/training.routes';
import { volunteersRoutes } from './modules/volunteers/volunteers.routes';
import { auditRoutes } from './platform/audit/audit.routes';
import { authRoutes, sessionCookie } from './platform/auth/auth.routes';
import { errorBodySchema } from './platform/errors';
import { filesRoutes } from './platform/files/files.routes';
import { installAccessGuard, type RegisteredRoute } from './platform/http/access';
import { frameworkErrors, installErrorHandler } from './platform/http/error-handler';
import { installSecurity, logRedactPaths, logSerializers } from './platform/http/security';
import { notifyRoutes } from './platform/notify/notify.routes';
import { installObservability, requestIdFrom } from './platform/observability/observability';
import { rbacRoutes } from './platform/rbac/rbac.routes';
import { createRealtime, type Realtime } from './platform/realtime/realtime';
import { registerRealtimeRoutes } from './platform/realtime/realtime.routes';

export type AppOptions = {
  database: Database;
  cookieSecure?: boolean;
  /** Show one-time codes on the outbox page (the dev delivery adapter). */
  showOutboxSecrets?: boolean;
  logLevel?: string;
  /** Where log lines go (stdout by default); tests capture them. */
  logStream?: NodeJS.WritableStream;
  /** Serve the built web app from this folder when it exists. */
  webDist?: string;
  /** Per-IP rate limits on; tests switch them off except where they test them. */
  rateLimits?: boolean;
  /** The transparency log's origin and key; without it the ledger routes are not served. */
  ledger?: LedgerKey;
  /**
   * Reverse proxies whose X-Forwarded-For is believed (addresses, CIDRs or `loopback`); none by default, so a client
   * cannot pick its own address for the per-IP rate limits.
   */
  trustProxy?: string[];
  /** Payment providers and giving rules; without it the donations routes are not served. */
  giving?: GivingRuntime;
  /** Map tiles for the AED and responder maps (none by default: markers on a blank map). */
  map?: MapConfig;
  /** The realtime bus (LISTEN/NOTIFY fan-out); created on the app's database when not given, and closed with the app. */
  realtime?: Realtime;
  /** Bearer token for GET /metrics (BOAI_METRICS_TOKEN); without it only direct loopback callers may scrape. */
  metricsToken?: string;
};

export type BoaiApp = FastifyInstance & { boaiRoutes: RegisteredRoute[]; realtime: Realtime };

export const defaultWebDist = fileURLToPath(new URL('../../web/dist', import.meta.url));

export async function buildApp(opts: AppOptions): Promise<BoaiApp> {
  const { db } = opts.database;
  const app = Fastify({
    logger: {
      level: opts.logLevel ?? 'info',
      redact: logRedactPaths,
      serializers: logSerializers,
      ...(opts.logStream ? { stream: opts.logStream } : {}),
    },
    bodyLimit: 1024 * 1024,
    trustProxy: opts.trustProxy && opts.trustProxy.length > 0 ? opts.trustProxy : false,
    genReqId: requestIdFrom,
    routerOptions: { maxParamLength: 200 },
    frameworkErrors,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // JSON only: a text/plain body (the classic cross-site form trick) is refused with 415.
  app.removeContentTypeParser('text/plain');
  const webDist = opts.webDist ?? defaultWebDist;
  const servesWeb = fs.existsSync(path.join(webDist, 'index.html'));
  // One not-found handler (Fastify allows one per prefix): JSON 404s for the API, the app shell for client routes.
  installErrorHandler(app, { spaFallback: servesWeb });

  await app.register(cookie);
  await installSecurity(app, {
    cookieSecure: opts.cookieSecure ?? false,
    publicUrl: opts.giving?.publicUrl,
    map: opts.map,
  });
  await installObservability(app, { database: opts.database, metricsToken: opts.metricsToken });
  await app.register(multipart, { limits: { fileSize: 20 * 1024 * 1024, files: 1, fields: 10 } });
  await app.register(rateLimit, {
    global: false,
    enableDraftSpec: true,
    skipOnError: false,
    ...(opts.rateLimits === false ? { max: Number.MAX_SAFE_INTEGER, allowList: () => true } : {}),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Boai API',
        version: '0.1.0',
        description:
          '博爱 — the Digital Red Cross platform. Errors share one shape: `{ error: { code, message, details? } }`.',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: sessionCookie } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  const routes = installAccessGuard(app, db, sessionCookie);

  const realtime =
    opts.realtime ?? (await createRealtime(opts.database, { onError: (e) => app.log.error({ err: e }, 'realtime') }));
  if (!opts.realtime) {
    app.addHook('onClose', () => realtime.close());
  }
  await registerRealtimeRoutes(app, realtime);

  await app.register(
    async (api) => {
      api.get(
        '/health',
        {
          config: { access: 'public' },
          schema: {
            tags: ['platform'],
            summary: 'Liveness and database check',
            response: {
              200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']) }),
              503: errorBodySchema,
            },
          },
        },
        async () => {
          await db.execute(sql`SELECT 1`);
          return { status: 'ok' as const, database: opts.database.kind };
        },
      );
      await api.register(authRoutes({ db, cookieSecure: opts.cookieSecure ?? false }));
      await api.register(rbacRoutes({ db }));
      await api.register(orgsRoutes({ db }));
      await api.register(peopleRoutes({ db }));
      await api.register(peoplePrivacyRoutes({ db }));
      await api.register(auditRoutes({ db }));
      await api.register(filesRoutes({ db }));
      if (opts.giving) {
        await api.register(donationsRoutes({ db, giving: opts.giving }));
        await api.register(receiptsRoutes({ db, publicUrl: opts.giving.publicUrl }));
      }
      await api.register(goodsRoutes({ db }));
      await api.register(servicesRoutes({ db }));
      await api.register(reliefRoutes({ db }));
      await api.register(mutualaidRoutes({ db, publicUrl: opts.giving?.publicUrl }));
      await api.register(grievancesRoutes({ db }));
      await api.register(trainingRoutes({ db, publicUrl: opts.giving?.publicUrl }));
      await api.register(aedRoutes({ db, publicUrl: opts.giving?.publicUrl, map: opts.map }));
      await api.register(responseRoutes({ db, realtime, publicUrl: opts.giving?.publicUrl }));
      await api.register(membersRoutes({ db, publicUrl: opts.giving?.publicUrl }));
      await api.register(memberPointsRoutes({ db, publicUrl: opts.giving?.publicUrl }));
      await api.register(volunteersRoutes({ db, publicUrl: opts.giving?.publicUrl }));
      await api.register(rescueRoutes({ db, publicUrl: opts.giving?.publicUrl }));
      await api.register(stemCellRoutes({ db, publicUrl: opts.giving?.publicUrl }));
      await api.register(organRoutes({ db, publicUrl: opts.giving?.publicUrl }));
      await api.register(kpiRoutes({ db }));
      await api.register(kpiTargetsRoutes({ db }));
      await api.register(kpiTransparencyRoutes({ db }));
      await api.register(kpiReportsRoutes({ db }));
      await api.register(kpiGeoRoutes({ db }));
      await api.register(notifyRoutes({ db, showSecrets: opts.showOutboxSecrets ?? false }));
      if (opts.ledger) {
        await api.register(ledgerRoutes({ db, key: opts.ledger }));
      }
    },
    { prefix: '/api' },
  );

  if (servesWeb) {
    await app.register(fastifyStatic, { root: webDist, wildcard: false, index: ['index.html'] });
  }

  const boai = app as unknown as BoaiApp;
  boai.boaiRoutes = routes;
  boai.realtime = realtime;
  return boai;
}
