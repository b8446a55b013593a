// The org tree over HTTP on a real database: create, rename and recode, deactivate, move subtrees, search, scope,
// and how refused requests leave the tree exactly as it was.
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { grantRole } from '../../platform/rbac/rbac.service';
import { createBranchChain, createOrgUnder, createProvince, createStaff, systemCtx } from '../../test/factories';
import { createTestApp, type TestApp } from '../../test/test-app';
import type { OrgView } from './orgs.schemas';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const manager = (orgId: number) => createStaff(t, { orgId, permissions: ['orgs:view', 'orgs:manage'] });

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json()).toMatchObject({ error: { code, message: expect.any(String) } });
}

type TreeRow = { id: number; parent_id: number | null; path: string; depth: number; region_id: number };

/** Every unit with every column, and the code history: equal before and after means nothing changed. */
async function snapshotTree() {
  const units = await queryRows<Record<string, unknown>>(t.db, sql`SELECT * FROM orgs ORDER BY id`);
  const history = await queryRows<Record<string, unknown>>(t.db, sql`SELECT * FROM org_code_history ORDER BY id`);
  return { count: units.length, units, history };
}

/** Runs refused requests and checks the tree (unit count, every row, code history) is unchanged afterwards. */
async function expectTreeUnchanged(refused: () => Promise<void>) {
  const before = await snapshotTree();
  await refused();
  const after = await snapshotTree();
  expect(after.count).toBe(before.count);
  expect(after).toEqual(before);
}

async function rowsOf(ids: number[]): Promise<TreeRow[]> {
  const rows = await queryRows<TreeRow>(
    t.db,
    sql`SELECT id, parent_id, path, depth, region_id FROM orgs WHERE id IN ${ids} ORDER BY depth`,
  );
  return rows.map((r) => ({ ...r, id: Number(r.id), depth: Number(r.depth), region_id: Number(r.region_id) }));
}

/** A code `prefix` + `digits` digits + `suffix` that no unit holds yet. */
async function unusedCode(prefix: string, digits: number, suffix = ''): Promise<string> {
  for (let n = 99; n > 10; n--) {
    const code = `${prefix}${String(n).padStart(digits, '0')}${suffix}`;
    const [row] = await queryRows(t.db, sql`SELECT 1 FROM orgs WHERE code = ${code}`);
    if (!row) {
      return code;
    }
  }
  throw new Error(`no free code under ${prefix}`);
}

const namesOf = (res: LightMyRequestResponse) => (res.json() as OrgView[]).map((o) => o.name);
const idsOf = (items: OrgView[]) => items.map((o) => o.id).sort((a, b) => a - b);
const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);

