// Per-IP rate limits and X-Forwarded-For: a client that reaches the server directly cannot pick its own address;
// only a proxy named in the configuration (BOAI_TRUST_PROXY) can tell the client's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app';
import { createTestDatabase } from '../../test/test-app';

const otpRequest = (i: number, from: string, claimed: string) => ({
  method: 'POST' as const,
  url: '/api/auth/otp/request',
  remoteAddress: from,
  headers: { 'x-forwarded-for': claimed },
  payload: { phone: `1370000${String(1000 + i)}` },
});

describe('per-IP limits behind and without a proxy', () => {
  let created: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    created = await createTestDatabase();
  });
  afterAll(() => created.drop());

  it('counts a direct client by its own address, whatever X-Forwarded-For says', async () => {
    const app = await buildApp({ database: created.database, logLevel: 'silent', webDist: '/nonexistent' });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 12; i++) {
        codes.push((await app.inject(otpRequest(i, '198.51.100.7', `10.1.0.${i}`))).statusCode);
      }
      expect(codes.slice(0, 10).every((c) => c === 200)).toBe(true);
      expect(codes.slice(10)).toEqual([429, 429]);
    } finally {
      await app.close();
    }
  });

  it('believes X-Forwarded-For from a trusted proxy, so each client behind it has its own limit', async () => {
    const app = await buildApp({
      database: created.database,
      logLevel: 'silent',
      webDist: '/nonexistent',
      trustProxy: ['192.0.2.10'],
    });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 12; i++) {
        codes.push((await app.inject(otpRequest(100 + i, '192.0.2.10', `10.2.0.${i}`))).statusCode);
      }
      expect(codes.every((c) => c === 200)).toBe(true);
    } finally {
      await app.close();
    }
  });
});
