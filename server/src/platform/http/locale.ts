// Picks the caller's language: ?lang=, then the boai_lang cookie, then Accept-Language; zh by default.
import type { FastifyRequest } from 'fastify';
import type { Locale } from '../errors';

export function localeOf(request: FastifyRequest): Locale {
  const query = request.query as Record<string, unknown> | undefined;
  const explicit = typeof query?.lang === 'string' ? query.lang : request.cookies?.boai_lang;
  if (explicit) {
    return explicit.toLowerCase().startsWith('en') ? 'en' : 'zh';
  }
  const header = request.headers['accept-language'];
  if (typeof header === 'string' && header.trim().toLowerCase().startsWith('en')) {
    return 'en';
  }
  return 'zh';
}