describe('org tree over HTTP', () => {
  it('creates a township under a county and lists it as a child', async () => {
    const { city, county } = await createBranchChain(t);
    const admin = await createStaff(t, { orgId: city.id, permissions: ['orgs:view', 'orgs:manage'] });
    const res = await t.inject(admin, {
      method: 'POST',
      url: '/api/orgs',
      payload: { name: '暨阳街道', type: 'township', parentId: county.id, code: `${county.code}001` },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      name: '暨阳街道',
      parentId: county.id,
      path: `${county.path}${res.json().id}.`,
      regionId: city.id,
    });
    const children = await t.inject(admin, { method: 'GET', url: `/api/orgs/children?parentId=${county.id}` });
    expect(children.json().map((o: { name: string }) => o.name)).toContain('暨阳街道');
  });

  it('refuses a county under a county with ORG_PARENT_TYPE and creates nothing', async () => {
    const { city, county } = await createBranchChain(t);
    const admin = await createStaff(t, { orgId: city.id, permissions: ['orgs:view', 'orgs:manage'] });
    const res = await t.inject(admin, {
      method: 'POST',
      url: '/api/orgs',
      payload: { name: '错误县', type: 'county', parentId: county.id, code: `${county.code!.slice(0, 4)}99` },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('ORG_PARENT_TYPE');
    const children = await t.inject(admin, { method: 'GET', url: `/api/orgs/children?parentId=${county.id}` });
    expect(children.json()).toHaveLength(0);
  });

  it('refuses moving a unit under its own descendant with ORG_CYCLE', async () => {
    const { province, city, county } = await createBranchChain(t);
    const admin = await createStaff(t, { orgId: province.id, permissions: ['orgs:view', 'orgs:manage'] });
    const township = await createOrgUnder(t, county, 'township');
    const res = await t.inject(admin, {
      method: 'POST',
      url: `/api/orgs/${city.id}/move`,
      payload: { parentId: township.id },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('ORG_CYCLE');
  });
});

describe('creating, renaming and recoding units', () => {
  it('renames a county and changes its code, keeping the old code in org_code_history with its end date', async () => {
    const { city } = await createBranchChain(t);
    const admin = await manager(city.id);
    const oldCode = await unusedCode(city.code!.slice(0, 4), 2);
    const created = await t.inject(admin, {
      method: 'POST',
      url: '/api/orgs',
      payload: { name: '绍兴县', type: 'county', parentId: city.id, code: oldCode },
    });
    expect(created.statusCode, created.body).toBe(201);
    const county = created.json() as OrgView;
    const newCode = await unusedCode(city.code!.slice(0, 4), 2);

    const res = await t.inject(admin, {
      method: 'PATCH',
      url: `/api/orgs/${county.id}`,
      payload: { name: '柯桥区', code: newCode },
    });

    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: county.id, name: '柯桥区', code: newCode, path: county.path });
    const history = await queryRows<{ code: string; name: string; valid_from: unknown; valid_to: unknown }>(
      t.db,
      sql`SELECT code, name, valid_from::text AS valid_from, valid_to::text AS valid_to
          FROM org_code_history WHERE org_id = ${county.id} ORDER BY id`,
    );
    expect(history).toHaveLength(2);
    expect(history[0]).toMatchObject({ code: oldCode, name: '绍兴县', valid_to: expect.any(String) });
    expect(history[1]).toMatchObject({ code: newCode, name: '柯桥区', valid_to: null });
    expect(history[1].valid_from).toBe(history[0].valid_to);
    const byNewCode = await t.inject(admin, { method: 'GET', url: `/api/orgs?q=${newCode}` });
    expect(byNewCode.json().items.map((o: OrgView) => o.id)).toEqual([county.id]);
  });

  it('refuses a code another unit holds with 409 ORG_CODE_TAKEN naming that unit, on create and on change', async () => {
    const { city, county } = await createBranchChain(t);
    const admin = await manager(city.id);
    const other = await createOrgUnder(t, city, 'county');
    await expectTreeUnchanged(async () => {
      const create = await t.inject(admin, {
        method: 'POST',
        url: '/api/orgs',
        payload: { name: '重复代码县', type: 'county', parentId: city.id, code: county.code },
      });
      expectError(create, 409, 'ORG_CODE_TAKEN');
      expect(create.json().error.details).toMatchObject({
        code: county.code,
        existingId: county.id,
        existingName: county.name,
      });

      const change = await t.inject(admin, {
        method: 'PATCH',
        url: `/api/orgs/${other.id}`,
        payload: { code: county.code },
      });
      expectError(change, 409, 'ORG_CODE_TAKEN');
      expect(change.json().error.details).toMatchObject({ existingId: county.id, existingName: county.name });
    });
  });

  it('refuses codes that break GB/T 2260 (wrong city prefix for a county, letters for a city, none for a branch)', async () => {
    const { province, city } = await createBranchChain(t);
    const admin = await manager(province.id);
    const elsewhere = `${province.code!.slice(0, 2)}${city.code!.slice(2, 4) === '98' ? '97' : '98'}01`;
    const cases = [
      { name: '前缀错误县', type: 'county', parentId: city.id, code: elsewhere },
      { name: '字母市', type: 'city', parentId: province.id, code: `${province.code!.slice(0, 2)}AB00` },
      { name: '外省市', type: 'city', parentId: province.id, code: province.code === '990000' ? '980100' : '990100' },
      { name: '无代码县', type: 'county', parentId: city.id },
      { name: '小写代码县', type: 'county', parentId: city.id, code: 'abcdef' },
    ];
    await expectTreeUnchanged(async () => {
      for (const payload of cases) {
        const res = await t.inject(admin, { method: 'POST', url: '/api/orgs', payload });
        expectError(res, 400, 'VALIDATION_FAILED');
        expect(JSON.stringify(res.json().error.details), payload.name).toContain('body.code');
      }
    });
  });

  it('refuses a new province from a staff account, even one that manages a province, with 403', async () => {
    const province = await createProvince(t);
    const admin = await manager(province.id);
    const code = await unusedCode('', 2, '0000');
    await expectTreeUnchanged(async () => {
      const res = await t.inject(admin, {
        method: 'POST',
        url: '/api/orgs',
        payload: { name: '新建省', type: 'province', parentId: null, code },
      });
      expectError(res, 403, 'OUT_OF_SCOPE');
    });
  });

  it('refuses out-of-range coordinates, an overlong name and unknown fields with 400', async () => {
    const { city, county } = await createBranchChain(t);
    const admin = await manager(city.id);
    const base = { name: '坐标测试街道', type: 'township', parentId: county.id };
    await expectTreeUnchanged(async () => {
      const bad = [
        { ...base, lat: 90.5, lng: 120 },
        { ...base, lat: 30, lng: -180.01 },
        { ...base, name: '长'.repeat(101) },
        { ...base, regionId: 1 },
        { ...base, isActive: false },
      ];
      for (const payload of bad) {
        expectError(await t.inject(admin, { method: 'POST', url: '/api/orgs', payload }), 400, 'VALIDATION_FAILED');
      }
      for (const payload of [{ lat: -91 }, { name: '名'.repeat(101) }, { path: '1.' }, {}]) {
        const res = await t.inject(admin, { method: 'PATCH', url: `/api/orgs/${county.id}`, payload });
        expectError(res, 400, 'VALIDATION_FAILED');
      }
    });
    const ok = await t.inject(admin, { method: 'POST', url: '/api/orgs', payload: { ...base, lat: 90, lng: -180 } });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ lat: 90, lng: -180 });
  });
});

