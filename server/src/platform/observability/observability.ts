// Operations: request ids in every log line, Prometheus metrics, liveness and readiness. Installed by buildApp
// before the routes (hooks on the root instance, so every route is measured).
//
// - Request ids: a well-formed incoming `X-Request-Id` (a proxy's or the caller's) is kept, otherwise a UUID is made;
//   it is echoed in the response's `X-Request-Id` and carried as `reqId` by every line logged through `req.log`.
// - GET /metrics: Prometheus text. With a metrics token configured it needs `Authorization: Bearer <token>`; without
//   one it answers only direct loopback connections (no X-Forwarded-For / Forwarded header: not relayed by a proxy).
// - GET /api/health/live: the process answers (no database). GET /api/health/ready: the database answers, its schema
//   is at this code's migration level, and the process is not shutting down; 503 otherwise.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import client from 'prom-client';
import { z } from 'zod';
import { type Database, queryRows } from '../../db/client';
import { migrationsFolder } from '../../db/migrate';
import { AppError, errorBodySchema } from '../errors';
import type { Realtime } from '../realtime/realtime';

export type ObservabilityOptions = {
  database: Database;
  /** Bearer token for GET /metrics; without it only direct loopback callers may scrape. */
  metricsToken?: string;
};

/** What an app exposes to the process that runs it (server.ts): the draining flag readiness reports. */
export type Lifecycle = { draining: boolean };
const lifecycles = new WeakMap<FastifyInstance, Lifecycle>();

/** Marks the app as shutting down: readiness answers 503 from now on, so load balancers stop sending traffic. */
export function markDraining(app: FastifyInstance): void {
  const l = lifecycles.get(app);
  if (l) {
    l.draining = true;
  }
}

const requestIdPattern = /^[A-Za-z0-9._:@/+=-]{8,128}$/;

/** Fastify's genReqId: the caller's X-Request-Id when well formed (no spaces or control characters), else a UUID. */
export function requestIdFrom(req: { headers: Record<string, string | string[] | undefined> }): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && requestIdPattern.test(given) ? given : crypto.randomUUID();
}

/** The code's migration level: the newest entry of the migrations journal (drizzle stores its `when`). */
function codeMigrationLevel(): number {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
    entries: Array<{ when: number }>;
  };
  return Math.max(...journal.entries.map((e) => e.when));
}

