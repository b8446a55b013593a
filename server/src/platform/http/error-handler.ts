// The one error handler: AppError, Zod validation, malformed bodies and database conflicts become 4xx; the rest a bare 500.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { MissingGlyphError } from '../documents/pdf';
import { AppError, type ErrorCode, statusOf, toErrorBody } from '../errors';
import { localeOf } from './locale';

type PgError = { code?: string; constraint?: string; detail?: string };

function pgErrorOf(error: unknown): PgError | undefined {
  let e: unknown = error;
  for (let depth = 0; e && depth < 4; depth++) {
    const candidate = e as PgError & { cause?: unknown };
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) {
      return candidate;
    }
    e = candidate.cause;
  }
  return undefined;
}

/**
 * Fastify's own refusals before routing (a path that is not valid percent-encoded UTF-8, a path parameter longer
 * than routerOptions.maxParamLength): the error shape, like every other refusal. Pass as Fastify's frameworkErrors.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const locale = localeOf(request);
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    reply.code(414).send(toErrorBody('URL_TOO_LONG', locale));
    return;
  }
  reply.code(400).send(toErrorBody('VALIDATION_FAILED', locale, { reason: error.code }));
}

/** With `spaFallback`, a page GET outside /api that matches nothing gets the web app's index.html (client-side routes). */
export function installErrorHandler(app: FastifyInstance, opts: { spaFallback?: boolean } = {}): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const locale = request.ctx?.locale ?? localeOf(request);
    if (error instanceof AppError) {
      return reply.code(error.status).send(toErrorBody(error.code, locale, error.details));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((v) => ({
        field: [
          error.validationContext,
          ...String(v.instancePath || '')
            .split('/')
            .filter(Boolean),
        ].join('.'),
        message: v.message,
        code: (v.params as { issue?: { code?: string } } | undefined)?.issue?.code ?? v.keyword,
      }));
      return reply.code(400).send(toErrorBody('VALIDATION_FAILED', locale, { issues }));
    }
    if (error instanceof MissingGlyphError) {
      // Stored text (a name, a note) that the document font cannot draw: the user can edit it; not a server fault.
      return reply.code(422).send(toErrorBody('DOCUMENT_UNPRINTABLE', locale, { characters: error.characters }));
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause?.issues }, 'response did not match its schema');
      return reply.code(500).send({ ...toErrorBody('INTERNAL', locale), requestId: request.id });
    }
    const fastifyCodes: Record<string, ErrorCode> = {
      FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
      FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
      FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
      FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_FAILED',
      FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
      FST_REQ_FILE_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
      FST_INVALID_MULTIPART_CONTENT_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
      FST_ERR_VALIDATION: 'VALIDATION_FAILED',
    };
    const mapped = error.code ? fastifyCodes[error.code] : undefined;
    if (mapped) {
      return reply.code(statusOf(mapped)).send(toErrorBody(mapped, locale));
    }
    if (error.statusCode === 429) {
      return reply.code(429).send(toErrorBody('RATE_LIMITED', locale));
    }
    const pg = pgErrorOf(error);
    if (pg?.code === '23505') {
      return reply.code(409).send(toErrorBody('CONFLICT', locale, { constraint: pg.constraint }));
    }
    if (pg?.code === '22P02' || pg?.code === '22003' || pg?.code === '22001' || pg?.code === '22021') {
      // Invalid text representation / numeric out of range / string too long / a NUL or invalid byte in text:
      // input the schema let through.
      return reply.code(400).send(toErrorBody('VALIDATION_FAILED', locale));
    }
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.code(error.statusCode).send(toErrorBody('VALIDATION_FAILED', locale, { reason: error.code }));
    }
    request.log.error({ err: error }, 'unexpected error');
    return reply.code(500).send({ ...toErrorBody('INTERNAL', locale), requestId: request.id });
  });

  app.setNotFoundHandler((request, reply) => {
    // Page navigations only (Accept: text/html): a missing script or image gets a 404, not the HTML shell.
    const isPage = request.headers.accept?.includes('text/html') ?? false;
    if (opts.spaFallback && isPage && request.method === 'GET' && !request.url.startsWith('/api/')) {
      return reply.type('text/html').sendFile('index.html');
    }
    return reply.code(404).send(toErrorBody('NOT_FOUND', localeOf(request)));
  });
}
