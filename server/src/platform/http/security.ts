// Security controls every response and request passes through: response headers with a strict Content-Security-Policy,
// the CSRF defence for cookie-authenticated writes (and websocket upgrades), and a default per-IP rate limit for public
// API routes that declare none. Installed by buildApp right after the cookie plugin, before the rate-limit plugin
// (whose onRoute hook reads the limits set here). See docs/security.md.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors';

export type SecurityOptions = {
  cookieSecure: boolean;
  /** BOAI_PUBLIC_URL: the origin browsers know the server by (besides the Host header of each request). */
  publicUrl?: string;
  /** Map tiles (a Leaflet URL template): their host may serve images. */
  map?: { tileUrl: string | null } | undefined;
};

/** Public API routes that declare no limit of their own get these (per IP, per process). */
export const defaultPublicLimits = {
  read: { max: 600, timeWindow: '1 minute' },
  write: { max: 60, timeWindow: '1 minute' },
} as const;

/** Routes whose callers are machines polling for liveness: no default limit. */
const unlimitedPublic = new Set(['/api/health', '/api/health/live', '/api/health/ready', '/metrics']);

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The image origin of a Leaflet tile template, as a CSP source: `https://{s}.tile.example.org/{z}/{x}/{y}.png` gives
 * `https://*.tile.example.org`. Undefined for a template that is not an absolute http(s) URL (a relative one is 'self').
 */
export function tileSource(template: string | null | undefined): string | undefined {
  if (!template) {
    return undefined;
  }
  const m = /^(https?):\/\/([^/?#]+)/i.exec(template.trim());
  if (!m) {
    return undefined;
  }
  const labels = m[2]!.split('.').map((label) => (/[{}]/.test(label) ? '*' : label));
  // A wildcard is only allowed as the leftmost label in CSP.
  const firstPlain = labels.findIndex((l) => l !== '*');
  const host = labels.slice(Math.max(firstPlain, 0)).join('.');
  if (!/^[A-Za-z0-9.:-]+$/.test(host) || firstPlain < 0) {
    return undefined;
  }
  return `${m[1]!.toLowerCase()}://${firstPlain > 0 ? '*.' : ''}${host}`;
}

/** The policy of the web app and the API: no inline or evaluated script, nothing framed, no plugins. */
export function contentSecurityPolicy(opts: SecurityOptions): string {
  const tiles = tileSource(opts.map?.tileUrl);
  const directives = [
    "default-src 'self'",
    "script-src 'self'",
    // antd's CSS-in-JS writes <style> elements at run time and Leaflet positions tiles with style attributes: styles
    // (never scripts) may be inline. See docs/security.md.
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${tiles ? ` ${tiles}` : ''}`,
    "font-src 'self' data:",
    "connect-src 'self'",
    "media-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ];
  if (opts.cookieSecure) {
    directives.push('upgrade-insecure-requests');
  }
  return directives.join('; ');
}

/**
 * Swagger UI (/api/docs): its scripts are files (no inline code), but it styles inline and may show the validator
 * badge from another host: its own policy, on that prefix only.
 */
const docsPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

export function securityHeaders(opts: SecurityOptions): Record<string, string> {
  const headers: Record<string, string> = {
    'content-security-policy': contentSecurityPolicy(opts),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'permissions-policy':
      'geolocation=(self), camera=(), microphone=(), payment=(), usb=(), serial=(), interest-cohort=()',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'origin-agent-cluster': '?1',
    'x-permitted-cross-domain-policies': 'none',
  };
  if (opts.cookieSecure) {
    headers['strict-transport-security'] = 'max-age=31536000; includeSubDomains';
  }
  return headers;
}

function originOf(url: string | undefined): string | undefined {
  if (!url) {
    return undefined;
  }
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a browser request comes from a page of this server. Browsers send Origin on every cross-origin write (and
 * Sec-Fetch-Site on every request); a request with neither (nor a Referer) is a non-browser client, which holds no
 * victim's cookie, and passes.
 */
export function crossSiteReason(request: FastifyRequest, publicOrigin: string | undefined): string | undefined {
  const site = request.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') {
    return `sec-fetch-site ${site}`;
  }
  const originHeader = request.headers.origin;
  const referer = request.headers.referer;
  if (originHeader === undefined && referer === undefined) {
    return undefined;
  }
  const origin = originHeader !== undefined ? originOf(originHeader) : originOf(referer);
  if (!origin) {
    return originHeader !== undefined ? 'origin unreadable' : 'referer unreadable';
  }
  if (origin === publicOrigin) {
    return undefined;
  }
  // The Host header names this server as the browser reached it (a page cannot change it); either scheme, as a TLS
  // proxy in front may not say which one the browser used.
  const host = request.host;
  if (host && (origin === originOf(`http://${host}`) || origin === originOf(`https://${host}`))) {
    return undefined;
  }
  return originHeader !== undefined ? 'origin mismatch' : 'referer mismatch';
}

/** Each public API route's per-IP limit as registered (`METHOD url` → limit), for the test that none lacks one. */
export type PublicRouteLimits = Map<string, unknown>;
const limitsByApp = new WeakMap<object, PublicRouteLimits>();
export function publicRouteLimits(app: FastifyInstance): PublicRouteLimits {
  return limitsByApp.get(app) ?? new Map();
}

function retryAfterOf(payload: unknown): number | undefined {
  if (typeof payload !== 'string') {
    return undefined;
  }
  try {
    const seconds = (JSON.parse(payload) as { error?: { details?: { retryAfterSeconds?: unknown } } }).error?.details
      ?.retryAfterSeconds;
    return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : undefined;
  } catch {
    return undefined;
  }
}

export async function installSecurity(app: FastifyInstance, opts: SecurityOptions): Promise<void> {
  const headers = Object.entries(securityHeaders(opts));
  const publicOrigin = originOf(opts.publicUrl);
  const limits: PublicRouteLimits = new Map();
  limitsByApp.set(app, limits);

  app.addHook('onRoute', (route) => {
    // A public API route without a limit of its own gets the default one (the rate-limit plugin reads it).
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs') || unlimitedPublic.has(route.url)) {
      return;
    }
    const config = (route.config ?? {}) as { access?: unknown; rateLimit?: unknown };
    if (config.access !== 'public') {
      return;
    }
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (config.rateLimit === undefined) {
      const writes = methods.some((m) => unsafeMethods.has(m));
      route.config = { ...config, rateLimit: writes ? defaultPublicLimits.write : defaultPublicLimits.read } as never;
    }
    for (const m of methods) {
      limits.set(`${m} ${route.url}`, (route.config as { rateLimit?: unknown }).rateLimit);
    }
  });

  app.addHook('onRequest', async (request: FastifyRequest) => {
    const url = request.routeOptions.url;
    if (!url?.startsWith('/api/')) {
      return;
    }
    const isWrite = unsafeMethods.has(request.method);
    const isUpgrade = request.method === 'GET' && request.headers.upgrade?.toLowerCase() === 'websocket';
    if (!isWrite && !isUpgrade) {
      return;
    }
    const reason = crossSiteReason(request, publicOrigin);
    if (reason) {
      request.log.warn({ reason, origin: request.headers.origin, site: request.headers['sec-fetch-site'] }, 'csrf');
      throw new AppError('CSRF_REJECTED', { reason });
    }
  });

  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload) => {
    for (const [name, value] of headers) {
      if (!reply.hasHeader(name)) {
        reply.header(name, value);
      }
    }
    if (request.url.startsWith('/api/docs')) {
      reply.header('content-security-policy', docsPolicy);
    } else if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) {
      // API answers carry personal data: no shared or disk cache keeps them.
      reply.header('cache-control', 'no-store');
    }
    if (reply.statusCode === 429 && !reply.hasHeader('retry-after')) {
      // Limits kept in the database (one-time codes per phone and IP) name their wait in the error's details.
      reply.header('retry-after', String(retryAfterOf(payload) ?? 60));
    }
    return payload;
  });
}

