// Concurrent requests on one database: PGlite queues them one statement at a time, PostgreSQL runs them in parallel;
// either way each request's transaction is atomic and the duplicate-ID rule holds.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { createBranchChain, createOrgUnder, createStaff, uniqueIdNumber } from '../../test/factories';
import { createTestApp, type TestApp } from '../../test/test-app';

describe('concurrent writes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('registers one person when twenty requests race with the same ID number, and refuses the rest', async () => {
    const { city, county } = await createBranchChain(t);
    const other = await createOrgUnder(t, city, 'county');
    const clerk = await createStaff(t, { orgId: city.id, permissions: ['people:view', 'people:manage'] });
    const idNumber = uniqueIdNumber();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.inject(clerk, {
          method: 'POST',
          url: '/api/people',
          payload: { orgId: i % 2 ? county.id : other.id, name: `并发${i}`, idType: 'resident_id', idNumber },
        }),
      ),
    );
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(19);
    for (const r of results.filter((x) => x.statusCode === 409)) {
      expect(r.json().error.code).toBe('PERSON_DUPLICATE_ID');
    }
    const [{ n }] = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'person.registered' AND after->>'name' LIKE '并发%'`,
    );
    expect(n).toBe(1);
  });

  it('creates thirty units at once under one parent with distinct ids and consistent paths', async () => {
    const { city, county } = await createBranchChain(t);
    const admin = await createStaff(t, { orgId: city.id, permissions: ['orgs:view', 'orgs:manage'] });
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        t.inject(admin, {
          method: 'POST',
          url: '/api/orgs',
          payload: { name: `并发博爱家园${i}`, type: 'boai_home', parentId: county.id },
        }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(30).fill(201));
    const created = results.map((r) => r.json() as { id: number; path: string });
    expect(new Set(created.map((o) => o.id)).size).toBe(30);
    for (const o of created) {
      expect(o.path).toBe(`${county.path}${o.id}.`);
    }
    const children = await t.inject(admin, { method: 'GET', url: `/api/orgs/children?parentId=${county.id}` });
    expect(children.json()).toHaveLength(30);
  });
});
