// The only reader of process.env: validates the environment once into a frozen, typed config.
import path from 'node:path';
import { z } from 'zod';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  BOAI_DATA_DIR: z.string().default('data'),
  BOAI_SECRET_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (32 bytes)')
    .optional(),
  /** Older master keys (comma-separated hex) that still decrypt data not yet re-encrypted (`boai keys rotate`). */
  BOAI_PREVIOUS_SECRET_KEYS: z
    .string()
    .default('')
    .superRefine((v, ctx) => {
      v.split(',').forEach((k, i) => {
        if (k.trim() !== '' && !/^[0-9a-fA-F]{64}$/.test(k.trim())) {
          ctx.addIssue({ code: 'custom', message: `entry ${i + 1} is not 64 hex characters (32 bytes)` });
        }
      });
    }),
  /** The master key blind indexes, token hashes and the ledger/payment keys derive from (default: the current key). */
  BOAI_LOOKUP_SECRET_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (32 bytes)')
    .optional(),
  BOAI_PUBLIC_URL: z.string().url().optional(),
  BOAI_NOTIFY_ADAPTER: z.enum(['dev', 'smtp']).default('dev'),
  SMTP_URL: z.string().optional(),
  SMTP_FROM: z.string().default('Boai <noreply@boai.local>'),
  BOAI_COOKIE_SECURE: z.enum(['true', 'false']).default('false'),
  BOAI_DEMO_SEED: z.enum(['true', 'false']).default('true'),
  BOAI_JOBS: z.enum(['on', 'off']).default('on'),
  BOAI_LEDGER_ORIGIN: z
    .string()
    .regex(/^[^\s+]+$/, 'must have no spaces or +')
    .default('boai.local/ledger'),
  /** Witnesses whose checkpoint cosignatures the log accepts: verifier keys (type 0x04), separated by commas or spaces. */
  BOAI_LEDGER_WITNESSES: z.string().default(''),
  /** A JSON file with the real payment providers' settings ({ wechat?, alipay? }; see docs/payments.md). */
  BOAI_PAYMENTS_FILE: z.string().optional(),
  /** How often a checkpoint of the grown log is signed (seconds). */
  BOAI_CHECKPOINT_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  /** The built-in demo checkout (no money moves): turn it off in production. */
  BOAI_LOCAL_PAYMENTS: z.enum(['on', 'off']).default('on'),
  /** The largest online gift in fen (default ¥500,000). */
  BOAI_MAX_ONLINE_GIFT_FEN: z.coerce.number().int().positive().optional(),
  /**
   * Which reverse proxies may tell the client's address in X-Forwarded-For (per-IP rate limits and the payer's IP
   * depend on it): empty (default) trusts none; otherwise addresses or CIDRs, comma-separated, or `loopback`.
   */
  BOAI_TRUST_PROXY: z
    .string()
    .default('')
    .refine((v) => v.split(',').every((p) => /^(|loopback|linklocal|uniquelocal|[0-9a-fA-F.:/]+)$/.test(p.trim())), {
      message: 'comma-separated addresses or CIDRs, or loopback',
    }),
  /** Map tiles for the AED and responder maps: a Leaflet URL template ({z}/{x}/{y}); none by default (blank map). */
  BOAI_MAP_TILE_URL: z.string().optional(),
  /** The datum of those tiles: gcj02 for Chinese tile providers (markers are shifted to match), else wgs84. */
  BOAI_MAP_TILE_DATUM: z.enum(['wgs84', 'gcj02']).default('wgs84'),
  BOAI_MAP_ATTRIBUTION: z.string().default(''),
  /** 救在身边: the first alert radius (widened to 2× and 3× while too few responders are found). */
  /** An exam submitted faster than this many seconds a question on average is flagged for review. */
  BOAI_EXAM_MIN_SECONDS_PER_QUESTION: z.coerce.number().min(0).max(60).default(3),
  /** How often the cockpit's figures are recomputed from the records (the current and the previous month). */
  BOAI_KPI_REFRESH_SECONDS: z.coerce.number().int().min(5).max(3600).default(30),
  BOAI_RESPONSE_RADIUS_M: z.coerce.number().int().min(100).max(10_000).default(1000),
  /** Fewer responders than this within the radius widens the search. */
  BOAI_RESPONSE_MIN_RESPONDERS: z.coerce.number().int().min(1).max(100).default(3),
  /** At most this many responders alerted per emergency. */
  BOAI_RESPONSE_CAP: z.coerce.number().int().min(1).max(5000).default(200),
  /** A responder's latest position is deleted (and they go off call) after this many minutes without a new fix. */
  BOAI_RESPONSE_POSITION_RETENTION_MIN: z.coerce.number().int().min(5).max(720).default(30),
  /** The follow-up to every responder who went is sent this many minutes after the emergency ends. */
  BOAI_RESPONSE_FOLLOWUP_MINUTES: z.coerce.number().int().min(0).max(10_080).default(90),
  /** An alert not shown on the responder's phone within this many seconds is sent again by SMS. */
  BOAI_RESPONSE_SMS_FALLBACK_SECONDS: z.coerce.number().int().min(5).max(600).default(20),
  /** Bearer token GET /metrics asks for; without it only direct loopback connections may scrape. */
  BOAI_METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  /** On SIGTERM/SIGINT: how long in-flight requests and running jobs may take before the process exits anyway. */
  BOAI_SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().min(0).max(3600).default(25),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('production'),
});

