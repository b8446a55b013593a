// The OpenAPI description is generated from the route schemas: every API route appears with its success response
// and the shared error shape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app';

describe('GET /api/docs/json', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('describes every registered API route with a success response', async () => {
    const res = await t.inject(null, { method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as {
      openapi: string;
      paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    const missing: string[] = [];
    // @fastify/websocket hides WebSocket routes from OpenAPI; GET /api/realtime's frames are described in docs/response.md.
    const described = (url: string) =>
      url.startsWith('/api/') && !url.startsWith('/api/docs') && url !== '/api/realtime';
    for (const route of t.app.boaiRoutes.filter((r) => described(r.url))) {
      // A wildcard route (the ledger's tiles) is described as the path parameter `{*}`.
      const path = route.url.replace(/:([A-Za-z]+)/g, '{$1}').replace(/\*$/, '{*}');
      const op = doc.paths[path]?.[route.method.toLowerCase()];
      if (!op) {
        missing.push(`${route.method} ${route.url}`);
        continue;
      }
      const codes = Object.keys(op.responses ?? {});
      const documentedFile = route.url.endsWith('.xlsx');
      if (!documentedFile && !codes.some((c) => /^2\d\d$/.test(c))) {
        missing.push(`${route.method} ${route.url} has no 2xx response schema`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('declares the one error body as a shared component', async () => {
    const doc = (await t.inject(null, { method: 'GET', url: '/api/docs/json' })).json();
    expect(doc.components.schemas.Error).toBeDefined();
  });
});