describe('deactivating and re-activating units', () => {
  it('refuses to deactivate a unit with active children, hides deactivated units unless asked, and re-activates', async () => {
    const { city, county } = await createBranchChain(t);
    const admin = await manager(city.id);
    const township = await createOrgUnder(t, county, 'township', { name: '待停用街道' });

    const childCountOfCounty = async (query = '') => {
      const res = await t.inject(admin, { method: 'GET', url: `/api/orgs/children?parentId=${city.id}${query}` });
      return (res.json() as OrgView[]).find((o) => o.id === county.id)?.childCount;
    };
    expect(await childCountOfCounty()).toBe(1);

    await expectTreeUnchanged(async () => {
      const res = await t.inject(admin, { method: 'POST', url: `/api/orgs/${county.id}/deactivate` });
      expectError(res, 409, 'ORG_HAS_ACTIVE_CHILDREN');
    });

    const off = await t.inject(admin, { method: 'POST', url: `/api/orgs/${township.id}/deactivate` });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json()).toMatchObject({ id: township.id, isActive: false });
    // The lazy tree counts only the children it would show.
    expect(await childCountOfCounty()).toBe(0);
    expect(await childCountOfCounty('&includeInactive=true')).toBe(1);

    const children = await t.inject(admin, { method: 'GET', url: `/api/orgs/children?parentId=${county.id}` });
    expect(namesOf(children)).not.toContain('待停用街道');
    const all = await t.inject(admin, {
      method: 'GET',
      url: `/api/orgs/children?parentId=${county.id}&includeInactive=true`,
    });
    expect(namesOf(all)).toContain('待停用街道');
    const listed = await t.inject(admin, { method: 'GET', url: `/api/orgs?parentId=${county.id}` });
    expect(listed.json().total).toBe(0);
    const listedAll = await t.inject(admin, {
      method: 'GET',
      url: `/api/orgs?parentId=${county.id}&includeInactive=true`,
    });
    expect(listedAll.json().items.map((o: OrgView) => o.id)).toEqual([township.id]);

    // With its only child inactive the county may go too; nothing new may be created under it.
    const countyOff = await t.inject(admin, { method: 'POST', url: `/api/orgs/${county.id}/deactivate` });
    expect(countyOff.statusCode, countyOff.body).toBe(200);
    await expectTreeUnchanged(async () => {
      const under = await t.inject(admin, {
        method: 'POST',
        url: '/api/orgs',
        payload: { name: '停用单位下的新街道', type: 'township', parentId: county.id },
      });
      expectError(under, 422, 'ORG_INACTIVE_PARENT');
      const childFirst = await t.inject(admin, { method: 'POST', url: `/api/orgs/${township.id}/activate` });
      expectError(childFirst, 422, 'ORG_INACTIVE_PARENT');
    });

    const countyOn = await t.inject(admin, { method: 'POST', url: `/api/orgs/${county.id}/activate` });
    expect(countyOn.json()).toMatchObject({ isActive: true });
    const on = await t.inject(admin, { method: 'POST', url: `/api/orgs/${township.id}/activate` });
    expect(on.statusCode, on.body).toBe(200);
    expect(on.json()).toMatchObject({ isActive: true });
    const again = await t.inject(admin, { method: 'GET', url: `/api/orgs/children?parentId=${county.id}` });
    expect(namesOf(again)).toContain('待停用街道');
  });
});

