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
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('production'),
});

export type Config = {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  secretKeyHex?: string;
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
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
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
    logLevel: e.LOG_LEVEL,
  });
}

/** Test and bench processes read a few variables too; they come through here, never process.env directly. */
export function readTestEnv(env: NodeJS.ProcessEnv = process.env) {
  return {
    testDatabaseUrl: env.TEST_DATABASE_URL || undefined,
    chromiumPath: env.CHROMIUM_PATH || '/usr/bin/chromium',
  };
}