// ------------------------------------------------------------------------------------------------ logs

/** Values pino blanks wherever they appear in a log line's structured fields. */
export const logRedactPaths = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
  '*.code',
  '*.idNumber',
  '*.phone',
];

/** Path parameters that carry a capability (a link's secret) rather than a record's id. */
const secretParam = /token|secret|key|signature/i;

/**
 * The URL as it may be logged: query values dropped (searches carry ID numbers, phones and access tokens), and path
 * parameters named like a secret replaced by their name.
 */
export function loggableUrl(request: FastifyRequest): string {
  const raw = request.url ?? '';
  const q = raw.indexOf('?');
  let path = q < 0 ? raw : raw.slice(0, q);
  const params = (request.params ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(params)) {
    if (secretParam.test(name) && typeof value === 'string' && value.length > 0) {
      path = path.split(encodeURIComponent(value)).join(`:${name}`).split(value).join(`:${name}`);
    }
  }
  if (q < 0) {
    return path;
  }
  const names = [...new URLSearchParams(raw.slice(q + 1)).keys()];
  return `${path}?${names.map((n) => `${encodeURIComponent(n)}=~`).join('&')}`;
}

/** Removes the bound values drivers append to a failed query's message (names, phones, ID numbers, hashes). */
function withoutQueryParams(text: string): string {
  return text.replace(/\nparams: [\s\S]*?(?=\n {4}at |$)/g, '\nparams: [redacted]');
}

type SerializedError = { type: string; message: string; stack: string; [key: string]: unknown };

export const logSerializers = {
  // Fastify hands its request object to the serializer (typed as the raw request in its logger options).
  req(raw: unknown): Record<string, unknown> {
    const request = raw as FastifyRequest;
    return {
      method: request.method,
      url: loggableUrl(request),
      host: request.host,
      remoteAddress: request.ip,
      remotePort: request.socket?.remotePort,
    };
  },
  err(raw: unknown): SerializedError {
    const error = raw as Error & { cause?: unknown };
    const out: SerializedError = {
      type: error?.constructor?.name ?? 'Error',
      message: withoutQueryParams(String(error?.message ?? error)),
      stack: withoutQueryParams(String(error?.stack ?? '')),
    };
    for (const key of ['code', 'statusCode', 'constraint', 'routine'] as const) {
      const v = (error as unknown as Record<string, unknown>)?.[key];
      if (v !== undefined) {
        out[key] = v;
      }
    }
    if (error?.cause instanceof Error) {
      out.cause = logSerializers.err(error.cause);
    }
    return out;
  },
};