describe('moving subtrees', () => {
  it('moves a three-level subtree to another city: paths, depths and region_id of every descendant follow', async () => {
    const { province, city: cityA, county } = await createBranchChain(t);
    const cityB = await createOrgUnder(t, province, 'city');
    const township = await createOrgUnder(t, county, 'township');
    const village = await createOrgUnder(t, township, 'village', { code: `${township.code}001` });
    const school = await createOrgUnder(t, village, 'school');
    const stay = await createOrgUnder(t, cityA, 'county');
    const admin = await manager(province.id);
    const before = await rowsOf([county.id, township.id, village.id, school.id]);
    expect(before.map((r) => r.region_id)).toEqual([cityA.id, cityA.id, cityA.id, cityA.id]);

    const res = await t.inject(admin, {
      method: 'POST',
      url: `/api/orgs/${county.id}/move`,
      payload: { parentId: cityB.id },
    });

    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: county.id, parentId: cityB.id, regionId: cityB.id });
    const after = await rowsOf([county.id, township.id, village.id, school.id]);
    expect(after).toEqual([
      { id: county.id, parent_id: cityB.id, path: `${cityB.path}${county.id}.`, depth: 2, region_id: cityB.id },
      {
        id: township.id,
        parent_id: county.id,
        path: `${cityB.path}${county.id}.${township.id}.`,
        depth: 3,
        region_id: cityB.id,
      },
      {
        id: village.id,
        parent_id: township.id,
        path: `${cityB.path}${county.id}.${township.id}.${village.id}.`,
        depth: 4,
        region_id: cityB.id,
      },
      {
        id: school.id,
        parent_id: village.id,
        path: `${cityB.path}${county.id}.${township.id}.${village.id}.${school.id}.`,
        depth: 5,
        region_id: cityB.id,
      },
    ]);
    expect(await rowsOf([stay.id])).toEqual([
      { id: stay.id, parent_id: cityA.id, path: stay.path, depth: 2, region_id: cityA.id },
    ]);
    const underB = await t.inject(admin, { method: 'GET', url: `/api/orgs?under=${cityB.id}` });
    expect(idsOf(underB.json().items)).toEqual(sorted([cityB.id, county.id, township.id, village.id, school.id]));
    const underA = await t.inject(admin, { method: 'GET', url: `/api/orgs?under=${cityA.id}` });
    expect(idsOf(underA.json().items)).toEqual(sorted([cityA.id, stay.id]));
  });

  it('moves a township from a county straight under a city, one level up', async () => {
    const { city, county } = await createBranchChain(t);
    const township = await createOrgUnder(t, county, 'township');
    const village = await createOrgUnder(t, township, 'village', { code: `${township.code}002` });
    const admin = await manager(city.id);

    const res = await t.inject(admin, {
      method: 'POST',
      url: `/api/orgs/${township.id}/move`,
      payload: { parentId: city.id },
    });

    expect(res.statusCode, res.body).toBe(200);
    expect(await rowsOf([township.id, village.id])).toEqual([
      { id: township.id, parent_id: city.id, path: `${city.path}${township.id}.`, depth: 2, region_id: city.id },
      {
        id: village.id,
        parent_id: township.id,
        path: `${city.path}${township.id}.${village.id}.`,
        depth: 3,
        region_id: city.id,
      },
    ]);
  });

  it('refuses moving under, or moving, a unit outside the actor scope with 403 and changes nothing', async () => {
    const { province, city: cityA, county } = await createBranchChain(t);
    const cityB = await createOrgUnder(t, province, 'city');
    const countyB = await createOrgUnder(t, cityB, 'county');
    const admin = await manager(cityA.id);
    await expectTreeUnchanged(async () => {
      const out = await t.inject(admin, {
        method: 'POST',
        url: `/api/orgs/${county.id}/move`,
        payload: { parentId: cityB.id },
      });
      expectError(out, 403, 'OUT_OF_SCOPE');
      const inward = await t.inject(admin, {
        method: 'POST',
        url: `/api/orgs/${countyB.id}/move`,
        payload: { parentId: cityA.id },
      });
      expectError(inward, 403, 'OUT_OF_SCOPE');
    });
  });

  it('refuses moving a root unit with 422 ORG_ROOT_LOCKED and changes nothing', async () => {
    const { province } = await createBranchChain(t);
    const { city: otherCity } = await createBranchChain(t);
    const admin = await manager(province.id);
    await grantRole(t.db, systemCtx, admin.userId, { roleId: 'branch_admin', orgId: otherCity.id });
    await expectTreeUnchanged(async () => {
      const res = await t.inject(admin, {
        method: 'POST',
        url: `/api/orgs/${province.id}/move`,
        payload: { parentId: otherCity.id },
      });
      expectError(res, 422, 'ORG_ROOT_LOCKED');
    });
  });

  it('refuses moving a county under a county (ORG_PARENT_TYPE) and under a missing unit (NOT_FOUND)', async () => {
    const { city, county } = await createBranchChain(t);
    const sibling = await createOrgUnder(t, city, 'county');
    const admin = await manager(city.id);
    await expectTreeUnchanged(async () => {
      const res = await t.inject(admin, {
        method: 'POST',
        url: `/api/orgs/${county.id}/move`,
        payload: { parentId: sibling.id },
      });
      expectError(res, 422, 'ORG_PARENT_TYPE');
      const missing = await t.inject(admin, {
        method: 'POST',
        url: `/api/orgs/${county.id}/move`,
        payload: { parentId: 2_000_000_000 },
      });
      expectError(missing, 404, 'NOT_FOUND');
    });
  });
});

