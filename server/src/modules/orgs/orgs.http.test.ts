import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBranchChain, createOrgUnder, createStaff } from '../../test/factories';
import { createTestApp, type TestApp } from '../../test/test-app';

describe('org tree over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('creates a township under a county and lists it as a child', async () => {
    const { city, county } = await createBranchChain(t);
    const admin = await createStaff(t, { orgId: city.id, permissions: ['orgs:view', 'orgs:manage'] });
    const res = await t.inject(admin, { method: 'POST', url: '/api/orgs', payload: { name: '暨阳街道', type: 'township', parentId: county.id, code: `${county.code}001` } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name: '暨阳街道', parentId: county.id, path: `${county.path}${res.json().id}.`, regionId: city.id });
    const children = await t.inject(admin, { method: 'GET', url: `/api/orgs/children?parentId=${county.id}` });
    expect(children.json().map((o: { name: string }) => o.name)).toContain('暨阳街道');
  });

  it('refuses a county under a county with ORG_PARENT_TYPE and creates nothing', async () => {
    const { city, county } = await createBranchChain(t);
    const admin = await createStaff(t, { orgId: city.id, permissions: ['orgs:view', 'orgs:manage'] });
    const res = await t.inject(admin, { method: 'POST', url: '/api/orgs', payload: { name: '错误县', type: 'county', parentId: county.id, code: `${county.code.slice(0, 4)}99` } });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('ORG_PARENT_TYPE');
    const children = await t.inject(admin, { method: 'GET', url: `/api/orgs/children?parentId=${county.id}` });
    expect(children.json()).toHaveLength(0);
  });

  it('refuses moving a unit under its own descendant with ORG_CYCLE', async () => {
    const { province, city, county } = await createBranchChain(t);
    const admin = await createStaff(t, { orgId: province.id, permissions: ['orgs:view', 'orgs:manage'] });
    const township = await createOrgUnder(t, county, 'township');
    const res = await t.inject(admin, { method: 'POST', url: `/api/orgs/${city.id}/move`, payload: { parentId: township.id } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('ORG_CYCLE');
  });
});