// Process metrics (CPU, memory, event loop lag, GC, handles) are per process: one registry however many apps a
// process builds (tests build many).
let processRegistry: client.Registry | undefined;
function processMetrics(): client.Registry {
  if (!processRegistry) {
    processRegistry = new client.Registry();
    client.collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

function statusClass(code: number): string {
  return `${Math.floor(code / 100)}xx`;
}

function isLoopback(ip: string | undefined): boolean {
  return ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1';
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer (.+)$/.exec(header ?? '');
  if (!m) {
    return false;
  }
  const a = crypto.createHash('sha256').update(m[1]!).digest();
  const b = crypto.createHash('sha256').update(token).digest();
  return crypto.timingSafeEqual(a, b);
}

export async function installObservability(app: FastifyInstance, opts: ObservabilityOptions): Promise<void> {
  const { database } = opts;
  const lifecycle: Lifecycle = { draining: false };
  lifecycles.set(app, lifecycle);
  const migrationLevel = codeMigrationLevel();

  const registry = new client.Registry();
  const labelNames = ['method', 'route', 'status_class'] as const;
  const requests = new client.Counter({
    name: 'boai_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status class',
    labelNames,
    registers: [registry],
  });
  const duration = new client.Histogram({
    name: 'boai_http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by method, route pattern and status class',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const errors = new client.Counter({
    name: 'boai_http_errors_total',
    help: 'HTTP requests answered with a 5xx status, by method and route pattern',
    labelNames: ['method', 'route'],
    registers: [registry],
  });
  const jobs = new client.Gauge({
    name: 'boai_jobs',
    help: 'Jobs in the queue by name and state (pending: queued; running; failed: gave up after its attempts)',
    labelNames: ['name', 'state'],
    registers: [registry],
  });
  const jobsOldestDue = new client.Gauge({
    name: 'boai_jobs_oldest_due_seconds',
    help: 'How long the oldest due, unclaimed job has waited (0 when none): a stalled or too small worker pool',
    registers: [registry],
  });
  const wsConnections = new client.Gauge({
    name: 'boai_websocket_connections',
    help: 'Open realtime WebSocket connections on this process',
    registers: [registry],
  });
  const realtimeReceived = new client.Gauge({
    name: 'boai_realtime_events_received',
    help: 'Realtime events this process received from the database channel since it started',
    registers: [registry],
  });
  const realtimeDelivered = new client.Gauge({
    name: 'boai_realtime_frames_delivered',
    help: 'Realtime events this process handed to local subscribers since it started',
    registers: [registry],
  });
  const ledgerEntries = new client.Gauge({
    name: 'boai_ledger_entries',
    help: 'Entries in the public transparency log',
    registers: [registry],
  });
  const checkpointSize = new client.Gauge({
    name: 'boai_ledger_checkpoint_size',
    help: 'Tree size of the latest signed checkpoint (0 before the first)',
    registers: [registry],
  });
  const checkpointAge = new client.Gauge({
    name: 'boai_ledger_checkpoint_age_seconds',
    help: 'Age of the latest signed checkpoint (absent before the first)',
    registers: [registry],
  });
  const dbUp = new client.Gauge({
    name: 'boai_database_up',
    help: '1 when the scrape could read the database, else 0',
    registers: [registry],
  });
  const pool = new client.Gauge({
    name: 'boai_db_pool_connections',
    help: 'PostgreSQL pool connections by state (total, idle, waiting clients); absent on embedded PGlite',
    labelNames: ['state'],
    registers: [registry],
  });
  const draining = new client.Gauge({
    name: 'boai_draining',
    help: '1 while the process is shutting down',
    registers: [registry],
  });

  // WebSocket connections, counted by the gateway's hooks once the app (and its realtime bus) is built.
  const sockets = new Set<string>();
  app.addHook('onReady', async () => {
    const realtime = (app as FastifyInstance & { realtime?: Realtime }).realtime;
    realtime?.gateway.onConnect((conn) => {
      sockets.add(conn.id);
    });
    realtime?.gateway.onDisconnect((conn) => {
      sockets.delete(conn.id);
    });
  });

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    const labels = { method: req.method, route, status_class: statusClass(reply.statusCode) };
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
    if (reply.statusCode >= 500) {
      errors.inc({ method: req.method, route });
    }
  });

  /** Reads the database-backed figures at scrape time (one query), and this process's own counters. */
  const refresh = async () => {
    draining.set(lifecycle.draining ? 1 : 0);
    wsConnections.set(sockets.size);
    const realtime = (app as FastifyInstance & { realtime?: Realtime }).realtime;
    if (realtime) {
      const s = realtime.stats();
      realtimeReceived.set(s.received);
      realtimeDelivered.set(s.delivered);
    }
    if (database.pool) {
      pool.set({ state: 'total' }, database.pool.totalCount);
      pool.set({ state: 'idle' }, database.pool.idleCount);
      pool.set({ state: 'waiting' }, database.pool.waitingCount);
    }
    try {
      const rows = await queryRows<{ kind: string; name: string | null; state: string | null; value: number | string }>(
        database.db,
        sql`
        SELECT 'jobs' AS kind, name, CASE status WHEN 'queued' THEN 'pending' WHEN 'dead' THEN 'failed' ELSE status END AS state,
          count(*) AS value
        FROM jobs WHERE status IN ('queued', 'running', 'dead') GROUP BY name, status
        UNION ALL
        SELECT 'oldest_due', NULL, NULL,
          coalesce(extract(epoch FROM now() - min(run_at)), 0)
        FROM jobs WHERE status = 'queued' AND run_at <= now()
        UNION ALL
        SELECT 'entries', NULL, NULL, coalesce((SELECT size FROM ledger_state WHERE id = 1), 0)
        UNION ALL
        SELECT 'checkpoint_size', NULL, NULL, size FROM (SELECT size FROM ledger_checkpoints ORDER BY size DESC LIMIT 1) c
        UNION ALL
        SELECT 'checkpoint_age', NULL, NULL, extract(epoch FROM now() - created_at)
        FROM (SELECT created_at FROM ledger_checkpoints ORDER BY size DESC LIMIT 1) c`,
      );
      jobs.reset();
      checkpointAge.reset();
      checkpointSize.set(0);
      jobsOldestDue.set(0);
      for (const r of rows) {
        const v = Number(r.value);
        if (r.kind === 'jobs') {
          jobs.set({ name: r.name!, state: r.state! }, v);
        } else if (r.kind === 'oldest_due') {
          jobsOldestDue.set(v);
        } else if (r.kind === 'entries') {
          ledgerEntries.set(v);
        } else if (r.kind === 'checkpoint_size') {
          checkpointSize.set(v);
        } else if (r.kind === 'checkpoint_age') {
          checkpointAge.set(v);
        }
      }
      dbUp.set(1);
    } catch (e) {
      app.log.warn({ err: e }, 'metrics: database figures unavailable');
      dbUp.set(0);
    }
  };

  const authorizeScrape = (req: FastifyRequest) => {
    if (opts.metricsToken) {
      if (!tokenMatches(req.headers.authorization, opts.metricsToken)) {
        throw new AppError('UNAUTHENTICATED');
      }
      return;
    }
    const relayed = req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined;
    if (relayed || !isLoopback(req.socket.remoteAddress)) {
      throw new AppError('FORBIDDEN', { reason: 'metrics are served to loopback only unless a token is configured' });
    }
  };

  app.get(
    '/metrics',
    { config: { access: 'public' }, schema: { hide: true } },
    async (req: FastifyRequest, reply: FastifyReply) => {
      authorizeScrape(req);
      await refresh();
      const text = `${await registry.metrics()}\n${await processMetrics().metrics()}`;
      return reply.type(registry.contentType).send(text);
    },
  );

  app.get(
    '/api/health/live',
    {
      config: { access: 'public' },
      schema: {
        tags: ['platform'],
        summary: 'Liveness: the process answers (no database check); restart it when this fails',
        response: { 200: z.object({ status: z.literal('ok'), uptimeSeconds: z.number() }) },
      },
    },
    async () => ({ status: 'ok' as const, uptimeSeconds: Math.round(process.uptime()) }),
  );

  const readySchema = z.object({
    status: z.enum(['ready', 'unavailable']),
    checks: z.object({
      database: z.enum(['ok', 'unreachable']),
      migrations: z.enum(['ok', 'behind', 'unknown']),
      draining: z.boolean(),
    }),
  });
  app.get(
    '/api/health/ready',
    {
      config: { access: 'public' },
      schema: {
        tags: ['platform'],
        summary: 'Readiness: database reachable, schema at this code level, not shutting down (else 503)',
        response: { 200: readySchema, 503: readySchema.or(errorBodySchema) },
      },
    },
    async (_req, reply) => {
      let databaseState: 'ok' | 'unreachable' = 'ok';
      let migrations: 'ok' | 'behind' | 'unknown' = 'unknown';
      try {
        await database.db.execute(sql`SELECT 1`);
        try {
          const [row] = await queryRows<{ level: string | number | null }>(
            database.db,
            sql`SELECT max(created_at) AS level FROM drizzle.__drizzle_migrations`,
          );
          migrations = Number(row?.level ?? 0) >= migrationLevel ? 'ok' : 'behind';
        } catch {
          migrations = 'behind';
        }
      } catch {
        databaseState = 'unreachable';
      }
      const ok = databaseState === 'ok' && migrations === 'ok' && !lifecycle.draining;
      return reply.code(ok ? 200 : 503).send({
        status: ok ? 'ready' : 'unavailable',
        checks: { database: databaseState, migrations, draining: lifecycle.draining },
      });
    },
  );
}