describe('searching, paging and scope', () => {
  it('finds units by part of their name and by a code prefix', async () => {
    const { province, city, county } = await createBranchChain(t);
    const admin = await manager(province.id);
    const tag = `寻${Date.now().toString(36)}`;
    const unit = await createOrgUnder(t, county, 'boai_home', { name: `${tag}博爱家园` });

    const byName = await t.inject(admin, { method: 'GET', url: `/api/orgs?q=${encodeURIComponent(tag)}` });
    expect(byName.json()).toMatchObject({ total: 1, items: [{ id: unit.id }] });

    const byCode = await t.inject(admin, { method: 'GET', url: `/api/orgs?q=${county.code}` });
    expect(byCode.json().items.map((o: OrgView) => o.id)).toEqual([county.id]);

    const byPrefix = await t.inject(admin, { method: 'GET', url: `/api/orgs?q=${city.code!.slice(0, 4)}` });
    const ids = byPrefix.json().items.map((o: OrgView) => o.id);
    expect(ids).toEqual(expect.arrayContaining([city.id, county.id]));
    expect(ids).not.toContain(province.id);

    const byType = await t.inject(admin, { method: 'GET', url: `/api/orgs?type=boai_home` });
    expect(byType.json().items.map((o: OrgView) => o.id)).toEqual([unit.id]);
  });

  it('pages through results with the full total on every page and no unit twice', async () => {
    const { city, county } = await createBranchChain(t);
    const admin = await manager(city.id);
    const created = [];
    for (let i = 0; i < 7; i++) {
      created.push(await createOrgUnder(t, county, 'township'));
    }
    const seen: number[] = [];
    for (const [page, size] of [
      [1, 3],
      [2, 3],
      [3, 1],
    ]) {
      const res = await t.inject(admin, {
        method: 'GET',
        url: `/api/orgs?parentId=${county.id}&page=${page}&pageSize=3`,
      });
      expect(res.json()).toMatchObject({ total: 7, page, pageSize: 3 });
      expect(res.json().items).toHaveLength(size);
      seen.push(...res.json().items.map((o: OrgView) => o.id));
    }
    expect(new Set(seen).size).toBe(7);
    expect(sorted(seen)).toEqual(idsOf(created));
    const beyond = await t.inject(admin, { method: 'GET', url: `/api/orgs?parentId=${county.id}&page=4&pageSize=3` });
    expect(beyond.json()).toMatchObject({ total: 7, items: [] });
    const tooBig = await t.inject(admin, { method: 'GET', url: `/api/orgs?pageSize=201` });
    expectError(tooBig, 400, 'VALIDATION_FAILED');
  });

  it('shows a county admin only its own subtree: list, tree roots, and 403 on a sibling', async () => {
    const { province, city, county } = await createBranchChain(t);
    const sibling = await createOrgUnder(t, city, 'county', { name: '兄弟县' });
    const township = await createOrgUnder(t, county, 'township');
    await createOrgUnder(t, sibling, 'township');
    const admin = await manager(county.id);

    const list = await t.inject(admin, { method: 'GET', url: '/api/orgs?pageSize=200' });
    expect(list.statusCode).toBe(200);
    expect(list.json().total).toBe(2);
    expect(idsOf(list.json().items)).toEqual(sorted([county.id, township.id]));

    const roots = await t.inject(admin, { method: 'GET', url: '/api/orgs/children' });
    expect((roots.json() as OrgView[]).map((o) => o.id)).toEqual([county.id]);
    expect(roots.json()[0]).toMatchObject({ childCount: 1 });

    for (const url of [
      `/api/orgs/${sibling.id}`,
      `/api/orgs/${city.id}`,
      `/api/orgs/${province.id}/ancestors`,
      `/api/orgs/children?parentId=${city.id}`,
    ]) {
      expectError(await t.inject(admin, { method: 'GET', url }), 403, 'OUT_OF_SCOPE');
    }
    const search = await t.inject(admin, { method: 'GET', url: `/api/orgs?q=${encodeURIComponent('兄弟县')}` });
    expect(search.json()).toMatchObject({ total: 0, items: [] });
    const under = await t.inject(admin, { method: 'GET', url: `/api/orgs?under=${city.id}` });
    expect(idsOf(under.json().items)).toEqual(sorted([county.id, township.id]));

    const own = await t.inject(admin, { method: 'GET', url: `/api/orgs/${township.id}/ancestors` });
    expect(own.json().map((a: { id: number }) => a.id)).toEqual([province.id, city.id, county.id, township.id]);
  });

  it('refuses the org routes to an anonymous caller (401) and to staff without orgs:view (403)', async () => {
    const { county } = await createBranchChain(t);
    const outsider = await createStaff(t, { orgId: county.id, permissions: ['people:view'] });
    expectError(await t.inject(null, { method: 'GET', url: '/api/orgs' }), 401, 'UNAUTHENTICATED');
    expectError(await t.inject(outsider, { method: 'GET', url: '/api/orgs' }), 403, 'FORBIDDEN');
    await expectTreeUnchanged(async () => {
      const res = await t.inject(outsider, {
        method: 'POST',
        url: '/api/orgs',
        payload: { name: '无权街道', type: 'township', parentId: county.id },
      });
      expectError(res, 403, 'FORBIDDEN');
    });
  });
});

