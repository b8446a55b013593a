// The unexpected-error path: a bare 500 with a request id for the caller, the stack only in the log.
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app';
import { createTestDatabase } from '../../test/test-app';

describe('an unexpected failure', () => {
  const lines: string[] = [];
  let app: Awaited<ReturnType<typeof buildApp>>;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const created = await createTestDatabase();
    drop = created.drop;
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
    app = await buildApp({ database: created.database, logLevel: 'error', logStream: stream, webDist: '/nonexistent' });
    await app.ready();
    // The database goes away under a running app: every query now fails in a way no handler expects.
    await created.database.close();
  });
  afterAll(async () => {
    await app.close();
    await drop();
  });

  it('answers 500 INTERNAL with a request id and no stack trace, and logs the stack with that id', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/health', headers: { 'accept-language': 'en' } });
    expect(res.statusCode).toBe(500);
    const body = res.json();
    expect(body).toEqual({
      error: { code: 'INTERNAL', message: 'Internal server error' },
      requestId: expect.any(String),
    });
    expect(res.body).not.toMatch(/at .+\.(ts|js):\d+/);
    const logged = lines.map((l) => JSON.parse(l) as { reqId?: string; err?: { stack?: string } });
    const entry = logged.find((l) => l.reqId === body.requestId && l.err?.stack);
    expect(entry?.err?.stack).toMatch(/\n\s+at /);
  });
});