export type Config = {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  secretKeyHex?: string;
  /** BOAI_PREVIOUS_SECRET_KEYS: older master keys (hex), decrypt only. */
  previousSecretKeysHex: string[];
  /** BOAI_LOOKUP_SECRET_KEY: the key of blind indexes and token hashes when it is not the current one. */
  lookupSecretKeyHex?: string;
  publicUrl: string;
  notifyAdapter: 'dev' | 'smtp';
  smtpUrl?: string;
  smtpFrom: string;
  cookieSecure: boolean;
  demoSeed: boolean;
  jobsEnabled: boolean;
  /** The transparency log's origin line and key name (C2SP tlog-checkpoint), e.g. `boai.example.org/ledger`. */
  ledgerOrigin: string;
  /** Verifier keys (C2SP tlog-cosignature/v1) of the witnesses whose cosignatures the log accepts and serves. */
  ledgerWitnesses: string[];
  paymentsFile?: string;
  localPayments: boolean;
  checkpointIntervalMs: number;
  /** Proxies trusted for X-Forwarded-For (none when empty). */
  trustProxy: string[];
  maxOnlineGiftFen?: number;
  /** Map tiles for the AED and responder maps (tileUrl null: no tiles). */
  map: { tileUrl: string | null; tileDatum: 'wgs84' | 'gcj02'; attribution: string };
  /** Seconds a question below which an exam is flagged as too fast (`configureExamPace`). */
  examMinSecondsPerQuestion: number;
  kpiRefreshSeconds: number;
  /** 救在身边 tunables, in the shape `configureResponse` takes (modules/response/response-core.ts). */
  response: {
    radiusM: number;
    widenM: number[];
    minResponders: number;
    cap: number;
    retentionMinutes: number;
    freshFixMinutes: number;
    followupDelayMinutes: number;
    smsFallbackSeconds: number;
  };
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  metricsToken?: string;
  shutdownTimeoutMs: number;
};

/** Reads and validates the environment; exits with every problem listed when it is invalid. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    console.error(`Invalid configuration:\n${lines.join('\n')}`);
    process.exit(1);
  }
  const e = parsed.data;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.BOAI_DATA_DIR),
    secretKeyHex: e.BOAI_SECRET_KEY,
    previousSecretKeysHex: e.BOAI_PREVIOUS_SECRET_KEYS.split(',')
      .map((k) => k.trim().toLowerCase())
      .filter((k) => k !== ''),
    lookupSecretKeyHex: e.BOAI_LOOKUP_SECRET_KEY?.toLowerCase(),
    publicUrl: e.BOAI_PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    notifyAdapter: e.BOAI_NOTIFY_ADAPTER,
    smtpUrl: e.SMTP_URL,
    smtpFrom: e.SMTP_FROM,
    cookieSecure: e.BOAI_COOKIE_SECURE === 'true',
    demoSeed: e.BOAI_DEMO_SEED === 'true',
    jobsEnabled: e.BOAI_JOBS === 'on',
    ledgerOrigin: e.BOAI_LEDGER_ORIGIN,
    ledgerWitnesses: e.BOAI_LEDGER_WITNESSES.split(/[\s,]+/).filter((k) => k !== ''),
    paymentsFile: e.BOAI_PAYMENTS_FILE ? path.resolve(e.BOAI_PAYMENTS_FILE) : undefined,
    maxOnlineGiftFen: e.BOAI_MAX_ONLINE_GIFT_FEN,
    localPayments: e.BOAI_LOCAL_PAYMENTS === 'on',
    checkpointIntervalMs: e.BOAI_CHECKPOINT_INTERVAL_SECONDS * 1000,
    trustProxy: e.BOAI_TRUST_PROXY.split(',')
      .map((p) => p.trim())
      .filter((p) => p !== ''),
    examMinSecondsPerQuestion: e.BOAI_EXAM_MIN_SECONDS_PER_QUESTION,
    kpiRefreshSeconds: e.BOAI_KPI_REFRESH_SECONDS,
    map: {
      tileUrl: e.BOAI_MAP_TILE_URL?.trim() || null,
      tileDatum: e.BOAI_MAP_TILE_DATUM,
      attribution: e.BOAI_MAP_ATTRIBUTION,
    },
    response: {
      radiusM: e.BOAI_RESPONSE_RADIUS_M,
      widenM: [e.BOAI_RESPONSE_RADIUS_M * 2, e.BOAI_RESPONSE_RADIUS_M * 3],
      minResponders: e.BOAI_RESPONSE_MIN_RESPONDERS,
      cap: e.BOAI_RESPONSE_CAP,
      retentionMinutes: e.BOAI_RESPONSE_POSITION_RETENTION_MIN,
      // Only fixes fresher than this are alerted; never longer than they are kept.
      freshFixMinutes: Math.min(10, e.BOAI_RESPONSE_POSITION_RETENTION_MIN),
      followupDelayMinutes: e.BOAI_RESPONSE_FOLLOWUP_MINUTES,
      smsFallbackSeconds: e.BOAI_RESPONSE_SMS_FALLBACK_SECONDS,
    },
    logLevel: e.LOG_LEVEL,
    metricsToken: e.BOAI_METRICS_TOKEN,
    shutdownTimeoutMs: e.BOAI_SHUTDOWN_TIMEOUT_SECONDS * 1000,
  });
}

/** Test and bench processes read a few variables too; they come through here, never process.env directly. */
export function readTestEnv(env: NodeJS.ProcessEnv = process.env) {
  return {
    testDatabaseUrl: env.TEST_DATABASE_URL || undefined,
    chromiumPath: env.CHROMIUM_PATH || '/usr/bin/chromium',
  };
}

/** The environment a child process (pg_dump, psql) inherits: this process's own, read here like all settings. */
export function inheritedEnv(): NodeJS.ProcessEnv {
  return { ...process.env };
}