describe('merging units (乡镇合并)', () => {
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

  async function mergeFixture() {
    const { city, county } = await createBranchChain(t);
    const from = await createOrgUnder(t, county, 'township');
    const into = await createOrgUnder(t, county, 'township');
    const village = await createOrgUnder(t, from, 'village');
    const closed = await createOrgUnder(t, from, 'village');
    const manager = await createStaff(t, { orgId: county.id, permissions: ['orgs:view', 'orgs:manage'] });
    const deactivated = await t.inject(manager, { method: 'POST', url: `/api/orgs/${closed.id}/deactivate` });
    expect(deactivated.statusCode, deactivated.body).toBe(200);
    return { city, county, from, into, village, closed, manager };
  }

  it('deactivates the unit, moves its active children to the successor and records the succession', async () => {
    const { from, into, village, closed, manager } = await mergeFixture();
    const res = await t.inject(manager, {
      method: 'POST',
      url: `/api/orgs/${from.id}/merge`,
      payload: { intoOrgId: into.id, effectiveDate: today, note: '区划调整,两镇合并' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      predecessor: { id: from.id, isActive: false, childCount: 0 },
      successor: { id: into.id, isActive: true, childCount: 1 },
      movedChildIds: [village.id],
      succession: { predecessorId: from.id, successorId: into.id, effectiveOn: today, kind: 'merge' },
    });
    const [moved, stayed] = await rowsOf([village.id, closed.id]).then((rows) =>
      [village.id, closed.id].map((id) => rows.find((r) => r.id === id)!),
    );
    expect(moved).toMatchObject({ parent_id: into.id, path: `${into.path}${village.id}.` });
    // An inactive child stays with the unit it belonged to (its records are that unit's history).
    expect(stayed).toMatchObject({ parent_id: from.id });
    const history = await t.inject(manager, { method: 'GET', url: `/api/orgs/${into.id}/history` });
    expect(history.json().predecessors.map((p: { predecessorId: number }) => p.predecessorId)).toEqual([from.id]);
    const old = await t.inject(manager, { method: 'GET', url: `/api/orgs/${from.id}/history` });
    expect(old.json()).toMatchObject({ successor: { successorId: into.id, successorName: into.name } });
    expect(old.json().codes).toEqual([expect.objectContaining({ code: from.code, validTo: today })]);
    const audit = await queryRows<{ action: string }>(
      t.db,
      sql`SELECT action FROM audit_log WHERE entity_type = 'org' AND entity_id = ${String(from.id)} ORDER BY id`,
    );
    expect(audit.map((a) => a.action)).toContain('org.merged');
  });

  it('refuses a merge into itself, across types, into the future, out of scope or of a merged unit, changing nothing', async () => {
    const { from, into, village, manager } = await mergeFixture();
    const other = await createStaff(t, {
      orgId: (await createBranchChain(t)).county.id,
      permissions: ['orgs:view', 'orgs:manage'],
    });
    const merge = (caller: typeof manager, id: number, body: Record<string, unknown>) =>
      t.inject(caller, { method: 'POST', url: `/api/orgs/${id}/merge`, payload: body });
    const tomorrow = new Date(Date.now() + 32 * 3_600_000).toISOString().slice(0, 10);
    await expectTreeUnchanged(async () => {
      expectError(await merge(manager, from.id, { intoOrgId: from.id, effectiveDate: today }), 422, 'ORG_MERGE_SELF');
      expectError(
        await merge(manager, village.id, { intoOrgId: into.id, effectiveDate: today }),
        422,
        'ORG_MERGE_TYPE_MISMATCH',
      );
      expectError(
        await merge(manager, from.id, { intoOrgId: into.id, effectiveDate: tomorrow }),
        422,
        'ORG_MERGE_FUTURE',
      );
      expectError(await merge(other, from.id, { intoOrgId: into.id, effectiveDate: today }), 403, 'OUT_OF_SCOPE');
      expectError(
        await merge(manager, from.id, { intoOrgId: into.id, effectiveDate: 'yesterday' }),
        400,
        'VALIDATION_FAILED',
      );
    });
    const ok = await merge(manager, from.id, { intoOrgId: into.id, effectiveDate: today });
    expect(ok.statusCode, ok.body).toBe(200);
    await expectTreeUnchanged(async () => {
      expectError(
        await merge(manager, from.id, { intoOrgId: into.id, effectiveDate: today }),
        409,
        'ORG_MERGE_INACTIVE',
      );
      expectError(
        await merge(manager, into.id, { intoOrgId: from.id, effectiveDate: today }),
        409,
        'ORG_MERGE_INACTIVE',
      );
    });
  });
});
